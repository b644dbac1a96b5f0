#pragma once

// Migrating a project kept in PostgreSQL to the current schema (detail/pg_migrate.cpp), as a
// GeoPackage is migrated in Project::open: in one transaction under the project's write lock,
// by the login that owns the project's tables, with the accounts' grants, row-level security
// and audit triggers installed on the tables the migration made.

#include <string>

namespace gridmap::detail {

struct ProjectImpl;
struct PgSession;

/// Throws ProjectError, "needs migrating ... open it once as <owner>", when the login of `p`
/// may not migrate the project from schema `from` to `to`: it does not own the project's
/// tables (PostgreSQL lets only the owner add tables, columns and indexes), or its account is
/// a leader's or an auditor's (read-only logins).
void require_pg_migration_rights(ProjectImpl& p, int from, int to);

/// Inside the migration's transaction: the login acts as the owner of the project's tables
/// (SET LOCAL ROLE), so that the tables and indexes the migrations make have the owner of the
/// others even when a superuser or a member of the owner role migrates.
void act_as_pg_owner(ProjectImpl& p);

/// After the migrations, in their transaction: once accounts exist, grants, row-level security
/// and audit triggers on every table (also those the migrations made).
void finish_pg_migration(ProjectImpl& p);

/// Installs the group roles, grants, row-level security policies and the audit of the
/// project's accounts (detail of gridmap/accounts.hpp; idempotent, in the caller's
/// transaction).
void install_security(PgSession& s);
/// install_security when the project has accounts (its `account` table exists).
void refresh_pg_security(PgSession& s);
/// On opening by the owner of the project's tables: gives the auditors of a project whose
/// accounts an older gridmap made what opening needs (SELECT on `settings`), one statement,
/// once. Does nothing for other logins or when the grant is there; a failure is left for the
/// auditor's own open to report.
void grant_auditor_settings(PgSession& s);

} // namespace gridmap::detail
