#include "gridmap/database_fault.hpp"

#include "detail/pg.hpp"

#include <algorithm>
#include <array>
#include <cctype>

namespace gridmap {

namespace {

/// What libpq and the server say when the connection is gone or going (lower case), the most
/// telling first.
constexpr std::array<std::string_view, 13> lost_markers{
    "terminating connection due to", // the server's own reason first
    "server closed the connection unexpectedly",
    "no connection to the server",
    "could not receive data from server",
    "could not send data to server",
    "connection to server was lost",
    "ssl connection has been closed unexpectedly",
    "the database system is shutting down",
    "the database system is starting up",
    "the database system is in recovery mode",
    "lost synchronization with server",
    "server conn crashed",
    "connection not open",
};

constexpr std::array<std::string_view, 3> read_only_markers{
    "in a read-only transaction",
    "during recovery",
    "recovery is in progress",
};

std::string lower(std::string_view s) {
    std::string out(s);
    std::transform(out.begin(), out.end(), out.begin(),
                   [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    return out;
}

/// The rest of the line of `message` from the first marker found (its PostgreSQL prefix such
/// as "FATAL:" left out), without a trailing full stop; "" when no marker is found.
template <std::size_t N>
std::string marked_line(std::string_view message, const std::array<std::string_view, N>& markers) {
    const std::string low = lower(message);
    for (std::string_view m : markers) {
        const auto at = low.find(m);
        if (at == std::string::npos) {
            continue;
        }
        auto end = low.find_first_of("\r\n", at);
        end = end == std::string::npos ? low.size() : end;
        std::string line(message.substr(at, end - at));
        while (!line.empty() && (line.back() == '.' || line.back() == ' ' || line.back() == '\t')) {
            line.pop_back();
        }
        return line;
    }
    return "";
}

} // namespace

bool says_connection_lost(std::string_view message) {
    return !marked_line(message, lost_markers).empty();
}

bool says_read_only_server(std::string_view message) {
    return !marked_line(message, read_only_markers).empty();
}

std::string connection_lost_message(const std::string& where, std::string_view reason,
                                    bool while_saving) {
    std::string why = marked_line(reason, lost_markers);
    if (why.empty()) {
        why = "no answer from the server";
    }
    if (while_saving) {
        const std::string msg =
            "the connection to the database was lost while saving (" + why +
            "); the change may or may not have been saved: look before doing it again";
        return where.empty() ? msg : where + ": " + msg;
    }
    const std::string msg = "the connection to the database was lost (" + why +
                            "); nothing of this change was saved. Try again when the database "
                            "is back";
    return where.empty() ? msg : where + ": " + msg;
}

std::string database_display_name(const std::string& location) {
    if (!detail::is_database_location(location)) {
        return "";
    }
    try {
        return detail::parse_pg_location(location).display;
    } catch (const Error&) {
        return "";
    }
}

std::string read_only_server_message(const std::string& where, std::string_view reason) {
    // "cannot execute INSERT in a read-only transaction": the whole of the server's sentence
    std::string why = marked_line(reason, std::array<std::string_view, 1>{"cannot execute"});
    if (why.empty()) {
        why = marked_line(reason, read_only_markers);
    }
    const std::string msg = "the database is a read-only standby (" + why +
                            "); nothing was written. Make changes on the primary server";
    return where.empty() ? msg : where + ": " + msg;
}

} // namespace gridmap
