// cell_grid_worker: every cell has a grid worker.

#include "rules/rule.hpp"

namespace gridmap::rules {

namespace {

void evaluate(Input& in, RuleResult& r) {
    evaluate_role(in, r, "SELECT code, name, NULL FROM cell", "grid_worker", "no grid worker",
                  "无网格员", false);
}

} // namespace

const Rule& cell_grid_worker() {
    static const Rule rule{{"cell_grid_worker", "Cells have a grid worker", "网格有网格员",
                            "Every cell has a grid worker.", "每个网格都有网格员。",
                            RuleSubject::cell, true},
                           &evaluate,
                           false,
                           "cell role_assignment"};
    return rule;
}

} // namespace gridmap::rules
