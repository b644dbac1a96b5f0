#pragma once

// Direct SQLite access to a project's GeoPackage, on GDAL's own connection (so GDAL's SQL
// functions used by the GeoPackage triggers are registered, and GDAL's transactions apply).
// Used where OGR's feature-at-a-time API is too slow at city scale: bulk reads of geometry
// blobs and bulk updates of computed attribute columns.

#include "detail/geos.hpp"
#include "detail/pg_copy.hpp"

#include <sqlite3.h>

#include <cstdint>
#include <deque>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

class GDALDataset;
class OGRLayer;

namespace gridmap::detail {

struct ProjectImpl;

struct PgSession;

/// The database handle of a project: the sqlite3 handle behind its GeoPackage's GDAL dataset,
/// or, for a PostgreSQL project, its detail::PgSession (see detail/pg.hpp) under the same type,
/// which Statement and table_exists recognise. Throws LibraryError if unavailable.
sqlite3* sqlite_handle(const ProjectImpl& p);

/// A prepared statement, finalized on destruction. Errors become LibraryError. On a
/// PostgreSQL project the SQL is translated (pg_dialect), `?` placeholders take the bound
/// values as literals, and rows are read through GDAL's cursor on the project's connection.
class Statement {
public:
    Statement(sqlite3* db, const std::string& sql);
    ~Statement();
    Statement(const Statement&) = delete;
    Statement& operator=(const Statement&) = delete;

    /// Steps once; true while a row is available.
    bool step();
    /// Resets for re-use with new bindings.
    void reset();

    void bind(int index, std::string_view text);
    void bind(int index, double value);
    void bind(int index, std::int64_t value);
    void bind_null(int index);

    std::int64_t integer(int column) const;
    double real(int column) const;
    /// Text of a column ("" for NULL).
    std::string text(int column) const;
    bool is_null(int column) const;
    /// The column's bytes (for blobs).
    std::string_view blob(int column) const;
    /// The text of a column without a copy ("" for NULL); valid until the next step.
    std::string_view text_view(int column) const;

    /// Marks the statement as a read of many rows (a whole table). On a PostgreSQL project,
    /// outside a write transaction, it is then streamed by COPY in its binary format when
    /// every column is text, an integer, a boolean, a geometry or bytea (the accessors give
    /// the same values as from the text format): geometries arrive as EWKB bytes instead of
    /// hex text and no field is copied. Call before the first step; no effect on SQLite.
    void set_bulk() { m_bulk = true; }

    /// The SQLite statement (nullptr on a PostgreSQL project).
    sqlite3_stmt* get() const { return m_stmt; }

private:
    sqlite3* m_db;
    sqlite3_stmt* m_stmt = nullptr;
    // PostgreSQL
    PgSession* m_pg = nullptr;
    std::string m_sql;
    std::vector<std::string> m_params;
    OGRLayer* m_result = nullptr;
    GDALDataset* m_result_ds = nullptr; ///< the dataset of m_result
    bool m_started = false;
    bool m_copy = false; ///< streaming COPY ... TO STDOUT on the session's reader
    std::vector<std::optional<std::string>> m_row;
    mutable std::deque<std::string> m_bytes;
    // COPY in the binary format (set_bulk)
    bool m_bulk = false;
    bool m_binary = false;
    bool m_header_pending = false;
    char* m_line = nullptr; ///< libpq's buffer of the current row, which m_fields view
    std::vector<PgCopyField> m_fields;
    std::vector<unsigned char> m_kinds; ///< per column: how its binary form is read
    void pg_release();
    void pg_bind(int index, std::string literal);
    bool pg_start_binary(void* connection, const std::string& sql);
    bool pg_next_copy_row();
    const PgCopyField* binary_field(int column) const;
    std::string_view binary_text(int column) const;
};

/// The next id of `table` made as `prefix` + the highest number used + 1, zero-padded to
/// `width` digits (I021, R007, V00012): numbers in other forms and absurd ones are ignored.
/// Call it inside the write transaction that inserts the row (ids are then unique).
std::string next_numbered_id(sqlite3* db, const std::string& table, char prefix, int width);

/// Whether a table exists in the file.
bool table_exists(sqlite3* db, const std::string& table);

/// The clause that keeps the rows of `table` (aliased t) whose bounding box meets the box
/// bound to ?1 = max x, ?2 = min x, ?3 = max y, ?4 = min y, through the spatial index: a join
/// on the GeoPackage's R-tree, or `&&` on PostGIS (GiST). nullopt when the table has no index
/// (no feature tables yet).
std::optional<std::string> box_filter_sql(sqlite3* db, const std::string& table);

/// Reads a GeoPackage geometry blob (header + WKB), or the (E)WKB of a PostGIS geometry, into a
/// GEOS geometry (nullptr for NULL, empty or unreadable blobs).
GEOSGeometry* gpkg_blob_to_geos(GEOSContextHandle_t ctx, GEOSWKBReader* reader,
                                std::string_view blob);

/// Whether a blob holds a geometry (neither NULL nor a GeoPackage empty geometry): when
/// gpkg_blob_to_geos cannot read such a blob, the project is damaged.
bool gpkg_blob_has_geometry(std::string_view blob);

/// Throws ProjectError "<file>: <table> '<key>' (fid N): its geometry cannot be read; the project
/// is damaged ..." for a geometry that `gpkg_blob_has_geometry` and GEOS could not read (the fid
/// is left out when negative).
[[noreturn]] void throw_damaged_geometry(sqlite3* db, const std::string& table,
                                         const std::string& key, std::int64_t fid);

/// Owns a WKB reader of a context.
struct WkbReaderDeleter {
    GEOSContextHandle_t ctx;
    void operator()(GEOSWKBReader* r) const { GEOSWKBReader_destroy_r(ctx, r); }
};
using WkbReaderPtr = std::unique_ptr<GEOSWKBReader, WkbReaderDeleter>;

} // namespace gridmap::detail
