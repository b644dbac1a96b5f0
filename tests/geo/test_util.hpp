#pragma once

#include "gridmap/workorder.hpp"

#include <string>

namespace gridmap::test {

/// Path of a fixture under tests/data.
std::string data(const std::string& name);
/// Path of a file under the shared third-party data (shared/data beside the checkout).
std::string shared_data(const std::string& name);
/// A fresh, empty directory for the current test; returns "<dir>/<name>".
std::string temp_file(const std::string& name);
/// Creates the hand-drawn coverage fixture of tests/data/coverage (its README.md gives every
/// expected value) at `path`: geometries, households, party groups, staff, units, pairings.
void build_coverage_fixture(const std::string& path);
/// Every table of a GeoPackage, every row, every field and the geometry as WKT, as text.
/// Used to prove that a failed operation left a project exactly as it was.
std::string dump_project(const std::string& path);
/// Area in m2 of the geometry of the row of `table` whose `key_field` is `key` (-1 if none).
double area_of(const std::string& path, const std::string& table, const std::string& key_field,
               const std::string& key);
/// One field's value as text of the row whose key_field is key ("<none>" if no such row,
/// "<null>" if NULL).
std::string value_of(const std::string& path, const std::string& table,
                     const std::string& key_field, const std::string& key,
                     const std::string& field);

/// The hand-made map fixture (tests/data/map), built once per test program: open it read-only,
/// or copy it before changing it.
const std::string& map_fixture();

/// The coverage fixture's community, cells and buildings with staff for work orders, at
/// temp_file(name): P1 grid worker of cell 420902001005002 (community staff), P2 building captain
/// of B3 (in cell 003, which has no grid worker), P3 and P4 without a role.
std::string staff_fixture(const std::string& name);
/// A new issue (市容环境/暴露垃圾, text "  垃圾  ", by P1) at (500000 + dx, 3300000 + dy) in
/// EPSG:4547, given as longitude/latitude.
NewIssue issue_at(double dx, double dy, const std::string& category = "市容环境");

/// Runs one SQL statement on a GeoPackage through GDAL (e.g. to age an issue's deadline).
void gdal_sql(const std::string& path, const std::string& sql);

} // namespace gridmap::test
