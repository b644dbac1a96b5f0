// Accounts and roles of a project kept in PostgreSQL (issue #14): logins mapped to persons,
// grants and row-level security per role, and an audit table no role can rewrite.

#include "gridmap/accounts.hpp"

#include "detail/pg.hpp"
#include "detail/pg_migrate.hpp"
#include "detail/project_impl.hpp"
#include "detail/sqlite.hpp"
#include "detail/time.hpp"
#include "gridmap/error.hpp"
#include "gridmap/project.hpp"
#include "gridmap/schema.hpp"

#include <algorithm>

namespace gridmap {

namespace {

detail::PgSession& session(const Project& project) {
    if (!project.impl().pg) {
        throw InputError(project.path() +
                         ": accounts and roles need a project kept in PostgreSQL (gridmap copy "
                         "moves a GeoPackage project into one)");
    }
    return *project.impl().pg;
}

void run(detail::PgSession& s, const std::string& sql) {
    if (const std::string e = detail::pg_exec(s, sql); !e.empty()) {
        if (e.find("permission denied") != std::string::npos ||
            e.find("must have CREATEROLE") != std::string::npos ||
            e.find("must be owner") != std::string::npos) {
            throw ProjectError(s.display + ": this login may not manage accounts (" + e + ")");
        }
        throw LibraryError("PostgreSQL: " + e + " in: " + sql);
    }
}

bool valid_login(const std::string& s) {
    if (s.empty() || s.size() > 63 || !((s[0] >= 'a' && s[0] <= 'z') || s[0] == '_')) {
        return false;
    }
    return std::all_of(s.begin(), s.end(), [](char c) {
        return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_';
    });
}

std::string q(const std::string& identifier) {
    return "\"" + identifier + "\"";
}

/// Columns a leader may read: everything but residents' names and phones, people's phones,
/// who reported an issue and photos (people's names only of those with a role: see the
/// row-level security below).
std::string leader_columns(const TableDef& t) {
    std::string cols = "fid";
    for (const FieldDef& f : t.fields) {
        if (!f.link_table.empty()) {
            continue;
        }
        const std::string name(f.name);
        if ((t.name == "person" && name == "phone") ||
            (t.name == "household" && (name == "head_name" || name == "phone")) ||
            (t.name == "issue" && name == "reporter") ||
            (t.name == "issue_photo" && name == "data")) {
            continue;
        }
        cols += ", " + q(name);
    }
    if (t.geometry != GeometryKind::none) {
        cols += ", geom";
    }
    return cols;
}

/// The group role of `role` in the project of schema `schema` (see database_role).
std::string group_role(const std::string& schema, const std::string& role) {
    return "gm_" + schema + "_" + role;
}

} // namespace

namespace detail {

/// Installs roles, grants, row-level security and the audit (idempotent). In the caller's
/// transaction.
void install_security(PgSession& s) {
    const std::string schema = q(s.schema);
    auto role = [&](const std::string& r) {
        return q(group_role(s.schema, r));
    };
    for (const std::string& r : account_roles()) {
        run(s, "DO $$ BEGIN IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = " +
                   pg_literal_text(group_role(s.schema, r)) + ") THEN CREATE ROLE " + role(r) +
                   " NOLOGIN; END IF; END $$");
        run(s, "GRANT USAGE ON SCHEMA " + schema + " TO " + role(r));
    }
    run(s, "CREATE TABLE IF NOT EXISTS account (login text COLLATE \"C\" PRIMARY KEY, person "
           "text COLLATE \"C\" NOT NULL, role text COLLATE \"C\" NOT NULL CHECK (role IN "
           "('community_admin', 'grid_worker', 'captain', 'member', 'leader', 'auditor')), "
           "created_at timestamptz NOT NULL DEFAULT now())");
    run(s, "CREATE TABLE IF NOT EXISTS audit (id bigserial PRIMARY KEY, at timestamptz NOT NULL "
           "DEFAULT now(), login text NOT NULL DEFAULT session_user, table_name text NOT NULL, "
           "operation text NOT NULL, row_data jsonb)");
    // The changed row's key, for auditors: they read who changed which row when, never the
    // row's data (a household's phone, a resident's name). Computed from row_data, also for
    // the rows of an audit made before this column (adding it rewrites the table without an
    // UPDATE, so the append-only trigger is not asked).
    run(s, "ALTER TABLE audit ADD COLUMN IF NOT EXISTS row_key text GENERATED ALWAYS AS "
           "(coalesce(row_data->>'id', row_data->>'fid', '')) STORED");
    // Who the session is, as a person of the project (NULL for the owner).
    run(s, "CREATE OR REPLACE FUNCTION gm_person() RETURNS text LANGUAGE sql STABLE SECURITY "
           "DEFINER SET search_path = " +
               schema +
               ", public AS $$ SELECT person FROM account WHERE login = session_user "
               "$$");
    // Audit rows are written by the trigger (as the owner), never changed.
    run(s, "CREATE OR REPLACE FUNCTION gm_audit() RETURNS trigger LANGUAGE plpgsql SECURITY "
           "DEFINER SET search_path = " +
               schema +
               ", public AS $$ BEGIN IF TG_OP = 'DELETE' THEN INSERT INTO audit (table_name, "
               "operation, row_data) SELECT TG_TABLE_NAME, TG_OP, to_jsonb(o) - 'geom' - 'data' "
               "FROM old_rows o; ELSE INSERT INTO audit (table_name, operation, row_data) SELECT "
               "TG_TABLE_NAME, TG_OP, to_jsonb(n) - 'geom' - 'data' FROM new_rows n; END IF; "
               "RETURN NULL; END $$");
    run(s, "CREATE OR REPLACE FUNCTION gm_audit_is_append_only() RETURNS trigger LANGUAGE "
           "plpgsql AS $$ BEGIN RAISE EXCEPTION 'gridmap: the audit is append-only'; END $$");
    run(s, "DROP TRIGGER IF EXISTS audit_append_only ON audit");
    run(s, "CREATE TRIGGER audit_append_only BEFORE UPDATE OR DELETE ON audit FOR EACH ROW "
           "EXECUTE FUNCTION gm_audit_is_append_only()");
    run(s, "DROP TRIGGER IF EXISTS audit_no_truncate ON audit");
    run(s, "CREATE TRIGGER audit_no_truncate BEFORE TRUNCATE ON audit FOR EACH STATEMENT "
           "EXECUTE FUNCTION gm_audit_is_append_only()");
    run(s, "REVOKE ALL ON audit, account FROM PUBLIC");
    run(s, "REVOKE ALL ON FUNCTION gm_audit() FROM PUBLIC");
    run(s, "GRANT SELECT ON audit TO " + role("community_admin"));
    // Not row_data (an older gridmap granted the whole table).
    run(s, "REVOKE SELECT ON audit FROM " + role("auditor"));
    run(s, "GRANT SELECT (id, at, login, table_name, operation, row_key) ON audit TO " +
               role("auditor"));
    const std::string everyone = role("community_admin") + ", " + role("grid_worker") + ", " +
                                 role("captain") + ", " + role("member") + ", " + role("leader") +
                                 ", " + role("auditor");
    run(s, "GRANT SELECT (login, person, role) ON account TO " + everyone);
    run(s, "GRANT EXECUTE ON FUNCTION gm_person() TO " + everyone);

    for (const TableDef& t : schema_tables()) {
        const std::string name(t.name);
        if (!detail::table_exists(s.handle(), name)) {
            continue; // feature tables before the first spatial import
        }
        const std::string table = q(name);
        for (const char* op : {"INSERT", "UPDATE", "DELETE"}) {
            const std::string trigger = q("audit_" + std::string(op));
            const std::string rows =
                std::string(op) == "DELETE" ? "OLD TABLE AS old_rows" : "NEW TABLE AS new_rows";
            run(s, "DROP TRIGGER IF EXISTS " + trigger + " ON " + table);
            run(s, "CREATE TRIGGER " + trigger + " AFTER " + op + " ON " + table + " REFERENCING " +
                       rows + " FOR EACH STATEMENT EXECUTE FUNCTION gm_audit()");
        }
        run(s,
            "GRANT SELECT, INSERT, UPDATE, DELETE ON " + table + " TO " + role("community_admin"));
        run(s, "GRANT SELECT ON " + table + " TO " + role("grid_worker") + ", " + role("captain") +
                   ", " + role("member"));
        run(s, "GRANT SELECT (" + leader_columns(t) + ") ON " + table + " TO " + role("leader"));
        // Row-level security: everyone with a grant reads; writes as below.
        run(s, "ALTER TABLE " + table + " ENABLE ROW LEVEL SECURITY");
        run(s, "DROP POLICY IF EXISTS gm_read ON " + table);
        run(s, "CREATE POLICY gm_read ON " + table + " FOR SELECT TO " + role("community_admin") +
                   ", " + role("grid_worker") + ", " + role("captain") + ", " + role("member") +
                   ", " + role("auditor") + " USING (true)");
        // A leader sees the people who hold a role (the names a report shows), no one else.
        run(s, "DROP POLICY IF EXISTS gm_leader_read ON " + table);
        run(s, "CREATE POLICY gm_leader_read ON " + table + " FOR SELECT TO " + role("leader") +
                   (name == "person" ? " USING (id IN (SELECT person FROM role_assignment))"
                                     : " USING (true)"));
        run(s, "DROP POLICY IF EXISTS gm_admin ON " + table);
        run(s, "CREATE POLICY gm_admin ON " + table + " TO " + role("community_admin") +
                   " USING (true) WITH CHECK (true)");
    }
    // An auditor opens the project (its schema version and CRS are in `settings`) to read the
    // audit through gridmap; no other table, nothing personal.
    run(s, "GRANT SELECT ON settings TO " + role("auditor"));
    run(s, "GRANT USAGE, SELECT, UPDATE ON ALL SEQUENCES IN SCHEMA " + schema + " TO " +
               role("community_admin") + ", " + role("grid_worker") + ", " + role("captain") +
               ", " + role("member"));
    // Issues (三单): grid workers change the issues of their cells or assigned to them;
    // captains and members report issues and follow those they reported or were given.
    if (detail::table_exists(s.handle(), "issue")) {
        const std::string mine =
            "(cell IN (SELECT target FROM role_assignment WHERE role = 'grid_worker' AND person "
            "= gm_person()) OR assignee = gm_person() OR reporter = gm_person())";
        run(s, "GRANT INSERT, UPDATE ON issue TO " + role("grid_worker") + ", " + role("captain") +
                   ", " + role("member"));
        run(s, "DROP POLICY IF EXISTS gm_issue_insert ON issue");
        run(s, "CREATE POLICY gm_issue_insert ON issue FOR INSERT TO " + role("grid_worker") +
                   ", " + role("captain") + ", " + role("member") + " WITH CHECK (true)");
        run(s, "DROP POLICY IF EXISTS gm_issue_update ON issue");
        run(s, "CREATE POLICY gm_issue_update ON issue FOR UPDATE TO " + role("grid_worker") +
                   ", " + role("captain") + ", " + role("member") + " USING " + mine +
                   " WITH CHECK (true)");
        for (const char* t : {"issue_event", "issue_photo"}) {
            run(s, "GRANT INSERT ON " + std::string(t) + " TO " + role("grid_worker") + ", " +
                       role("captain") + ", " + role("member"));
            run(s, "DROP POLICY IF EXISTS gm_issue_child ON " + std::string(t));
            run(s, "CREATE POLICY gm_issue_child ON " + std::string(t) + " FOR INSERT TO " +
                       role("grid_worker") + ", " + role("captain") + ", " + role("member") +
                       " WITH CHECK (issue IN (SELECT id FROM issue))");
        }
    }
}

void refresh_pg_security(PgSession& s) {
    if (table_exists(s.handle(), "account")) {
        install_security(s);
    }
}

void grant_auditor_settings(PgSession& s) {
    const std::string auditor = group_role(s.schema, "auditor");
    bool missing = false;
    {
        // CASE, not AND: has_table_privilege fails on a role that does not exist.
        Statement st(s.handle(),
                     "SELECT CASE WHEN to_regclass('account') IS NULL OR to_regclass('settings') "
                     "IS NULL THEN 0 WHEN NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = ?) "
                     "THEN 0 WHEN NOT pg_has_role(current_user, (SELECT relowner FROM pg_class "
                     "WHERE oid = 'settings'::regclass), 'USAGE') THEN 0 WHEN "
                     "has_table_privilege(?, 'settings', 'SELECT') THEN 0 ELSE 1 END");
        st.bind(1, auditor);
        st.bind(2, auditor);
        missing = st.step() && st.integer(0) == 1;
    }
    if (missing) {
        (void)pg_exec(s, "GRANT SELECT ON settings TO " + q(auditor));
    }
}

} // namespace detail

namespace {

std::string account_role(detail::PgSession& s, const std::string& login) {
    if (!detail::table_exists(s.handle(), "account")) {
        return {};
    }
    detail::Statement st(s.handle(), "SELECT role FROM account WHERE login = ?");
    st.bind(1, login);
    return st.step() ? st.text(0) : std::string();
}

} // namespace

const std::vector<std::string>& account_roles() {
    static const std::vector<std::string> roles{"community_admin", "grid_worker", "captain",
                                                "member",          "leader",      "auditor"};
    return roles;
}

std::string database_role(const Project& project, const std::string& role) {
    return group_role(session(project).schema, role);
}

void add_account(Project& project, const std::string& login, const std::string& person,
                 const std::string& role, const std::string& password) {
    detail::PgSession& s = session(project);
    if (!valid_login(login)) {
        throw InputError("--login '" + login +
                         "': a login is a lower-case name (a-z, 0-9, _; at most 63)");
    }
    const auto& roles = account_roles();
    if (std::find(roles.begin(), roles.end(), role) == roles.end()) {
        throw InputError("--role '" + role +
                         "' is not one of community_admin, grid_worker, captain, member, "
                         "leader, auditor");
    }
    detail::Transaction tx(*project.impl().ds);
    {
        detail::Statement p(s.handle(), "SELECT 1 FROM person WHERE id = ?");
        p.bind(1, person);
        if (!p.step()) {
            throw InputError("--person: no person with id '" + person + "'");
        }
    }
    {
        detail::Statement r(s.handle(), "SELECT 1 FROM pg_roles WHERE rolname = ?");
        r.bind(1, login);
        if (r.step()) {
            throw InputError("--login '" + login + "': a database login of that name exists");
        }
    }
    detail::install_security(s);
    run(s,
        "CREATE ROLE " + q(login) + " LOGIN" +
            (password.empty() ? std::string() : " PASSWORD " + detail::pg_literal_text(password)) +
            " IN ROLE " + q(database_role(project, role)));
    detail::Statement ins(s.handle(), "INSERT INTO account (login, person, role) VALUES (?, ?, ?)");
    ins.bind(1, login);
    ins.bind(2, person);
    ins.bind(3, role);
    ins.step();
    tx.commit();
}

std::vector<Account> list_accounts(const Project& project) {
    detail::PgSession& s = session(project);
    std::vector<Account> out;
    if (!detail::table_exists(s.handle(), "account")) {
        return out;
    }
    detail::Statement st(s.handle(), "SELECT login, person, role FROM account ORDER BY login");
    while (st.step()) {
        out.push_back({st.text(0), st.text(1), st.text(2)});
    }
    return out;
}

void remove_account(Project& project, const std::string& login) {
    detail::PgSession& s = session(project);
    detail::Transaction tx(*project.impl().ds);
    if (account_role(s, login).empty()) {
        throw InputError("--login '" + login + "' is not an account of this project");
    }
    detail::Statement del(s.handle(), "DELETE FROM account WHERE login = ?");
    del.bind(1, login);
    del.step();
    run(s, "DROP ROLE " + q(login));
    tx.commit();
}

void set_account_password(Project& project, const std::string& login, const std::string& password) {
    detail::PgSession& s = session(project);
    if (password.empty()) {
        throw InputError("the password (standard input) is empty");
    }
    if (account_role(s, login).empty()) {
        throw InputError("--login '" + login + "' is not an account of this project");
    }
    run(s, "ALTER ROLE " + q(login) + " PASSWORD " + detail::pg_literal_text(password));
}

std::vector<AuditRow> read_audit(const Project& project, const AuditFilter& filter) {
    detail::PgSession& s = session(project);
    if (!filter.table.empty() && find_table(filter.table) == nullptr) {
        throw InputError("--table '" + filter.table + "' is not a table of the project");
    }
    if (filter.limit < 0) {
        throw InputError("--limit must be 0 (every row) or more");
    }
    if (!detail::table_exists(s.handle(), "audit")) {
        throw InputError(s.display +
                         ": the project has no audit yet (the first gridmap user add installs "
                         "it)");
    }
    {
        detail::Statement may(s.handle(),
                              "SELECT CASE WHEN has_any_column_privilege('audit', 'SELECT') "
                              "THEN 1 ELSE 0 END");
        if (may.step() && may.integer(0) == 0) {
            detail::Statement who(s.handle(), "SELECT session_user");
            const std::string login = who.step() ? who.text(0) : std::string();
            const std::string role = account_role(s, login);
            throw ProjectError(
                s.display + ": login " + login +
                (role.empty() ? " (no account of this project)" : " (role " + role + ")") +
                " may not read the audit; auditors, community admins and the "
                "project's owner do");
        }
    }
    std::string where = "true";
    if (filter.since) {
        where += " AND at >= to_timestamp(?)";
    }
    if (!filter.table.empty()) {
        where += " AND table_name = ?";
    }
    if (!filter.login.empty()) {
        where += " AND login = ?";
    }
    // The newest `limit` rows, printed oldest first; the row's key, never its data. (An audit
    // whose accounts an older gridmap made has no row_key until the owner adds an account or
    // migrates: then the key is read from the data, where the login may still read it.)
    bool has_row_key = false;
    {
        detail::Statement st(s.handle(), "SELECT count(*) FROM pg_attribute WHERE attrelid = "
                                         "'audit'::regclass AND attname = 'row_key' AND NOT "
                                         "attisdropped");
        has_row_key = st.step() && st.integer(0) > 0;
    }
    std::string sql =
        "SELECT id, floor(extract(epoch FROM at))::bigint, login, table_name, "
        "operation, " +
        std::string(has_row_key ? "row_key" : "coalesce(row_data->>'id', row_data->>'fid', '')") +
        " FROM audit WHERE " + where + " ORDER BY id DESC";
    if (filter.limit > 0) {
        sql += " LIMIT ?";
    }
    sql = "SELECT * FROM (" + sql + ") newest ORDER BY 1";
    detail::Statement st(s.handle(), sql);
    int k = 0;
    if (filter.since) {
        st.bind(++k, *filter.since);
    }
    if (!filter.table.empty()) {
        st.bind(++k, filter.table);
    }
    if (!filter.login.empty()) {
        st.bind(++k, filter.login);
    }
    if (filter.limit > 0) {
        st.bind(++k, filter.limit);
    }
    std::vector<AuditRow> out;
    while (st.step()) {
        out.push_back({st.integer(0), detail::beijing_text(st.integer(1)), st.text(2), st.text(3),
                       st.text(4), st.text(5)});
    }
    return out;
}

} // namespace gridmap
