#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace gridmap {

/// What copy_project wrote: rows per table, in schema order.
struct CopyReport {
    std::vector<std::pair<std::string, std::int64_t>> tables;
    std::int64_t rows = 0;
};

/// Copies a whole project, every table of schema.hpp with its rows, feature ids, settings and
/// working CRS, from `source` to a new project `destination`: GeoPackage to PostgreSQL/PostGIS,
/// PostgreSQL to GeoPackage (or to another of the same kind). The destination is created (a
/// GeoPackage file that exists, or a schema that already holds a project, is refused with
/// InputError) and written in one transaction: after a failure it is removed again (file) or
/// left without tables (schema). The source is opened for reading and left unchanged.
CopyReport copy_project(const std::string& source, const std::string& destination);

} // namespace gridmap
