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

} // namespace gridmap
