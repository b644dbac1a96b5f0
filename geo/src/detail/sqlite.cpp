#include "detail/sqlite.hpp"

#include "detail/lock.hpp"
#include "detail/pg.hpp"
#include "detail/project_impl.hpp"
#include "gridmap/error.hpp"
#include "gridmap/parse.hpp"

#include <libpq-fe.h>

#include <algorithm>
#include <charconv>
#include <cmath>
#include <cstdlib>
#include <cstring>

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

/// The error of a failed statement on a PostgreSQL project: a serialization failure, a
/// deadlock or a lock wait that ran out are the project's state (ProjectError), anything else
/// a library failure.
[[noreturn]] void throw_pg_error(PgSession& pg, const std::string& message,
                                 const std::string& sql) {
    pg_check_fault(pg, message); // the connection lost, a read-only standby
    if (message.find("could not serialize") != std::string::npos ||
        message.find("deadlock detected") != std::string::npos ||
        message.find("lock timeout") != std::string::npos) {
        throw ProjectError(pg.display +
                           ": another editor changed the same rows at the same "
                           "time; nothing was written. Try again. (" +
                           message + ")");
    }
    if (message.find("permission denied") != std::string::npos ||
        message.find("row-level security") != std::string::npos) {
        throw ProjectError(pg.display + ": not allowed for this login (" + message + ")");
    }
    throw LibraryError("PostgreSQL: " + message + " in: " + sql);
}

/// Whether a statement returns rows.
bool is_query(std::string_view sql) {
    std::size_t i = 0;
    while (i < sql.size() && (sql[i] == ' ' || sql[i] == '\n' || sql[i] == '(')) {
        ++i;
    }
    auto word = [&](std::string_view w) {
        if (sql.size() - i < w.size()) {
            return false;
        }
        for (std::size_t k = 0; k < w.size(); ++k) {
            if (std::toupper(static_cast<unsigned char>(sql[i + k])) != w[k]) {
                return false;
            }
        }
        return true;
    };
    return word("SELECT") || word("WITH") || word("VALUES");
}

} // namespace

sqlite3* sqlite_handle(const ProjectImpl& p) {
    if (p.pg) {
        // A connection lost in an earlier call is opened again (a project object is never
        // const itself: only the view of it that reads).
        reconnect_pg_if_lost(const_cast<ProjectImpl&>(p));
        return p.pg->handle();
    }
    auto* db = static_cast<sqlite3*>(p.ds->GetInternalHandle("SQLITE_HANDLE"));
    if (db == nullptr) {
        throw LibraryError(p.path + ": GDAL gives no SQLite handle for this GeoPackage");
    }
    return db;
}

namespace {

/// Walks `sql`, calling `on_text(c)` for each character and `on_placeholder(k)` for each
/// placeholder outside literals and quoted names: `?` is the next one, `?NNN` the NNNth
/// (k counts from 0).
template <class OnText, class OnPlaceholder>
void scan_placeholders(std::string_view sql, OnText on_text, OnPlaceholder on_placeholder) {
    std::size_t next = 0;
    char quote = 0;
    for (std::size_t i = 0; i < sql.size(); ++i) {
        const char c = sql[i];
        if (quote != 0) {
            quote = c == quote ? 0 : quote;
        } else if (c == '\'' || c == '"') {
            quote = c;
        } else if (c == '?') {
            std::size_t number = 0;
            while (i + 1 < sql.size() && sql[i + 1] >= '0' && sql[i + 1] <= '9') {
                number = number * 10 + static_cast<std::size_t>(sql[++i] - '0');
            }
            on_placeholder(number == 0 ? next++ : number - 1);
            continue;
        }
        on_text(c);
    }
}

} // namespace

Statement::Statement(sqlite3* db, const std::string& sql) : m_db(db), m_pg(pg_session(db)) {
    if (m_pg != nullptr) {
        m_sql = pg_dialect(sql);
        std::size_t highest = 0;
        scan_placeholders(
            m_sql, [](char) {}, [&](std::size_t k) { highest = std::max(highest, k + 1); });
        m_params.assign(highest, "NULL");
        return;
    }
    if (const int rc =
            sqlite3_prepare_v2(db, sql.c_str(), static_cast<int>(sql.size()), &m_stmt, nullptr);
        rc != SQLITE_OK) {
        throw_sqlite_error(db, rc, " in: " + sql);
    }
}

Statement::~Statement() {
    if (m_pg != nullptr) {
        pg_release();
        return;
    }
    sqlite3_finalize(m_stmt);
}

void Statement::pg_release() {
    if (m_line != nullptr) {
        PQfreemem(m_line);
        m_line = nullptr;
    }
    m_fields.clear();
    m_binary = false;
    if (m_copy) {
        // Drain the rest of the COPY so that the reader connection is free again.
        auto* c = static_cast<PGconn*>(m_pg->reader);
        char* line = nullptr;
        while (PQgetCopyData(c, &line, 0) > 0) {
            PQfreemem(line);
        }
        while (PGresult* r = PQgetResult(c)) {
            PQclear(r);
        }
        m_copy = false;
        m_pg->reader_busy = false;
    }
    if (m_result != nullptr) {
        m_result_ds->ReleaseResultSet(m_result); // the dataset it came from (see PgSession::lost)
        m_result = nullptr;
    }
    m_started = false;
    m_row.clear();
}

void Statement::pg_bind(int index, std::string literal) {
    if (index >= 1 && static_cast<std::size_t>(index) <= m_params.size()) {
        m_params[static_cast<std::size_t>(index) - 1] = std::move(literal);
    }
}

bool Statement::step() {
    if (m_pg != nullptr) {
        if (!m_started) {
            m_started = true;
            std::string sql;
            sql.reserve(m_sql.size() + 64);
            scan_placeholders(
                m_sql, [&](char c) { sql.push_back(c); },
                [&](std::size_t k) { sql += m_params[k]; });
            const bool query = is_query(sql);
            if (query) {
                if (auto* c = static_cast<PGconn*>(pg_reader(*m_pg))) {
                    // Outside a write transaction: streamed by COPY on the reader connection,
                    // a bulk read in the binary format when its columns allow.
                    m_binary = m_bulk && pg_start_binary(c, sql);
                    const std::string copy =
                        "COPY (" + sql + ") TO STDOUT" + (m_binary ? " (FORMAT binary)" : "");
                    PGresult* r = PQexec(c, copy.c_str());
                    const bool streaming = PQresultStatus(r) == PGRES_COPY_OUT;
                    const std::string error = streaming ? "" : PQresultErrorMessage(r);
                    PQclear(r);
                    if (!streaming) {
                        m_binary = false;
                        throw_pg_error(*m_pg, error, sql);
                    }
                    m_copy = true;
                    m_header_pending = m_binary;
                    m_pg->reader_busy = true;
                }
            }
            if (m_copy) {
                return pg_next_copy_row(); // (not run through GDAL too)
            }
            if (query) {
                // One text column, the record: its fields keep their order and exact values.
                sql = "SELECT q::text FROM (" + sql + ") q";
            }
            GdalErrorCapture errors;
            OGRLayer* r = m_pg->ds->ExecuteSQL(sql.c_str(), nullptr, nullptr);
            if (!errors.last().empty()) {
                if (r != nullptr) {
                    m_pg->ds->ReleaseResultSet(r);
                }
                throw_pg_error(*m_pg, errors.last(), sql);
            }
            if (!query) {
                if (r != nullptr) {
                    m_pg->ds->ReleaseResultSet(r);
                }
                return false;
            }
            m_result = r;
            m_result_ds = m_pg->ds;
        }
        if (m_copy) {
            return pg_next_copy_row();
        }
        if (m_result == nullptr) {
            return false;
        }
        GdalErrorCapture errors;
        OGRFeature* f = m_result->GetNextFeature();
        if (!errors.last().empty()) {
            OGRFeature::DestroyFeature(f);
            throw_pg_error(*m_pg, errors.last(), m_sql);
        }
        if (f == nullptr) {
            return false;
        }
        m_row = pg_parse_record(f->GetFieldAsString(0));
        OGRFeature::DestroyFeature(f);
        m_bytes.clear();
        return true;
    }
    const int rc = sqlite3_step(m_stmt);
    if (rc == SQLITE_ROW) {
        return true;
    }
    if (rc == SQLITE_DONE) {
        return false;
    }
    throw_sqlite_error(m_db, rc, "");
}

namespace {

/// How a column's binary COPY form is read (Statement::m_kinds).
enum BinaryKind : unsigned char {
    kind_text,
    kind_integer,
    kind_boolean,
    kind_geometry,
    kind_bytea
};

} // namespace

bool Statement::pg_start_binary(void* connection, const std::string& sql) {
    // The column types, from the statement prepared unnamed (it replaces the previous unnamed
    // one): a type without a reader here keeps the text format. A failure to prepare also
    // does, and the COPY then says what is wrong.
    auto* c = static_cast<PGconn*>(connection);
    PGresult* prepared = PQprepare(c, "", sql.c_str(), 0, nullptr);
    const bool fine = PQresultStatus(prepared) == PGRES_COMMAND_OK;
    PQclear(prepared);
    if (!fine) {
        return false;
    }
    PGresult* d = PQdescribePrepared(c, "");
    bool all = PQresultStatus(d) == PGRES_COMMAND_OK;
    m_kinds.clear();
    for (int k = 0; all && k < PQnfields(d); ++k) {
        const Oid type = PQftype(d, k);
        switch (type) {
        case 25:   // text
        case 1043: // varchar
        case 1042: // bpchar
        case 19:   // name
            m_kinds.push_back(kind_text);
            break;
        case 20: // int8
        case 21: // int2
        case 23: // int4
            m_kinds.push_back(kind_integer);
            break;
        case 16:
            m_kinds.push_back(kind_boolean);
            break;
        case 17:
            m_kinds.push_back(kind_bytea);
            break;
        default:
            if (type != 0 && type == m_pg->geometry_oid) {
                m_kinds.push_back(kind_geometry);
            } else {
                all = false; // a number with a fraction, a date, ...: their text is the server's
            }
        }
    }
    PQclear(d);
    return all;
}

bool Statement::pg_next_copy_row() {
    auto* c = static_cast<PGconn*>(m_pg->reader);
    if (m_line != nullptr) {
        PQfreemem(m_line);
        m_line = nullptr;
    }
    m_bytes.clear();
    while (true) {
        char* line = nullptr;
        const int n = PQgetCopyData(c, &line, 0);
        if (n <= 0) {
            std::string error = n == -2 ? PQerrorMessage(c) : "";
            while (PGresult* r = PQgetResult(c)) {
                if (PQresultStatus(r) != PGRES_COMMAND_OK && error.empty()) {
                    error = PQresultErrorMessage(r);
                }
                PQclear(r);
            }
            m_copy = false;
            m_binary = false;
            m_fields.clear();
            m_pg->reader_busy = false;
            if (!error.empty()) {
                throw_pg_error(*m_pg, error, m_sql);
            }
            return false;
        }
        const std::string_view message(line, static_cast<std::size_t>(n));
        if (!m_binary) {
            pg_parse_copy_line(message, m_row);
            PQfreemem(line);
            return true;
        }
        m_line = line; // the fields view it until the next row
        switch (pg_parse_binary_row(message, m_header_pending, m_fields)) {
        case PgCopyRow::row:
            if (m_fields.size() != m_kinds.size()) {
                break;
            }
            return true;
        case PgCopyRow::end:
            PQfreemem(m_line);
            m_line = nullptr;
            continue; // the end of the COPY follows
        case PgCopyRow::damaged:
            break;
        }
        // pg_release (at reset or destruction) drains the rest of the COPY.
        throw LibraryError("PostgreSQL: a row of COPY's binary format could not be read in: " +
                           m_sql);
    }
}

const PgCopyField* Statement::binary_field(int column) const {
    return column >= 0 && static_cast<std::size_t>(column) < m_fields.size()
               ? &m_fields[static_cast<std::size_t>(column)]
               : nullptr;
}

std::string_view Statement::binary_text(int column) const {
    const PgCopyField* f = binary_field(column);
    if (f == nullptr || f->is_null()) {
        return {};
    }
    switch (m_kinds[static_cast<std::size_t>(column)]) {
    case kind_integer:
        return m_bytes.emplace_back(std::to_string(pg_binary_integer(*f)));
    case kind_boolean:
        return f->size == 1 && f->data[0] != 0 ? "t" : "f";
    case kind_geometry: {
        // The text form: hex EWKB, upper case.
        std::string& hex = m_bytes.emplace_back();
        pg_append_hex(hex, f->bytes(), true);
        return hex;
    }
    case kind_bytea: {
        std::string& hex = m_bytes.emplace_back("\\x");
        pg_append_hex(hex, f->bytes(), false);
        return hex;
    }
    default:
        return f->bytes();
    }
}

void Statement::reset() {
    if (m_pg != nullptr) {
        pg_release();
        std::fill(m_params.begin(), m_params.end(), std::string("NULL"));
        return;
    }
    sqlite3_reset(m_stmt);
    sqlite3_clear_bindings(m_stmt);
}

void Statement::bind(int index, std::string_view text) {
    if (m_pg != nullptr) {
        return pg_bind(index, pg_literal_text(text));
    }
    sqlite3_bind_text(m_stmt, index, text.data(), static_cast<int>(text.size()), SQLITE_TRANSIENT);
}
void Statement::bind(int index, double value) {
    if (m_pg != nullptr) {
        return pg_bind(index, pg_literal_real(value));
    }
    sqlite3_bind_double(m_stmt, index, value);
}
void Statement::bind(int index, std::int64_t value) {
    if (m_pg != nullptr) {
        return pg_bind(index, std::to_string(value));
    }
    sqlite3_bind_int64(m_stmt, index, static_cast<sqlite3_int64>(value));
}
void Statement::bind_null(int index) {
    if (m_pg != nullptr) {
        return pg_bind(index, "NULL");
    }
    sqlite3_bind_null(m_stmt, index);
}

namespace {
const std::optional<std::string>* pg_field(const std::vector<std::optional<std::string>>& row,
                                           int column) {
    return column >= 0 && static_cast<std::size_t>(column) < row.size()
               ? &row[static_cast<std::size_t>(column)]
               : nullptr;
}
} // namespace

std::int64_t Statement::integer(int column) const {
    if (m_pg != nullptr) {
        std::string_view v;
        if (m_binary) {
            const PgCopyField* b = binary_field(column);
            if (b == nullptr || b->is_null()) {
                return 0;
            }
            const unsigned char kind = m_kinds[static_cast<std::size_t>(column)];
            if (kind == kind_integer) {
                return pg_binary_integer(*b);
            }
            v = kind == kind_text ? b->bytes() : binary_text(column);
        } else {
            const auto* f = pg_field(m_row, column);
            if (f == nullptr || !*f) {
                return 0;
            }
            v = **f;
        }
        if (v.empty()) {
            return 0;
        }
        if (v == "t") {
            return 1;
        }
        if (v == "f") {
            return 0;
        }
        std::int64_t n = 0;
        const auto r = std::from_chars(v.data(), v.data() + v.size(), n);
        if (r.ec != std::errc() || r.ptr != v.data() + v.size()) {
            return static_cast<std::int64_t>(
                std::strtod(std::string(v).c_str(), nullptr)); // as SQLite
        }
        return n;
    }
    return sqlite3_column_int64(m_stmt, column);
}
double Statement::real(int column) const {
    if (m_pg != nullptr && m_binary) {
        const PgCopyField* b = binary_field(column);
        if (b == nullptr || b->is_null()) {
            return 0.0;
        }
        const unsigned char kind = m_kinds[static_cast<std::size_t>(column)];
        if (kind == kind_integer) {
            return static_cast<double>(pg_binary_integer(*b));
        }
        return std::strtod(
            std::string(kind == kind_text ? b->bytes() : binary_text(column)).c_str(), nullptr);
    }
    if (m_pg != nullptr) {
        const auto* f = pg_field(m_row, column);
        return f == nullptr || !*f ? 0.0 : std::strtod((*f)->c_str(), nullptr);
    }
    return sqlite3_column_double(m_stmt, column);
}
std::string Statement::text(int column) const {
    if (m_pg != nullptr) {
        return std::string(text_view(column));
    }
    const auto* t = sqlite3_column_text(m_stmt, column);
    return t == nullptr ? std::string() : std::string(reinterpret_cast<const char*>(t));
}
std::string_view Statement::text_view(int column) const {
    if (m_pg != nullptr) {
        std::string_view v;
        if (m_binary) {
            const PgCopyField* b = binary_field(column);
            if (b == nullptr || b->is_null()) {
                return {};
            }
            if (m_kinds[static_cast<std::size_t>(column)] != kind_text) {
                return binary_text(column);
            }
            v = b->bytes();
        } else {
            const auto* f = pg_field(m_row, column);
            if (f == nullptr || !*f) {
                return {};
            }
            v = **f;
        }
        if (v.size() >= 22 && v[10] == ' ' && v.compare(v.size() - 3, 3, "+00") == 0) {
            m_bytes.push_back(pg_normalise_datetime(std::string(v)));
            return m_bytes.back();
        }
        return v;
    }
    const auto* t = sqlite3_column_text(m_stmt, column);
    return t == nullptr
               ? std::string_view()
               : std::string_view(reinterpret_cast<const char*>(t),
                                  static_cast<std::size_t>(sqlite3_column_bytes(m_stmt, column)));
}

bool Statement::is_null(int column) const {
    if (m_pg != nullptr && m_binary) {
        const PgCopyField* b = binary_field(column);
        return b == nullptr || b->is_null();
    }
    if (m_pg != nullptr) {
        const auto* f = pg_field(m_row, column);
        return f == nullptr || !*f;
    }
    return sqlite3_column_type(m_stmt, column) == SQLITE_NULL;
}
std::string_view Statement::blob(int column) const {
    if (m_pg != nullptr && m_binary) {
        const PgCopyField* b = binary_field(column);
        if (b == nullptr || b->is_null()) {
            return {};
        }
        const unsigned char kind = m_kinds[static_cast<std::size_t>(column)];
        if (kind == kind_geometry || kind == kind_bytea) {
            return b->bytes(); // the bytes themselves, without a copy
        }
        m_bytes.push_back(pg_decode_bytes(kind == kind_text ? b->bytes() : binary_text(column)));
        return m_bytes.back();
    }
    if (m_pg != nullptr) {
        const auto* f = pg_field(m_row, column);
        if (f == nullptr || !*f) {
            return {};
        }
        m_bytes.push_back(pg_decode_bytes(**f));
        return m_bytes.back();
    }
    const void* b = sqlite3_column_blob(m_stmt, column);
    const int n = sqlite3_column_bytes(m_stmt, column);
    return b == nullptr
               ? std::string_view()
               : std::string_view(static_cast<const char*>(b), static_cast<std::size_t>(n));
}

std::string next_numbered_id(sqlite3* db, const std::string& table, char prefix, int width) {
    Statement s(db, "SELECT id FROM \"" + table + "\" WHERE id GLOB '" + std::string(1, prefix) +
                        "[0-9]*'");
    long best = 0;
    while (s.step()) {
        if (const auto n = parse_integer(s.text_view(0).substr(1)); n && *n < 1000000000) {
            best = std::max(best, static_cast<long>(*n));
        }
    }
    std::string number = std::to_string(best + 1);
    if (static_cast<int>(number.size()) < width) {
        number.insert(0, static_cast<std::size_t>(width) - number.size(), '0');
    }
    return prefix + number;
}

bool table_exists(sqlite3* db, const std::string& table) {
    if (pg_session(db) != nullptr) {
        Statement s(db, "SELECT 1 FROM pg_class WHERE relnamespace = "
                        "current_schema()::regnamespace AND relname = ? AND relkind IN ('r', "
                        "'p', 'v')");
        s.bind(1, table);
        return s.step();
    }
    Statement s(db, "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?");
    s.bind(1, table);
    return s.step();
}

namespace {

/// Whether (E)WKB holds an empty geometry (no parts, or a point of NaN coordinates). Bytes too
/// short for any geometry are not empty: they are damaged, and GEOS says so.
bool wkb_is_empty(std::string_view wkb) {
    if (wkb.size() < 9) {
        return false;
    }
    const bool little = wkb[0] == 1;
    auto u32 = [&](std::size_t at) {
        std::uint32_t v = 0;
        for (int k = 0; k < 4; ++k) {
            const auto b = static_cast<unsigned char>(wkb[at + (little ? k : 3 - k)]);
            v |= static_cast<std::uint32_t>(b) << (8 * k);
        }
        return v;
    };
    const std::uint32_t type = u32(1);
    std::size_t at = 5;
    if ((type & 0x20000000u) != 0) {
        at += 4; // EWKB SRID
    }
    const std::uint32_t base = (type & 0xffffu) % 1000;
    if (base == 1) {
        if (wkb.size() < at + 8) {
            return false;
        }
        double x = 0;
        std::memcpy(&x, wkb.data() + at, 8); // NaN whatever the byte order
        return std::isnan(x);
    }
    return wkb.size() >= at + 4 && u32(at) == 0;
}

bool is_wkb(std::string_view blob) {
    return !blob.empty() && (blob[0] == 0 || blob[0] == 1);
}

} // namespace

std::optional<std::string> box_filter_sql(sqlite3* db, const std::string& table) {
    if (pg_session(db) != nullptr) {
        if (!table_exists(db, table)) {
            return std::nullopt;
        }
        return std::string("WHERE t.geom && ST_MakeEnvelope(?2, ?4, ?1, ?3)");
    }
    const std::string rtree = "rtree_" + table + "_geom";
    if (!table_exists(db, rtree)) {
        return std::nullopt;
    }
    return "JOIN \"" + rtree +
           "\" r ON r.id = t.fid WHERE r.minx <= ?1 AND r.maxx >= ?2 AND r.miny <= ?3 AND "
           "r.maxy >= ?4";
}

bool gpkg_blob_has_geometry(std::string_view blob) {
    if (blob.empty()) {
        return false; // NULL
    }
    if (is_wkb(blob)) {
        return !wkb_is_empty(blob);
    }
    const bool flagged_empty =
        blob.size() >= 8 && blob[0] == 'G' && blob[1] == 'P' && (blob[3] & 0x10) != 0;
    return !flagged_empty;
}

void throw_damaged_geometry(sqlite3* db, const std::string& table, const std::string& key,
                            std::int64_t fid) {
    const PgSession* pg = pg_session(db);
    const char* file = pg != nullptr ? pg->display.c_str() : sqlite3_db_filename(db, "main");
    throw ProjectError((file != nullptr ? std::string(file) : std::string("the project")) + ": " +
                       table + " '" + key + "'" +
                       (fid >= 0 ? " (fid " + std::to_string(fid) + ")" : std::string()) +
                       ": its geometry cannot be read; the project is damaged (restore it from "
                       "a backup, or fix or delete the feature in QGIS)");
}

GEOSGeometry* gpkg_blob_to_geos(GEOSContextHandle_t ctx, GEOSWKBReader* reader,
                                std::string_view blob) {
    if (is_wkb(blob)) {
        // PostGIS: (E)WKB, which GEOS reads (the SRID is the table's).
        if (wkb_is_empty(blob)) {
            return nullptr;
        }
        return GEOSWKBReader_read_r(
            ctx, reader, reinterpret_cast<const unsigned char*>(blob.data()), blob.size());
    }
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
