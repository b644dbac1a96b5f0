#pragma once

#include "gridmap/project.hpp"

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

/// What leaders see in meetings (issue 7): saved views of the map stepped through like slides,
/// coverage snapshots with the change since the previous one, the committee's public pledges
/// (十件实事) and the figures of a month for the monthly report (月报). No resident names or
/// phone numbers are read by anything here.

namespace gridmap {

// ---- Saved views -------------------------------------------------------------------------

/// A saved view: a titled extent of the map with its theme and visible layers.
struct SavedView {
    std::string id;                  ///< empty when adding: the next free "V01", "V02", ...
    int position = 0;                ///< order of the slides; 0 when adding: after the last
    std::string title;               ///< required
    Extent extent;                   ///< working CRS, metres; max > min on both axes
    std::string theme = "coverage";  ///< a name of map_themes() (gridmap/theme.hpp)
    std::vector<std::string> layers; ///< visible map layers (spatial tables); empty = all
};

/// The map themes a view may name: the names of map_themes() (gridmap/theme.hpp).
const std::vector<std::string>& view_themes();
/// The map layers a view may name: the spatial tables of the schema, in schema order.
std::vector<std::string> view_layers();

/// The extent of `spec` as `gridmap render --extent` reads it: "community" (every community,
/// with a 4 % margin), "cell:CODE" (the cell, with an 8 % margin) or "MINX,MINY,MAXX,MAXY" in
/// the working CRS (exactly). InputError for an unknown cell or a malformed or empty extent.
Extent view_extent(const Project& project, const std::string& spec);

/// Stores a new view in one transaction; returns it with its id and position. Refuses
/// (InputError) an empty title, an empty or inverted extent, an unknown theme or layer, an id
/// in use.
SavedView add_view(Project& project, SavedView view);
/// Replaces the view with the same id (InputError if unknown; checks as add_view).
void update_view(Project& project, const SavedView& view);
/// Removes a view (InputError if unknown); the later views move up one position.
void remove_view(Project& project, const std::string& id);
/// Every view, by position then id.
std::vector<SavedView> list_views(const Project& project);
/// One view by id, or nullopt.
std::optional<SavedView> find_view(const Project& project, const std::string& id);

// ---- Pledges (十件实事) ----------------------------------------------------------------------

struct Pledge {
    std::string id;
    std::string title;
    std::optional<double> target;   ///< in `unit`
    std::optional<double> progress; ///< in `unit`
    std::string unit;
    std::string due;   ///< YYYY-MM-DD or ""
    std::string state; ///< planned | active | done (or "")
    /// progress / target in percent (0-100, capped), or nullopt without both.
    std::optional<double> percent() const;
};

/// Every pledge, by id. Pledges are imported like any table (`gridmap import P pledge F.csv`).
std::vector<Pledge> list_pledges(const Project& project);

// ---- Coverage snapshots ------------------------------------------------------------------

/// The metrics of a snapshot. Coverage metrics count covered items (numerator) of all items
/// (denominator) and their value is the percentage (nullopt when the denominator is 0); count
/// metrics (issues_open, issues_resolved) have denominator 0 and value = numerator.
///  - party_group: residential buildings with a party group / residential buildings
///  - building_captain: residential buildings with a building captain / residential buildings
///  - unit_captain: units with a unit captain / units
///  - grid_worker: cells with a grid worker / cells (community and cell scopes)
///  - household_pairing: households paired with a party member / households
///  - issues_open: issues not resolved, verified or rejected (community and cell scopes)
///  - issues_resolved: issues resolved or verified (community and cell scopes)
const std::vector<std::string>& snapshot_metrics();
/// Whether a metric is a count (issues_open, issues_resolved) rather than a coverage share.
bool is_count_metric(std::string_view metric);

struct SnapshotFigure {
    std::string scope;       ///< community | compound | cell
    std::string target;      ///< the community code, compound id or cell code
    std::string target_name; ///< its name (not stored: read from its table)
    std::string metric;
    std::int64_t numerator = 0;
    std::int64_t denominator = 0;
    std::optional<double> value; ///< percent for coverage metrics, the count for counts
};

struct SnapshotInfo {
    std::string id;            ///< "S001", "S002", ...
    std::int64_t taken_at = 0; ///< seconds since 1970
    std::string note;
};

struct CoverageSnapshot {
    SnapshotInfo info;
    /// By scope (community, compound, cell), target, then metric in snapshot_metrics() order.
    std::vector<SnapshotFigure> figures;
};

/// The figures of the project now, as a snapshot would store them, computed with build_report
/// (the same assignment and counts as `gridmap check` and `gridmap report`). Read-only.
std::vector<SnapshotFigure> current_figures(const Project& project);

/// Stores the current figures as a new snapshot taken at `at` (seconds since 1970; default now)
/// with a note, in one transaction. Refuses (InputError) a time not after the latest snapshot's.
CoverageSnapshot take_snapshot(Project& project, const std::string& note,
                               std::optional<std::int64_t> at = std::nullopt);

/// Every snapshot, oldest first.
std::vector<SnapshotInfo> list_snapshots(const Project& project);
/// The figures of one snapshot (InputError if unknown), ordered as in CoverageSnapshot.
CoverageSnapshot get_snapshot(const Project& project, const std::string& id);

/// One figure before and after.
struct FigureChange {
    std::string scope;
    std::string target;
    std::string target_name;
    std::string metric;
    std::optional<SnapshotFigure> before; ///< nullopt: the target is new
    std::optional<SnapshotFigure> after;  ///< nullopt: the target is gone
    /// after.value - before.value (percentage points, or the count), when both have values.
    std::optional<double> change() const;
};

struct SnapshotDelta {
    SnapshotInfo previous;
    SnapshotInfo latest;
    /// Every figure of either snapshot, ordered as in CoverageSnapshot.
    std::vector<FigureChange> changes;
    /// The change of a metric for one target, or nullptr.
    const FigureChange* find(std::string_view scope, std::string_view target,
                             std::string_view metric) const;
};

/// The latest snapshot against the one before it. InputError when there are fewer than two
/// snapshots ("no snapshot to compare with").
SnapshotDelta snapshot_delta(const Project& project);
/// The latest snapshot against the one before it, or nullopt with fewer than two.
std::optional<SnapshotDelta> latest_delta(const Project& project);

// ---- The figures of a month ----------------------------------------------------------------

/// A month "YYYY-MM" as [from, to) in seconds since 1970, in Beijing time (UTC+8).
/// InputError for anything else ("2026-13": "expected YYYY-MM with a month 01-12").
std::pair<std::int64_t, std::int64_t> month_bounds(const std::string& month);

struct RepairProgress {
    double planned_m = 0; ///< every segment, whatever its state
    double active_m = 0;
    double done_m = 0;
    int segments = 0;
    int segments_done = 0;
};

struct MonthlyFigures {
    std::string month; ///< "YYYY-MM"
    std::int64_t from = 0;
    std::int64_t to = 0;
    /// (code, name) of every community, by code.
    std::vector<std::pair<std::string, std::string>> communities;
    /// Issues reported in the month: category -> state -> count.
    std::map<std::string, std::map<std::string, std::int64_t>> reported_by_category_state;
    std::int64_t reported = 0;          ///< issues reported in the month
    std::int64_t resolved_in_month = 0; ///< issues with a move to resolved in the month
    std::int64_t open_at_end = 0;       ///< open issues (their state now) reported before `to`
    std::int64_t overdue_at_end = 0;    ///< of these, past their deadline at min(to, now)
    std::map<std::string, std::int64_t> open_by_state;    ///< open issues now, by state
    std::map<std::string, std::int64_t> open_by_category; ///< open issues now, by category
    RepairProgress repairs;
    std::vector<Pledge> pledges;
    std::optional<SnapshotDelta> delta; ///< the latest snapshot against the previous
};

/// The figures of a month for the monthly report. InputError for a bad month.
MonthlyFigures monthly_figures(const Project& project, const std::string& month);

/// Open issues now and their split by state and category, overdue now, repairs, pledges and
/// the latest delta: the live dashboard of presentation mode (month = the current one).
MonthlyFigures dashboard_figures(const Project& project);

/// Seconds since 1970 of an ISO 8601 date or date-time ("2026-10-31", "2026-10-31T18:00:00",
/// "...+08:00", "...Z"; without an offset it is Beijing time), or nullopt if unreadable.
std::optional<std::int64_t> parse_time_text(const std::string& text);

/// The Chinese name of a metric ("党小组覆盖", ...).
std::string metric_title_zh(std::string_view metric);
/// The Chinese name of an issue state ("群众点单", ...).
std::string state_title_zh(std::string_view state);

} // namespace gridmap
