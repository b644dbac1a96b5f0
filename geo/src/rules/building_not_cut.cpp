// building_not_cut: a building in a cell has no more than the cut share outside that cell.

#include "rules/rule.hpp"

namespace gridmap::rules {

namespace {

void evaluate(Input& in, RuleResult& r) {
    for (std::size_t i = 0; i < in.s.buildings.size(); ++i) {
        const detail::Overlap& o = in.a.building_cell[i];
        if (!o.parent) {
            continue; // building_in_cell reports it
        }
        ++r.total;
        const double share = o.child_area > 0 ? o.area / o.child_area : 1.0;
        if (1.0 - share > in.settings.cut_share) {
            const detail::Item& b = in.s.buildings[i];
            const std::string& cell = in.s.cells[*o.parent].key;
            r.uncovered.push_back(
                {b.key, b.name,
                 percent(share) + " in " + cell + ", " + percent(1.0 - share) + " outside it",
                 in.wkt(b.geom.get()),
                 "在网格 " + cell + " 内 " + percent(share) + "，网格外 " + percent(1.0 - share)});
        }
    }
}

} // namespace

const Rule& building_not_cut() {
    static const Rule rule{
        {"building_not_cut", "Buildings are not cut by a cell boundary", "楼栋未被网格边界切分",
         "A building in a cell has at most the cut share of its area outside "
         "that cell.",
         "楼栋落在所属网格外的面积比例不超过切分阈值。", RuleSubject::building, false},
        &evaluate,
        true,
        "building cell"};
    return rule;
}

} // namespace gridmap::rules
