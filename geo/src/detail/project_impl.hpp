#pragma once

#include "detail/gdal.hpp"
#include "detail/pg.hpp"
#include "gridmap/schema.hpp"

#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

namespace gridmap {
class Project;
}

namespace gridmap::detail {

/// The state behind gridmap::Project: the open GDAL dataset and the working CRS.
struct ProjectImpl {
    std::string path;
    GDALDatasetUniquePtr ds;
    int epsg = 0; ///< 0 until the first spatial import chooses it
    int schema_version = 0;
    bool read_only = false;
    /// The analysis kept by gridmap::Analysis::current (a `const Analysis`), guarded by
    /// analysis_mutex.
    mutable std::mutex analysis_mutex;
    mutable std::shared_ptr<const void> analysis;
    /// Set for a project kept in PostgreSQL/PostGIS (after `ds`: destroyed before it).
    std::unique_ptr<PgSession> pg;

    /// The layer of a schema table. Throws ProjectError if it is missing.
    OGRLayer* layer(std::string_view table) const;
    /// Whether the feature tables exist (they are created with the working CRS).
    bool has_feature_tables() const;
    /// Creates the feature tables in `epsg` and records it. Inside the caller's transaction.
    void create_feature_tables(int new_epsg);
    /// Runs SQL (SQLite dialect through GDAL). Throws LibraryError on failure.
    void exec(const std::string& sql) const;
    /// First column of every row of a query, as text (NULL -> "").
    std::vector<std::string> strings(const std::string& sql) const;
    /// A settings value.
    std::optional<std::string> setting(const std::string& key) const;
    /// Inserts or updates a settings value (no transaction of its own).
    void put_setting(const std::string& key, const std::string& value) const;
    /// Throws ProjectError "<path>: opened read-only" unless the project may be written.
    void require_writable() const;
};

/// The state of `project` for a write (ProjectImpl::require_writable first).
ProjectImpl& writable(Project& project);

/// Creates one schema table's layer, its fields and indexes (on a PostgreSQL dataset when `pg`).
void create_table(GDALDataset& ds, const TableDef& table, const OGRSpatialReference* srs,
                  bool pg = false);

/// Connects to a PostgreSQL project (detail/project_pg.cpp); with `create`, enables PostGIS and
/// makes the schema when allowed and refuses a schema that already holds a project.
std::unique_ptr<ProjectImpl> open_pg_project(const std::string& location, bool create,
                                             bool read_only);

/// A PostgreSQL project whose connection was lost (PgSession::lost) connects again: a new
/// dataset replaces `ds` (the old one is kept, dead, until the project closes) and the reader
/// connection is dropped. Does nothing for a GeoPackage, a live connection, or while a write
/// transaction or a streamed read is open. Throws ProjectError when the server is still away.
void reconnect_pg_if_lost(ProjectImpl& p);

/// Whether a GDAL dataset is a PostgreSQL connection.
bool is_pg_dataset(GDALDataset& ds);
/// In a transaction on PostgreSQL: waits (up to GRIDMAP_LOCK_TIMEOUT_MS) for the project's
/// write lock, a transaction-level advisory lock on the schema, so that writers take turns as
/// in a GeoPackage and every write reads the state the previous one committed. ProjectError
/// when the wait runs out.
void acquire_pg_write_lock(GDALDataset& ds);
/// NOTIFY gridmap_changed, '<schema>' (delivered when the transaction commits).
void notify_pg_change(GDALDataset& ds);

/// Begins a GDAL transaction and rolls it back unless committed.
class Transaction {
public:
    explicit Transaction(GDALDataset& ds);
    ~Transaction();
    Transaction(const Transaction&) = delete;
    Transaction& operator=(const Transaction&) = delete;
    void commit();

private:
    GDALDataset& m_ds;
    bool m_open = false;
    PgSession* m_pg = nullptr; ///< reads go through GDAL's connection while this is open
};

} // namespace gridmap::detail
