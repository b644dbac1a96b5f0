#pragma once

// Grid generation (网格划分) and cell codes: regular square or hexagonal lattices clipped to a
// community, household-balanced partitions that keep buildings whole, and positional
// renumbering that keeps the codes of unchanged cells. docs/ARCHITECTURE.md, "Grid generation
// and codes", describes the rules.

#include "gridmap/project.hpp"

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace gridmap {

enum class CellShape {
    /// Squares with side `size_m`; lines at whole multiples of `size_m` in the working CRS.
    square,
    /// Pointy-top regular hexagons in horizontal rows; `size_m` is the width across flats (the
    /// distance between neighbouring centres), so the circumradius is size_m / sqrt(3) and the
    /// area sqrt(3) / 2 * size_m^2. Columns at multiples of size_m / 2; the first row's centres
    /// on the first multiple of size_m at or north of the community's northern edge.
    hexagon,
};

/// The shape's name ("square", "hex"), and the shape of a name ("square", "hex", "hexagon").
std::string to_string(CellShape shape);
std::optional<CellShape> cell_shape_from_string(const std::string& name);

/// What `generate_grid` makes. Unset thresholds come from the project's settings.
struct GridOptions {
    /// 12-digit community code, or "all" for every community of the project.
    std::string community = "all";
    /// Regular lattice (balanced = false): the shape and its size in metres (> 0).
    CellShape shape = CellShape::square;
    double size_m = 0;
    /// Household-balanced partition instead of a lattice (shape and size are not used).
    bool balanced = false;
    std::optional<int> households_min; ///< target households per cell (setting households_min)
    std::optional<int> households_max; ///< (setting households_max)
    /// Area in m2 under which a clipped piece is a sliver (setting tolerance_m2, 1 m2) and
    /// under which two cells count as the same ("unchanged").
    std::optional<double> tolerance_m2;
    /// Replace the community's existing cells (refused without it when it has cells).
    bool replace = false;
    /// With replace: remove grid_worker assignments of cells that change or disappear (each
    /// removal is logged in assignment_event). Without it such assignments refuse the replace.
    bool unassign = false;
    /// Compute and report, write nothing (the project may be opened read-only).
    bool dry_run = false;
};

/// One cell as generated (or, in a dry run, as it would be).
struct GridCell {
    std::string code; ///< 15 digits: community code + 3-digit sequence
    std::string name; ///< "第N网格", or the old name of an unchanged cell
    std::string community;
    double area_m2 = 0;
    std::int64_t buildings = 0;  ///< buildings whose largest part lies in the cell
    std::int64_t households = 0; ///< households of those buildings
    bool kept = false;           ///< equal to an existing cell (within tolerance): its code kept
    bool in_range = true;        ///< households within the target (balanced only; always true else)
    std::string wkt; ///< geometry in the working CRS (MULTIPOLYGON, centimetre precision)
};

struct GridCommunity {
    std::string code;
    std::string name;
    double area_m2 = 0;
    std::int64_t households = 0;
    std::size_t replaced = 0; ///< existing cells removed (changed or gone)
    std::size_t kept = 0;     ///< existing cells that came back unchanged and kept their code
    /// Lattice pieces under the tolerance, merged into the neighbour sharing the longest edge
    /// (dropped when no cell touches them).
    std::size_t slivers = 0;
    std::size_t compounds_cut = 0;  ///< compounds more than one cell covers
    std::size_t geos_fallbacks = 0; ///< clippings Boost.Geometry got invalid, redone with GEOS
};

struct GridReport {
    bool balanced = false;
    CellShape shape = CellShape::square;
    double size_m = 0;
    int households_min = 0;
    int households_max = 0;
    double tolerance_m2 = 0;
    bool written = false; ///< false for a dry run
    std::vector<GridCommunity> communities;
    std::vector<GridCell> cells; ///< by code
    /// Balanced: the cells whose households fall outside the target range (codes, sorted).
    std::vector<std::string> out_of_range;
    /// grid_worker assignments removed by `unassign` ("person -> cell code").
    std::vector<std::string> unassigned;
};

/// Generates the cells of one community (or every community) and, unless `dry_run`, writes them
/// to the `cell` table through GDAL in one transaction that also recomputes the cell assignment
/// (building.cell, issue.cell, ...). Coordinates are the project's working CRS (metres).
///
/// Lattice cells are clipped to the community with Boost.Geometry; a clipped cell that falls
/// apart stays one multipolygon cell; pieces under `tolerance_m2` merge into the neighbour they
/// share the longest edge with. Balanced partitions cut the community by recursive axis-parallel
/// bisection between compounds and buildings (never through a building's extent, through a
/// compound only when no cut between whole compounds works) aiming at the household range;
/// cells it cannot bring into range are listed in `out_of_range`.
///
/// Codes: the community code + a sequence numbered west to east, then north to south (see
/// docs/ARCHITECTURE.md). With `replace`, a new cell equal to an existing cell of the community
/// (symmetric difference <= tolerance_m2) keeps its code (and name); the other new cells take
/// the free sequence numbers in positional order.
///
/// Throws InputError (nothing written) for: an unknown community, a community code that is not
/// 12 digits, `size_m` <= 0 (lattice), an empty target range, more than 999 cells in a
/// community, existing cells without `replace`, grid_worker assignments of cells that would
/// change without `unassign`, a new code already used by a cell of another community.
/// ProjectError if the project was opened read-only (unless dry_run) or has no spatial tables.
GridReport generate_grid(Project& project, const GridOptions& options);

struct RenumberOptions {
    /// 12-digit community code, or "all".
    std::string community = "all";
    /// Renumber every cell strictly by position, not only those whose code is not yet a
    /// well-formed code of their community.
    bool full = false;
    bool dry_run = false;
};

struct RenumberReport {
    std::size_t cells = 0;                                  ///< cells looked at
    std::size_t kept = 0;                                   ///< cells whose code stays
    std::vector<std::pair<std::string, std::string>> moves; ///< (old code, new code), by old
    std::int64_t references = 0;      ///< role_assignment rows (grid_worker) moved with their cell
    std::vector<std::string> skipped; ///< cells in no known community (code, left as they are)
    bool written = false;
};

/// Renumbers the cells of one community (or all) by position: rows from north to south, west
/// to east inside a row (docs/ARCHITECTURE.md gives the row rule for irregular cells). A cell
/// whose code is already well-formed for its community (its 12 digits + a free 3-digit sequence
/// 001..999) did not change and keeps it, unless `full`; the others take the free sequence
/// numbers in positional order. Names of the form "第N网格" follow the new number. grid_worker
/// assignments move with their cell (logged in assignment_event), and the cell assignment is
/// recomputed, in one transaction. Throws InputError for an unknown community or more than 999
/// cells; ProjectError if read-only (unless dry_run).
RenumberReport renumber_cells(Project& project, const RenumberOptions& options);

/// A readable summary of a generation: one line per community and per cell, then the cells out
/// of range.
std::string grid_to_text(const GridReport& report);

} // namespace gridmap
