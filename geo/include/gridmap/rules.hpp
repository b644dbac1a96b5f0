#pragma once

// The coverage rules of `gridmap check`, declared once: each rule is one unit
// (geo/src/rules/<rule>.cpp) with its id, titles, description and evaluation, and this registry
// is how check, the map's themes, reports, snapshots and translations find them.

#include <string_view>
#include <vector>

namespace gridmap {

/// What a rule counts (the "total" of its result).
enum class RuleSubject {
    community,
    cell,
    compound,
    building,
    unit,
    household,
    issue,
    service_point,
    repair_segment
};

/// A coverage rule as the registry declares it.
struct RuleInfo {
    std::string_view id;       ///< stable identifier, e.g. "building_party_group"
    std::string_view title;    ///< English
    std::string_view title_zh; ///< Simplified Chinese
    std::string_view description;
    std::string_view description_zh;
    RuleSubject subject = RuleSubject::building;
    /// Needs the tables of a spatial import (building ...); skipped in a project without them.
    bool needs_buildings = false;
};

/// Every coverage rule, in the order `check_project` reports them.
const std::vector<RuleInfo>& coverage_rules();

/// The rule `id`, or nullptr.
const RuleInfo* coverage_rule(std::string_view id);

} // namespace gridmap
