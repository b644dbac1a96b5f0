// household_pairing: every household is paired with a party member. Households appear by id
// only: no names or phone numbers in any result.

#include "rules/rule.hpp"

namespace gridmap::rules {

namespace {

void evaluate(Input& in, RuleResult& r) {
    r.total = in.facts.households;
    r.uncovered = std::move(in.facts.unpaired_households);
    in.facts.unpaired_households.clear();
}

} // namespace

const Rule& household_pairing() {
    static const Rule rule{{"household_pairing", "Households are paired with a party member",
                            "住户有党员包保", "Every household has a party member paired with it.",
                            "每户都有党员包保。", RuleSubject::household, true},
                           &evaluate};
    return rule;
}

} // namespace gridmap::rules
