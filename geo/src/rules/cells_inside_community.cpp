// cells_inside_community: every cell lies inside its community, up to the tolerance.

#include "rules/rule.hpp"

namespace gridmap::rules {

namespace {

void evaluate(Input& in, RuleResult& r) {
    evaluate_inside_community(in, r, in.s.cells);
}

} // namespace

const Rule& cells_inside_community() {
    static const Rule rule{{"cells_inside_community", "Cells lie inside their community",
                            "网格在所属社区范围内",
                            "No cell reaches outside its community by more than the tolerance.",
                            "网格超出所属社区的面积不超过容差。", RuleSubject::cell, false},
                           &evaluate,
                           false,
                           "community cell"};
    return rule;
}

} // namespace gridmap::rules
