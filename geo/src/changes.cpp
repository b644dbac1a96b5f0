#include "gridmap/changes.hpp"

#include "detail/pg.hpp"
#include "detail/project_impl.hpp"
#include "gridmap/database_fault.hpp"
#include "gridmap/error.hpp"
#include "gridmap/project.hpp"

#include <libpq-fe.h>

namespace gridmap {

bool poll_changes(const Project& project) {
    detail::PgSession* s = project.impl().pg.get();
    if (s == nullptr) {
        return false;
    }
    if (s->lost) {
        // The server went away (restarted, failed over): connect again as soon as it answers,
        // and say the project changed, since notifications sent meanwhile were missed.
        try {
            detail::reconnect_pg_if_lost(project.impl());
        } catch (const Error&) {
            return false; // still away: the next poll tries again
        }
        return !s->lost;
    }
    auto* c = static_cast<PGconn*>(detail::pg_reader(*s));
    if (c == nullptr) {
        return false;
    }
    if (!s->reader_listens) {
        PGresult* r = PQexec(c, "LISTEN gridmap_changed");
        s->reader_listens = PQresultStatus(r) == PGRES_COMMAND_OK;
        PQclear(r);
        return false;
    }
    if (PQconsumeInput(c) == 0 || PQstatus(c) == CONNECTION_BAD) {
        s->lost = true; // reconnected at the next poll (or the next call)
        detail::pg_drop_reader(*s);
        const std::string message =
            s->display +
            ": the connection to the database was lost; connecting again when it is back";
        throw ConnectionLostError(message);
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
