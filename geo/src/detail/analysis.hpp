#pragma once

// The spatial snapshot of a project (every geometry read once into GEOS) and the cell
// assignment computed from it. Shared by the import (which persists the assignment) and by
// check and report (which compute it fresh, read-only).

#include "detail/geos.hpp"
#include "detail/overlay.hpp"

#include <cstdint>
#include <string>
#include <vector>

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

struct Snapshot {
    std::vector<Item> communities;     ///< by code; a = street
    std::vector<Item> cells;           ///< by code; a = community
    std::vector<Item> compounds;       ///< by id; a = community
    std::vector<Item> buildings;       ///< by id; a = compound, b = kind
    std::vector<Item> issues;          ///< by id; a = category, b = state
    std::vector<Item> service_points;  ///< by id; a = kind
    std::vector<Item> repair_segments; ///< by id; a = road, b = state
    std::size_t unreadable = 0;        ///< geometries GEOS could not read (skipped)
};

/// Reads every spatial table (empty before the first spatial import).
Snapshot load_snapshot(const ProjectImpl& p, GEOSContextHandle_t ctx);

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

/// Loads, computes and stores, inside the caller's transaction.
void update_assignment(const ProjectImpl& p);

/// Threads to use for analysis: the machine's cores (at least 1).
unsigned analysis_threads();

} // namespace gridmap::detail
