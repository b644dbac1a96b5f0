// building_party_group: every residential building has a party group.

#include "rules/rule.hpp"

namespace gridmap::rules {

namespace {

void evaluate(Input& in, RuleResult& r) {
    evaluate_residential(
        in, r, [&](std::size_t i) { return static_cast<bool>(in.facts.has_party_group[i]); },
        "no party group", "无党小组");
}

} // namespace

const Rule& building_party_group() {
    static const Rule rule{{"building_party_group", "Residential buildings have a party group",
                            "楼栋有党小组",
                            "Every residential building is covered by a party group.",
                            "每栋住宅楼都有党小组覆盖。", RuleSubject::building, true},
                           &evaluate,
                           false,
                           "building household party_group_building"};
    return rule;
}

} // namespace gridmap::rules
