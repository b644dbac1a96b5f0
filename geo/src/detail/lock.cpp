#include "detail/lock.hpp"

#include "detail/time.hpp"
#include "gridmap/error.hpp"
#include "gridmap/parse.hpp"
#include "gridmap/text.hpp"

#include <gdal_priv.h>
#include <sqlite3.h>

#include <cerrno>
#include <csignal>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <limits>
#include <map>
#include <pwd.h>
#include <sstream>
#include <unistd.h>

namespace gridmap::detail {

namespace {

sqlite3* handle(GDALDataset& ds) {
    return static_cast<sqlite3*>(ds.GetInternalHandle("SQLITE_HANDLE"));
}

std::string host_name() {
    char buf[256] = {};
    return gethostname(buf, sizeof buf - 1) == 0 ? std::string(buf) : std::string("?");
}

std::string user_name() {
    if (const passwd* pw = getpwuid(getuid()); pw != nullptr && pw->pw_name != nullptr) {
        return pw->pw_name;
    }
    const char* u = std::getenv("USER");
    return u != nullptr ? u : std::to_string(getuid());
}

/// The program and, for the CLI, its command: "gridmap import", "gridmap-desktop".
std::string program_name() {
    std::ifstream f("/proc/self/cmdline", std::ios::binary);
    std::vector<std::string> argv;
    std::string a;
    while (std::getline(f, a, '\0')) {
        argv.push_back(a);
    }
    if (argv.empty()) {
        return "?";
    }
    std::string name = std::filesystem::path(argv[0]).filename().string();
    if (argv.size() > 1 && !argv[1].empty() && argv[1][0] != '-' &&
        argv[1].find_first_of("/.") == std::string::npos) {
        name += " " + argv[1];
        if (argv.size() > 2 &&
            (argv[2] == "undo" || argv[2] == "add" || argv[2] == "set" || argv[2] == "move" ||
             argv[2] == "import" || argv[2] == "generate" || argv[2] == "renumber")) {
            name += " " + argv[2];
        }
    }
    return name;
}

std::map<std::string, std::string> read_record(const std::string& file) {
    std::map<std::string, std::string> r;
    std::ifstream f(file);
    std::string line;
    while (std::getline(f, line)) {
        if (const auto eq = line.find('='); eq != std::string::npos) {
            r[line.substr(0, eq)] = line.substr(eq + 1);
        }
    }
    return r;
}

/// Whether the process of a record may still be running (a record from another host is
/// taken at its word).
bool alive(const std::map<std::string, std::string>& r) {
    const auto host = r.find("host");
    const auto pid = r.find("pid");
    if (host == r.end() || pid == r.end()) {
        return false;
    }
    if (host->second != host_name()) {
        return true;
    }
    const auto n = parse_integer(pid->second);
    return n && *n > 0 && *n <= std::numeric_limits<pid_t>::max() &&
           (kill(static_cast<pid_t>(*n), 0) == 0 || errno == EPERM);
}

} // namespace

int lock_timeout_ms() {
    if (const char* v = std::getenv("GRIDMAP_LOCK_TIMEOUT_MS"); v != nullptr) {
        if (const auto ms = parse_integer(v); ms && *ms >= 0 && *ms <= 24L * 3600 * 1000) {
            return static_cast<int>(*ms);
        }
    }
    return 5000;
}

void set_busy_timeout(GDALDataset& ds) {
    if (sqlite3* db = handle(ds)) {
        sqlite3_busy_timeout(db, lock_timeout_ms());
    }
}

std::string editor_file(const std::string& project_path) {
    return project_path + ".editor";
}

std::string current_editor(const std::string& project_path) {
    const auto r = read_record(editor_file(project_path));
    if (!alive(r)) {
        return "";
    }
    auto get = [&r](const char* k) {
        const auto it = r.find(k);
        return it == r.end() ? std::string("?") : it->second;
    };
    return get("user") + "@" + get("host") + " (pid " + get("pid") + ", " + get("program") +
           ", since " + get("since") + ")";
}

std::string locked_message(const std::string& project_path) {
    const std::string who = current_editor(project_path);
    return project_path + ": " +
           (who.empty() ? std::string("another program (QGIS, sqlite3 ...) is writing to it")
                        : "being edited by " + who) +
           "; waited " + fixed(lock_timeout_ms() / 1000.0, 1) +
           " s. Try again when it has finished (GRIDMAP_LOCK_TIMEOUT_MS sets the wait).";
}

std::string readers_message(const std::string& project_path) {
    return project_path + ": cannot save: another program kept reading it for " +
           fixed(lock_timeout_ms() / 1000.0, 1) +
           " s; nothing was written. Try again when it has finished (GRIDMAP_LOCK_TIMEOUT_MS "
           "sets the wait).";
}

void acquire_write_lock(GDALDataset& ds) {
    sqlite3* db = handle(ds);
    if (db == nullptr) {
        return;
    }
    const std::string path = ds.GetDescription();
    const int timeout = lock_timeout_ms();
    sqlite3_busy_timeout(db, timeout);
    // A write statement that changes nothing takes the write (RESERVED) lock now, waiting for
    // another writer up to the busy timeout. gpkg_contents exists in every GeoPackage.
    char* error = nullptr;
    const int rc = sqlite3_exec(db, "UPDATE gpkg_contents SET table_name = table_name WHERE 0",
                                nullptr, nullptr, &error);
    const std::string message = error != nullptr ? error : "";
    sqlite3_free(error);
    if ((rc & 0xff) == SQLITE_BUSY || (rc & 0xff) == SQLITE_LOCKED) {
        throw ProjectError(locked_message(path));
    }
    if (rc != SQLITE_OK) {
        if (message.find("no such table") != std::string::npos) {
            return; // a file being created: nobody else knows it yet
        }
        throw LibraryError(path + ": cannot take the write lock: " + message);
    }
    // Record who holds it: written beside the project, replaced atomically.
    const std::string file = editor_file(path);
    const std::string tmp = file + "." + std::to_string(getpid());
    {
        std::ofstream f(tmp, std::ios::trunc);
        f << "user=" << user_name() << "\nhost=" << host_name() << "\npid=" << getpid()
          << "\nprogram=" << program_name() << "\nsince=" << beijing_text(now_seconds()) << "\n";
        if (!f) {
            std::error_code ec;
            std::filesystem::remove(tmp, ec);
            return; // a read-only directory: the lock still holds, only the record is missing
        }
    }
    std::error_code ec;
    std::filesystem::rename(tmp, file, ec);
}

bool last_error_is_busy(GDALDataset& ds) {
    sqlite3* db = handle(ds);
    if (db == nullptr) {
        return false;
    }
    const int rc = sqlite3_errcode(db) & 0xff;
    return rc == SQLITE_BUSY || rc == SQLITE_LOCKED;
}

void end_sqlite_transaction(GDALDataset& ds) {
    if (sqlite3* db = handle(ds); db != nullptr && sqlite3_get_autocommit(db) == 0) {
        sqlite3_exec(db, "ROLLBACK", nullptr, nullptr, nullptr);
    }
}

void release_write_lock(GDALDataset& ds) {
    if (handle(ds) == nullptr) {
        return;
    }
    const std::string file = editor_file(ds.GetDescription());
    const auto r = read_record(file);
    if (const auto pid = r.find("pid"); pid != r.end() && pid->second == std::to_string(getpid()) &&
                                        r.count("host") != 0 && r.at("host") == host_name()) {
        std::error_code ec;
        std::filesystem::remove(file, ec);
    }
}

} // namespace gridmap::detail
