#pragma once

// Writers and the project's lock. SQLite lets one connection write at a time: a write
// transaction takes the file's write lock when it begins (not at its first write, so that two
// writers never both read first and then deadlock), waiting up to GRIDMAP_LOCK_TIMEOUT_MS
// (default 5000 ms) for another writer to finish. While it holds the lock, the writer records
// itself (user, host, pid, program, since) in "<project>.editor" beside the project, so that a
// writer who waits in vain can say who holds the project; the record is removed at commit or
// rollback, and a record whose process is gone (a crash) is stale and ignored. A crash in the
// middle of an edit leaves SQLite's journal, which rolls the file back to its last commit the
// next time it is opened.

#include <string>

class GDALDataset;

namespace gridmap::detail {

/// How long a writer waits for the lock, in milliseconds: GRIDMAP_LOCK_TIMEOUT_MS, else 5000.
int lock_timeout_ms();

/// Sets that wait as the busy timeout of the dataset's SQLite connection (so reads wait out a
/// commit too). No-op for a dataset without one.
void set_busy_timeout(GDALDataset& ds);

/// Takes the write lock for the transaction GDAL has just begun on `ds` and records this
/// process as the editor. Throws ProjectError naming the holder (or saying that another
/// program holds it) when the wait runs out.
void acquire_write_lock(GDALDataset& ds);

/// Removes this process's editor record (after commit or rollback).
void release_write_lock(GDALDataset& ds);

/// Whether the dataset's SQLite connection last failed because another connection held a
/// lock (SQLITE_BUSY or SQLITE_LOCKED), e.g. a commit that waited in vain for readers.
bool last_error_is_busy(GDALDataset& ds);

/// Rolls back the SQLite transaction of the dataset's connection if one is still open (GDAL
/// forgets a transaction whose COMMIT failed).
void end_sqlite_transaction(GDALDataset& ds);

/// The message of a writer (or reader) that waited in vain: who holds the project, how long
/// it waited.
std::string locked_message(const std::string& project_path);

/// The message of a writer whose commit waited in vain for readers to finish (the write is
/// rolled back).
std::string readers_message(const std::string& project_path);

/// "<project>.editor".
std::string editor_file(const std::string& project_path);

/// Who holds the project, from its editor record ("" when there is none or it is stale):
/// "user@host (pid 123, gridmap import, since 2026-11-28 18:30:02 +08:00)".
std::string current_editor(const std::string& project_path);

} // namespace gridmap::detail
