// The readable check summary in Chinese (gridmap check in a Chinese session): the rules'
// Chinese titles and the uncovered items' Chinese details, laid out as check_to_text does.

#include "gridmap/check.hpp"
#include "gridmap/text.hpp"

#include <cstdio>

namespace gridmap {

std::string check_to_text_zh(const CheckResult& r, std::size_t max_items) {
    std::size_t holding = 0;
    for (const auto& rule : r.rules) {
        holding += rule.holds() ? 1 : 0;
    }
    std::string o = std::to_string(r.rules.size()) + " 条规则中 " + std::to_string(holding) +
                    " 条成立；大于 " + fixed(r.tolerance_m2, 1) + " 平方米的缝隙 " +
                    std::to_string(r.gaps.size()) + " 处、重叠 " +
                    std::to_string(r.overlaps.size()) + " 处\n\n";
    auto rule_lines = [&](const RuleResult& rule) {
        char line[256];
        std::snprintf(line, sizeof line, "%s %-30s %7lld/%-7lld %6s%%  ",
                      rule.holds() ? "成立  " : "不成立", rule.id.c_str(),
                      static_cast<long long>(rule.covered), static_cast<long long>(rule.total),
                      fixed(rule.share() * 100.0, 1).c_str());
        o += line + rule.title_zh + "\n";
        for (std::size_t i = 0; i < rule.uncovered.size() && i < max_items; ++i) {
            const Uncovered& u = rule.uncovered[i];
            o += "     " + u.id + (u.name.empty() ? "" : " " + u.name) + "：" +
                 (u.detail_zh.empty() ? u.detail : u.detail_zh) + "\n";
        }
        if (rule.uncovered.size() > max_items) {
            o += "     …… 另有 " + std::to_string(rule.uncovered.size() - max_items) + " 个\n";
        }
    };
    for (const auto& rule : r.rules) {
        rule_lines(rule);
    }
    for (const Gap& g : r.gaps) {
        o += "社区 " + g.community + " 内的缝隙：" + fixed(g.area_m2, 1) + " 平方米\n";
    }
    for (const CellOverlap& ov : r.overlaps) {
        o += "网格 " + ov.cell_a + " 与 " + ov.cell_b + " 重叠：" + fixed(ov.area_m2, 1) +
             " 平方米\n";
    }
    if (!r.seed_rules.empty()) {
        o += "\n走访、重点人群与巡查（不计入上面的规则）：\n";
        for (const auto& rule : r.seed_rules) {
            rule_lines(rule);
        }
    }
    if (r.topology_errors > 0) {
        o += std::to_string(r.topology_errors) +
             " 处 GEOS 拓扑错误（已跳过这些要素对；请检查输入几何）\n";
    }
    return o;
}

} // namespace gridmap
