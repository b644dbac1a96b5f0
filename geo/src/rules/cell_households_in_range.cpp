// cell_households_in_range: every cell holds households within the target range. Households per
// cell: of the buildings assigned to it (rules::households_per_cell, the one definition).

#include "rules/rule.hpp"

#include <string>

namespace gridmap::rules {

std::vector<std::int64_t> households_per_cell(const Input& in) {
    std::vector<std::int64_t> per_cell(in.s.cells.size(), 0);
    for (std::size_t i = 0; i < in.s.buildings.size(); ++i) {
        if (const auto& cell = in.a.building_cell[i].parent) {
            if (const auto& k = in.fact_of[i]) {
                per_cell[*cell] += in.facts.households_of[*k];
            }
        }
    }
    return per_cell;
}

namespace {

void evaluate(Input& in, RuleResult& r) {
    const std::vector<std::int64_t> per_cell = households_per_cell(in);
    const int lo = in.settings.households_min;
    const int hi = in.settings.households_max;
    r.total = static_cast<std::int64_t>(in.s.cells.size());
    for (std::size_t i = 0; i < in.s.cells.size(); ++i) {
        if (per_cell[i] < lo || per_cell[i] > hi) {
            r.uncovered.push_back({in.s.cells[i].key,
                                   in.s.cells[i].name,
                                   std::to_string(per_cell[i]) + " households (target " +
                                       std::to_string(lo) + "-" + std::to_string(hi) + ")",
                                   {},
                                   std::to_string(per_cell[i]) + " 户（目标 " + std::to_string(lo) +
                                       "–" + std::to_string(hi) + " 户）"});
        }
    }
}

} // namespace

const Rule& cell_households_in_range() {
    static const Rule rule{{"cell_households_in_range",
                            "Cells hold households within the target range", "网格户数在目标范围内",
                            "The households of the buildings assigned to each cell are within "
                            "the target range.",
                            "每个网格内所属楼栋的户数在目标范围内。", RuleSubject::cell, true},
                           &evaluate,
                           false,
                           "cell building household"};
    return rule;
}

} // namespace gridmap::rules
