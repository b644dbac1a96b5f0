// household_pairing: every household is paired with a party member. Households appear by id
// only: no names or phone numbers in any result.

#include "rules/rule.hpp"

#include <algorithm>

namespace gridmap::rules {

void append_household_detail(std::string& out, std::string_view building) {
    out.append("not paired (building ").append(building).append(")");
}

void append_household_detail_zh(std::string& out, std::string_view building) {
    out.append("未包保（楼栋 ").append(building).append("）");
}

std::string_view unpaired_building(const RelationalFacts& f, const RelationalFacts::Unpaired& u) {
    return u.building >= 0
               ? f.buildings[static_cast<std::size_t>(u.building)].id
               : std::string_view(f.unknown_buildings[static_cast<std::size_t>(-1 - u.building)]);
}

namespace {

void evaluate(Input& in, RuleResult& r) {
    RelationalFacts& f = in.facts;
    r.total = f.households;
    if (in.compact != nullptr) {
        // The streamed JSON: the list as it is, sorted by id as the items would be.
        auto& list = in.compact->households;
        list = std::move(f.unpaired_households);
        f.unpaired_households = {};
        const auto by_id = [](const RelationalFacts::Unpaired& a,
                              const RelationalFacts::Unpaired& b) {
            return a.id < b.id;
        };
        if (std::adjacent_find(list.begin(), list.end(), [&](const auto& a, const auto& b) {
                return !by_id(a, b);
            }) != list.end()) {
            std::sort(list.begin(), list.end(), by_id);
        }
        return;
    }
    r.uncovered.reserve(f.unpaired_households.size());
    for (RelationalFacts::Unpaired& u : f.unpaired_households) {
        const std::string_view building = unpaired_building(f, u);
        std::string detail;
        detail.reserve(22 + building.size());
        append_household_detail(detail, building);
        std::string detail_zh;
        detail_zh.reserve(24 + building.size());
        append_household_detail_zh(detail_zh, building);
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
