// building_captain: every residential building has a building captain.

#include "rules/rule.hpp"

namespace gridmap::rules {

namespace {

void evaluate(Input& in, RuleResult& r) {
    const auto& captains = in.facts.targets("building_captain");
    evaluate_residential(
        in, r,
        [&](std::size_t i) { return captains.contains(std::string(in.facts.buildings[i].id)); },
        "no building captain", "无楼栋长");
}

} // namespace

const Rule& building_captain() {
    static const Rule rule{{"building_captain", "Residential buildings have a building captain",
                            "楼栋有楼栋长", "Every residential building has a building captain.",
                            "每栋住宅楼都有楼栋长。", RuleSubject::building, true},
                           &evaluate,
                           false,
                           "building household role_assignment"};
    return rule;
}

} // namespace gridmap::rules
