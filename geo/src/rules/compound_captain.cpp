// compound_captain: every compound has a compound captain.

#include "rules/rule.hpp"

namespace gridmap::rules {

namespace {

void evaluate(Input& in, RuleResult& r) {
    evaluate_role(in, r, "SELECT id, name, NULL FROM compound", "compound_captain",
                  "no compound captain", "无小区长", false);
}

} // namespace

const Rule& compound_captain() {
    static const Rule rule{{"compound_captain", "Compounds have a compound captain", "小区有小区长",
                            "Every compound has a compound captain.", "每个小区都有小区长。",
                            RuleSubject::compound, true},
                           &evaluate,
                           false,
                           "compound role_assignment"};
    return rule;
}

} // namespace gridmap::rules
