#pragma once

// What a gridmap::Analysis holds (geo/src/analysis.cpp). Immutable once published: updates
// make a new state sharing the unchanged parts through shared_ptr.

#include "detail/analysis.hpp"
#include "gridmap/analysis.hpp"
#include "rules/rule.hpp"

#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace gridmap::detail {

struct AnalysisState {
    std::uint64_t version = 0;
    CheckOptions options; ///< as asked (unset: from the settings)
    CheckResult result;   ///< rules in registry order
    std::vector<std::string> evaluated;
    /// Per registry rule: its index in result.rules (none: a rule on tables the project lacks).
    std::vector<std::optional<std::size_t>> slot;
    std::vector<std::size_t> rule_topology_errors; ///< per registry rule
    std::size_t base_topology_errors = 0;          ///< of the assignment and the tiling
    bool spatial_tables = false;
    bool building_geometries = false; ///< the kept snapshot still holds them
    // Kept for updates and accessors (null for check_project, which keeps nothing).
    std::shared_ptr<const Snapshot> snapshot;
    std::shared_ptr<const Assignment> assignment;
    /// Written only while this state is made (household_pairing takes its list), then shared
    /// read-only.
    std::shared_ptr<rules::RelationalFacts> facts;
    std::shared_ptr<const std::vector<std::optional<std::size_t>>> fact_of;
    std::vector<std::int64_t> households_per_cell; ///< by cell index of the snapshot
    /// Per registry rule, the items it kept compact (analyse with compact_items; empty
    /// otherwise). They refer to `facts` (and through it to the snapshot's building ids).
    std::vector<rules::CompactItems> compact;
};

/// What an analysis keeps besides its result.
enum class Keep {
    nothing,   ///< check_project: building geometries released as soon as no rule reads them
    light,     ///< the same release; snapshot keys, assignment and facts kept
    everything ///< geometries too: any rule can be evaluated again
};

/// The whole analysis. With `compact_items`, household_pairing and the residential-building
/// rules keep their uncovered items in `compact` instead of making Uncovered items (their
/// RuleResult counts them; the streamed `check --json` writes them), and `keep` should keep the
/// facts they refer to (Keep::light).
std::shared_ptr<AnalysisState> analyse(const Project& project, const CheckOptions& options,
                                       Keep keep, bool compact_items = false);

} // namespace gridmap::detail
