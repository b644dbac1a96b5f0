#include "gridmap/project.hpp"

#include "detail/lock.hpp"
#include "detail/pg_migrate.hpp"
#include "detail/project_impl.hpp"
#include "detail/serve_tables.hpp"
#include "detail/sqlite.hpp"
#include "gridmap/crs.hpp"
#include "gridmap/database_fault.hpp"
#include "gridmap/error.hpp"
#include "gridmap/parse.hpp"

#include <algorithm>
#include <array>
#include <ctime>
#include <filesystem>
#include <optional>
#include <set>
#include <unistd.h>

namespace gridmap {

namespace detail {

namespace {

OGRFieldType ogr_type(FieldType t) {
    switch (t) {
    case FieldType::text:
        return OFTString;
    case FieldType::integer:
        return OFTInteger64;
    case FieldType::real:
        return OFTReal;
    case FieldType::boolean:
        return OFTInteger;
    case FieldType::date:
        return OFTDate;
    case FieldType::datetime:
        return OFTDateTime;
    case FieldType::binary:
        return OFTBinary;
    }
    return OFTString;
}

OGRwkbGeometryType ogr_geometry_type(GeometryKind k) {
    switch (k) {
    case GeometryKind::none:
        return wkbNone;
    case GeometryKind::point:
        return wkbPoint;
    case GeometryKind::line:
        return wkbMultiLineString;
    case GeometryKind::polygon:
        return wkbMultiPolygon;
    }
    return wkbNone;
}

/// The index on a reference field, so that lookups by key stay fast at city scale.
std::string index_sql(const TableDef& t, const FieldDef& f) {
    const std::string name(t.name);
    const std::string field(f.name);
    return "CREATE INDEX \"" + name + "_" + field + "_ref\" ON \"" + name + "\"(\"" + field + "\")";
}

/// On PostgreSQL, what makes a column as the GeoPackage's: text compared and sorted byte by
/// byte (as SQLite's BINARY), booleans 0 or 1. "" for other columns.
std::string pg_column_sql(const TableDef& t, const FieldDef& f) {
    const std::string name(t.name);
    if (f.type == FieldType::text) {
        return "ALTER TABLE \"" + name + "\" ALTER COLUMN \"" + std::string(f.name) +
               "\" TYPE text COLLATE \"C\"";
    }
    if (f.type == FieldType::boolean) {
        return "ALTER TABLE \"" + name + "\" ADD CHECK (\"" + std::string(f.name) + "\" IN (0, 1))";
    }
    return {};
}

/// A migration brings a project from schema `to - 1` to `to`.
struct Migration {
    int to;
    void (*apply)(ProjectImpl&);
};

std::unique_ptr<OGRFieldDefn> field_defn(const FieldDef& f) {
    auto field = std::make_unique<OGRFieldDefn>(std::string(f.name).c_str(), ogr_type(f.type));
    if (f.type == FieldType::boolean) {
        field->SetSubType(OFSTBoolean);
    }
    return field;
}

/// Adds the fields of `tables` that the file lacks (additive migrations). Feature tables are
/// skipped before they exist: they are created with the current schema.
void add_missing_fields(ProjectImpl& p, std::initializer_list<std::string_view> tables) {
    for (std::string_view name : tables) {
        const TableDef* t = find_table(name);
        OGRLayer* layer = p.ds->GetLayerByName(std::string(name).c_str());
        if (layer == nullptr) {
            if (t->geometry == GeometryKind::none) {
                create_table(*p.ds, *t, nullptr, p.pg != nullptr);
            }
            continue;
        }
        for (const FieldDef& f : t->fields) {
            if (!f.link_table.empty() ||
                layer->GetLayerDefn()->GetFieldIndex(std::string(f.name).c_str()) >= 0) {
                continue;
            }
            const auto field = field_defn(f); // added fields are nullable, whatever `required`
            if (layer->CreateField(field.get()) != OGRERR_NONE) {
                throw LibraryError(p.path + ": cannot add field " + std::string(name) + "." +
                                   std::string(f.name));
            }
            if (p.pg) {
                if (const std::string sql = pg_column_sql(*t, f); !sql.empty()) {
                    p.exec(sql);
                }
            }
            if (!f.references.empty()) {
                p.exec(index_sql(*t, f));
            }
        }
    }
}

void put_default_settings(const ProjectImpl& p) {
    for (const auto& [key, value] : default_settings()) {
        if (!p.setting(key)) {
            p.put_setting(key, value);
        }
    }
}

// Version 2: issue deadlines (per-category service times of the work-order flow).
void migrate_to_2(ProjectImpl& p) {
    add_missing_fields(p, {"issue"});
}

// Version 3: the persisted cell assignment (building.cell and cell_share, issue.cell,
// service_point.cell, repair_segment.outside_m, repair_segment_cell) and analysis settings.
void migrate_to_3(ProjectImpl& p) {
    add_missing_fields(
        p, {"building", "issue", "service_point", "repair_segment", "repair_segment_cell"});
    put_default_settings(p);
}

// Version 4: the work-order flow (issue assignee, rating, updated_at, address; event assignee
// and rating; photos inside the project) and the log of assignment changes.
void migrate_to_4(ProjectImpl& p) {
    add_missing_fields(p, {"issue", "issue_event", "issue_photo", "assignment_event"});
}

// Version 5: meetings (saved views, coverage snapshots and their figures, the committee's
// pledges 十件实事) and the session of an assignment change (for undo).
void migrate_to_5(ProjectImpl& p) {
    add_missing_fields(p,
                       {"assignment_event", "saved_view", "snapshot", "snapshot_figure", "pledge"});
}

// Version 6: the stage of an issue photo (before or after resolution; older photos, NULL, are
// read as before).
void migrate_to_6(ProjectImpl& p) {
    add_missing_fields(p, {"issue_photo"});
}

// Version 7: the seed's work (issue #16): visits, the care register, key places and patrols,
// party members' check-in and sign-ups, co-building units and what they took on, volunteer
// teams with members and activities. New tables only.
void migrate_to_7_seed(ProjectImpl& p) {
    add_missing_fields(p, {"visit", "care_tag", "key_place", "patrol", "member_signup", "co_unit",
                           "co_unit_pledge", "volunteer_team", "volunteer_member",
                           "volunteer_activity"});
}

// Version 8: the tables of `gridmap serve` (API keys, staff accounts, the server secret); adds
// those tables only.
void migrate_to_8_serve(ProjectImpl& p) {
    create_serve_tables(p);
}

// Version 9: staff sessions of `gridmap serve` kept across restarts (serve_session) and the
// index of its requests.json on issue (cell, reported_at).
void migrate_to_9_serve_session(ProjectImpl& p) {
    create_serve_tables(p);
    create_serve_indexes(p);
}

constexpr std::array migrations{
    Migration{2, &migrate_to_2},       Migration{3, &migrate_to_3},
    Migration{4, &migrate_to_4},       Migration{5, &migrate_to_5},
    Migration{6, &migrate_to_6},       Migration{7, &migrate_to_7_seed},
    Migration{8, &migrate_to_8_serve}, Migration{9, &migrate_to_9_serve_session}};

/// The working_epsg setting as a usable EPSG code; ProjectError naming the setting otherwise.
int working_epsg_setting(const std::string& path, const std::string& value) {
    const auto n = parse_integer(value);
    if (n && *n > 0 && *n <= 999999) {
        // A code PROJ knows (a cheap lookup; its area of use is computed when a command needs
        // it, not at every open).
        OGRSpatialReference srs;
        GdalErrorCapture errors;
        if (srs.importFromEPSG(static_cast<int>(*n)) == OGRERR_NONE && srs.IsProjected()) {
            return static_cast<int>(*n);
        }
    }
    throw ProjectError(path + ": setting working_epsg '" + value +
                       "' is not a known EPSG code; the project is damaged");
}

/// Refuses (ProjectError) a project whose tables or columns are not all there: a table dropped
/// or a column removed in another program would otherwise read as empty. The feature tables are
/// checked once the first spatial import has made them. One query over the file's schema.
void verify_schema(const ProjectImpl& p) {
    sqlite3* db = sqlite_handle(p);
    std::set<std::pair<std::string, std::string>> columns;
    std::set<std::string> tables;
    // On PostgreSQL the catalogue, which lists columns this login may not read too.
    Statement s(db, p.pg ? "SELECT c.relname::text, a.attname::text FROM pg_attribute a JOIN "
                           "pg_class c ON c.oid = a.attrelid WHERE c.relnamespace = "
                           "current_schema()::regnamespace AND c.relkind IN ('r', 'p') AND "
                           "a.attnum > 0 AND NOT a.attisdropped"
                         : "SELECT m.name, c.name FROM sqlite_master m JOIN "
                           "pragma_table_info(m.name) c WHERE m.type = 'table'");
    while (s.step()) {
        tables.insert(s.text(0));
        columns.emplace(s.text(0), s.text(1));
    }
    const auto& all = schema_tables();
    const bool features = std::any_of(all.begin(), all.end(), [&](const TableDef& t) {
        return t.geometry != GeometryKind::none && tables.contains(std::string(t.name));
    });
    std::vector<std::string> missing;
    for (const TableDef& t : all) {
        const std::string name(t.name);
        if (t.geometry != GeometryKind::none && !features) {
            continue;
        }
        if (!tables.contains(name)) {
            missing.push_back("table " + name);
            continue;
        }
        for (const FieldDef& f : t.fields) {
            if (f.link_table.empty() && !columns.contains({name, std::string(f.name)})) {
                missing.push_back("column " + name + "." + std::string(f.name));
            }
        }
        if (t.geometry != GeometryKind::none && !columns.contains({name, "geom"})) {
            missing.push_back("column " + name + ".geom");
        }
    }
    if (missing.empty()) {
        return;
    }
    std::string list;
    for (std::size_t i = 0; i < missing.size() && i < 5; ++i) {
        list += (i > 0 ? ", " : "") + missing[i];
    }
    if (missing.size() > 5) {
        list += " and " + std::to_string(missing.size() - 5) + " more";
    }
    throw ProjectError(p.path + ": the project is damaged: " + list +
                       " missing; restore it from a backup");
}

std::string now_iso() {
    const std::time_t now = std::time(nullptr);
    std::tm utc{};
    gmtime_r(&now, &utc);
    char text[32];
    std::strftime(text, sizeof text, "%Y-%m-%dT%H:%M:%SZ", &utc);
    return text;
}

} // namespace

OGRLayer* ProjectImpl::layer(std::string_view table) const {
    if (pg) {
        reconnect_pg_if_lost(const_cast<ProjectImpl&>(*this)); // see sqlite_handle
    }
    OGRLayer* l = ds->GetLayerByName(std::string(table).c_str());
    if (l == nullptr) {
        throw ProjectError(path + ": table '" + std::string(table) + "' is missing");
    }
    return l;
}

bool ProjectImpl::has_feature_tables() const {
    return ds->GetLayerByName("community") != nullptr;
}

void ProjectImpl::create_feature_tables(int new_epsg) {
    const OGRSpatialReference srs = srs_from_epsg(new_epsg);
    for (const TableDef& t : schema_tables()) {
        if (t.geometry != GeometryKind::none) {
            create_table(*ds, t, &srs, pg != nullptr);
        }
    }
    put_setting("working_epsg", std::to_string(new_epsg));
    epsg = new_epsg;
    create_serve_indexes(*this);
    if (pg) {
        // Accounts made before the first spatial import: the new tables get their grants,
        // row-level security and audit triggers here, in the caller's transaction, before any
        // row is written (install_security skipped them while they did not exist).
        refresh_pg_security(*pg);
    }
}

namespace {

/// The error of a failed SQL statement run through GDAL: a lock held too long or a damaged file
/// is the project's state (ProjectError), anything else a library failure.
[[noreturn]] void throw_sql_error(const std::string& path, const std::string& message) {
    if (message.find("database is locked") != std::string::npos) {
        throw ProjectError(locked_message(path));
    }
    if (message.find("malformed") != std::string::npos ||
        message.find("not a database") != std::string::npos) {
        throw ProjectError(path + ": the file is damaged (" + message +
                           "); restore it from a backup");
    }
    throw LibraryError(path + ": " + message);
}

} // namespace

void ProjectImpl::exec(const std::string& sql) const {
    if (pg) {
        Statement(sqlite_handle(*this), sql).step();
        return;
    }
    GdalErrorCapture errors;
    OGRLayer* result = ds->ExecuteSQL(sql.c_str(), nullptr, nullptr);
    if (result != nullptr) {
        ds->ReleaseResultSet(result);
    }
    if (!errors.last().empty()) {
        throw_sql_error(path, errors.last());
    }
}

std::vector<std::string> ProjectImpl::strings(const std::string& sql) const {
    if (pg) {
        std::vector<std::string> out;
        Statement s(sqlite_handle(*this), sql);
        while (s.step()) {
            out.push_back(s.text(0));
        }
        return out;
    }
    GdalErrorCapture errors;
    SqlResult result(ds.get(), ds->ExecuteSQL(sql.c_str(), nullptr, nullptr));
    if (!errors.last().empty()) {
        throw_sql_error(path, errors.last());
    }
    std::vector<std::string> out;
    if (result.layer() == nullptr) {
        return out;
    }
    for (auto& f : *result.layer()) {
        out.emplace_back(f->IsFieldSetAndNotNull(0) ? f->GetFieldAsString(0) : "");
    }
    return out;
}

std::optional<std::string> ProjectImpl::setting(const std::string& key) const {
    auto rows = strings("SELECT value FROM settings WHERE key = " + sql_quote(key));
    if (rows.empty()) {
        return std::nullopt;
    }
    return rows.front();
}

void ProjectImpl::put_setting(const std::string& key, const std::string& value) const {
    OGRLayer* l = layer("settings");
    l->SetAttributeFilter(("key = " + sql_quote(key)).c_str());
    l->ResetReading();
    FeaturePtr existing(l->GetNextFeature());
    l->SetAttributeFilter(nullptr);
    if (existing) {
        existing->SetField("value", value.c_str());
        if (l->SetFeature(existing.get()) != OGRERR_NONE) {
            throw LibraryError(path + ": cannot update setting " + key);
        }
        return;
    }
    FeaturePtr f(OGRFeature::CreateFeature(l->GetLayerDefn()));
    f->SetField("key", key.c_str());
    f->SetField("value", value.c_str());
    if (l->CreateFeature(f.get()) != OGRERR_NONE) {
        throw LibraryError(path + ": cannot write setting " + key);
    }
}

void create_table(GDALDataset& ds, const TableDef& t, const OGRSpatialReference* srs, bool pg) {
    const std::string name(t.name);
    const std::string identifier = std::string(t.title_zh) + " " + name;
    CPLStringList owned;
    owned.AddString("FID=fid");
    owned.AddString("GEOMETRY_NAME=geom");
    if (pg) {
        // 64-bit ids from the table's sequence; the SQL names as they are; a GiST index.
        owned.AddString("FID64=YES");
        owned.AddString("LAUNDER=NO");
        owned.AddString("PRECISION=NO");
        owned.AddString(t.geometry == GeometryKind::none ? "SPATIAL_INDEX=NONE"
                                                         : "SPATIAL_INDEX=GIST");
        owned.AddNameValue("DESCRIPTION", identifier.c_str());
    } else {
        owned.AddString(t.geometry == GeometryKind::none ? "SPATIAL_INDEX=NO"
                                                         : "SPATIAL_INDEX=YES");
        owned.AddNameValue("IDENTIFIER", identifier.c_str());
    }
    OGRSpatialReference* layer_srs =
        t.geometry == GeometryKind::none ? nullptr : const_cast<OGRSpatialReference*>(srs);
    OGRLayer* layer =
        ds.CreateLayer(name.c_str(), layer_srs, ogr_geometry_type(t.geometry), owned.List());
    if (layer == nullptr) {
        throw LibraryError("cannot create table " + name + ": " + CPLGetLastErrorMsg());
    }
    for (const FieldDef& f : t.fields) {
        if (!f.link_table.empty()) {
            continue;
        }
        const auto field = field_defn(f);
        if (pg && f.type == FieldType::boolean) {
            field->SetSubType(OFSTNone); // 0/1 as in the GeoPackage (CHECK below)
        }
        if (f.required) {
            field->SetNullable(FALSE);
        }
        if (layer->CreateField(field.get()) != OGRERR_NONE) {
            throw LibraryError("cannot create field " + name + "." + std::string(f.name));
        }
    }
    // Index keys (unique) and references, so that lookups by key stay fast at city scale.
    auto sql = [&ds](const std::string& s) {
        OGRLayer* r = ds.ExecuteSQL(s.c_str(), nullptr, nullptr);
        if (r != nullptr) {
            ds.ReleaseResultSet(r);
        }
    };
    if (!t.key.empty()) {
        const std::string key(t.key);
        sql("CREATE UNIQUE INDEX \"" + name + "_" + key + "_key\" ON \"" + name + "\"(\"" + key +
            "\")");
    }
    for (const FieldDef& f : t.fields) {
        if (!f.references.empty() && f.link_table.empty()) {
            sql(index_sql(t, f));
        }
    }
    if (pg) {
        // Text sorts and compares byte by byte (as SQLite's BINARY); booleans are 0 or 1.
        for (const FieldDef& f : t.fields) {
            if (f.link_table.empty()) {
                if (const std::string column = pg_column_sql(t, f); !column.empty()) {
                    sql(column);
                }
            }
        }
    }
}

Transaction::Transaction(GDALDataset& ds) : m_ds(ds) {
    std::optional<GdalErrorCapture> errors;
    if (is_pg_dataset(m_ds)) {
        errors.emplace(); // a lost connection is told once, by pg_check_fault, not by GDAL too
    }
    if (m_ds.StartTransaction(FALSE) != OGRERR_NONE) {
        const std::string message =
            errors && !errors->last().empty() ? errors->last() : CPLGetLastErrorMsg();
        if (PgSession* s = is_pg_dataset(m_ds) ? pg_session_of(&m_ds) : nullptr) {
            pg_check_fault(*s, message);
        }
        throw LibraryError("cannot start a transaction: " + message);
    }
    try {
        if (is_pg_dataset(m_ds)) {
            m_pg = pg_session_of(&m_ds);
            if (m_pg != nullptr) {
                ++m_pg->write_transactions;
            }
            acquire_pg_write_lock(m_ds); // one writer per project, as in a GeoPackage
        } else {
            acquire_write_lock(m_ds); // waits for another writer; see detail/lock.hpp
        }
    } catch (...) {
        m_ds.RollbackTransaction(); // on a lost connection, its error goes to `errors`
        if (m_pg != nullptr) {
            --m_pg->write_transactions;
        }
        throw;
    }
    m_open = true;
}

Transaction::~Transaction() {
    if (m_open) {
        if (m_pg != nullptr) {
            --m_pg->write_transactions;
            // A write that failed because the server went away: the project connects again
            // at its next call (the server rolled the transaction back).
            GdalErrorCapture errors;
            m_ds.RollbackTransaction();
            if (says_connection_lost(errors.last())) {
                m_pg->lost = true;
            }
        } else {
            m_ds.RollbackTransaction();
        }
        end_sqlite_transaction(m_ds); // a failed COMMIT leaves SQLite's transaction open
        release_write_lock(m_ds);
    }
}

void Transaction::commit() {
    if (is_pg_dataset(m_ds)) {
        notify_pg_change(m_ds); // delivered at commit: open desktops reload
    }
    std::optional<GdalErrorCapture> errors;
    if (m_pg != nullptr) {
        errors.emplace(); // a lost connection is told once, by pg_check_fault
    }
    if (m_ds.CommitTransaction() != OGRERR_NONE) {
        // Readers still reading when the wait for them ran out: the project is busy, not
        // broken (the destructor rolls back).
        const std::string message =
            errors && !errors->last().empty() ? errors->last() : CPLGetLastErrorMsg();
        if (m_pg != nullptr) {
            pg_check_fault(*m_pg, message, true); // lost while saving: it may be saved
        }
        if (last_error_is_busy(m_ds)) {
            throw ProjectError(readers_message(m_ds.GetDescription()));
        }
        throw LibraryError("cannot commit: " + message);
    }
    m_open = false;
    if (m_pg != nullptr) {
        --m_pg->write_transactions;
    }
    release_write_lock(m_ds);
}

} // namespace detail

using detail::ProjectImpl;

std::vector<std::pair<std::string, std::string>> default_settings() {
    return {{"tolerance_m2", "1"},
            {"households_min", "300"},
            {"households_max", "500"},
            {"service_reach_m", "500"},
            {"cut_share", "0.05"}};
}

Project::Project(std::unique_ptr<ProjectImpl> impl) : m_impl(std::move(impl)) {}
Project::Project(Project&&) noexcept = default;
Project& Project::operator=(Project&&) noexcept = default;
Project::~Project() = default;

Project Project::create(const std::string& path, int epsg) {
    detail::ensure_gdal_registered();
    const bool database = detail::is_database_location(path);
    if (!database && std::filesystem::exists(path)) {
        throw InputError(path + ": file exists; choose another name or delete it first");
    }
    if (epsg != 0) {
        parse_working_crs("EPSG:" + std::to_string(epsg)); // validates: projected, metric
    }
    if (database) {
        auto impl = detail::open_pg_project(path, true, false);
        {
            detail::Transaction tx(*impl->ds);
            for (const TableDef& t : schema_tables()) {
                if (t.geometry == GeometryKind::none) {
                    detail::create_table(*impl->ds, t, nullptr, true);
                }
            }
            impl->put_setting("schema_version", std::to_string(gridmap::schema_version));
            impl->put_setting("created_at", detail::now_iso());
            impl->put_setting("application", "gridmap " GRIDMAP_VERSION);
            detail::put_default_settings(*impl);
            detail::create_serve_tables(*impl); // as in a GeoPackage (schema 8 and 9)
            if (epsg != 0) {
                impl->create_feature_tables(epsg);
            }
            tx.commit();
        }
        impl->schema_version = gridmap::schema_version;
        impl->epsg = epsg;
        return Project(std::move(impl));
    }
    GDALDriver* driver = GetGDALDriverManager()->GetDriverByName("GPKG");
    if (driver == nullptr) {
        throw LibraryError("GDAL has no GPKG driver");
    }
    auto impl = std::make_unique<ProjectImpl>();
    impl->path = path;
    {
        detail::GdalErrorCapture errors;
        impl->ds.reset(driver->Create(path.c_str(), 0, 0, 0, GDT_Unknown, nullptr));
        if (!impl->ds) {
            throw InputError(path + ": cannot create: " + errors.last());
        }
    }
    try {
        detail::Transaction tx(*impl->ds);
        for (const TableDef& t : schema_tables()) {
            if (t.geometry == GeometryKind::none) {
                detail::create_table(*impl->ds, t, nullptr);
            }
        }
        impl->put_setting("schema_version", std::to_string(gridmap::schema_version));
        impl->put_setting("created_at", detail::now_iso());
        impl->put_setting("application", "gridmap " GRIDMAP_VERSION);
        detail::put_default_settings(*impl);
        detail::create_serve_tables(*impl);
        if (epsg != 0) {
            impl->create_feature_tables(epsg);
        }
        tx.commit();
    } catch (...) {
        impl->ds.reset();
        std::filesystem::remove(path);
        throw;
    }
    impl->schema_version = gridmap::schema_version;
    impl->epsg = epsg;
    return Project(std::move(impl));
}

Project Project::open(const std::string& path, Access access) {
    detail::ensure_gdal_registered();
    const bool database = detail::is_database_location(path);
    if (!database && !std::filesystem::exists(path)) {
        throw InputError(path + ": no such file");
    }
    auto impl = database ? detail::open_pg_project(path, false, access == Access::read_only)
                         : std::make_unique<ProjectImpl>();
    impl->path = path;
    impl->read_only = access == Access::read_only;
    if (!database) {
        detail::GdalErrorCapture errors;
        const std::array<const char*, 2> drivers{"GPKG", nullptr};
        const unsigned flags =
            GDAL_OF_VECTOR | (impl->read_only ? GDAL_OF_READONLY : GDAL_OF_UPDATE);
        // Opening reads the file: it waits out another writer like a write does.
        const std::string wait_ms = std::to_string(detail::lock_timeout_ms());
        const detail::ScopedConfigOption busy("SQLITE_BUSY_TIMEOUT", wait_ms.c_str());
        impl->ds.reset(GDALDataset::Open(path.c_str(), flags, drivers.data(), nullptr, nullptr));
        if (!impl->ds && errors.last().find("locked") != std::string::npos) {
            throw ProjectError(detail::locked_message(path));
        }
        if (!impl->ds) {
            throw ProjectError(path + ": not a GeoPackage" +
                               (errors.last().empty() ? "" : " (" + errors.last() + ")"));
        }
        detail::set_busy_timeout(*impl->ds); // reads wait out another writer's commit
    }
    if (impl->ds->GetLayerByName("settings") == nullptr) {
        throw ProjectError(path + ": not a Gridmap project (it has no 'settings' table)");
    }
    const auto version = impl->setting("schema_version");
    if (!version) {
        throw ProjectError(path + ": not a Gridmap project (no schema_version setting)");
    }
    const auto parsed_version = parse_integer(*version);
    if (!parsed_version || *parsed_version > 1000000) {
        throw ProjectError(path + ": unreadable schema_version '" + *version + "'");
    }
    int file_version = static_cast<int>(*parsed_version);
    if (file_version > gridmap::schema_version) {
        throw ProjectError(path + ": written by a newer Gridmap (schema version " +
                           std::to_string(file_version) + "); this program reads schema version " +
                           std::to_string(gridmap::schema_version) + " and older. Update Gridmap.");
    }
    if (file_version < 1) {
        throw ProjectError(path + ": invalid schema_version " + *version);
    }
    if (auto e = impl->setting("working_epsg"); e && !e->empty()) {
        impl->epsg = detail::working_epsg_setting(path, *e);
    }
    if (file_version < gridmap::schema_version) {
        if (impl->read_only) {
            throw ProjectError(path + ": schema version " + std::to_string(file_version) +
                               " needs migrating to " + std::to_string(gridmap::schema_version) +
                               "; open it for writing once");
        }
        if (impl->pg) {
            // A leader's or auditor's login, or any that does not own the tables, is told to
            // open it once as the owner instead of failing in the middle of the migration.
            detail::require_pg_migration_rights(*impl, file_version, gridmap::schema_version);
        }
        bool migrated_meanwhile = false;
        {
            detail::Transaction tx(*impl->ds);
            // Another program may have migrated it while this one waited for the write lock:
            // then it is opened again, with the tables as they are now.
            const auto locked = parse_integer(impl->setting("schema_version").value_or(""));
            if (locked && *locked != file_version) {
                migrated_meanwhile = true;
            } else {
                if (impl->pg) {
                    detail::act_as_pg_owner(*impl);
                }
                for (const auto& m : detail::migrations) {
                    if (m.to > file_version) {
                        m.apply(*impl);
                    }
                }
                if (impl->pg) {
                    detail::finish_pg_migration(*impl); // the accounts' grants on new tables
                }
                impl->put_setting("schema_version", std::to_string(gridmap::schema_version));
                tx.commit();
            }
        }
        if (migrated_meanwhile) {
            impl.reset();
            return open(path, access);
        }
        file_version = gridmap::schema_version;
    }
    impl->schema_version = file_version;
    detail::verify_schema(*impl);
    if (impl->pg && !impl->read_only) {
        detail::grant_auditor_settings(*impl->pg); // accounts of an older gridmap
    }
    return Project(std::move(impl));
}

Project Project::open_for_reading(const std::string& path) {
    // Read-write when we may write the file, so that an older schema is migrated first.
    const bool writable = detail::is_database_location(path) || ::access(path.c_str(), W_OK) == 0;
    return open(path, writable ? Access::read_write : Access::read_only);
}

const std::string& Project::path() const {
    return m_impl->path;
}
int Project::epsg() const {
    return m_impl->epsg;
}
int Project::schema_version() const {
    return m_impl->schema_version;
}

std::int64_t Project::count(const std::string& table) const {
    if (find_table(table) == nullptr) {
        throw InputError("unknown table '" + table + "'");
    }
    OGRLayer* l = m_impl->ds->GetLayerByName(table.c_str());
    return l == nullptr ? 0 : l->GetFeatureCount(TRUE);
}

ProjectInfo Project::info() const {
    ProjectInfo info;
    info.path = m_impl->path;
    info.schema_version = m_impl->schema_version;
    info.epsg = m_impl->epsg;
    info.crs_name = m_impl->epsg != 0 ? crs_name(m_impl->epsg) : "";
    for (const TableDef& t : schema_tables()) {
        LayerInfo li;
        li.name = std::string(t.name);
        li.geometry = std::string(to_string(t.geometry));
        if (OGRLayer* l = m_impl->ds->GetLayerByName(li.name.c_str())) {
            li.count = l->GetFeatureCount(TRUE);
            OGREnvelope env;
            if (t.geometry != GeometryKind::none && li.count > 0 &&
                l->GetExtent(&env, TRUE) == OGRERR_NONE) {
                li.extent = Extent{env.MinX, env.MinY, env.MaxX, env.MaxY};
            }
        }
        info.layers.push_back(std::move(li));
    }
    return info;
}

namespace detail {

void ProjectImpl::require_writable() const {
    if (read_only) {
        throw ProjectError(path + ": opened read-only");
    }
}

ProjectImpl& writable(Project& project) {
    project.impl().require_writable();
    reconnect_pg_if_lost(project.impl());
    return project.impl();
}

} // namespace detail

std::optional<std::string> Project::setting(const std::string& key) const {
    return m_impl->setting(key);
}

void Project::set_setting(const std::string& key, const std::string& value) {
    m_impl->require_writable();
    detail::Transaction tx(*m_impl->ds);
    m_impl->put_setting(key, value);
    tx.commit();
}

} // namespace gridmap
