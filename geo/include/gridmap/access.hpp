#pragma once

#include "gridmap/project.hpp"

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

/// Who may use a project over the network (`gridmap serve`): Open311 API keys and staff
/// accounts. Stored in the project's own tables (schema 7: serve_api_key, serve_account,
/// serve_secret; schema 9: serve_session), never the secrets themselves: an API key is stored as a
/// hash of it, a password as its Argon2 hash (computed by the caller, src/serve). geo/ only keeps
/// the rows.

namespace gridmap {

/// One API key of an Open311 client (a WeChat mini program, a 12345 hotline system).
struct ApiKey {
    std::string name;
    std::string hash;            ///< hex hash of the key (src/serve/crypto.hpp)
    std::int64_t created_at = 0; ///< seconds since 1970
    std::optional<std::int64_t> revoked_at;
};

/// Stores a new key under `name`. Refuses (InputError) an empty name, a name in use by a key
/// that is not revoked, and a malformed hash.
void add_api_key(Project& project, const std::string& name, const std::string& hash);
/// Every key, by name (revoked ones included).
std::vector<ApiKey> list_api_keys(const Project& project);
/// Marks the key `name` revoked. InputError when there is no such key or it is revoked already.
void revoke_api_key(Project& project, const std::string& name);
/// The key whose hash is `hash`, if it exists and is not revoked.
std::optional<ApiKey> find_api_key(const Project& project, const std::string& hash);

/// A staff account: a person of the project who signs in on the phone page.
struct StaffAccount {
    std::string person; ///< person id
    std::string password_hash;
    std::string role; ///< "staff" (my work orders) or "leader" (also the dashboard)
    std::int64_t created_at = 0;
};

/// Sets (or replaces) the password hash and role of `person`'s account. InputError when the
/// person is not in the project, the hash is empty or the role is not staff or leader.
void set_staff_password(Project& project, const std::string& person,
                        const std::string& password_hash, const std::string& role = "staff");
/// The account of `person`, if there is one.
std::optional<StaffAccount> find_staff_account(const Project& project, const std::string& person);
/// Removes `person`'s account. InputError when there is none.
void remove_staff_account(Project& project, const std::string& person);
/// Every account's person id, sorted.
std::vector<std::string> list_staff_accounts(const Project& project);

/// A signed-in staff session of the phone page (schema 9: serve_session), kept so that a
/// restart of the server does not sign everybody out. Only a hash of the session's cookie is
/// stored; the CSRF token is stored as it is (it is worthless without the cookie).
struct StaffSession {
    std::string token_hash; ///< hex hash of the cookie value (src/serve/crypto.hpp)
    std::string person;
    std::string role; ///< the account's role when found (staff or leader)
    std::string csrf;
    std::int64_t expires = 0; ///< seconds since 1970
};

/// Stores a new session (and removes the expired ones, as of `session.expires`' clock `now`).
/// InputError for a malformed hash or a person without an account.
void save_staff_session(Project& project, const StaffSession& session, std::int64_t now);
/// The session whose cookie hashes to `token_hash`, if it exists, has not expired at `now` and
/// its person still has an account (whose current role it carries).
std::optional<StaffSession> find_staff_session(const Project& project,
                                               const std::string& token_hash, std::int64_t now);
/// Removes a session (signing out); no error when there is none.
void remove_staff_session(Project& project, const std::string& token_hash);

/// The cells `person` is the grid worker of, sorted.
std::vector<std::string> grid_worker_cells(const Project& project, const std::string& person);

/// Switches the project file to SQLite's write-ahead log (readers no longer wait for a
/// writer's commit; the file stays a valid GeoPackage, with "-wal" and "-shm" files beside it
/// while it is open). Nothing to do for a project kept in PostgreSQL.
void use_write_ahead_log(Project& project);

/// SQLite's data_version of the project's own connection: it changes when another connection
/// (gridmap serve, a CLI command) commits to the file, not when this one does. The desktop
/// polls it to show requests that arrive through the server at once; the analysis cache keys on
/// it (gridmap/analysis.hpp). On PostgreSQL every call gives a new number (no cheap
/// transactional commit count there).
std::int64_t external_data_version(const Project& project);

/// The project's server secret (random bytes given by the caller the first time, as hex),
/// used to sign request tokens. Returns the stored one when present; stores `candidate` when not.
std::string server_secret(Project& project, const std::string& candidate);

} // namespace gridmap
