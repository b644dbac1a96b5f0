// cells_tile_community: the cells of a community cover it without gaps or overlaps above the
// tolerance (the gaps and overlaps themselves are computed before the rules, see check.cpp).

#include "gridmap/text.hpp"
#include "rules/rule.hpp"

#include <map>

namespace gridmap::rules {

namespace {

void evaluate(Input& in, RuleResult& r) {
    r.total = static_cast<std::int64_t>(in.s.communities.size());
    std::map<std::string, std::pair<double, int>> gap_of;
    std::map<std::string, std::pair<double, int>> overlap_of;
    for (const Gap& g : in.settings.gaps) {
        gap_of[g.community].first += g.area_m2;
        ++gap_of[g.community].second;
    }
    for (const CellOverlap& o : in.settings.overlaps) {
        const std::string& c = in.s.cells[in.cell_index.at(o.cell_a)].a;
        overlap_of[c].first += o.area_m2;
        ++overlap_of[c].second;
    }
    for (const detail::Item& c : in.s.communities) {
        std::string detail;
        std::string detail_zh;
        if (auto g = gap_of.find(c.key); g != gap_of.end()) {
            detail +=
                std::to_string(g->second.second) + " gaps, " + fixed(g->second.first, 1) + " m2";
            detail_zh += "缝隙 " + std::to_string(g->second.second) + " 处，共 " +
                         fixed(g->second.first, 1) + " m²";
        }
        if (auto o = overlap_of.find(c.key); o != overlap_of.end()) {
            detail += (detail.empty() ? "" : "; ") + std::to_string(o->second.second) +
                      " overlaps, " + fixed(o->second.first, 1) + " m2";
            detail_zh += (detail_zh.empty() ? "" : "；") + std::string("重叠 ") +
                         std::to_string(o->second.second) + " 处，共 " + fixed(o->second.first, 1) +
                         " m²";
        }
        if (!detail.empty()) {
            r.uncovered.push_back({c.key, c.name, detail, {}, detail_zh});
        }
    }
}

} // namespace

const Rule& cells_tile_community() {
    static const Rule rule{
        {"cells_tile_community", "Cells tile their community", "网格无缝隙无重叠地覆盖社区",
         "The cells of each community cover it with no gap or overlap larger "
         "than the tolerance.",
         "每个社区的网格覆盖整个社区，缝隙和重叠均不超过容差。", RuleSubject::community, false},
        &evaluate,
        false,
        "community cell"};
    return rule;
}

} // namespace gridmap::rules
