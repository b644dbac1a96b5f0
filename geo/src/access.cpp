// API keys, staff accounts and the server secret of `gridmap serve` (gridmap/access.hpp).

#include "gridmap/access.hpp"

#include "detail/pg.hpp"
#include "detail/project_impl.hpp"
#include "detail/serve_tables.hpp"
#include "detail/sqlite.hpp"
#include "detail/time.hpp"
#include "gridmap/error.hpp"

#include <algorithm>
#include <atomic>
#include <cctype>

namespace gridmap {

namespace detail {

void create_serve_tables(const ProjectImpl& p) {
    p.exec("CREATE TABLE IF NOT EXISTS serve_api_key (name TEXT NOT NULL, hash TEXT NOT NULL "
           "UNIQUE, created_at INTEGER NOT NULL, revoked_at INTEGER)");
    p.exec("CREATE TABLE IF NOT EXISTS serve_account (person TEXT PRIMARY KEY, password_hash "
           "TEXT NOT NULL, role TEXT NOT NULL CHECK (role IN ('staff', 'leader')), created_at "
           "INTEGER NOT NULL)");
    p.exec("CREATE TABLE IF NOT EXISTS serve_secret (id INTEGER PRIMARY KEY CHECK (id = 1), "
           "secret TEXT NOT NULL)");
    // Schema 9: staff sessions survive a restart of the server.
    p.exec("CREATE TABLE IF NOT EXISTS serve_session (token_hash TEXT PRIMARY KEY, person TEXT "
           "NOT NULL, csrf TEXT NOT NULL, expires INTEGER NOT NULL)");
}

void create_serve_indexes(const ProjectImpl& p) {
    if (p.has_feature_tables()) {
        p.exec("CREATE INDEX IF NOT EXISTS issue_cell_reported_at ON issue (cell, reported_at)");
    }
}

} // namespace detail

namespace {

using detail::Statement;

using detail::writable;

bool is_hex_hash(const std::string& h) {
    return h.size() >= 32 && h.size() <= 128 &&
           std::all_of(h.begin(), h.end(), [](unsigned char c) {
               return std::isdigit(c) != 0 || (c >= 'a' && c <= 'f');
           });
}

ApiKey key_of(const Statement& s) {
    ApiKey k{s.text(0), s.text(1), s.integer(2), std::nullopt};
    if (!s.is_null(3)) {
        k.revoked_at = s.integer(3);
    }
    return k;
}

} // namespace

void add_api_key(Project& project, const std::string& name, const std::string& hash) {
    const detail::ProjectImpl& p = writable(project);
    if (name.empty() || name.size() > 100) {
        throw InputError("--name: a name of 1 to 100 bytes is required");
    }
    if (!is_hex_hash(hash)) {
        throw InputError("api key hash: expected hex digits");
    }
    detail::Transaction tx(*p.ds);
    sqlite3* db = detail::sqlite_handle(p);
    {
        Statement s(db, "SELECT 1 FROM serve_api_key WHERE name = ? AND revoked_at IS NULL");
        s.bind(1, name);
        if (s.step()) {
            throw InputError("an API key named '" + name +
                             "' exists; revoke it first or choose another name");
        }
    }
    Statement s(db, "INSERT INTO serve_api_key (name, hash, created_at) VALUES (?, ?, ?)");
    s.bind(1, name);
    s.bind(2, hash);
    s.bind(3, detail::now_seconds());
    s.step();
    tx.commit();
}

std::vector<ApiKey> list_api_keys(const Project& project) {
    std::vector<ApiKey> out;
    Statement s(detail::sqlite_handle(project.impl()),
                "SELECT name, hash, created_at, revoked_at FROM serve_api_key ORDER BY name, "
                "created_at");
    while (s.step()) {
        out.push_back(key_of(s));
    }
    return out;
}

void revoke_api_key(Project& project, const std::string& name) {
    const detail::ProjectImpl& p = writable(project);
    detail::Transaction tx(*p.ds);
    sqlite3* db = detail::sqlite_handle(p);
    Statement s(db, "UPDATE serve_api_key SET revoked_at = ? WHERE name = ? AND revoked_at IS "
                    "NULL");
    s.bind(1, detail::now_seconds());
    s.bind(2, name);
    s.step();
    if (sqlite3_changes(db) == 0) {
        throw InputError("no API key named '" + name + "' (or it is revoked already)");
    }
    tx.commit();
}

std::optional<ApiKey> find_api_key(const Project& project, const std::string& hash) {
    Statement s(detail::sqlite_handle(project.impl()),
                "SELECT name, hash, created_at, revoked_at FROM serve_api_key WHERE hash = ? AND "
                "revoked_at IS NULL");
    s.bind(1, hash);
    if (s.step()) {
        return key_of(s);
    }
    return std::nullopt;
}

void set_staff_password(Project& project, const std::string& person,
                        const std::string& password_hash, const std::string& role) {
    const detail::ProjectImpl& p = writable(project);
    if (password_hash.empty()) {
        throw InputError("a password is required");
    }
    if (role != "staff" && role != "leader") {
        throw InputError("--role " + role + ": expected staff or leader");
    }
    detail::Transaction tx(*p.ds);
    sqlite3* db = detail::sqlite_handle(p);
    {
        Statement s(db, "SELECT 1 FROM person WHERE id = ?");
        s.bind(1, person);
        if (!s.step()) {
            throw InputError("no person with id '" + person + "'");
        }
    }
    Statement s(db, "INSERT INTO serve_account (person, password_hash, role, created_at) VALUES "
                    "(?, ?, ?, ?) ON CONFLICT(person) DO UPDATE SET password_hash = "
                    "excluded.password_hash, role = excluded.role");
    s.bind(1, person);
    s.bind(2, password_hash);
    s.bind(3, role);
    s.bind(4, detail::now_seconds());
    s.step();
    tx.commit();
}

std::optional<StaffAccount> find_staff_account(const Project& project, const std::string& person) {
    Statement s(
        detail::sqlite_handle(project.impl()),
        "SELECT person, password_hash, role, created_at FROM serve_account WHERE person = ?");
    s.bind(1, person);
    if (s.step()) {
        return StaffAccount{s.text(0), s.text(1), s.text(2), s.integer(3)};
    }
    return std::nullopt;
}

void remove_staff_account(Project& project, const std::string& person) {
    const detail::ProjectImpl& p = writable(project);
    detail::Transaction tx(*p.ds);
    sqlite3* db = detail::sqlite_handle(p);
    Statement s(db, "DELETE FROM serve_account WHERE person = ?");
    s.bind(1, person);
    s.step();
    if (sqlite3_changes(db) == 0) {
        throw InputError("no staff account for '" + person + "'");
    }
    tx.commit();
}

std::vector<std::string> list_staff_accounts(const Project& project) {
    std::vector<std::string> out;
    Statement s(detail::sqlite_handle(project.impl()),
                "SELECT person FROM serve_account ORDER BY person");
    while (s.step()) {
        out.push_back(s.text(0));
    }
    return out;
}

void save_staff_session(Project& project, const StaffSession& session, std::int64_t now) {
    const detail::ProjectImpl& p = writable(project);
    if (!is_hex_hash(session.token_hash)) {
        throw InputError("session: expected a hex hash of its cookie");
    }
    detail::Transaction tx(*p.ds);
    sqlite3* db = detail::sqlite_handle(p);
    {
        Statement s(db, "SELECT 1 FROM serve_account WHERE person = ?");
        s.bind(1, session.person);
        if (!s.step()) {
            throw InputError("session: " + session.person + " has no staff account");
        }
    }
    {
        Statement s(db, "DELETE FROM serve_session WHERE expires < ?");
        s.bind(1, now);
        s.step();
    }
    {
        Statement s(db, "DELETE FROM serve_session WHERE token_hash = ?");
        s.bind(1, session.token_hash);
        s.step();
    }
    Statement s(db, "INSERT INTO serve_session (token_hash, person, csrf, expires) VALUES (?, ?, "
                    "?, ?)");
    s.bind(1, session.token_hash);
    s.bind(2, session.person);
    s.bind(3, session.csrf);
    s.bind(4, session.expires);
    s.step();
    tx.commit();
}

std::optional<StaffSession> find_staff_session(const Project& project,
                                               const std::string& token_hash, std::int64_t now) {
    sqlite3* db = detail::sqlite_handle(project.impl());
    if (!detail::table_exists(db, "serve_session")) {
        return std::nullopt; // a read-only project of an older schema
    }
    Statement s(db, "SELECT s.person, a.role, s.csrf, s.expires FROM serve_session s JOIN "
                    "serve_account a ON a.person = s.person WHERE s.token_hash = ? AND "
                    "s.expires >= ?");
    s.bind(1, token_hash);
    s.bind(2, now);
    if (!s.step()) {
        return std::nullopt;
    }
    return StaffSession{token_hash, s.text(0), s.text(1), s.text(2), s.integer(3)};
}

void remove_staff_session(Project& project, const std::string& token_hash) {
    const detail::ProjectImpl& p = writable(project);
    detail::Transaction tx(*p.ds);
    Statement s(detail::sqlite_handle(p), "DELETE FROM serve_session WHERE token_hash = ?");
    s.bind(1, token_hash);
    s.step();
    tx.commit();
}

std::vector<std::string> grid_worker_cells(const Project& project, const std::string& person) {
    std::vector<std::string> out;
    Statement s(detail::sqlite_handle(project.impl()),
                "SELECT DISTINCT target FROM role_assignment WHERE role = 'grid_worker' AND "
                "person = ? ORDER BY 1");
    s.bind(1, person);
    while (s.step()) {
        out.push_back(s.text(0));
    }
    return out;
}

void use_write_ahead_log(Project& project) {
    sqlite3* db = detail::sqlite_handle(writable(project));
    if (detail::pg_session(db) != nullptr) {
        return; // PostgreSQL: readers never wait for the writer anyway (MVCC)
    }
    Statement s(db, "PRAGMA journal_mode=WAL");
    while (s.step()) {
    }
}

std::int64_t external_data_version(const Project& project) {
    if (detail::pg_session(detail::sqlite_handle(project.impl())) != nullptr) {
        // PostgreSQL keeps no cheap, transactional count of commits: every reading is a new
        // version (a database project tells its changes by NOTIFY instead, gridmap/changes.hpp).
        static std::atomic<std::int64_t> readings{0};
        return ++readings;
    }
    Statement s(detail::sqlite_handle(project.impl()), "PRAGMA data_version");
    return s.step() ? s.integer(0) : 0;
}

std::string server_secret(Project& project, const std::string& candidate) {
    sqlite3* db = detail::sqlite_handle(project.impl());
    {
        Statement s(db, "SELECT secret FROM serve_secret WHERE id = 1");
        if (s.step()) {
            return s.text(0);
        }
    }
    const detail::ProjectImpl& p = writable(project);
    if (!is_hex_hash(candidate)) {
        throw LibraryError("server secret: expected hex digits");
    }
    detail::Transaction tx(*p.ds);
    // One statement for SQLite and PostgreSQL (an upsert, not SQLite's INSERT OR IGNORE).
    Statement s(db,
                "INSERT INTO serve_secret (id, secret) VALUES (1, ?) ON CONFLICT (id) DO NOTHING");
    s.bind(1, candidate);
    s.step();
    tx.commit();
    Statement r(db, "SELECT secret FROM serve_secret WHERE id = 1");
    r.step();
    return r.text(0);
}

} // namespace gridmap
