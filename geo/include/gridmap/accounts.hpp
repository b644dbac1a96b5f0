#pragma once

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

} // namespace gridmap
