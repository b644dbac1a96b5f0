// The seed's work (gridmap/seed.hpp) on the hand-drawn coverage fixture (tests/data/coverage):
// households H1-H3 in B1, H4-H5 in B3, H6 in B5; pairings H1-P4, H1-P3, H4-P4, H6-P4; grid
// workers P1 and P2; party members P1, P3, P4. Every expected value is worked out in the
// comments from those facts.

#include "gridmap/error.hpp"
#include "gridmap/import.hpp"
#include "gridmap/meeting.hpp"
#include "gridmap/parse.hpp"
#include "gridmap/project.hpp"
#include "gridmap/seed.hpp"
#include "test_util.hpp"

#include <gtest/gtest.h>

#include <fstream>

namespace {

using gridmap::InputError;
using gridmap::Project;
using namespace gridmap::test;

// 2026-11-30 12:00 Beijing.
const std::int64_t now = *gridmap::parse_date_time("2026-11-30T12:00:00+08:00");

gridmap::NewVisit visit(const std::string& household, const std::string& building,
                        const std::string& person, const std::string& date,
                        const std::string& kind) {
    gridmap::NewVisit v;
    v.household = household;
    v.building = building;
    v.person = person;
    v.date = date;
    v.kind = kind;
    return v;
}

class SeedTest : public ::testing::Test {
protected:
    void SetUp() override {
        path = temp_file("seed.gpkg");
        build_coverage_fixture(path);
        Project p = Project::open(path);
        // H1 by P4 on 1 September: from its midnight to 30 November noon is 29 + 31 + 30 = 90
        // whole days (and 12 hours): within 90 days, not within 89.
        EXPECT_EQ(gridmap::add_visit(p, visit("H1", "", "P4", "2026-09-01", "入户走访")), "V00001");
        // A sweep of B3 (摸排) covers H4 and H5 for the visit rule (not for the care rule).
        EXPECT_EQ(gridmap::add_visit(p, visit("", "B3", "P1", "2026-11-20", "摸排")), "V00002");
        // H6 helped by P4 on 10 November: 20 days before now.
        EXPECT_EQ(gridmap::add_visit(p, visit("H6", "", "P4", "2026-11-10", "帮扶")), "V00003");
    }
    std::string path;
};

const gridmap::RuleResult* find(const std::vector<gridmap::RuleResult>& rules,
                                const std::string& id) {
    for (const auto& r : rules) {
        if (r.id == id) {
            return &r;
        }
    }
    return nullptr;
}

TEST_F(SeedTest, HouseholdVisitedRuleCountsHouseholdAndSweepVisits) {
    const Project p = Project::open_for_reading(path);
    const auto rules = gridmap::check_seed_rules(p, now);
    const auto* r = find(rules, "household_visited");
    ASSERT_NE(r, nullptr);
    // 6 households; H1 (90 days), H4 and H5 (sweep of B3), H6 visited; H2 and H3 never.
    EXPECT_EQ(r->total, 6);
    EXPECT_EQ(r->covered, 4);
    ASSERT_EQ(r->uncovered.size(), 2u);
    EXPECT_EQ(r->uncovered[0].id, "H2");
    EXPECT_EQ(r->uncovered[0].detail, "never visited");
    EXPECT_EQ(r->uncovered[1].id, "H3");
    // No care tag and no key place yet: only the visit rule.
    EXPECT_EQ(rules.size(), 1u);
}

TEST_F(SeedTest, VisitIntervalSettingIsRead) {
    {
        Project p = Project::open(path);
        p.set_setting("visit_interval_days", "89");
    }
    const Project p = Project::open_for_reading(path);
    const auto rules = gridmap::check_seed_rules(p, now);
    const auto* r = find(rules, "household_visited");
    ASSERT_NE(r, nullptr);
    EXPECT_EQ(r->covered, 3); // H1's 90 days are now too many
    EXPECT_EQ(r->uncovered[0].id, "H1");
    EXPECT_EQ(r->uncovered[0].detail, "last visited 2026-09-01, 90 days ago (limit 89)");
}

TEST_F(SeedTest, VisitCoveragePerCell) {
    const Project p = Project::open_for_reading(path);
    const auto cells = gridmap::visit_coverage_by_cell(p, now);
    // Cell 001 holds H1 H2 H3 (B1) and H6 (B5): H1 and H6 visited, 2 of 4. Cell 003 holds H4 H5
    // (B3): both swept, 2 of 2.
    ASSERT_EQ(cells.size(), 4u);
    EXPECT_EQ(cells[0].cell, "420902001005001");
    EXPECT_EQ(cells[0].households, 4);
    EXPECT_EQ(cells[0].visited, 2);
    EXPECT_EQ(cells[2].cell, "420902001005003");
    EXPECT_EQ(cells[2].households, 2);
    EXPECT_EQ(cells[2].visited, 2);
}

TEST_F(SeedTest, SnapshotsKeepVisitCoverageAsOfTheirTime) {
    const Project p = Project::open_for_reading(path);
    using Pair = std::pair<std::int64_t, std::int64_t>;
    auto community = [&](std::int64_t moment) {
        for (const auto& v : gridmap::visited_households_as_of(p, moment)) {
            if (v.scope == "community") {
                return std::pair(v.visited, v.households);
            }
        }
        return Pair(-1, -1);
    };
    // 30 November: H1, H4, H5 (sweep of 20 November), H6 of 6. 15 November: the sweep had not
    // happened: H1 (75 days) and H6.
    EXPECT_EQ(community(now), Pair(4, 6));
    EXPECT_EQ(community(*gridmap::parse_date_time("2026-11-15T12:00:00+08:00")), Pair(2, 6));
    Project w = Project::open(path);
    const auto snap = gridmap::take_snapshot(w, "例会", now);
    bool found = false;
    for (const auto& f : snap.figures) {
        if (f.scope == "cell" && f.target == "420902001005001" && f.metric == "household_visited") {
            found = true;
            EXPECT_EQ(f.numerator, 2); // H1, H6 of H1 H2 H3 H6
            EXPECT_EQ(f.denominator, 4);
        }
    }
    EXPECT_TRUE(found);
}

TEST_F(SeedTest, BadVisitsAreRefusedAndNothingChanges) {
    const std::string before = dump_project(path);
    Project p = Project::open(path);
    EXPECT_THROW(gridmap::add_visit(p, visit("H1", "B3", "P4", "2026-11-01", "入户走访")),
                 InputError); // H1 lies in B1
    EXPECT_THROW(gridmap::add_visit(p, visit("H1", "", "P4", "2026-11-01", "闲聊")), InputError);
    EXPECT_THROW(gridmap::add_visit(p, visit("H1", "", "P4", "2099-01-01", "入户走访")),
                 InputError);
    EXPECT_THROW(gridmap::add_visit(p, visit("H1", "", "P4", "2026-02-30", "入户走访")),
                 InputError);
    EXPECT_THROW(gridmap::add_visit(p, visit("H1", "", "P99", "2026-11-01", "入户走访")),
                 InputError);
    EXPECT_THROW(gridmap::add_visit(p, visit("H99", "", "P4", "2026-11-01", "入户走访")),
                 InputError);
    EXPECT_THROW(gridmap::add_visit(p, visit("", "", "P4", "2026-11-01", "入户走访")), InputError);
    try {
        gridmap::add_visit(p, visit("H1", "B3", "P4", "2026-11-01", "入户走访"));
    } catch (const InputError& e) {
        EXPECT_STREQ(e.what(), "visit: household H1 lies in building B1, not B3");
    }
    EXPECT_EQ(dump_project(path), before);
}

TEST_F(SeedTest, SweepPlanWalksNearestBuildingFirst) {
    const Project p = Project::open_for_reading(path);
    // P4's households: H1 (B1, centroid 200,260), H4 (B3, 30,30), H6 (B5, 195,325). From B1,
    // B5 is 65.2 m away and B3 286.1 m: B1, B5, B3.
    const auto plan = gridmap::sweep_plan(p, "P4", now);
    ASSERT_EQ(plan.size(), 3u);
    EXPECT_EQ(plan[0].household, "H1");
    EXPECT_EQ(plan[1].household, "H6");
    EXPECT_EQ(plan[2].household, "H4");
    EXPECT_EQ(plan[0].last_visit, "2026-09-01");
    EXPECT_FALSE(plan[0].due);                   // 90 days
    EXPECT_EQ(plan[2].last_visit, "2026-11-20"); // the sweep of B3
    EXPECT_THROW(gridmap::sweep_plan(p, "P99", now), InputError);
    const std::string text = gridmap::sweep_plan_text(p, "P4", plan);
    EXPECT_NE(text.find("3 户 households, 0 户 due"), std::string::npos) << text;
    EXPECT_EQ(text.find("周一户"), std::string::npos); // no resident names
}

TEST_F(SeedTest, CareRegisterRolesCountsAndRules) {
    {
        Project p = Project::open(path);
        gridmap::add_care_tag(p, "H6", "", "独居老人", "2026-01-01", "P1");
        gridmap::add_care_tag(p, "H5", "", "低保户", "", "P2");
        // Only grid workers change it; unknown tags and duplicates are refused.
        EXPECT_THROW(gridmap::add_care_tag(p, "H4", "", "低保户", "", "P4"), InputError);
        EXPECT_THROW(gridmap::add_care_tag(p, "H4", "", "富裕户", "", "P1"), InputError);
        EXPECT_THROW(gridmap::add_care_tag(p, "H6", "", "独居老人", "", "P1"), InputError);
    }
    const Project p = Project::open_for_reading(path);
    EXPECT_EQ(gridmap::list_care(p, "P1", now).size(), 2u); // grid worker: all
    EXPECT_EQ(gridmap::list_care(p, "P2", now).size(), 2u);
    const auto mine = gridmap::list_care(p, "P4", now); // paired with H1, H4, H6: H6 only
    ASSERT_EQ(mine.size(), 1u);
    EXPECT_EQ(mine[0].household, "H6");
    EXPECT_EQ(mine[0].paired, std::vector<std::string>{"P4"});
    EXPECT_FALSE(mine[0].due);                                  // helped 20 days ago
    EXPECT_THROW(gridmap::list_care(p, "P5", now), InputError); // neither
    const auto c = gridmap::care_counts(p, now);
    EXPECT_EQ(c.entries, 2);
    EXPECT_EQ(c.households, 2);
    EXPECT_EQ(c.unpaired, 1); // H5
    EXPECT_EQ(c.due, 1);      // H5: only swept, no visit at the door
    EXPECT_EQ(c.by_tag.at("独居老人"), 1);
    const auto rules = gridmap::check_seed_rules(p, now);
    ASSERT_NE(find(rules, "care_paired"), nullptr);
    EXPECT_EQ(find(rules, "care_paired")->covered, 1);
    EXPECT_EQ(find(rules, "care_paired")->uncovered[0].id, "H5");
    EXPECT_EQ(find(rules, "care_visited")->total, 2);
    EXPECT_EQ(find(rules, "care_visited")->covered, 1);
}

TEST_F(SeedTest, KeyPlacesPatrolsAndPoints) {
    gdal_sql(path, "INSERT INTO key_place (id, name, kind, building, patrol_days) VALUES "
                   "('K1', '药店', '药店', 'B2', 7), ('K2', '网吧', '网吧', NULL, 14)");
    {
        Project p = Project::open(path);
        gridmap::NewPatrol x;
        x.place = "K1";
        x.person = "P1";
        x.date = "2026-11-25"; // 5 days before now: within 7
        EXPECT_EQ(gridmap::add_patrol(p, x), "X00001");
        x.place = "K9";
        EXPECT_THROW(gridmap::add_patrol(p, x), InputError);
        gridmap::add_member_signup(p, "P4", "报到", "2026-11-05", "P4");
        gridmap::add_member_signup(p, "P3", "夜间巡逻", "2026-10-05", "P1");
        EXPECT_THROW(gridmap::add_member_signup(p, "P2", "报到", "2026-11-05", "P1"), InputError);
        EXPECT_THROW(gridmap::add_member_signup(p, "P4", "报到", "2026-11-06", "P4"), InputError);
        // P3 (a building captain, not a grid worker) cannot enter P4's sign-up.
        EXPECT_THROW(gridmap::add_member_signup(p, "P4", "结对帮困", "2026-11-06", "P3"),
                     InputError);
    }
    const Project p = Project::open_for_reading(path);
    const auto places = gridmap::key_place_status(p, now);
    ASSERT_EQ(places.size(), 2u);
    EXPECT_FALSE(places[0].overdue);
    EXPECT_EQ(*places[0].days_since, 5);
    EXPECT_TRUE(places[0].lon.has_value()); // from B2's centroid
    EXPECT_TRUE(places[1].overdue);         // never patrolled
    const auto rules = gridmap::check_seed_rules(p, now);
    const auto* r = find(rules, "key_place_patrolled");
    ASSERT_NE(r, nullptr);
    EXPECT_EQ(r->covered, 1);
    EXPECT_EQ(r->uncovered[0].id, "K2");

    // November: P4 帮扶 3 + 报到 1 = 4; P1 摸排 1 + patrol 1 = 2.
    const auto n = gridmap::points_notice(p, "2026-11");
    ASSERT_GE(n.members.size(), 2u);
    EXPECT_EQ(n.members[0].person, "P4");
    EXPECT_EQ(n.members[0].points, 4);
    EXPECT_EQ(n.members[1].person, "P1");
    EXPECT_EQ(n.members[1].points, 2);
    // Party members P1, P3, P4: one checked in, one signed up for night patrols.
    EXPECT_EQ(n.checkin.numerator, 1);
    EXPECT_EQ(n.checkin.denominator, 3);
    EXPECT_EQ(n.patrolling.numerator, 1);
    EXPECT_EQ(n.pairing.numerator, 0);
    // September: P4's 入户走访 of H1, 2 points.
    const auto sep = gridmap::points_notice(p, "2026-09");
    EXPECT_EQ(sep.members[0].person, "P4");
    EXPECT_EQ(sep.members[0].points, 2);
    const std::string csv = gridmap::points_notice_csv(n);
    EXPECT_NE(csv.find("member,1,P4,赵党员,,,0,0,1,0,0,0,0,1,4\n"), std::string::npos) << csv;
    EXPECT_NE(csv.find("rate,,checkin,1/3,,3,,,,,,,,,33.3%\n"), std::string::npos) << csv;
    EXPECT_THROW(gridmap::points_notice(p, "2026-13"), InputError);
}

TEST_F(SeedTest, VisitRegisterImportReadsChineseHeaders) {
    const std::string csv = temp_file("visits.csv");
    {
        std::ofstream f(csv);
        f << "编号,户号,走访人,走访日期,走访类型,走访情况\n"
             "W1,H2,P4,2026/11/15,入户走访,家中正常\n"
             "W2,H3,P4,2026-11-16,帮扶,送米油\n";
    }
    Project p = Project::open(path);
    gridmap::ImportOptions o;
    o.table = "visit";
    o.source = csv;
    EXPECT_EQ(gridmap::import_layer(p, o).added, 2);
    EXPECT_EQ(value_of(path, "visit", "id", "W1", "date"), "2026/11/15");
    EXPECT_EQ(value_of(path, "visit", "id", "W2", "kind"), "帮扶");
    // H2 and H3 are now visited: every household of the fixture is.
    const auto rules = gridmap::check_seed_rules(p, now);
    EXPECT_EQ(find(rules, "household_visited")->covered, 6);
    // A kind outside the four is refused with the row named, nothing written.
    {
        std::ofstream f(csv);
        f << "编号,户号,走访人,走访日期,走访类型\nW3,H2,P4,2026-11-17,闲聊\n";
    }
    EXPECT_THROW(gridmap::import_layer(p, o), InputError);
    EXPECT_EQ(value_of(path, "visit", "id", "W3", "kind"), "<none>");
}

TEST(SeedPoints, TableIsTheDocumentedOne) {
    int total = 0;
    for (const auto& r : gridmap::point_rules()) {
        total += r.points;
    }
    // visit 2 + survey 1 + help 3 + promo 1 + patrol 1 + order 3 + volunteer 2 + check-in 1.
    EXPECT_EQ(total, 14);
    EXPECT_EQ(gridmap::point_rules().size(), 8u);
}

} // namespace
