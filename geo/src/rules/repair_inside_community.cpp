// repair_inside_community: no repair segment runs more than a metre outside every community.

#include "gridmap/text.hpp"
#include "rules/rule.hpp"

namespace gridmap::rules {

namespace {

void evaluate(Input& in, RuleResult& r) {
    r.total = static_cast<std::int64_t>(in.s.repair_segments.size());
    for (std::size_t i = 0; i < in.s.repair_segments.size(); ++i) {
        if (in.a.segment_outside_m[i] > 1.0) {
            const detail::Item& seg = in.s.repair_segments[i];
            r.uncovered.push_back({seg.key, seg.name,
                                   fixed(in.a.segment_outside_m[i], 1) + " m of " +
                                       fixed(in.a.segment_length_m[i], 1) + " m outside",
                                   in.wkt(seg.geom.get()),
                                   "全长 " + fixed(in.a.segment_length_m[i], 1) + " m，社区外 " +
                                       fixed(in.a.segment_outside_m[i], 1) + " m"});
        }
    }
}

} // namespace

const Rule& repair_inside_community() {
    static const Rule rule{
        {"repair_inside_community", "Repair segments lie inside the community",
         "维修段在社区范围内", "No repair segment runs more than 1 m outside every community.",
         "维修段位于社区外的长度不超过 1 米。", RuleSubject::repair_segment, false},
        &evaluate,
        false,
        "repair_segment community"};
    return rule;
}

} // namespace gridmap::rules
