#pragma once

namespace gridmap {

/// Readies the process for projects used on several threads at once (the desktop reads on one
/// thread while its GUI thread polls the project): SQLite keeps no process-wide memory
/// statistics, whose one mutex every SQLite allocation of every connection otherwise takes.
/// With a city being read on another thread, the GUI thread's `PRAGMA data_version` waited
/// 170 ms for that mutex (its holder preempted on a loaded machine). Call it first thing,
/// before any project is opened: true if applied, false if SQLite was already in use (then
/// nothing changes).
bool prepare_for_threads();

} // namespace gridmap
