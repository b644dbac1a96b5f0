// building_in_cell: every building overlaps a cell (the assignment gives it one).

#include "rules/rule.hpp"

namespace gridmap::rules {

namespace {

void evaluate(Input& in, RuleResult& r) {
    r.total = static_cast<std::int64_t>(in.s.buildings.size());
    for (std::size_t i = 0; i < in.s.buildings.size(); ++i) {
        if (!in.a.building_cell[i].parent) {
            const detail::Item& b = in.s.buildings[i];
            r.uncovered.push_back(
                {b.key, b.name, "in no cell", in.wkt(b.geom.get()), "不在任何网格内"});
        }
    }
}

} // namespace

const Rule& building_in_cell() {
    static const Rule rule{{"building_in_cell", "Buildings lie in a cell", "楼栋落在网格内",
                            "Every building overlaps a cell, so that it is assigned to one.",
                            "每栋楼都与某个网格相交，从而归属该网格。", RuleSubject::building,
                            false},
                           &evaluate,
                           true,
                           "building cell"};
    return rule;
}

} // namespace gridmap::rules
