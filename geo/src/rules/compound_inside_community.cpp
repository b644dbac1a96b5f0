// compound_inside_community: every compound lies inside its community, up to the tolerance.

#include "rules/rule.hpp"

namespace gridmap::rules {

namespace {

void evaluate(Input& in, RuleResult& r) {
    evaluate_inside_community(in, r, in.s.compounds);
}

} // namespace

const Rule& compound_inside_community() {
    static const Rule rule{{"compound_inside_community", "Compounds lie inside their community",
                            "小区在社区范围内",
                            "No compound reaches outside its community by more than the tolerance.",
                            "小区超出所属社区的面积不超过容差。", RuleSubject::compound, false},
                           &evaluate,
                           false,
                           "compound community"};
    return rule;
}

} // namespace gridmap::rules
