#include "gridmap/changes.hpp"

#include "detail/pg.hpp"
#include "detail/project_impl.hpp"
#include "gridmap/project.hpp"

#include <libpq-fe.h>

#include <mutex>
#include <unordered_set>

namespace gridmap {

namespace {
std::mutex listening_mutex;
std::unordered_set<const void*> listening; ///< reader connections that LISTEN
} // namespace

bool poll_changes(const Project& project) {
    detail::PgSession* s = project.impl().pg.get();
    if (s == nullptr) {
        return false;
    }
    auto* c = static_cast<PGconn*>(detail::pg_reader(*s));
    if (c == nullptr) {
        return false;
    }
    {
        const std::lock_guard lock(listening_mutex);
        if (!listening.contains(c)) {
            PGresult* r = PQexec(c, "LISTEN gridmap_changed");
            const bool fine = PQresultStatus(r) == PGRES_COMMAND_OK;
            PQclear(r);
            if (fine) {
                listening.insert(c);
            }
            return false;
        }
    }
    if (PQconsumeInput(c) == 0) {
        return false;
    }
    bool changed = false;
    while (PGnotify* n = PQnotifies(c)) {
        if (n->extra != nullptr && s->schema == n->extra) {
            changed = true;
        }
        PQfreemem(n);
    }
    return changed;
}

} // namespace gridmap
