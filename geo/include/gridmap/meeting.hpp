#pragma once

#include "gridmap/project.hpp"
#include "gridmap/workorder.hpp"

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
///  - household_visited: households visited within visit_interval_days as of the snapshot's
///    time / households (gridmap/seed.hpp; only in projects that log visits)
///  - issues_open: issues open at the snapshot's time (count_issues; community and cell scopes)
///  - issues_resolved: issues resolved or verified at that time (community and cell scopes)
/// The seed's other figures (gridmap/seed.hpp), each only in a project that keeps its log or
/// register, so that other projects' snapshots stay as they were; counts, never names:
///  - care_paired: households of the care register paired with a member / tagged households
///    (care_paired_by_scope)
///  - care_visited: tagged households visited at the door within care_visit_days
///    (care_visited_as_of)
///  - key_place_patrolled: key places patrolled within their patrol_days
///    (patrolled_places_as_of; a place without a building counts in a sole community only)
///  - community scope only, figures of the whole project (persons and co-building units
///    belong to no community), read from points_notice(month of the moment, as of it) and
///    co_unit_figures: points_month (count: the month's points so far), member_checkin,
///    signup_pairing, signup_night_patrol (party members with a 报到 / 结对帮困 / 夜间巡逻
///    row / party members), cobuild_pledges_done (pledges done / pledges the co-building
///    units took on)
const std::vector<std::string>& snapshot_metrics();
/// Whether a metric is a count (issues_open, issues_resolved, points_month) rather than a
/// coverage share.
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

/// The figures of the project as of `moment`, as a snapshot would store them: the coverage
/// shares of the registers (build_report, the same assignment and counts as `gridmap check`
/// and `gridmap report`; the registers keep no history) and the issue counts as of the moment
/// (count_issues). Read-only.
std::vector<SnapshotFigure> figures_as_of(const Project& project, std::int64_t moment);
/// figures_as_of now.
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
/// The last snapshot taken at or before `moment` against the one before it, or nullopt.
std::optional<SnapshotDelta> delta_as_of(const Project& project, std::int64_t moment);

// ---- Issues as of a moment ----------------------------------------------------------------
//
// One definition behind every figure about issues (dashboard, presentation mode, the monthly
// report, snapshots, `gridmap report`): the state of an issue at a moment T is the to_state of
// its last event (issue_event) at or before T, replayed from the event log; an issue with no
// event keeps its stored state from the time it was reported. An issue reported after T does
// not exist at T. Open: reported, dispatched or accepted. Resolved: resolved or verified.
// Overdue at T: open and T past its stored deadline (an issue without a deadline is never
// overdue, as in the issue list). In month M: [first second, first second of M + 1) in Beijing
// time (month_bounds). The monthly report is as of the month's last second (or now, in the
// current month), a snapshot as of the time it is taken, the dashboard as of now.

/// One issue as it stood at a moment.
struct IssueAsOf {
    std::string id;
    std::string category;
    std::string cell; ///< its cell code (issue.cell), "" when in no cell
    /// The community of its cell, else the one its point lies in, else the nearest one (a
    /// pin on the boundary road); "" only in a project without communities. The communities'
    /// figures add up to the project's.
    std::string community;
    IssueState state = IssueState::reported; ///< at the moment
    std::int64_t reported_at = 0;            ///< seconds since 1970
    std::optional<std::int64_t> deadline;
    /// Its first move to resolved at or before the moment (the end of its handling).
    std::optional<std::int64_t> resolved_at;
    std::int64_t changed_at = 0;         ///< its last event at or before the moment
    std::optional<std::string> assignee; ///< of its last dispatch at or before the moment

    bool open() const;     ///< reported, dispatched or accepted
    bool resolved() const; ///< resolved or verified
    /// Open and past its deadline at `moment`.
    bool overdue(std::int64_t moment) const;
    /// Open with no event for more than `stuck_days` days before `moment`.
    bool stuck(std::int64_t moment) const;
    /// Resolved no later than its deadline (nullopt: not resolved or no deadline).
    std::optional<bool> on_time() const;
};

/// Days without an event after which an open issue counts as stuck (滞留).
inline constexpr int stuck_days = 7;

/// Every issue reported at or before `moment` (seconds since 1970), by id, as it stood then.
/// Read-only; empty before the first spatial import.
std::vector<IssueAsOf> issues_as_of(const Project& project, std::int64_t moment);
/// issues_as_of at each of `moments`, reading the project once.
std::vector<std::vector<IssueAsOf>> issues_at(const Project& project,
                                              const std::vector<std::int64_t>& moments);

/// The counts of a set of issues at a moment.
struct IssueCounts {
    std::int64_t all = 0;      ///< reported at or before the moment
    std::int64_t open = 0;     ///< open
    std::int64_t resolved = 0; ///< resolved or verified
    std::int64_t rejected = 0;
    std::int64_t overdue = 0;                             ///< open and past the deadline
    std::map<std::string, std::int64_t> open_by_state;    ///< state name -> open issues
    std::map<std::string, std::int64_t> open_by_category; ///< category -> open issues
};

/// Counts `issues` (as read by issues_as_of at `moment`): all of them (scope ""), or those of
/// one cell (scope "cell") or community (scope "community") `target`.
IssueCounts count_issues(const std::vector<IssueAsOf>& issues, std::int64_t moment,
                         std::string_view scope = {}, std::string_view target = {});
/// count_issues of every target of a scope ("cell" or "community") at once: target -> counts
/// ("" holds the issues in no cell, or in no community).
std::map<std::string, IssueCounts> count_issues_by(const std::vector<IssueAsOf>& issues,
                                                   std::int64_t moment, std::string_view scope);

/// How the issues resolved in [from, to) were handled.
struct Handling {
    std::int64_t resolved = 0;      ///< first moved to resolved in the period
    std::int64_t with_deadline = 0; ///< of these, with a deadline
    std::int64_t on_time = 0;       ///< of these, resolved no later than the deadline
    /// on_time / with_deadline in percent, nullopt when no resolved issue has a deadline.
    std::optional<double> on_time_percent;
    /// The mean of (resolved_at - reported_at) in hours, nullopt when none was resolved.
    std::optional<double> average_hours;
};

/// The handling of `issues` resolved in [from, to), of one cell or community as count_issues.
Handling handling_of(const std::vector<IssueAsOf>& issues, std::int64_t from, std::int64_t to,
                     std::string_view scope = {}, std::string_view target = {});

// ---- The figures of a month ----------------------------------------------------------------

/// A month "YYYY-MM" as [from, to) in seconds since 1970, in Beijing time (UTC+8).
/// InputError for anything else ("2026-13": "expected YYYY-MM with a month 01-12").
std::pair<std::int64_t, std::int64_t> month_bounds(const std::string& month);

/// The month "YYYY-MM" (Beijing time) of a moment.
std::string month_of(std::int64_t moment);

/// The moment a month's figures are read at: its last second, or `now` when that is earlier.
std::int64_t month_moment(const std::string& month, std::int64_t now);

struct RepairProgress {
    double planned_m = 0; ///< every segment, whatever its state
    double active_m = 0;
    double done_m = 0;
    int segments = 0;
    int segments_done = 0;
};

/// The issue figures of one month, read at its moment (month_moment).
struct MonthPoint {
    std::string month; ///< "YYYY-MM"
    std::int64_t as_of = 0;
    std::int64_t reported = 0; ///< reported in the month
    IssueCounts at_end;        ///< at the moment
    Handling handling;         ///< resolved in the month
    /// The community-scope coverage of the last snapshot taken in the month (metric -> value,
    /// percent; counts as counts), empty when none was taken.
    std::map<std::string, double> snapshot;
};

/// A cell, ranked.
struct CellRank {
    std::string code;
    std::string name;
    std::string grid_worker;        ///< names, "" when none
    std::optional<double> coverage; ///< the mean of its coverage shares (percent)
    IssueCounts at_end;             ///< its issues at the moment
    Handling handling;              ///< its issues resolved in the month
    int handling_rank = 0;          ///< 1 = best at issue handling (handling_less)
};

/// A grid worker and the cells they answer for, ranked.
struct WorkerRank {
    std::string person; ///< person id
    std::string name;
    std::vector<std::string> cells;
    std::optional<double> coverage; ///< the mean coverage of their cells
    IssueCounts at_end;             ///< the issues of their cells at the moment
    Handling handling;              ///< the issues of their cells resolved in the month
    int handling_rank = 0;          ///< 1 = best at issue handling (handling_less)
};

/// The order of issue handling, better first: fewer overdue, then fewer open at the moment,
/// then more resolved in the month, then a higher on-time rate (none last).
bool handling_less(const IssueCounts& a_end, const Handling& a, const IssueCounts& b_end,
                   const Handling& b);

struct MonthlyFigures {
    std::string month; ///< "YYYY-MM"
    std::int64_t from = 0;
    std::int64_t to = 0;
    std::int64_t as_of = 0; ///< the moment of every figure (month_moment)
    /// (code, name) of every community, by code.
    std::vector<std::pair<std::string, std::string>> communities;
    /// Issues reported in the month: category -> state at the moment -> count.
    std::map<std::string, std::map<std::string, std::int64_t>> reported_by_category_state;
    std::int64_t reported = 0;          ///< issues reported in the month
    std::int64_t resolved_in_month = 0; ///< issues first moved to resolved in the month
    std::int64_t open_at_end = 0;       ///< open at the moment
    std::int64_t overdue_at_end = 0;    ///< of these, past their deadline
    std::int64_t open_in_no_cell = 0;   ///< of these, in no cell (check: issue_in_cell)
    std::map<std::string, std::int64_t> open_by_state;    ///< open at the moment, by state
    std::map<std::string, std::int64_t> open_by_category; ///< open at the moment, by category
    Handling handling;                                    ///< the issues resolved in the month
    std::vector<IssueAsOf> attention; ///< open and overdue or stuck at the moment, oldest first
    /// The figures of each community, compound and cell at the moment (figures_as_of).
    std::vector<SnapshotFigure> figures;
    std::vector<MonthPoint> trend; ///< this month and the 5 before, oldest first
    /// By coverage, best first (then fewer open issues, then code); handling_rank gives the
    /// place by issue handling.
    std::vector<CellRank> cells;
    std::vector<WorkerRank> workers; ///< as cells (then person id)
    RepairProgress repairs;
    std::vector<Pledge> pledges;
    /// The last snapshot taken at or before the moment against the one before it.
    std::optional<SnapshotDelta> delta;
};

/// The figures of a month for the monthly report, as of month_moment(month, now). InputError
/// for a bad month. `now` defaults to the clock.
MonthlyFigures monthly_figures(const Project& project, const std::string& month,
                               std::optional<std::int64_t> now = std::nullopt);

/// The live dashboard of presentation mode: the figures of the current month as of `now`
/// (default the clock).
MonthlyFigures dashboard_figures(const Project& project,
                                 std::optional<std::int64_t> now = std::nullopt);

/// Seconds since 1970 of an ISO 8601 date or date-time ("2026-10-31", "2026-10-31T18:00:00",
/// "...+08:00", "...Z"; without an offset it is Beijing time), or nullopt if unreadable.
std::optional<std::int64_t> parse_time_text(const std::string& text);

/// The Chinese name of a metric ("党小组覆盖", ...).
std::string metric_title_zh(std::string_view metric);
/// The Chinese name of an issue state: 已上报, 已派单, 已接单, 已办结, 已核查, 不予受理 (the
/// one vocabulary of the app and the reports).
std::string state_title_zh(std::string_view state);
/// The issue states in flow order: reported, dispatched, accepted, resolved, verified,
/// rejected.
const std::vector<std::string>& issue_state_names();
/// "YYYY-MM-DD" (Beijing time) of a moment.
std::string date_text(std::int64_t moment);

} // namespace gridmap
