// issue_in_cell: every issue point lies in a cell.

#include "rules/rule.hpp"

namespace gridmap::rules {

namespace {

void evaluate(Input& in, RuleResult& r) {
    evaluate_point_in_cell(in, r, in.s.issues, in.a.issue_cell);
}

} // namespace

const Rule& issue_in_cell() {
    static const Rule rule{{"issue_in_cell", "Issues lie in a cell", "问题点落在网格内",
                            "Every issue is pinned inside a cell, so that a grid worker gets it.",
                            "每个问题点都在某个网格内，从而有网格员接单。", RuleSubject::issue,
                            false},
                           &evaluate,
                           false,
                           "issue cell"};
    return rule;
}

} // namespace gridmap::rules
