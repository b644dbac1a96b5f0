#pragma once

namespace gridmap {

class Project;

/// For a project kept in PostgreSQL: whether a change to it was committed (by any program,
/// this one included) since the previous call. The first call starts listening (LISTEN
/// gridmap_changed on the session's reader connection; every write transaction sends NOTIFY at
/// commit) and returns false; a desktop calls it on a timer and reloads when it is true.
/// Always false for a GeoPackage, and while a write transaction is open.
bool poll_changes(const Project& project);

} // namespace gridmap
