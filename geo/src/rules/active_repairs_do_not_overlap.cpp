// active_repairs_do_not_overlap: no two active repair segments share more than a metre of road.

#include "gridmap/text.hpp"
#include "rules/rule.hpp"

#include <map>

namespace gridmap::rules {

namespace {

void evaluate(Input& in, RuleResult& r) {
    const auto& segments = in.s.repair_segments;
    std::vector<std::size_t> active;
    for (std::size_t i = 0; i < segments.size(); ++i) {
        if (segments[i].b == "active") {
            active.push_back(i);
        }
    }
    r.total = static_cast<std::int64_t>(active.size());
    std::map<std::string, std::string> overlaps_of;
    std::map<std::string, std::string> overlaps_zh_of;
    for (std::size_t x = 0; x < active.size(); ++x) {
        for (std::size_t y = x + 1; y < active.size(); ++y) {
            const detail::Item& sa = segments[active[x]];
            const detail::Item& sb = segments[active[y]];
            detail::Geom inter(in.ctx, GEOSIntersection_r(in.ctx, sa.geom.get(), sb.geom.get()));
            double length = 0;
            if (!inter) {
                ++in.topology_errors;
                continue;
            }
            GEOSLength_r(in.ctx, inter.get(), &length);
            if (length > 1.0) {
                const std::string text = fixed(length, 1) + " m";
                overlaps_of[sa.key] +=
                    (overlaps_of[sa.key].empty() ? "overlaps " : ", ") + sb.key + " by " + text;
                overlaps_of[sb.key] +=
                    (overlaps_of[sb.key].empty() ? "overlaps " : ", ") + sa.key + " by " + text;
                overlaps_zh_of[sa.key] +=
                    (overlaps_zh_of[sa.key].empty() ? "与 " : "，与 ") + sb.key + " 重叠 " + text;
                overlaps_zh_of[sb.key] +=
                    (overlaps_zh_of[sb.key].empty() ? "与 " : "，与 ") + sa.key + " 重叠 " + text;
            }
        }
    }
    for (std::size_t i : active) {
        const detail::Item& seg = segments[i];
        if (auto it = overlaps_of.find(seg.key); it != overlaps_of.end()) {
            r.uncovered.push_back(
                {seg.key, seg.name, it->second, in.wkt(seg.geom.get()), overlaps_zh_of[seg.key]});
        }
    }
}

} // namespace

const Rule& active_repairs_do_not_overlap() {
    static const Rule rule{
        {"active_repairs_do_not_overlap", "Active repair segments do not overlap",
         "在施维修段互不重叠", "No two active repair segments share more than 1 m of road.",
         "任意两个在施维修段的重叠长度不超过 1 米。", RuleSubject::repair_segment, false},
        &evaluate,
        false,
        "repair_segment"};
    return rule;
}

} // namespace gridmap::rules
