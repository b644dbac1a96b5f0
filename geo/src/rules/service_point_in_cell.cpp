// service_point_in_cell: every service point lies in a cell.

#include "rules/rule.hpp"

namespace gridmap::rules {

namespace {

void evaluate(Input& in, RuleResult& r) {
    evaluate_point_in_cell(in, r, in.s.service_points, in.a.service_point_cell);
}

} // namespace

const Rule& service_point_in_cell() {
    static const Rule rule{{"service_point_in_cell", "Service points lie in a cell",
                            "服务点落在网格内", "Every service point lies inside a cell.",
                            "每个服务点都在某个网格内。", RuleSubject::service_point, false},
                           &evaluate,
                           false,
                           "service_point cell"};
    return rule;
}

} // namespace gridmap::rules
