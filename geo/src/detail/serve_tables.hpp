#pragma once

// The tables of `gridmap serve` (schema 7): API keys, staff accounts and the server secret.
// Plain SQLite tables of the GeoPackage, not layers: GDAL, QGIS and the import never see them.

namespace gridmap::detail {

struct ProjectImpl;

/// Creates the serve tables that are missing (inside the caller's transaction): used by the
/// migration to schema 7 and by Project::create.
void create_serve_tables(const ProjectImpl& p);

} // namespace gridmap::detail
