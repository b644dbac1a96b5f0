#include "detail/pg.hpp"

#include "detail/gdal.hpp"
#include "gridmap/database_fault.hpp"
#include "gridmap/error.hpp"

#include <libpq-fe.h>

#include <algorithm>
#include <cctype>
#include <charconv>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <mutex>
#include <unordered_set>

namespace gridmap::detail {

namespace {

std::mutex& registry_mutex() {
    static std::mutex m;
    return m;
}
std::unordered_set<const void*>& registry() {
    static std::unordered_set<const void*> r;
    return r;
}

bool starts_with_ci(std::string_view s, std::string_view prefix) {
    return s.size() >= prefix.size() &&
           std::equal(prefix.begin(), prefix.end(), s.begin(), [](char a, char b) {
               return std::tolower(static_cast<unsigned char>(a)) ==
                      std::tolower(static_cast<unsigned char>(b));
           });
}

int hex_value(char c) {
    if (c >= '0' && c <= '9') {
        return c - '0';
    }
    if (c >= 'a' && c <= 'f') {
        return c - 'a' + 10;
    }
    if (c >= 'A' && c <= 'F') {
        return c - 'A' + 10;
    }
    return -1;
}

/// %XX escapes of a URI part.
std::string uri_decode(std::string_view s, const std::string& location) {
    std::string out;
    for (std::size_t i = 0; i < s.size(); ++i) {
        if (s[i] == '%' && i + 2 < s.size() + 0 && i + 2 <= s.size() - 1) {
            const int hi = hex_value(s[i + 1]);
            const int lo = hex_value(s[i + 2]);
            if (hi < 0 || lo < 0) {
                throw InputError(location + ": bad %-escape in the connection string");
            }
            out.push_back(static_cast<char>(hi * 16 + lo));
            i += 2;
        } else if (s[i] == '%') {
            throw InputError(location + ": bad %-escape in the connection string");
        } else {
            out.push_back(s[i]);
        }
    }
    return out;
}

/// A libpq keyword value, quoted.
std::string conninfo_value(const std::string& v) {
    std::string out = "'";
    for (char c : v) {
        if (c == '\'' || c == '\\') {
            out.push_back('\\');
        }
        out.push_back(c);
    }
    return out + "'";
}

bool valid_schema_name(const std::string& s) {
    if (s.empty() || s.size() > 63 || std::isdigit(static_cast<unsigned char>(s[0])) != 0) {
        return false;
    }
    return std::all_of(s.begin(), s.end(), [](char c) {
        return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_';
    });
}

bool is_word_char(char c) {
    return std::isalnum(static_cast<unsigned char>(c)) != 0 || c == '_';
}

/// A GLOB pattern as a PostgreSQL regular expression (anchored).
std::string glob_to_regex(std::string_view glob) {
    std::string re = "^";
    for (std::size_t i = 0; i < glob.size(); ++i) {
        const char c = glob[i];
        if (c == '*') {
            re += ".*";
        } else if (c == '?') {
            re += ".";
        } else if (c == '[') {
            const auto end = glob.find(']', i + 1);
            if (end == std::string_view::npos) {
                re += "\\[";
                continue;
            }
            std::string_view set = glob.substr(i + 1, end - i - 1);
            re += "[";
            if (!set.empty() && set[0] == '^') {
                re += "^";
                set.remove_prefix(1);
            }
            re += set;
            re += "]";
            i = end;
        } else if (std::isalnum(static_cast<unsigned char>(c)) != 0 ||
                   static_cast<unsigned char>(c) >= 0x80) {
            re.push_back(c);
        } else {
            re += "\\";
            re.push_back(c);
        }
    }
    return re + "$";
}

/// The arguments of the call whose '(' is at sql[open], split at top-level commas and trimmed
/// of blanks; `close` is set to the index of its ')'. Empty when the call is not closed.
std::vector<std::string_view> call_arguments(std::string_view sql, std::size_t open,
                                             std::size_t& close) {
    std::vector<std::string_view> args;
    std::size_t depth = 0;
    std::size_t start = open + 1;
    auto add = [&](std::size_t end) {
        std::string_view a = sql.substr(start, end - start);
        while (!a.empty() && a.front() == ' ') {
            a.remove_prefix(1);
        }
        while (!a.empty() && a.back() == ' ') {
            a.remove_suffix(1);
        }
        args.push_back(a);
    };
    for (std::size_t i = open + 1; i < sql.size(); ++i) {
        const char c = sql[i];
        if (c == '\'' || c == '"') {
            const auto end = sql.find(c, i + 1);
            if (end == std::string_view::npos) {
                return {};
            }
            i = end;
        } else if (c == '(') {
            ++depth;
        } else if (c == ')' && depth > 0) {
            --depth;
        } else if (c == ')') {
            add(i);
            close = i;
            return args;
        } else if (c == ',' && depth == 0) {
            add(i);
            start = i + 1;
        }
    }
    return {};
}

constexpr std::string_view sqlite_master_pg =
    "(SELECT c.relname::text AS name, t.relname::text AS tbl_name, CASE c.relkind WHEN 'i' "
    "THEN 'index' ELSE 'table' END AS type, CASE c.relkind WHEN 'i' THEN "
    "pg_get_indexdef(c.oid) END AS sql FROM pg_class c LEFT JOIN pg_index x ON x.indexrelid = "
    "c.oid LEFT JOIN pg_class t ON t.oid = COALESCE(x.indrelid, c.oid) WHERE c.relnamespace = "
    "current_schema()::regnamespace AND c.relkind IN ('r', 'p', 'i'))";

} // namespace

bool is_database_location(std::string_view location) {
    return starts_with_ci(location, "postgresql://") || starts_with_ci(location, "postgres://") ||
           starts_with_ci(location, "PG:");
}

PgLocation parse_pg_location(const std::string& location) {
    PgLocation out;
    if (starts_with_ci(location, "PG:")) {
        // GDAL's form: libpq keywords plus GDAL's schemas= / active_schema=.
        std::string rest = location.substr(3);
        std::string kept;
        std::size_t i = 0;
        while (i < rest.size()) {
            while (i < rest.size() && rest[i] == ' ') {
                ++i;
            }
            std::size_t j = i;
            bool quoted = false;
            while (j < rest.size() && (quoted || rest[j] != ' ')) {
                if (rest[j] == '\'' && (j == 0 || rest[j - 1] != '\\')) {
                    quoted = !quoted;
                }
                ++j;
            }
            std::string item = rest.substr(i, j - i);
            i = j;
            if (item.empty()) {
                continue;
            }
            if (starts_with_ci(item, "schemas=") || starts_with_ci(item, "active_schema=")) {
                out.schema = item.substr(item.find('=') + 1);
                continue;
            }
            if (starts_with_ci(item, "password=")) {
                out.display += (out.display.empty() ? "" : " ") + std::string("password=***");
            } else {
                out.display += (out.display.empty() ? "" : " ") + item;
            }
            kept += (kept.empty() ? "" : " ") + item;
        }
        if (out.schema.empty()) {
            out.schema = "public";
        }
        if (!valid_schema_name(out.schema)) {
            throw InputError(location + ": schema '" + out.schema +
                             "' is not a plain lower-case name (a-z, 0-9, _)");
        }
        out.conninfo = kept;
        out.gdal_name = "PG:" + kept + " active_schema=" + out.schema + " schemas=" + out.schema;
        out.display = "PG:" + out.display + " schemas=" + out.schema;
        return out;
    }
    // postgresql://[user[:password]@][host][:port][/dbname][?key=value&...]
    const std::string scheme_end = "://";
    std::string rest = location.substr(location.find(scheme_end) + scheme_end.size());
    std::string query;
    if (const auto q = rest.find('?'); q != std::string::npos) {
        query = rest.substr(q + 1);
        rest.resize(q);
    }
    std::string dbname;
    if (const auto slash = rest.find('/'); slash != std::string::npos) {
        dbname = uri_decode(rest.substr(slash + 1), location);
        rest.resize(slash);
    }
    std::string user;
    std::string password;
    bool has_password = false;
    if (const auto at = rest.rfind('@'); at != std::string::npos) {
        const std::string userinfo = rest.substr(0, at);
        rest = rest.substr(at + 1);
        if (const auto colon = userinfo.find(':'); colon != std::string::npos) {
            user = uri_decode(userinfo.substr(0, colon), location);
            password = uri_decode(userinfo.substr(colon + 1), location);
            has_password = true;
        } else {
            user = uri_decode(userinfo, location);
        }
    }
    std::string host = rest;
    std::string port;
    if (!host.empty() && host[0] == '[') {
        const auto close = host.find(']');
        if (close == std::string::npos) {
            throw InputError(location + ": unclosed [ in the host");
        }
        if (close + 1 < host.size() && host[close + 1] == ':') {
            port = host.substr(close + 2);
        }
        host = host.substr(1, close - 1);
    } else if (const auto colon = host.rfind(':'); colon != std::string::npos) {
        port = host.substr(colon + 1);
        host.resize(colon);
    }
    if (!port.empty() &&
        !std::all_of(port.begin(), port.end(), [](char c) { return c >= '0' && c <= '9'; })) {
        throw InputError(location + ": port '" + port + "' is not a number");
    }
    std::string conninfo;
    auto add = [&conninfo](const std::string& key, const std::string& value) {
        conninfo += (conninfo.empty() ? "" : " ") + key + "=" + conninfo_value(value);
    };
    std::string shown;
    if (!host.empty()) {
        add("host", uri_decode(host, location));
    }
    if (!port.empty()) {
        add("port", port);
    }
    if (!user.empty()) {
        add("user", user);
    }
    if (has_password) {
        add("password", password);
    }
    if (!dbname.empty()) {
        add("dbname", dbname);
    }
    std::size_t start = 0;
    while (start < query.size()) {
        std::size_t amp = query.find('&', start);
        if (amp == std::string::npos) {
            amp = query.size();
        }
        const std::string item = query.substr(start, amp - start);
        start = amp + 1;
        if (item.empty()) {
            continue;
        }
        const auto eq = item.find('=');
        if (eq == std::string::npos) {
            throw InputError(location + ": '" + item + "' in the connection string has no value");
        }
        const std::string key = uri_decode(item.substr(0, eq), location);
        const std::string value = uri_decode(item.substr(eq + 1), location);
        if (key == "schema") {
            out.schema = value;
        } else {
            add(key, value);
        }
    }
    if (out.schema.empty()) {
        out.schema = "public";
    }
    if (!valid_schema_name(out.schema)) {
        throw InputError(location + ": schema '" + out.schema +
                         "' is not a plain lower-case name (a-z, 0-9, _)");
    }
    out.conninfo = conninfo;
    out.gdal_name = "PG:" + conninfo + " active_schema=" + out.schema + " schemas=" + out.schema;
    out.display = location;
    if (has_password) {
        // postgresql://user:***@host/db
        const auto colon = location.find(':', location.find(scheme_end) + scheme_end.size());
        const auto at = location.rfind('@', location.find('/', colon));
        if (colon != std::string::npos && at != std::string::npos && colon < at) {
            out.display = location.substr(0, colon + 1) + "***" + location.substr(at);
        }
    }
    return out;
}

PgSession::PgSession(GDALDataset* dataset, std::string display_name, std::string schema_name)
    : ds(dataset), display(std::move(display_name)), schema(std::move(schema_name)) {
    const std::lock_guard lock(registry_mutex());
    registry().insert(this);
}

PgSession::~PgSession() {
    if (reader != nullptr) {
        PQfinish(static_cast<PGconn*>(reader));
    }
    const std::lock_guard lock(registry_mutex());
    registry().erase(this);
}

PgSession* pg_session_of(const GDALDataset* ds) {
    const std::lock_guard lock(registry_mutex());
    for (const void* p : registry()) {
        auto* s = static_cast<PgSession*>(const_cast<void*>(p));
        if (s->ds == ds && !s->schema.empty()) {
            return s;
        }
    }
    return nullptr;
}

void pg_drop_reader(PgSession& s) {
    if (s.reader != nullptr && !s.reader_busy) {
        PQfinish(static_cast<PGconn*>(s.reader));
        s.reader = nullptr;
        s.reader_listens = false;
    }
}

void pg_check_fault(PgSession& s, std::string_view message, bool while_saving) {
    // A helper session on the project's dataset (no schema): the project's own is marked and
    // named (a helper's display may hold a password).
    PgSession* owner = s.schema.empty() ? pg_session_of(s.ds) : &s;
    const std::string where = owner != nullptr ? owner->display : std::string("the database");
    if (says_connection_lost(message)) {
        s.lost = true;
        if (owner != nullptr) {
            owner->lost = true;
        }
        throw ConnectionLostError(connection_lost_message(where, message, while_saving));
    }
    if (says_read_only_server(message)) {
        throw ProjectError(read_only_server_message(where, message));
    }
}

void* pg_reader(PgSession& s) {
    if (s.conninfo.empty() || s.write_transactions > 0 || s.reader_busy) {
        return nullptr;
    }
    if (s.reader != nullptr && PQstatus(static_cast<PGconn*>(s.reader)) == CONNECTION_BAD) {
        s.lost = true; // the server went away: so did GDAL's connection
        pg_drop_reader(s);
    }
    if (s.reader == nullptr) {
        PGconn* c = PQconnectdb(s.conninfo.c_str());
        if (PQstatus(c) != CONNECTION_OK) {
            PQfinish(c);
            s.conninfo.clear(); // GDAL's connection works: read through it
            return nullptr;
        }
        const std::string setup = "SET search_path TO \"" + s.schema +
                                  "\", public; SET TimeZone = 'UTC'; SET extra_float_digits = 1; "
                                  "SET DateStyle = 'ISO, YMD'";
        PGresult* r = PQexec(c, setup.c_str());
        const bool fine = PQresultStatus(r) == PGRES_COMMAND_OK;
        PQclear(r);
        if (!fine) {
            PQfinish(c);
            s.conninfo.clear();
            return nullptr;
        }
        // The geometry type's oid: its columns are read in COPY's binary format as EWKB.
        s.geometry_oid = 0;
        r = PQexec(c, "SELECT to_regtype('geometry')::oid");
        if (PQresultStatus(r) == PGRES_TUPLES_OK && PQntuples(r) == 1 && !PQgetisnull(r, 0, 0)) {
            s.geometry_oid = static_cast<unsigned>(std::strtoul(PQgetvalue(r, 0, 0), nullptr, 10));
        }
        PQclear(r);
        s.reader = c;
    }
    return s.reader;
}

void pg_parse_copy_line(std::string_view line, std::vector<std::optional<std::string>>& fields) {
    fields.clear();
    if (!line.empty() && line.back() == '\n') {
        line.remove_suffix(1);
    }
    std::size_t start = 0;
    while (true) {
        std::size_t end = line.find('\t', start);
        if (end == std::string_view::npos) {
            end = line.size();
        }
        const std::string_view f = line.substr(start, end - start);
        if (f == "\\N") {
            fields.emplace_back(std::nullopt);
        } else if (f.find('\\') == std::string_view::npos) {
            fields.emplace_back(std::string(f));
        } else {
            std::string v;
            v.reserve(f.size());
            for (std::size_t i = 0; i < f.size(); ++i) {
                if (f[i] != '\\' || i + 1 == f.size()) {
                    v.push_back(f[i]);
                    continue;
                }
                const char c = f[++i];
                if (c == 'n') {
                    v.push_back('\n');
                } else if (c == 't') {
                    v.push_back('\t');
                } else if (c == 'r') {
                    v.push_back('\r');
                } else if (c == 'b') {
                    v.push_back('\b');
                } else if (c == 'f') {
                    v.push_back('\f');
                } else if (c == 'v') {
                    v.push_back('\v');
                } else if (c >= '0' && c <= '7') {
                    int n = c - '0';
                    for (int k = 0; k < 2 && i + 1 < f.size() && f[i + 1] >= '0' && f[i + 1] <= '7';
                         ++k) {
                        n = n * 8 + (f[++i] - '0');
                    }
                    v.push_back(static_cast<char>(n));
                } else {
                    v.push_back(c); // a backslash, or any other character, as itself
                }
            }
            fields.emplace_back(std::move(v));
        }
        if (end == line.size()) {
            break;
        }
        start = end + 1;
    }
}

PgSession* pg_session(sqlite3* db) {
    const void* p = db;
    const std::lock_guard lock(registry_mutex());
    return registry().contains(p) ? reinterpret_cast<PgSession*>(db) : nullptr;
}

std::string pg_dialect(std::string_view sql) {
    std::string out;
    out.reserve(sql.size() + 16);
    std::size_t i = 0;
    while (i < sql.size()) {
        const char c = sql[i];
        if (c == '\'' || c == '"') {
            // A literal or quoted identifier, copied as it is.
            std::size_t j = i + 1;
            while (j < sql.size()) {
                if (sql[j] == c) {
                    if (j + 1 < sql.size() && sql[j + 1] == c) {
                        j += 2;
                        continue;
                    }
                    break;
                }
                ++j;
            }
            out.append(sql.substr(i, j + 1 - i));
            i = j + 1;
            continue;
        }
        if (!is_word_char(c) || (i > 0 && is_word_char(sql[i - 1]))) {
            out.push_back(c);
            ++i;
            continue;
        }
        std::size_t j = i;
        while (j < sql.size() && is_word_char(sql[j])) {
            ++j;
        }
        const std::string_view word = sql.substr(i, j - i);
        auto is = [&word](std::string_view w) {
            return word.size() == w.size() && starts_with_ci(word, w);
        };
        std::size_t call_end = 0;
        std::vector<std::string_view> args;
        if (j < sql.size() && sql[j] == '(' && (is("IFNULL") || is("COALESCE") || is("substr"))) {
            args = call_arguments(sql, j, call_end);
        }
        if ((is("IFNULL") || is("COALESCE")) && args.size() == 2 && args[1] == "''") {
            // IFNULL(x, ''): SQLite gives x's text; PostgreSQL would read '' as a value of x's
            // type (a date, a number) and fail, so x is cast to text.
            out += "COALESCE(CAST(" + pg_dialect(args[0]) + " AS text), '')";
            j = call_end + 1;
        } else if (is("IFNULL")) {
            out += "COALESCE";
        } else if (is("ST_MinX")) {
            out += "ST_XMin";
        } else if (is("ST_MaxX")) {
            out += "ST_XMax";
        } else if (is("ST_MinY")) {
            out += "ST_YMin";
        } else if (is("ST_MaxY")) {
            out += "ST_YMax";
        } else if (is("rowid")) {
            out += "fid";
        } else if (is("GROUP_CONCAT")) {
            out += "string_agg";
        } else if (is("LIKE")) {
            out += "ILIKE";
        } else if (is("substr") && args.size() >= 2) {
            // substr(x, ...) of a date or a number: SQLite takes its text, PostgreSQL wants
            // text, so x is cast.
            out += "substr(CAST(" + pg_dialect(args[0]) + " AS text)";
            for (std::size_t k = 1; k < args.size(); ++k) {
                out += ", " + pg_dialect(args[k]);
            }
            out += ")";
            j = call_end + 1;
        } else if (is("sqlite_master")) {
            out += sqlite_master_pg;
            // A subquery in FROM needs a name in PostgreSQL: the table's own unless the call
            // site gives one ("FROM sqlite_master m").
            std::size_t k = j;
            while (k < sql.size() && sql[k] == ' ') {
                ++k;
            }
            std::size_t e = k;
            while (e < sql.size() && is_word_char(sql[e])) {
                ++e;
            }
            const std::string_view next = sql.substr(k, e - k);
            bool keyword = next.empty();
            for (std::string_view w : {"WHERE", "JOIN", "LEFT", "INNER", "CROSS", "ORDER", "GROUP",
                                       "LIMIT", "UNION", "ON", "AS"}) {
                keyword = keyword || (next.size() == w.size() && starts_with_ci(next, w));
            }
            if (keyword && !(next.size() == 2 && starts_with_ci(next, "AS"))) {
                out += " AS sqlite_master";
            }
        } else if (is("pragma_table_info")) {
            // pragma_table_info(X) -> the columns of table X in the project's schema.
            std::size_t open = j;
            while (open < sql.size() && sql[open] == ' ') {
                ++open;
            }
            std::size_t depth = 0;
            std::size_t close = open;
            for (; close < sql.size(); ++close) {
                if (sql[close] == '(') {
                    ++depth;
                } else if (sql[close] == ')' && --depth == 0) {
                    break;
                }
            }
            const std::string arg(sql.substr(open + 1, close - open - 1));
            out += "(SELECT column_name::text AS name FROM information_schema.columns WHERE "
                   "table_schema = current_schema() AND table_name = " +
                   arg + ") AS pragma_table_info";
            j = close + 1;
        } else if (is("GLOB")) {
            // x GLOB 'pattern' -> x ~ 'regex'
            std::size_t k = j;
            while (k < sql.size() && sql[k] == ' ') {
                ++k;
            }
            if (k < sql.size() && sql[k] == '\'') {
                const auto end = sql.find('\'', k + 1);
                out += "~ '" + glob_to_regex(sql.substr(k + 1, end - k - 1)) + "'";
                j = end + 1;
            } else {
                out += "~"; // a bound pattern: the call site gives a regular expression
            }
        } else {
            out.append(word);
        }
        i = j;
    }
    return out;
}

std::string pg_literal_text(std::string_view text) {
    std::string out = "'";
    for (char c : text) {
        if (c == '\'') {
            out.push_back('\'');
        }
        out.push_back(c);
    }
    return out + "'";
}

std::string pg_literal_real(double value) {
    if (std::isnan(value)) {
        return "'NaN'::float8";
    }
    if (std::isinf(value)) {
        return value > 0 ? "'Infinity'::float8" : "'-Infinity'::float8";
    }
    char buf[40];
    const auto r = std::to_chars(buf, buf + sizeof buf, value);
    std::string s(buf, r.ptr);
    // Keep it a float8 literal even when it prints as an integer (1e+20, 3).
    return s + "::float8";
}

std::vector<std::optional<std::string>> pg_parse_record(std::string_view record) {
    std::vector<std::optional<std::string>> fields;
    if (record.size() < 2 || record.front() != '(' || record.back() != ')') {
        return fields;
    }
    const std::string_view body = record.substr(1, record.size() - 2);
    std::size_t i = 0;
    while (true) {
        if (i >= body.size() || body[i] == ',') {
            fields.emplace_back(std::nullopt); // unquoted empty: NULL
        } else if (body[i] == '"') {
            std::string v;
            ++i;
            while (i < body.size()) {
                const char c = body[i];
                if (c == '\\' && i + 1 < body.size()) {
                    v.push_back(body[i + 1]);
                    i += 2;
                } else if (c == '"') {
                    if (i + 1 < body.size() && body[i + 1] == '"') {
                        v.push_back('"');
                        i += 2;
                    } else {
                        ++i;
                        break;
                    }
                } else {
                    v.push_back(c);
                    ++i;
                }
            }
            fields.emplace_back(std::move(v));
        } else {
            const auto comma = body.find(',', i);
            const std::size_t end = comma == std::string_view::npos ? body.size() : comma;
            fields.emplace_back(std::string(body.substr(i, end - i)));
            i = end;
        }
        if (i >= body.size()) {
            break;
        }
        ++i; // the comma
        if (i == body.size()) {
            fields.emplace_back(std::nullopt); // a trailing NULL
            break;
        }
    }
    return fields;
}

std::string pg_normalise_datetime(std::string v) {
    // YYYY-MM-DD HH:MM:SS[.ffffff]+00
    auto digit = [&v](std::size_t k) {
        return k < v.size() && v[k] >= '0' && v[k] <= '9';
    };
    if (v.size() < 22 || v[4] != '-' || v[7] != '-' || v[10] != ' ' || v[13] != ':' ||
        v[16] != ':' || !digit(0) || !digit(11) || !digit(18) ||
        v.compare(v.size() - 3, 3, "+00")) {
        return v;
    }
    std::string out = v.substr(0, 10) + "T" + v.substr(11, 8);
    std::string frac;
    if (v[19] == '.') {
        frac = v.substr(20, v.size() - 3 - 20);
    }
    if (!frac.empty()) {
        frac.resize(3, '0');
        out += "." + frac.substr(0, 3);
    }
    return out + "Z";
}

std::string pg_decode_bytes(std::string_view text) {
    if (text.size() >= 2 && text[0] == '\\' && text[1] == 'x') {
        text.remove_prefix(2);
    }
    std::string out;
    out.reserve(text.size() / 2);
    for (std::size_t i = 0; i + 1 < text.size(); i += 2) {
        const int hi = hex_value(text[i]);
        const int lo = hex_value(text[i + 1]);
        if (hi < 0 || lo < 0) {
            return {};
        }
        out.push_back(static_cast<char>(hi * 16 + lo));
    }
    return out;
}

std::string pg_exec(PgSession& s, const std::string& sql) {
    GdalErrorCapture errors;
    OGRLayer* r = s.ds->ExecuteSQL(sql.c_str(), nullptr, nullptr);
    if (r != nullptr) {
        s.ds->ReleaseResultSet(r);
    }
    return errors.last();
}

} // namespace gridmap::detail
