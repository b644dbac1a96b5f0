#pragma once

// A project kept in PostgreSQL/PostGIS instead of a GeoPackage (issue #14).
//
// The project is opened through GDAL's PostgreSQL driver, so the OGR layer writes and GDAL's
// transactions of the GeoPackage code apply unchanged. The direct SQL reads and updates
// (detail::Statement) run on that same GDAL connection (so they see the transaction's own
// writes): the SQLite dialect of the call sites is translated here in one place, and every row
// of a query is read as the text of one record (`SELECT q::text FROM (...) q`), through GDAL's
// cursor, in batches: geometry columns arrive as hex EWKB, numbers in their exact shortest form.

#include <gdal_priv.h>

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

struct sqlite3;

namespace gridmap::detail {

/// Whether `location` names a PostgreSQL database rather than a file: `postgresql://...`,
/// `postgres://...` or GDAL's `PG:...`.
bool is_database_location(std::string_view location);

/// A parsed database location.
struct PgLocation {
    std::string gdal_name; ///< "PG:host=... dbname=... active_schema=S schemas=S"
    std::string conninfo;  ///< the libpq keywords alone
    std::string schema;    ///< the project's schema ("public" when none is given)
    std::string display;   ///< the location without its password, for messages
};

/// Parses `postgresql://user[:password]@host[:port]/db[?schema=NAME&...]` or `PG:...`.
/// Throws InputError naming the location when it cannot be used.
PgLocation parse_pg_location(const std::string& location);

/// The per-project session of a PostgreSQL project: what detail::Statement needs to run SQL on
/// GDAL's connection. Its address, cast to sqlite3*, is the project's "database handle" that
/// call sites pass around (see sqlite_handle), so that call sites stay backend-neutral.
struct PgSession {
    GDALDataset* ds = nullptr;
    std::string display; ///< for messages
    std::string schema;
    /// For bulk reads outside a write transaction: a second connection (libpq, opened on first
    /// use) that streams query results with COPY ... TO STDOUT. Empty: reads go through GDAL.
    std::string conninfo;
    void* reader = nullptr;     ///< PGconn*
    bool reader_busy = false;   ///< a COPY is streaming on it (a nested read goes through GDAL)
    int write_transactions = 0; ///< open detail::Transaction objects on this dataset
    /// The type oid of PostGIS's geometry on `reader` (0: unknown), for binary COPY.
    unsigned geometry_oid = 0;

    /// LISTEN gridmap_changed was run on `reader` (gridmap::poll_changes).
    bool reader_listens = false;
    /// poll_changes has listened before (on this or an earlier reader connection): listening
    /// anew means notifications were missed meanwhile.
    bool listened = false;
    /// The connection to the server was lost: the project reopens it at its next call
    /// (reconnect_pg_if_lost in detail/project_impl.hpp).
    bool lost = false;
    /// gridmap::poll_changes has told of the loss (ConnectionLostError) since it happened.
    bool lost_told = false;
    /// The server process of GDAL's connection (pg_backend_pid), whose commits' notifications
    /// are the project's own: poll_changes ignores them (the edit reloaded its views already).
    int writer_pid = 0;
    /// The datasets of lost connections, kept until the project closes: a layer or result set
    /// taken from one before the loss stays valid (it only fails).
    std::vector<GDALDatasetUniquePtr> dead_connections;

    PgSession(GDALDataset* dataset, std::string display_name, std::string schema_name);
    ~PgSession();
    PgSession(const PgSession&) = delete;
    PgSession& operator=(const PgSession&) = delete;

    sqlite3* handle() { return reinterpret_cast<sqlite3*>(this); }
};

/// The session behind a handle, or nullptr when the handle is a real SQLite connection.
PgSession* pg_session(sqlite3* db);
/// The session of a dataset (nullptr for none).
PgSession* pg_session_of(const GDALDataset* ds);

/// The reader connection of a session when a bulk read may use it now (no write transaction,
/// no COPY streaming on it, connected): nullptr otherwise, and reads go through GDAL.
void* pg_reader(PgSession& s);

/// Closes the reader connection (the next bulk read opens another).
void pg_drop_reader(PgSession& s);

/// When `message` (of a failed statement, transaction or commit on the session) says that the
/// connection to the server was lost, marks the session lost and throws ConnectionLostError
/// (`while_saving`: the loss came during COMMIT, so the change may have been saved); when it
/// says the server is a read-only standby, throws ProjectError. Returns otherwise.
void pg_check_fault(PgSession& s, std::string_view message, bool while_saving = false);

/// Parses one line of COPY's text format into fields (\N is NULL, backslash escapes undone).
void pg_parse_copy_line(std::string_view line, std::vector<std::optional<std::string>>& fields);

/// The SQLite-dialect SQL of the call sites in PostgreSQL's dialect: IFNULL, GLOB, rowid,
/// ST_MinX..., sqlite_master/pragma_table_info, GROUP_CONCAT, INSERT OR REPLACE/IGNORE.
std::string pg_dialect(std::string_view sql);

/// A literal for a value bound to a `?` placeholder.
std::string pg_literal_text(std::string_view text);
std::string pg_literal_real(double value);

/// Splits the text of a record (`(a,"b c",,...)`) into its fields; nullopt for NULL fields.
std::vector<std::optional<std::string>> pg_parse_record(std::string_view record);

/// A value as a GeoPackage would give it: PostgreSQL's `2024-05-01 08:00:00+00` becomes
/// `2024-05-01T08:00:00Z` (fractions kept to milliseconds); anything else is unchanged.
std::string pg_normalise_datetime(std::string value);

/// The bytes of a column in its text form: hex EWKB of a geometry or `\x..` of a bytea.
std::string pg_decode_bytes(std::string_view text);

/// Runs SQL (PostgreSQL dialect) on the session, returning an error message ("" when fine).
std::string pg_exec(PgSession& s, const std::string& sql);

} // namespace gridmap::detail
