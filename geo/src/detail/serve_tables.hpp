#pragma once

// The tables of `gridmap serve` (schema 7): API keys, staff accounts and the server secret.
// Plain SQLite tables of the GeoPackage, not layers: GDAL, QGIS and the import never see them.

namespace gridmap::detail {

struct ProjectImpl;

/// Creates the serve tables that are missing (inside the caller's transaction): used by the
/// migration to schema 7 and by Project::create.
void create_serve_tables(const ProjectImpl& p);

/// Creates the index of `gridmap serve`'s requests.json on issue (cell, reported_at) if the
/// issue table exists and the index does not (schema 9; the newest requests of a cell are read
/// through it without sorting the cell's every issue). Inside the caller's transaction.
void create_serve_indexes(const ProjectImpl& p);

} // namespace gridmap::detail
