// unit_captain: every unit has a unit captain.

#include "rules/rule.hpp"

namespace gridmap::rules {

namespace {

void evaluate(Input& in, RuleResult& r) {
    evaluate_role(in, r, "SELECT id, name, building FROM unit", "unit_captain",
                  "no unit captain (building ", "无单元长（楼栋 ", true);
}

} // namespace

const Rule& unit_captain() {
    static const Rule rule{{"unit_captain", "Units have a unit captain", "单元有单元长",
                            "Every unit of a building has a unit captain.", "每个单元都有单元长。",
                            RuleSubject::unit, true},
                           &evaluate,
                           false,
                           "unit role_assignment"};
    return rule;
}

} // namespace gridmap::rules
