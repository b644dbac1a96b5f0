#pragma once

#include <cstdint>
#include <functional>
#include <string>

namespace gridmap {

/// A synthetic city for benchmarks, deterministic from a seed: communities of 10 cells
/// (200 m x 200 m, 2 rows of 5), 100 buildings per cell (4 to 12 vertices, in rows along
/// streets), 3 households per building, a party group per 10 buildings (9 in 10 buildings
/// linked), a service point per cell, an issue per 100 buildings. Every 7th community has a
/// cell shrunk by 2 m (a 400 m2 gap), every 11th a cell grown 3 m into its neighbour (a 600 m2
/// overlap). 1,000,000 buildings make 10,000 cells and 3,000,000 households.
struct CityOptions {
    std::int64_t buildings = 10000; ///< rounded up to whole cells of 100
    std::uint64_t seed = 1;
};

/// What was written.
struct CityCounts {
    std::int64_t communities = 0;
    std::int64_t cells = 0;
    std::int64_t buildings = 0;
    std::int64_t households = 0;
    std::int64_t gaps = 0;
    std::int64_t overlaps = 0;
};

/// Writes the city as a GeoPackage source (not a project) at `path`, in EPSG:4547, one layer
/// per project table it fills (community, cell, party_branch, person, party_group, building,
/// household, service_point, issue), with the project's field names, ready for `gridmap
/// import`. Throws InputError if the file exists.
CityCounts write_city_source(const std::string& path, const CityOptions& options,
                             const std::function<void(const std::string&)>& progress = {});

} // namespace gridmap
