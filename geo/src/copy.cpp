#include "gridmap/copy.hpp"

#include "detail/project_impl.hpp"
#include "detail/sqlite.hpp"
#include "gridmap/error.hpp"
#include "gridmap/project.hpp"
#include "gridmap/schema.hpp"

#include <filesystem>
#include <optional>
#include <string>
#include <vector>

namespace gridmap {

namespace {

/// Copies the rows of one table, keeping feature ids. Inside the destination's transaction.
std::int64_t copy_table(const detail::ProjectImpl& from, detail::ProjectImpl& to,
                        const TableDef& t) {
    const std::string name(t.name);
    OGRLayer* src = from.ds->GetLayerByName(name.c_str());
    if (src == nullptr) {
        return 0; // feature tables before the first spatial import
    }
    OGRLayer* dst = to.layer(name);
    OGRFeatureDefn* sd = src->GetLayerDefn();
    OGRFeatureDefn* dd = dst->GetLayerDefn();
    // Destination field of each source field, by name (fields the destination lacks are
    // columns of a newer schema: none, as both are at the current schema version).
    std::vector<int> map(static_cast<std::size_t>(sd->GetFieldCount()), -1);
    for (int i = 0; i < sd->GetFieldCount(); ++i) {
        map[static_cast<std::size_t>(i)] = dd->GetFieldIndex(sd->GetFieldDefn(i)->GetNameRef());
    }
    src->ResetReading();
    std::int64_t n = 0;
    for (auto& f : *src) {
        detail::FeaturePtr out(OGRFeature::CreateFeature(dd));
        out->SetFrom(f.get(), map.data(), TRUE);
        out->SetFID(f->GetFID());
        if (dst->CreateFeature(out.get()) != OGRERR_NONE) {
            throw LibraryError(to.path + ": cannot write " + name + " fid " +
                               std::to_string(f->GetFID()) + ": " + CPLGetLastErrorMsg());
        }
        ++n;
    }
    if (to.pg) {
        // The id sequence continues after the copied ids.
        to.exec("SELECT setval(pg_get_serial_sequence('\"" + name +
                "\"', 'fid'), GREATEST((SELECT MAX(fid) FROM \"" + name + "\"), 1))");
    }
    return n;
}

/// Copies the tables of `gridmap serve` (API keys, staff accounts, the server secret: plain
/// tables, not layers) value by value. Inside the destination's transaction.
void copy_serve_tables(const detail::ProjectImpl& from, detail::ProjectImpl& to) {
    struct ServeTable {
        const char* name;
        std::vector<const char*> columns;
    };
    const std::vector<ServeTable> tables{
        {"serve_api_key", {"name", "hash", "created_at", "revoked_at"}},
        {"serve_account", {"person", "password_hash", "role", "created_at"}},
        {"serve_secret", {"id", "secret"}}};
    sqlite3* src = detail::sqlite_handle(from);
    sqlite3* dst = detail::sqlite_handle(to);
    for (const ServeTable& t : tables) {
        if (!detail::table_exists(src, t.name)) {
            continue; // a source older than schema 8 has none
        }
        std::string columns;
        std::string marks;
        for (const char* c : t.columns) {
            columns += std::string(columns.empty() ? "" : ", ") + c;
            marks += marks.empty() ? "?" : ", ?";
        }
        detail::Statement read(src, "SELECT " + columns + " FROM " + t.name);
        detail::Statement write(dst, "INSERT INTO " + std::string(t.name) + " (" + columns +
                                         ") VALUES (" + marks + ")");
        while (read.step()) {
            for (std::size_t k = 0; k < t.columns.size(); ++k) {
                const int column = static_cast<int>(k);
                if (read.is_null(column)) {
                    write.bind_null(column + 1);
                } else {
                    write.bind(column + 1, read.text(column));
                }
            }
            write.step();
            write.reset();
        }
    }
}

} // namespace

CopyReport copy_project(const std::string& source, const std::string& destination) {
    const Project from = Project::open(source, Project::Access::read_only);
    const bool to_file = !detail::is_database_location(destination);
    std::optional<Project> to = Project::create(destination, from.epsg());
    CopyReport report;
    try {
        detail::ProjectImpl& d = to->impl();
        detail::Transaction tx(*d.ds);
        // The source's settings replace the new project's (created_at, application, the
        // analysis settings and the working CRS).
        d.exec("DELETE FROM settings");
        for (const TableDef& t : schema_tables()) {
            const std::int64_t n = copy_table(from.impl(), d, t);
            report.tables.emplace_back(std::string(t.name), n);
            report.rows += n;
        }
        copy_serve_tables(from.impl(), d);
        tx.commit();
    } catch (...) {
        if (!to_file) {
            // The new project's empty tables go too (their creation was committed).
            try {
                detail::Transaction drop(*to->impl().ds);
                for (const TableDef& t : schema_tables()) {
                    to->impl().exec("DROP TABLE IF EXISTS \"" + std::string(t.name) + "\" CASCADE");
                }
                for (const char* t : {"serve_api_key", "serve_account", "serve_secret"}) {
                    to->impl().exec(std::string("DROP TABLE IF EXISTS ") + t);
                }
                drop.commit();
            } catch (const Error&) {
                // the first error is the one to report
            }
        }
        to.reset();
        if (to_file) {
            std::filesystem::remove(destination);
        }
        throw;
    }
    return report;
}

} // namespace gridmap
