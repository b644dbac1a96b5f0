#pragma once

// The spatial snapshot of a project (every geometry read once into GEOS) and the cell
// assignment computed from it. Shared by the import (which persists the assignment) and by
// check and report (which compute it fresh, read-only).

#include "detail/geos.hpp"
#include "detail/overlay.hpp"
#include "rules/residential.hpp"

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <unordered_set>
#include <vector>

struct sqlite3;

namespace gridmap::detail {

struct ProjectImpl;

/// One feature of a spatial table. `a` and `b` are table-specific attributes (see Snapshot).
struct Item {
    std::int64_t fid = 0;
    std::string key;
    std::string name;
    std::string a;
    std::string b;
    Geom geom;
};

/// Which spatial tables a snapshot reads (cells and communities always).
struct SnapshotParts {
    bool compounds = true;
    bool buildings = true;
    bool issues = true;
    bool service_points = true;
    bool repair_segments = true;
};

/// The parts whose cell assignment a change to `table` can change ("" = all).
SnapshotParts parts_affected_by(std::string_view table);

struct Snapshot {
    SnapshotParts parts;               ///< what was read
    std::vector<Item> communities;     ///< by code; a = street
    std::vector<Item> cells;           ///< by code; a = community
    std::vector<Item> compounds;       ///< by id; a = community
    std::vector<Item> buildings;       ///< by id; a = compound, b = kind
    std::vector<Item> issues;          ///< by id; a = category, b = state
    std::vector<Item> service_points;  ///< by id; a = kind
    std::vector<Item> repair_segments; ///< by id; a = road, b = state
    std::size_t unreadable = 0;        ///< geometries GEOS could not read (skipped)
};

/// Reads the spatial tables (empty before the first spatial import).
Snapshot load_snapshot(const ProjectImpl& p, GEOSContextHandle_t ctx, SnapshotParts parts = {});

/// Geometries of items, for the overlay functions.
std::vector<const GEOSGeometry*> geometries(const std::vector<Item>& items);

struct Assignment {
    std::vector<Overlap> building_cell;                 ///< parent = index into cells
    std::vector<Overlap> building_compound;             ///< parent = index into compounds
    std::vector<std::optional<std::size_t>> issue_cell; ///< index into cells
    std::vector<std::optional<std::size_t>> service_point_cell;
    std::vector<LineInPolygon> segment_cells; ///< polygon = index into cells
    std::vector<double> segment_length_m;
    std::vector<double> segment_outside_m; ///< length outside every community
    std::size_t topology_errors = 0;
};

/// Building -> cell by largest overlap (ties: lowest code), points -> the lowest-code cell
/// that covers them, repair segments -> length per cell and outside the community.
/// Buildings are split over `threads` threads.
Assignment compute_assignment(GEOSContextHandle_t ctx, const Snapshot& s, unsigned threads);

/// Writes the assignment into building.cell/cell_share, issue.cell, service_point.cell,
/// repair_segment.outside_m and repair_segment_cell, inside the caller's transaction.
void store_assignment(const ProjectImpl& p, const Snapshot& s, const Assignment& a);

/// Loads, computes and stores, inside the caller's transaction, what a change to
/// `changed_table` can change ("" = everything: cells or communities changed).
void update_assignment(const ProjectImpl& p, std::string_view changed_table = {});

/// Threads to use for analysis: the machine's cores (at least 1).
unsigned analysis_threads();

/// How many rows to reserve for a scan of `table`: its highest fid (an upper bound of its rows;
/// 0 for an empty or missing table), at most 2^26. Memory reserved and never filled is never
/// touched; a list grown by doubling instead touches about twice its final size, and fresh
/// pages are what a city-scale check spends much of its time on (the kernel zeroing them).
std::size_t rows_to_reserve(sqlite3* db, const std::string& table);

// Helpers shared by check and report, so that both count the same things the same way.

/// The SQL condition (on `building b`) for a residential building: rules/residential.hpp, the
/// one definition (its C++ twin is what check's facts use).
using rules::residential_building_sql;

/// A numeric value of the settings table, or `fallback` when absent or empty. Throws
/// ProjectError naming the setting when it is not a number.
double setting_number(const ProjectImpl& p, const char* key, double fallback);

/// The rows of a single-column query as a set.
std::unordered_set<std::string> string_set(sqlite3* db, const std::string& sql);

/// The rows of a (key, integer) query, e.g. `SELECT building, COUNT(*) FROM household GROUP BY
/// building`, as a map (a repeated key adds up).
std::unordered_map<std::string, std::int64_t> integer_by_key(sqlite3* db, const std::string& sql);

/// The cell of each building of the snapshot (index into cells), from the assignment.
std::vector<std::optional<std::size_t>> building_cells(const Assignment& a);

/// Adds a per-building figure (by building id; absent = 0) into groups: `group_of[i]` is the
/// group of `s.buildings[i]` (none: counted nowhere). Returns one sum per group.
std::vector<std::int64_t>
sum_over_buildings(const Snapshot& s, const std::vector<std::optional<std::size_t>>& group_of,
                   std::size_t groups,
                   const std::unordered_map<std::string, std::int64_t>& per_building);

} // namespace gridmap::detail

namespace gridmap::detail {

/// Keys of the polygons of `table` that cover the point (x, y), lowest key first, found through
/// the table's GeoPackage R-tree. `key` is the key column.
std::vector<std::string> polygons_at(const ProjectImpl& p, GEOSContextHandle_t ctx,
                                     const std::string& table, const std::string& key, double x,
                                     double y);

/// The key of the feature of `table` nearest to (x, y) within `radius` metres, and its distance.
std::optional<std::pair<std::string, double>>
nearest_feature(const ProjectImpl& p, GEOSContextHandle_t ctx, const std::string& table,
                const std::string& key, double x, double y, double radius);

} // namespace gridmap::detail
