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
    CheckResult result;   ///< assembled from `results`
    std::vector<std::string> evaluated;
    /// One per registry rule (null: not evaluated, a rule on tables the project lacks).
    std::vector<std::shared_ptr<const RuleResult>> results;
    std::vector<std::size_t> rule_topology_errors;
    std::size_t base_topology_errors = 0; ///< of the assignment and the tiling
    bool spatial_tables = false;
    // Kept for updates and accessors (null for check_project, which keeps nothing).
    std::shared_ptr<const Snapshot> snapshot;
    std::shared_ptr<const Assignment> assignment;
    /// Written only while this state is made (household_pairing takes its list), then shared
    /// read-only.
    std::shared_ptr<rules::RelationalFacts> facts;
    std::shared_ptr<const std::vector<std::optional<std::size_t>>> fact_of;
    std::vector<std::int64_t> households_per_cell; ///< by cell index of the snapshot
};

/// The whole analysis. `keep`: keep the snapshot, assignment and facts (for updates and
/// accessors); without it, building geometries are released as soon as no rule needs them and
/// the rule results are moved into `result` (check_project).
std::shared_ptr<AnalysisState> analyse(const Project& project, const CheckOptions& options,
                                       bool keep);

} // namespace gridmap::detail
