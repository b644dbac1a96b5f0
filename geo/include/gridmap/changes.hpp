#pragma once

namespace gridmap {

class Project;

/// For a project kept in PostgreSQL: whether a change to it was committed (by any program,
/// this one included) since the previous call. The first call starts listening (LISTEN
/// gridmap_changed on the session's reader connection; every write transaction sends NOTIFY at
/// commit) and returns false; a desktop calls it on a timer and reloads when it is true.
/// Always false for a GeoPackage, and while a write transaction is open. When the connection
/// to the server was lost (a restart, a failover to the same address), the call that finds
/// out throws ConnectionLostError (gridmap/database_fault.hpp); each later call tries to
/// connect again and returns true once it has (what changed meanwhile was not heard), listening
/// again before it returns, so that nothing committed after the caller's re-read goes unheard.
/// Likewise a call that listens anew after another call connected again returns true.
bool poll_changes(const Project& project);

/// For a project kept in PostgreSQL, before a write on a connection that may have sat idle:
/// one round trip finds out whether the server ended the connection meanwhile (a restart,
/// pg_terminate_backend, a failover to the same address) and, if so, connects again, so the
/// write does not fail on a connection that is already gone. Throws ConnectionLostError when
/// the server does not answer. Nothing for a GeoPackage, or inside a write transaction.
void reconnect_if_dropped(Project& project);

} // namespace gridmap
