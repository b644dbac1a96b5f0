// Opening and creating a project kept in PostgreSQL/PostGIS (see detail/pg.hpp).

#include "detail/lock.hpp"
#include "detail/pg.hpp"
#include "detail/project_impl.hpp"
#include "detail/sqlite.hpp"
#include "gridmap/error.hpp"
#include "gridmap/text.hpp"

#include <algorithm>
#include <array>

namespace gridmap::detail {

namespace {

GDALDatasetUniquePtr open_dataset(const std::string& gdal_name, const std::string& display,
                                  bool read_only) {
    GdalErrorCapture errors;
    const std::array<const char*, 2> drivers{"PostgreSQL", nullptr};
    const unsigned flags = GDAL_OF_VECTOR | (read_only ? GDAL_OF_READONLY : GDAL_OF_UPDATE);
    // Every layer of the schema is listed (not only those with geometry), and the layers are
    // read through cursors of a few thousand rows.
    const ScopedConfigOption list_all("PG_LIST_ALL_TABLES", "YES");
    GDALDatasetUniquePtr ds(
        GDALDataset::Open(gdal_name.c_str(), flags, drivers.data(), nullptr, nullptr));
    if (!ds) {
        std::string why = errors.last();
        while (!why.empty() && (why.back() == '\n' || why.back() == ' ')) {
            why.pop_back();
        }
        // libpq's lines ("... failed: Connection refused\n\tIs the server running ...?") as
        // one line
        for (std::size_t at = why.find_first_of("\n\t"); at != std::string::npos;
             at = why.find_first_of("\n\t", at)) {
            const auto next = why.find_first_not_of("\n\t ", at);
            why.replace(at, (next == std::string::npos ? why.size() : next) - at, " ");
            ++at;
        }
        throw ProjectError(display + ": cannot connect to the database" +
                           (why.empty() ? std::string() : " (" + why + ")"));
    }
    return ds;
}

/// The session settings every connection of a project runs with.
void set_session(PgSession& s) {
    // Text compared and sorted byte by byte as SQLite does; times in UTC.
    pg_exec(s, "SET TimeZone = 'UTC'");
    pg_exec(s, "SET extra_float_digits = 1");
    pg_exec(s, "SET DateStyle = 'ISO, YMD'");
    // Which server process writes for this project (its notifications are its own).
    GdalErrorCapture errors;
    if (OGRLayer* r = s.ds->ExecuteSQL("SELECT pg_backend_pid() AS pid", nullptr, nullptr)) {
        if (OGRFeature* f = r->GetNextFeature()) {
            s.writer_pid = f->GetFieldAsInteger(0);
            OGRFeature::DestroyFeature(f);
        }
        s.ds->ReleaseResultSet(r);
    }
}

} // namespace

void reconnect_pg_if_lost(ProjectImpl& p) {
    PgSession* s = p.pg.get();
    if (s == nullptr || !s->lost || s->write_transactions > 0 || s->reader_busy) {
        return;
    }
    const PgLocation where = parse_pg_location(p.path);
    GDALDatasetUniquePtr fresh = open_dataset(where.gdal_name, where.display, p.read_only);
    // The old dataset stays open (dead) until the project closes: objects taken from it
    // before the loss may still refer to it.
    s->dead_connections.push_back(std::move(p.ds));
    p.ds = std::move(fresh);
    s->ds = p.ds.get();
    pg_drop_reader(*s);
    s->conninfo = where.conninfo;
    s->lost = false;
    set_session(*s);
}

std::unique_ptr<ProjectImpl> open_pg_project(const std::string& location, bool create,
                                             bool read_only) {
    ensure_gdal_registered();
    const PgLocation where = parse_pg_location(location);
    if (create) {
        // The schema and PostGIS first, on a connection without the schema: GDAL looks for
        // PostGIS when it connects.
        std::string base = where.gdal_name.substr(0, where.gdal_name.find(" active_schema="));
        GDALDatasetUniquePtr boot = open_dataset(base, where.display, false);
        PgSession s(boot.get(), where.display, "public");
        Statement has(s.handle(), "SELECT 1 FROM pg_extension WHERE extname = 'postgis'");
        if (!has.step()) {
            if (const std::string e = pg_exec(s, "CREATE EXTENSION IF NOT EXISTS postgis");
                !e.empty()) {
                throw ProjectError(where.display +
                                   ": PostGIS is not enabled in this database and this login "
                                   "may not enable it (" +
                                   e + "); ask the administrator to run CREATE EXTENSION postgis");
            }
        }
        if (where.schema != "public") {
            if (const std::string e =
                    pg_exec(s, "CREATE SCHEMA IF NOT EXISTS \"" + where.schema + "\"");
                !e.empty()) {
                throw ProjectError(where.display + ": cannot create schema " + where.schema + " (" +
                                   e + ")");
            }
        }
    }
    auto impl = std::make_unique<ProjectImpl>();
    impl->path = location;
    impl->read_only = read_only;
    impl->ds = open_dataset(where.gdal_name, where.display, read_only);
    impl->pg = std::make_unique<PgSession>(impl->ds.get(), where.display, where.schema);
    impl->pg->conninfo = where.conninfo;
    set_session(*impl->pg);
    Statement postgis(impl->pg->handle(), "SELECT 1 FROM pg_extension WHERE extname = 'postgis'");
    if (!postgis.step()) {
        throw ProjectError(where.display + ": PostGIS is not enabled in this database");
    }
    if (create && table_exists(impl->pg->handle(), "settings")) {
        throw InputError(where.display + ": schema " + where.schema +
                         " already holds a project; choose another ?schema= or drop it first");
    }
    return impl;
}

} // namespace gridmap::detail

namespace gridmap::detail {

bool is_pg_dataset(GDALDataset& ds) {
    const GDALDriver* d = ds.GetDriver();
    return d != nullptr && std::string_view(d->GetDescription()) == "PostgreSQL";
}

void acquire_pg_write_lock(GDALDataset& ds) {
    PgSession s(&ds, "the project", "");
    const int wait = lock_timeout_ms();
    if (std::string e = pg_exec(s, "SET LOCAL lock_timeout = " + std::to_string(std::max(wait, 1)));
        !e.empty()) {
        pg_check_fault(s, e);
        throw LibraryError("PostgreSQL: " + e);
    }
    // A leader or auditor login reads only (their grants allow no write either; this says so
    // before anything is tried); so does a hot standby (pg_check_fault below: "the database is
    // a read-only standby").
    const std::string role_check = pg_exec(
        s, "DO $$ DECLARE r text; BEGIN IF pg_is_in_recovery() THEN RAISE EXCEPTION 'cannot "
           "execute a change during recovery'; END IF; IF to_regclass('account') IS NOT NULL "
           "THEN EXECUTE "
           "'SELECT role FROM account WHERE login = session_user' INTO r; IF r IN ('leader', "
           "'auditor') THEN RAISE EXCEPTION 'gridmap-read-only-login %', r; END IF; END IF; END "
           "$$");
    pg_check_fault(s, role_check);
    if (const auto at = role_check.find("gridmap-read-only-login "); at != std::string::npos) {
        std::string role = role_check.substr(at + 24);
        role = role.substr(0, role.find_first_of("\n "));
        throw ProjectError(s.display + ": this login (role " + role +
                           ") reads the project and may not change it");
    }
    const std::string e = pg_exec(
        s, "DO $$ BEGIN PERFORM pg_advisory_xact_lock(hashtext('gridmap:' || current_schema())); "
           "END $$");
    if (!e.empty()) {
        pg_check_fault(s, e); // the server restarted while this writer waited
        if (e.find("lock timeout") != std::string::npos) {
            throw ProjectError(std::string("the project is being changed by another editor; "
                                           "waited ") +
                               fixed(wait / 1000.0, 1) +
                               " s. Try again when they have finished (GRIDMAP_LOCK_TIMEOUT_MS "
                               "sets the wait).");
        }
        throw LibraryError("PostgreSQL: " + e);
    }
}

void notify_pg_change(GDALDataset& ds) {
    PgSession s(&ds, "the project", "");
    pg_check_fault(
        s,
        pg_exec(s, "DO $$ BEGIN PERFORM pg_notify('gridmap_changed', current_schema()); END $$"));
}

} // namespace gridmap::detail
