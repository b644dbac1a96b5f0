// household_pairing: every household is paired with a party member. Households appear by id
// only: no names or phone numbers in any result.

#include "rules/rule.hpp"

namespace gridmap::rules {

namespace {

void evaluate(Input& in, RuleResult& r) {
    RelationalFacts& f = in.facts;
    r.total = f.households;
    r.uncovered.reserve(f.unpaired_households.size());
    for (RelationalFacts::Unpaired& u : f.unpaired_households) {
        const std::string_view building =
            u.building >= 0
                ? f.buildings[static_cast<std::size_t>(u.building)].id
                : std::string_view(f.unknown_buildings[static_cast<std::size_t>(-1 - u.building)]);
        std::string detail;
        detail.reserve(22 + building.size());
        detail.append("not paired (building ").append(building).append(")");
        std::string detail_zh;
        detail_zh.reserve(24 + building.size());
        detail_zh.append("未包保（楼栋 ").append(building).append("）");
        r.uncovered.push_back({std::move(u.id), {}, std::move(detail), {}, std::move(detail_zh)});
    }
    f.unpaired_households = {};
}

} // namespace

const Rule& household_pairing() {
    static const Rule rule{{"household_pairing", "Households are paired with a party member",
                            "住户有党员包保", "Every household has a party member paired with it.",
                            "每户都有党员包保。", RuleSubject::household, true},
                           &evaluate,
                           false,
                           "household household_pairing building"};
    return rule;
}

} // namespace gridmap::rules
