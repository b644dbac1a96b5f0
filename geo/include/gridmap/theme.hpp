#pragma once

#include "gridmap/check.hpp"
#include "gridmap/features.hpp"
#include "gridmap/project.hpp"

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

/// The per-feature statuses the map's themes colour by, computed from check_project (the
/// coverage rules) and the project's stored cell assignment. No personal data: households are
/// counted, never named.

namespace gridmap {

// ---- The map themes: declared once here; the CLI (gridmap render, gridmap view), the desktop's
// theme switch, saved views and the legend read this list. --------------------------------------

/// What the map colours by.
enum class MapTheme {
    plain,            ///< every layer in its own colour
    coverage,         ///< buildings by party group and building captain, cells by households
    issues,           ///< issues by state and category, cells by open issues
    party_group,      ///< rule building_party_group: buildings with or without a party group
    building_captain, ///< rule building_captain
    unit_captain,     ///< rule unit_captain: buildings by their units without a unit captain
    pairing,          ///< rule household_pairing: buildings by their unpaired households
    grid_worker,      ///< rule cell_grid_worker: cells with or without a grid worker
    households,       ///< rule cell_households_in_range: cells by households
};

struct MapThemeInfo {
    MapTheme theme;
    std::string_view name;  ///< stable identifier: settings, saved views, --theme
    std::string_view title; ///< English; the source text of its translation (context "Theme")
    std::string_view rule;  ///< the check_project rule it shows, "" for several or none
};

/// Every map theme, in menu order.
const std::vector<MapThemeInfo>& map_themes();
/// The theme called `name`, or nullptr.
const MapThemeInfo* find_map_theme(std::string_view name);
/// The entry of `theme` (every theme has one).
const MapThemeInfo& map_theme_info(MapTheme theme);
/// The names joined by `separator` ("plain, coverage, ..."), for help texts and messages.
std::string map_theme_names(std::string_view separator = ", ");

/// How much of what one rule asks of a building or cell is in place.
enum class RuleStatus {
    complete,     ///< everything
    partial,      ///< some of it (some units without a unit captain, some households unpaired)
    none,         ///< nothing
    empty,        ///< nothing to check: a residential building with no units or no households
    not_required, ///< not residential: the rule does not apply
};

/// A building's coverage by the party organisation: a party group and a building captain.
enum class BuildingCoverage {
    complete,     ///< both
    partial,      ///< one of the two is missing
    none,         ///< neither
    not_required, ///< not residential (a shop, a school): the rules do not apply
};

/// A cell's households against the target range (settings households_min..households_max).
enum class HouseholdRange { below, within, above };

/// The state of an issue grouped for the map.
enum class IssueStage {
    open,     ///< reported, dispatched or accepted
    done,     ///< resolved or verified
    rejected, ///< rejected
};

struct BuildingTheme {
    std::string id;
    std::string name;
    std::string number;   ///< the building's number ("3栋"), for labels
    std::string compound; ///< compound id, "" when none
    std::string cell;     ///< code of the cell it is assigned to, "" when in no cell
    bool residential = true;
    bool has_party_group = false;
    bool has_captain = false;
    bool cut = false; ///< more than cut_share of its area lies outside its cell
    std::int64_t units = 0;
    std::int64_t households = 0;
    std::int64_t units_without_captain = 0; ///< its units in rule unit_captain's uncovered list
    std::int64_t households_unpaired = 0;   ///< its households in rule household_pairing's list
    BuildingCoverage coverage() const;
    RuleStatus party_group_status() const;
    RuleStatus captain_status() const;
    RuleStatus unit_captain_status() const; ///< empty: no units registered
    RuleStatus pairing_status() const;      ///< empty: no households registered
};

struct CellTheme {
    std::string code;
    std::string name;
    std::int64_t buildings = 0;
    std::int64_t households = 0; ///< in the buildings assigned to the cell
    HouseholdRange range = HouseholdRange::within;
    bool has_grid_worker = false;
    std::int64_t issues_open = 0;
    std::int64_t issues_done = 0;
    std::int64_t issues_rejected = 0;
};

struct IssueTheme {
    std::string id;
    std::string category;    ///< e.g. 市容环境, 微心愿
    std::string small_class; ///< e.g. 暴露垃圾
    std::string state;       ///< reported, dispatched, accepted, resolved, verified, rejected
    std::string cell;        ///< "" when in no cell
    bool overdue = false;    ///< open and past its deadline when the theme was computed
    IssueStage stage() const;
};

/// A gap between cells or an overlap of two cells, for drawing.
struct TilingProblem {
    bool overlap = false; ///< false: a gap
    std::string community;
    std::string cell_a; ///< overlaps only
    std::string cell_b;
    double area_m2 = 0;
    Shape shape; ///< working CRS
};

struct ThemeData {
    int households_min = 0;
    int households_max = 0;
    std::vector<BuildingTheme> buildings; ///< sorted by id
    std::vector<CellTheme> cells;         ///< sorted by code
    std::vector<IssueTheme> issues;       ///< sorted by id
    std::vector<TilingProblem> tiling;    ///< gaps then overlaps, as check_project sorts them
    std::int64_t issues_unassigned = 0;   ///< issues in no cell

    /// The building with id `id`, or nullptr.
    const BuildingTheme* building(const std::string& id) const;
    const CellTheme* cell(const std::string& code) const;
    const IssueTheme* issue(const std::string& id) const;
};

/// Computes the statuses of every building, cell and issue: check_project gives the rules
/// (party group, building captain, unit captain, household pairing, cut buildings, households in
/// range, grid workers) and the
/// gaps and overlaps; counts come from the stored cell assignment (building.cell, issue.cell)
/// and the household and unit tables. Read-only. Before the first spatial import everything is
/// empty. Throws LibraryError when GEOS cannot read a gap or overlap.
ThemeData compute_theme(const Project& project, const CheckOptions& options = {});

} // namespace gridmap
