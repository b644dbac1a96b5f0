#include "gridmap/changes.hpp"

#include "detail/pg.hpp"
#include "detail/project_impl.hpp"
#include "detail/sqlite.hpp"
#include "gridmap/database_fault.hpp"
#include "gridmap/error.hpp"
#include "gridmap/project.hpp"

#include <libpq-fe.h>

namespace gridmap {

namespace {

/// Runs LISTEN on the session's reader connection (opened when needed). False when there is no
/// reader to listen on or the LISTEN failed.
bool listen(detail::PgSession& s) {
    auto* c = static_cast<PGconn*>(detail::pg_reader(s));
    if (c == nullptr) {
        return false;
    }
    PGresult* r = PQexec(c, "LISTEN gridmap_changed");
    s.reader_listens = PQresultStatus(r) == PGRES_COMMAND_OK;
    PQclear(r);
    return s.reader_listens;
}

} // namespace

bool poll_changes(const Project& project) {
    detail::PgSession* s = project.impl().pg.get();
    if (s == nullptr) {
        return false;
    }
    const auto tell_lost = [s] {
        s->lost_told = true;
        const std::string message =
            s->display +
            ": the connection to the database was lost; connecting again when it is back";
        throw ConnectionLostError(message);
    };
    if (s->reader != nullptr && PQstatus(static_cast<PGconn*>(s->reader)) == CONNECTION_BAD) {
        s->lost = true; // the listening connection ended (the server went away or ended it)
        detail::pg_drop_reader(*s);
    }
    if (s->lost) {
        // The server went away (restarted, ended the connections, failed over), found by this
        // poll or by another call: said once (the desktop shows it until the reconnect), then
        // connected again as soon as it answers, and the project said changed, since
        // notifications sent meanwhile were missed.
        if (!s->lost_told) {
            tell_lost();
        }
        try {
            detail::reconnect_pg_if_lost(project.impl());
        } catch (const Error&) {
            return false; // still away: the next poll tries again
        }
        if (s->lost) {
            return false;
        }
        s->lost_told = false;
        // Listening again before the caller reads the project anew: a commit before the
        // LISTEN is in what it reads, one after it is heard at the next poll. (Listening only
        // at the next poll lost the commits between this reload's reads and that LISTEN.)
        s->listened = listen(*s) || s->listened;
        return true;
    }
    auto* c = static_cast<PGconn*>(detail::pg_reader(*s));
    if (c == nullptr) {
        return false;
    }
    if (!s->reader_listens) {
        // The first LISTEN of the project: nothing to report. Listening anew (another call
        // connected again after a loss, or the reader connection was replaced): what was
        // committed while nobody listened was not heard, so the project is said changed.
        const bool again = s->listened;
        s->listened = listen(*s) || s->listened;
        if (s->reader_listens) {
            s->lost_told = false; // connected again: a later loss is told again
        }
        return again && s->reader_listens;
    }
    // libpq may take a connection the server ended (pg_terminate_backend) for a live one
    // until it sends on it: an empty query, one round trip, finds out.
    bool alive = PQconsumeInput(c) != 0 && PQstatus(c) != CONNECTION_BAD;
    if (alive) {
        PGresult* probe = PQexec(c, "");
        alive = PQresultStatus(probe) == PGRES_EMPTY_QUERY && PQstatus(c) != CONNECTION_BAD;
        PQclear(probe);
    }
    if (!alive) {
        s->lost = true; // reconnected at the next poll (or the next call)
        detail::pg_drop_reader(*s);
        tell_lost();
    }
    bool changed = false;
    while (PGnotify* n = PQnotifies(c)) {
        // Another program's commit on this project; this project's own commits reloaded the
        // views already.
        if (n->extra != nullptr && s->schema == n->extra && n->be_pid != s->writer_pid) {
            changed = true;
        }
        PQfreemem(n);
    }
    return changed;
}

void reconnect_if_dropped(Project& project) {
    detail::PgSession* s = project.impl().pg.get();
    if (s == nullptr || s->write_transactions > 0) {
        return;
    }
    if (!s->lost) {
        try {
            detail::Statement probe(s->handle(), "SELECT 1");
            probe.step();
        } catch (const ConnectionLostError&) {
            // marked lost by the statement: connected again below
        }
    }
    detail::reconnect_pg_if_lost(project.impl());
}

} // namespace gridmap
