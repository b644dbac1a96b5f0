#pragma once

// Bulk writes into a project's GeoPackage on GDAL's SQLite connection, for imports of thousands
// of rows: the rows are inserted by prepared statements with GDAL's per-row triggers suspended,
// and what those triggers keep (the feature count in gpkg_ogr_contents, the layer's R-tree and
// its extent in gpkg_contents) is brought up to date once for the whole batch. The file is
// then what GDAL writes feature by feature: the same rows, geometry blobs, counts and extent,
// and an R-tree with the same entries (packed in one pass instead of inserted one at a time).
// GeoPackage projects only: a PostgreSQL project takes OGR's path.

#include "detail/sqlite.hpp"

#include <ogr_core.h>
#include <sqlite3.h>

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

class OGRGeometry;

namespace gridmap::detail {

/// Appends the GeoPackage binary geometry of `g` to `out` as GDAL writes it: the header (magic
/// "GP", version 0, little-endian, an XY envelope unless a point or empty, the srs_id) and the
/// geometry's ISO WKB.
void append_gpkg_blob(std::string& out, const OGRGeometry& g, std::int32_t srs_id);

/// One entry of a GeoPackage R-tree: a feature id and its box in 32-bit floats, rounded outwards
/// as SQLite's R-tree rounds the doubles it is given.
struct RTreeEntry {
    std::int64_t id = 0;
    float min_x = 0;
    float max_x = 0;
    float min_y = 0;
    float max_y = 0;
};

RTreeEntry rtree_entry(std::int64_t id, const OGREnvelope& e);

/// Drops a trigger for a bulk insert and creates it again from its own SQL in restore() (or the
/// transaction's rollback restores it). `exists()` is false when there was no such trigger.
class SuspendedTrigger {
public:
    SuspendedTrigger(sqlite3* db, const std::string& name);
    bool exists() const { return !m_sql.empty(); }
    void restore();

private:
    sqlite3* m_db;
    std::string m_sql;
};

/// Whether the R-tree `rtree_<table>_geom` can be rebuilt by pack_rtree: it exists, its insert
/// trigger exists, and its node table is writable on this connection.
bool rtree_packable(sqlite3* db, const std::string& table);

/// Rebuilds the R-tree `rtree_<table>_geom` from its current entries plus `added` (ids not in
/// it yet): the entries sorted along a Hilbert curve of their centres, packed into full nodes
/// level by level, and the node, rowid and parent tables of SQLite's R-tree written directly.
/// Queries on it return what per-row inserts would (the same boxes by id). Call inside a
/// transaction, after rtree_packable.
void pack_rtree(sqlite3* db, const std::string& table, std::vector<RTreeEntry> added);

/// Rows per multi-row INSERT of insert_batched.
constexpr std::size_t rows_per_insert = 64;

/// Inserts `rows` rows into `columns` of `table` by multi-row INSERT statements of up to
/// rows_per_insert rows (one statement per row costs SQLite a statement run and, for GDAL's
/// AUTOINCREMENT tables, a read and a write of sqlite_sequence each). bind(statement, row,
/// first_parameter) binds the row's values from that parameter on; done(first_row, count,
/// last_rowid) follows each statement: its rows got the rowids last_rowid - count + 1 to
/// last_rowid, in order.
template <class Bind, class Done>
void insert_batched(sqlite3* db, const std::string& table, const std::vector<std::string>& columns,
                    std::size_t rows, Bind bind, Done done) {
    std::string head = "INSERT INTO \"" + table + "\" (";
    std::string one = "(";
    for (std::size_t c = 0; c < columns.size(); ++c) {
        head += (c == 0 ? "\"" : ", \"") + columns[c] + "\"";
        one += c == 0 ? "?" : ", ?";
    }
    head += ") VALUES ";
    one += ")";
    const auto sql = [&](std::size_t n) {
        std::string out = head;
        for (std::size_t r = 0; r < n; ++r) {
            out += (r == 0 ? "" : ", ") + one;
        }
        return out;
    };
    const int width = static_cast<int>(columns.size());
    std::unique_ptr<Statement> full;
    for (std::size_t first = 0; first < rows; first += rows_per_insert) {
        const std::size_t n = std::min(rows_per_insert, rows - first);
        std::unique_ptr<Statement> part;
        if (n == rows_per_insert && !full) {
            full = std::make_unique<Statement>(db, sql(n));
        } else if (n < rows_per_insert) {
            part = std::make_unique<Statement>(db, sql(n));
        }
        Statement& s = n == rows_per_insert ? *full : *part;
        for (std::size_t r = 0; r < n; ++r) {
            bind(s, first + r, static_cast<int>(r) * width + 1);
        }
        s.step();
        s.reset();
        done(first, n, sqlite3_last_insert_rowid(db));
    }
}

/// Raises SQLite's page cache of the connection to `kib` KiB for a bulk write (SQLite's 2 MB
/// default spills the pages of indexes and the R-tree to the file mid-transaction at city
/// scale) and sets the old size back when destroyed. A bound, not an allocation.
class ScopedCacheSize {
public:
    ScopedCacheSize(sqlite3* db, std::int64_t kib);
    ~ScopedCacheSize();
    ScopedCacheSize(const ScopedCacheSize&) = delete;
    ScopedCacheSize& operator=(const ScopedCacheSize&) = delete;

private:
    sqlite3* m_db;
    std::int64_t m_old = 0;
};

/// Raises a table's feature count in gpkg_ogr_contents by `added` (no row: nothing to keep).
void add_feature_count(sqlite3* db, const std::string& table, std::int64_t added);

/// Sets a table's last_change in gpkg_contents to now, as GDAL does for a layer it wrote to.
void touch_contents(sqlite3* db, const std::string& table);

/// Widens a table's extent in gpkg_contents to `e` (set when it was NULL), as GDAL stores the
/// extent of the features it wrote.
void widen_extent(sqlite3* db, const std::string& table, const OGREnvelope& e);

} // namespace gridmap::detail
