#include "gridmap/threads.hpp"

#include <sqlite3.h>

namespace gridmap {

bool prepare_for_threads() {
    // Only before sqlite3_initialize (SQLITE_MISUSE after): the first open initializes.
    return sqlite3_config(SQLITE_CONFIG_MEMSTATUS, 0) == SQLITE_OK;
}

} // namespace gridmap
