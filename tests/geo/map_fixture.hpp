#pragma once

#include <string>

namespace gridmap::test {

/// The tables of the hand-made map fixture (tests/data/map, see its README.md), in import order.
inline constexpr const char* map_fixture_tables[] = {
    "community",      "cell",          "compound",  "person",          "party_group",
    "building",       "unit",          "household", "role_assignment", "road",
    "repair_segment", "service_point", "issue"};

/// Creates the map fixture project at `path` (EPSG:4547) from the files in `data_dir`
/// (tests/data/map). Throws gridmap::Error when an import fails.
void build_map_fixture(const std::string& path, const std::string& data_dir);

} // namespace gridmap::test
