#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace gridmap {

class Project;

/// A PostgreSQL login of a project kept in a database, mapped to a person of the project.
struct Account {
    std::string login;
    std::string person;
    std::string role; ///< one of account_roles()
};

/// community_admin, grid_worker, captain, member, leader, auditor.
const std::vector<std::string>& account_roles();

/// The database role of a project role: gm_<schema>_<role> (cluster-wide, so one per project).
std::string database_role(const Project& project, const std::string& role);

/// Creates a PostgreSQL login `login` for `person` with `role` (and its password, when not
/// empty). The first account also installs, in the same transaction, the project's roles and
/// grants, row-level security and the audit table with its triggers (every later insert,
/// update and delete of every table recorded with the login and the time; no role can change
/// or delete audit rows). InputError for a GeoPackage project, an unknown role or person, a
/// login that exists; ProjectError when this login may not create roles.
void add_account(Project& project, const std::string& login, const std::string& person,
                 const std::string& role, const std::string& password);

/// The project's accounts, by login.
std::vector<Account> list_accounts(const Project& project);

/// Drops the login. InputError when it is not an account of this project.
void remove_account(Project& project, const std::string& login);

/// Sets the login's password. InputError when it is not an account of this project or the
/// password is empty.
void set_account_password(Project& project, const std::string& login, const std::string& password);

/// Which audit rows read_audit returns: each filter applies when set.
struct AuditFilter {
    std::optional<std::int64_t> since; ///< seconds since 1970 (UTC): rows at or after it
    std::string table;                 ///< a table of the schema (InputError for another name)
    std::string login;                 ///< rows written by this login
    std::int64_t limit = 1000;         ///< the newest `limit` matching rows; 0: all
};

/// One change recorded in the audit: who, when, which table and row. Never the row's data
/// (the audit keeps it, with residents' names and phones).
struct AuditRow {
    std::int64_t id = 0; ///< the audit row's number (the order of the changes)
    std::string at;      ///< Beijing time, YYYY-MM-DDTHH:MM:SS+08:00
    std::string login;
    std::string table;
    std::string operation; ///< INSERT, UPDATE or DELETE
    std::string row;       ///< the changed row's id (its fid when the table has no id column)
};

/// The audit rows matching `filter`, oldest first. For the owner, a community_admin and an
/// auditor (the logins the database lets read the audit). InputError for a GeoPackage project,
/// a project without accounts (no audit yet), an unknown --table or a negative limit;
/// ProjectError naming the login's role when it may not read the audit.
std::vector<AuditRow> read_audit(const Project& project, const AuditFilter& filter);

} // namespace gridmap
