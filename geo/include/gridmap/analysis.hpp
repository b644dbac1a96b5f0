#pragma once

// One analysis per project state: every building, cell, issue ... read once, assigned to cells
// once, every coverage rule (gridmap/rules.hpp) evaluated once, and the result kept and shared
// by check, theme, report figures and the desktop. An Analysis is immutable: build it on a
// worker thread and read it on the GUI thread through the shared_ptr.

#include "gridmap/check.hpp"
#include "gridmap/project.hpp"

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace gridmap {

/// The version of the project's data: it changes whenever rows are written, through this
/// Project (SQLite's count of rows inserted, updated or deleted on its connection) or by
/// another process (SQLite's `PRAGMA data_version`). Cheap: no table is read.
std::uint64_t data_version(const Project& project);

/// What an edit touched, for Analysis::update.
struct AnalysisChanges {
    /// The tables written ("household", "issue", "role_assignment" ...). A table no rule reads
    /// changes nothing; spatial tables (cell, building ...) and `settings` rebuild everything.
    std::vector<std::string> tables;
};

class Analysis;

namespace detail {
struct AnalysisState;
/// The state behind an analysis, for geo/ implementation files (the type is incomplete
/// elsewhere).
const AnalysisState& state_of(const Analysis& analysis);
} // namespace detail

class Analysis {
public:
    /// Reads and evaluates everything (the work of `gridmap check`), keeping the snapshot's
    /// keys, the assignment and the relational facts for updates and accessors. Building
    /// geometries are released once the spatial rules are done (some 400 MB at 1M buildings)
    /// unless `keep_geometries`: without them, an edit that a geometry-reading rule depends on
    /// (households: service reach of residential buildings) builds anew.
    static std::shared_ptr<const Analysis>
    build(const Project& project, const CheckOptions& options = {}, bool keep_geometries = false);

    /// The analysis of the project's current state: the one kept for this Project when its data
    /// version and options still match (no work at all), else a new one, which is kept.
    /// Thread-safe for one Project (a mutex guards what is kept).
    static std::shared_ptr<const Analysis>
    current(const Project& project, const CheckOptions& options = {}, bool keep_geometries = false);

    /// The analysis kept for this Project if it is still current (same data version and
    /// options), else null: no work. For one-shot readers that should not keep an analysis
    /// alive (compute_theme: `gridmap render` draws after it) but reuse one kept by others.
    static std::shared_ptr<const Analysis> kept(const Project& project,
                                                const CheckOptions& options = {});

    /// The analysis after an edit of `changes.tables`: only the rules reading those tables are
    /// evaluated again, on what those tables hold now (issues: reread and reassigned to cells;
    /// households, pairings, party groups, roles, units: the relational facts reread); the rest
    /// (snapshot, assignment, gaps and overlaps, every other rule) is shared with this one.
    /// An edit of a spatial table or of the settings builds anew. `project` is this analysis'
    /// project, now. Also kept as the project's current analysis.
    std::shared_ptr<const Analysis> update(const Project& project,
                                           const AnalysisChanges& changes) const;

    /// The data version the analysis was made at.
    std::uint64_t data_version() const;
    /// The result of every rule, gaps and overlaps: what `check_project` returns.
    const CheckResult& check() const;
    /// The rules evaluated when this analysis was made (all of them for `build`; for
    /// `update`, those reading a changed table), by id in registry order.
    const std::vector<std::string>& evaluated_rules() const;

    /// The cell code of a building by largest overlap (the assignment check uses), if any.
    std::optional<std::string> cell_of_building(std::string_view building) const;
    /// Households of the buildings assigned to a cell (the figure of cell_households_in_range).
    std::int64_t households_in_cell(std::string_view cell) const;
    /// Whether a building is residential (rules/residential.hpp: what the building rules count).
    bool is_residential(std::string_view building) const;

    explicit Analysis(std::shared_ptr<const detail::AnalysisState> state);
    ~Analysis();

private:
    friend const detail::AnalysisState& detail::state_of(const Analysis& analysis);
    std::shared_ptr<const detail::AnalysisState> m_state;
};

} // namespace gridmap
