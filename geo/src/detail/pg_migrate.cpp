// Migrating a project kept in PostgreSQL (see detail/pg_migrate.hpp).

#include "detail/pg_migrate.hpp"

#include "detail/pg.hpp"
#include "detail/project_impl.hpp"
#include "detail/sqlite.hpp"
#include "gridmap/error.hpp"

namespace gridmap::detail {

void require_pg_migration_rights(ProjectImpl& p, int from, int to) {
    PgSession& s = *p.pg;
    // The owner of the project's tables (the login that made it), and whether this login acts
    // as it (it is the owner, a member of the owner role, or a superuser).
    std::string owner_name;
    bool owns = false;
    {
        Statement owner(s.handle(), "SELECT pg_get_userbyid(c.relowner), CASE WHEN "
                                    "pg_has_role(current_user, c.relowner, 'USAGE') THEN 1 ELSE "
                                    "0 END FROM pg_class c WHERE c.oid = 'settings'::regclass");
        if (!owner.step()) {
            return; // no settings table: Project::open says so
        }
        owner_name = owner.text(0);
        owns = owner.integer(1) == 1;
    }
    // The role of this login's account, if the project has accounts.
    std::string role;
    if (table_exists(s.handle(), "account")) {
        Statement account(s.handle(), "SELECT role FROM account WHERE login = session_user");
        if (account.step()) {
            role = account.text(0);
        }
    }
    if (owns && role != "leader" && role != "auditor") {
        return;
    }
    throw ProjectError(s.display + ": schema version " + std::to_string(from) +
                       " needs migrating to " + std::to_string(to) + ", which only the owner of " +
                       "the project's tables may do" +
                       (role.empty() ? std::string() : " (this login's role: " + role + ")") +
                       "; open it once as " + owner_name + " (any gridmap command migrates it)");
}

void act_as_pg_owner(ProjectImpl& p) {
    PgSession& s = *p.pg;
    std::string name;
    {
        Statement owner(s.handle(), "SELECT pg_get_userbyid(c.relowner) FROM pg_class c WHERE "
                                    "c.oid = 'settings'::regclass");
        if (!owner.step()) {
            return;
        }
        name = owner.text(0);
    }
    std::string quoted = "\"";
    for (char c : name) {
        quoted += c == '"' ? std::string("\"\"") : std::string(1, c);
    }
    quoted += "\"";
    if (const std::string e = pg_exec(s, "SET LOCAL ROLE " + quoted); !e.empty()) {
        pg_check_fault(s, e);
        throw ProjectError(s.display + ": cannot act as the owner " + name +
                           " of the project's tables to migrate it (" + e + ")");
    }
}

void finish_pg_migration(ProjectImpl& p) {
    refresh_pg_security(*p.pg);
}

} // namespace gridmap::detail
