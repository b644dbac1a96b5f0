#include "detail/sqlite.hpp"

#include "detail/lock.hpp"
#include "detail/project_impl.hpp"
#include "gridmap/error.hpp"

namespace gridmap::detail {

namespace {

/// The error of a failed SQLite call on `db`: a lock held too long by another program and a
/// damaged file are the project's state (ProjectError, exit 2); anything else is a library
/// failure.
[[noreturn]] void throw_sqlite_error(sqlite3* db, int rc, const std::string& context) {
    const char* file = sqlite3_db_filename(db, "main");
    const std::string path = file != nullptr ? file : "the project";
    const std::string message = sqlite3_errmsg(db);
    switch (rc & 0xff) {
    case SQLITE_BUSY:
    case SQLITE_LOCKED:
        throw ProjectError(locked_message(path));
    case SQLITE_CORRUPT:
    case SQLITE_NOTADB:
        throw ProjectError(path + ": the file is damaged (" + message +
                           "); restore it from a backup");
    default:
        throw LibraryError("SQLite: " + message + context);
    }
}

} // namespace

sqlite3* sqlite_handle(const ProjectImpl& p) {
    auto* db = static_cast<sqlite3*>(p.ds->GetInternalHandle("SQLITE_HANDLE"));
    if (db == nullptr) {
        throw LibraryError(p.path + ": GDAL gives no SQLite handle for this GeoPackage");
    }
    return db;
}

Statement::Statement(sqlite3* db, const std::string& sql) : m_db(db) {
    if (const int rc =
            sqlite3_prepare_v2(db, sql.c_str(), static_cast<int>(sql.size()), &m_stmt, nullptr);
        rc != SQLITE_OK) {
        throw_sqlite_error(db, rc, " in: " + sql);
    }
}

Statement::~Statement() {
    sqlite3_finalize(m_stmt);
}

bool Statement::step() {
    const int rc = sqlite3_step(m_stmt);
    if (rc == SQLITE_ROW) {
        return true;
    }
    if (rc == SQLITE_DONE) {
        return false;
    }
    throw_sqlite_error(m_db, rc, "");
}

void Statement::reset() {
    sqlite3_reset(m_stmt);
    sqlite3_clear_bindings(m_stmt);
}

void Statement::bind(int index, std::string_view text) {
    sqlite3_bind_text(m_stmt, index, text.data(), static_cast<int>(text.size()), SQLITE_TRANSIENT);
}
void Statement::bind(int index, double value) {
    sqlite3_bind_double(m_stmt, index, value);
}
void Statement::bind(int index, std::int64_t value) {
    sqlite3_bind_int64(m_stmt, index, static_cast<sqlite3_int64>(value));
}
void Statement::bind_null(int index) {
    sqlite3_bind_null(m_stmt, index);
}

std::int64_t Statement::integer(int column) const {
    return sqlite3_column_int64(m_stmt, column);
}
double Statement::real(int column) const {
    return sqlite3_column_double(m_stmt, column);
}
std::string Statement::text(int column) const {
    const auto* t = sqlite3_column_text(m_stmt, column);
    return t == nullptr ? std::string() : std::string(reinterpret_cast<const char*>(t));
}
bool Statement::is_null(int column) const {
    return sqlite3_column_type(m_stmt, column) == SQLITE_NULL;
}
std::string_view Statement::blob(int column) const {
    const void* b = sqlite3_column_blob(m_stmt, column);
    const int n = sqlite3_column_bytes(m_stmt, column);
    return b == nullptr
               ? std::string_view()
               : std::string_view(static_cast<const char*>(b), static_cast<std::size_t>(n));
}

bool table_exists(sqlite3* db, const std::string& table) {
    Statement s(db, "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?");
    s.bind(1, table);
    return s.step();
}

bool gpkg_blob_has_geometry(std::string_view blob) {
    if (blob.empty()) {
        return false; // NULL
    }
    const bool flagged_empty =
        blob.size() >= 8 && blob[0] == 'G' && blob[1] == 'P' && (blob[3] & 0x10) != 0;
    return !flagged_empty;
}

void throw_damaged_geometry(sqlite3* db, const std::string& table, const std::string& key,
                            std::int64_t fid) {
    const char* file = sqlite3_db_filename(db, "main");
    throw ProjectError((file != nullptr ? std::string(file) : std::string("the project")) + ": " +
                       table + " '" + key + "'" +
                       (fid >= 0 ? " (fid " + std::to_string(fid) + ")" : std::string()) +
                       ": its geometry cannot be read; the project is damaged (restore it from "
                       "a backup, or fix or delete the feature in QGIS)");
}

GEOSGeometry* gpkg_blob_to_geos(GEOSContextHandle_t ctx, GEOSWKBReader* reader,
                                std::string_view blob) {
    // GeoPackage binary: "GP", version, flags, srs_id (4 bytes), envelope, then WKB.
    if (blob.size() < 8 || blob[0] != 'G' || blob[1] != 'P') {
        return nullptr;
    }
    const auto flags = static_cast<unsigned char>(blob[3]);
    if ((flags & 0x10) != 0) {
        return nullptr; // empty geometry
    }
    static constexpr std::size_t envelope_bytes[8] = {0, 32, 48, 48, 64, 0, 0, 0};
    const std::size_t header = 8 + envelope_bytes[(flags >> 1) & 0x7];
    if (blob.size() <= header) {
        return nullptr;
    }
    return GEOSWKBReader_read_r(ctx, reader,
                                reinterpret_cast<const unsigned char*>(blob.data() + header),
                                blob.size() - header);
}

} // namespace gridmap::detail
