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
#include <map>
#include <tuple>

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
    EXPECT_NE(text.find("3 households, 0 due"), std::string::npos) << text;
    EXPECT_EQ(text.find("户"), std::string::npos) << text; // one language
    EXPECT_EQ(text.find("周一户"), std::string::npos);     // no resident names
    const std::string zh = gridmap::sweep_plan_text(p, "P4", plan, gridmap::Language::zh_CN);
    EXPECT_EQ(zh.rfind("扫楼入户计划：P4 赵党员\n共 3 户，其中 0 户待走访（90 天内未走访）\n", 0),
              0u)
        << zh;
    EXPECT_EQ(zh.find("households"), std::string::npos) << zh;
    EXPECT_EQ(zh.find("never"), std::string::npos) << zh;
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

/// The numerator and denominator of one figure, (-1, -1) when absent.
std::pair<std::int64_t, std::int64_t> figure(const std::vector<gridmap::SnapshotFigure>& figures,
                                             const std::string& scope, const std::string& target,
                                             const std::string& metric) {
    for (const auto& f : figures) {
        if (f.scope == scope && f.target == target && f.metric == metric) {
            return {f.numerator, f.denominator};
        }
    }
    return {-1, -1};
}

const std::string community = "420902001005";
const std::string cell001 = "420902001005001";
const std::string cell002 = "420902001005002";
const std::string cell003 = "420902001005003";
using Pair = std::pair<std::int64_t, std::int64_t>;

// The seed's snapshot metrics on the fixture, worked out by hand. Besides the three visits of
// SetUp (H1 by P4 09-01 入户走访, sweep of B3 by P1 11-20 摸排, H6 by P4 11-10 帮扶):
//  care register: H1 残疾人 (B1, cell 001, paired), H5 低保户 (B3, cell 003, unpaired), H6
//    独居老人 (B5, cell 001, paired);
//  key places: K1 in B2 (cell 002) every 7 days, patrolled 11-25; K2 without a building every
//    14 days, patrolled 11-10 (the fixture has one community: it counts there); K3 in B3 (cell
//    003) every 30 days, patrolled 11-01 by P3;
//  sign-ups of the party members P1 P3 P4: P4 报到 11-05, P3 夜间巡逻 10-05, P1 结对帮困 11-28;
//  co-building unit U1 took on pledges T1 (done) and T2 (active).
class SeedFiguresTest : public SeedTest {
protected:
    void SetUp() override {
        SeedTest::SetUp();
        gdal_sql(path, "INSERT INTO key_place (id, name, kind, building, patrol_days) VALUES "
                       "('K1', '药店', '药店', 'B2', 7), ('K2', '网吧', '网吧', NULL, 14), "
                       "('K3', '诊所', '诊所', 'B3', 30)");
        gdal_sql(path, "INSERT INTO pledge (id, title, state) VALUES ('T1', '加装电梯', 'done'), "
                       "('T2', '修路', 'active')");
        gdal_sql(path, "INSERT INTO co_unit (id, name) VALUES ('U1', '区城管局')");
        gdal_sql(path, "INSERT INTO co_unit_pledge (co_unit, pledge) VALUES ('U1', 'T1'), "
                       "('U1', 'T2')");
        Project p = Project::open(path);
        gridmap::add_care_tag(p, "H1", "", "残疾人", "", "P1");
        gridmap::add_care_tag(p, "H5", "", "低保户", "", "P2");
        gridmap::add_care_tag(p, "H6", "", "独居老人", "", "P1");
        for (const auto& [place, person, date] :
             std::vector<std::tuple<std::string, std::string, std::string>>{
                 {"K1", "P1", "2026-11-25"},
                 {"K2", "P1", "2026-11-10"},
                 {"K3", "P3", "2026-11-01"}}) {
            gridmap::NewPatrol x;
            x.place = place;
            x.person = person;
            x.date = date;
            gridmap::add_patrol(p, x);
        }
        gridmap::add_member_signup(p, "P4", "报到", "2026-11-05", "P4");
        gridmap::add_member_signup(p, "P3", "夜间巡逻", "2026-10-05", "P1");
        gridmap::add_member_signup(p, "P1", "结对帮困", "2026-11-28", "P1");
    }
};

TEST_F(SeedFiguresTest, SnapshotMetricsWorkedByHand) {
    const Project p = Project::open_for_reading(path);
    const auto f = gridmap::figures_as_of(p, now);
    // care_paired: H1 H6 paired, H5 not: 2 of 3; cell 001 (H1 H6) 2 of 2; cell 003 (H5) 0 of 1.
    EXPECT_EQ(figure(f, "community", community, "care_paired"), Pair(2, 3));
    EXPECT_EQ(figure(f, "cell", cell001, "care_paired"), Pair(2, 2));
    EXPECT_EQ(figure(f, "cell", cell003, "care_paired"), Pair(0, 1));
    EXPECT_EQ(figure(f, "cell", cell002, "care_paired"), Pair(0, 0)); // no tagged household
    EXPECT_EQ(figure(f, "compound", "K1", "care_paired"), Pair(0, 0));
    // care_visited (30 days, at the door): H6 20 days ago yes; H1 90 days ago no; H5 only swept.
    EXPECT_EQ(figure(f, "community", community, "care_visited"), Pair(1, 3));
    EXPECT_EQ(figure(f, "cell", cell001, "care_visited"), Pair(1, 2));
    EXPECT_EQ(figure(f, "cell", cell003, "care_visited"), Pair(0, 1));
    // key_place_patrolled: K1 5 days (of 7) yes, K2 20 days (of 14) no, K3 29 days (of 30) yes.
    EXPECT_EQ(figure(f, "community", community, "key_place_patrolled"), Pair(2, 3));
    EXPECT_EQ(figure(f, "cell", cell002, "key_place_patrolled"), Pair(1, 1));
    EXPECT_EQ(figure(f, "cell", cell003, "key_place_patrolled"), Pair(1, 1));
    EXPECT_EQ(figure(f, "cell", cell001, "key_place_patrolled"), Pair(0, 0));
    // November's points so far: P1 摸排 1 + patrols K1 K2 2 = 3; P3 patrol K3 1; P4 帮扶 3 +
    // 报到 1 = 4: 8 (a count: denominator 0).
    EXPECT_EQ(figure(f, "community", community, "points_month"), Pair(8, 0));
    // Party members P1 P3 P4: one 报到, one 结对帮困, one 夜间巡逻.
    EXPECT_EQ(figure(f, "community", community, "member_checkin"), Pair(1, 3));
    EXPECT_EQ(figure(f, "community", community, "signup_pairing"), Pair(1, 3));
    EXPECT_EQ(figure(f, "community", community, "signup_night_patrol"), Pair(1, 3));
    EXPECT_EQ(figure(f, "community", community, "cobuild_pledges_done"), Pair(1, 2));
    // The project-wide figures only at the community scope; counts, never names.
    EXPECT_EQ(figure(f, "cell", cell001, "points_month"), Pair(-1, -1));
    EXPECT_EQ(figure(f, "compound", "K1", "member_checkin"), Pair(-1, -1));

    // 20 November, noon: K1 not yet patrolled (no), K2 10 days (yes), K3 19 days (yes); H6's
    // visit of 11-10 is 10 days old (yes). Points: the sweep of 11-20 (dated that day) 1, H6 3,
    // K2 1, K3 1, P4's 报到 1 = 7; P1's 结对帮困 of 11-28 not yet.
    const std::int64_t nov20 = *gridmap::parse_date_time("2026-11-20T12:00:00+08:00");
    const auto g = gridmap::figures_as_of(p, nov20);
    EXPECT_EQ(figure(g, "community", community, "key_place_patrolled"), Pair(2, 3));
    EXPECT_EQ(figure(g, "cell", cell002, "key_place_patrolled"), Pair(0, 1));
    EXPECT_EQ(figure(g, "community", community, "care_visited"), Pair(1, 3));
    EXPECT_EQ(figure(g, "community", community, "points_month"), Pair(7, 0));
    EXPECT_EQ(figure(g, "community", community, "signup_pairing"), Pair(0, 3));
    // 5 November: H6 not yet visited; October's points month at 31 October: P3's 夜间巡逻 is
    // not a point; no row of October counts: 0.
    const auto h =
        gridmap::figures_as_of(p, *gridmap::parse_date_time("2026-11-05T12:00:00+08:00"));
    EXPECT_EQ(figure(h, "community", community, "care_visited"), Pair(0, 3));
    const auto oct =
        gridmap::figures_as_of(p, *gridmap::parse_date_time("2026-10-31T12:00:00+08:00"));
    EXPECT_EQ(figure(oct, "community", community, "points_month"), Pair(0, 0));
    EXPECT_EQ(figure(oct, "community", community, "signup_night_patrol"), Pair(1, 3));
}

// One figure, one function: the snapshot, snapshot show (get_snapshot), the monthly figures and
// the dashboard show the numbers of check, the care counts, the key places and the notice.
TEST_F(SeedFiguresTest, EveryViewReadsTheSameFigures) {
    {
        Project w = Project::open(path);
        gridmap::take_snapshot(w, "例会", now);
    }
    const Project p = Project::open_for_reading(path);
    const auto stored = gridmap::get_snapshot(p, "S001").figures;
    const auto month = gridmap::monthly_figures(p, "2026-11", now); // as of now (before the end)
    ASSERT_EQ(month.as_of, now);
    const auto board = gridmap::dashboard_figures(p, now);
    const auto rules = gridmap::check_seed_rules(p, now);
    const auto notice = gridmap::points_notice(p, "2026-11");
    std::int64_t points = 0;
    for (const auto& m : notice.members) {
        points += m.points;
    }
    std::int64_t pledges = 0;
    std::int64_t done = 0;
    for (const auto& u : gridmap::co_unit_figures(p, "2026-11")) {
        pledges += u.pledges;
        done += u.pledges_done;
    }
    std::int64_t on_time = 0;
    for (const auto& s : gridmap::key_place_status(p, now)) {
        on_time += s.overdue ? 0 : 1;
    }
    const auto care = gridmap::care_counts(p, now);
    const std::map<std::string, Pair> expected{
        {"care_paired", {find(rules, "care_paired")->covered, find(rules, "care_paired")->total}},
        {"care_visited",
         {find(rules, "care_visited")->covered, find(rules, "care_visited")->total}},
        {"key_place_patrolled",
         {find(rules, "key_place_patrolled")->covered, find(rules, "key_place_patrolled")->total}},
        {"points_month", {points, 0}},
        {"member_checkin", {notice.checkin.numerator, notice.checkin.denominator}},
        {"signup_pairing", {notice.pairing.numerator, notice.pairing.denominator}},
        {"signup_night_patrol", {notice.patrolling.numerator, notice.patrolling.denominator}},
        {"cobuild_pledges_done", {done, pledges}}};
    for (const auto& [metric, value] : expected) {
        EXPECT_EQ(figure(stored, "community", community, metric), value) << metric;
        EXPECT_EQ(figure(month.figures, "community", community, metric), value) << metric;
        EXPECT_EQ(figure(board.figures, "community", community, metric), value) << metric;
    }
    EXPECT_EQ(on_time, 2);
    EXPECT_EQ(care.households - care.unpaired, 2);
    EXPECT_EQ(care.entries - care.due, 1);
    EXPECT_EQ(gridmap::metric_title_zh("care_visited"), "重点人群走访率");
    EXPECT_TRUE(gridmap::is_count_metric("points_month"));
}

// A project that keeps none of the seed's logs: its snapshots hold none of their metrics.
TEST(SeedFigures, ProjectsWithoutTheLogsKeepTheirSnapshots) {
    const std::string path = temp_file("no_seed.gpkg");
    build_coverage_fixture(path);
    const Project p = Project::open_for_reading(path);
    for (const auto& f : gridmap::figures_as_of(p, now)) {
        EXPECT_TRUE(f.metric == "party_group" || f.metric == "building_captain" ||
                    f.metric == "unit_captain" || f.metric == "grid_worker" ||
                    f.metric == "household_pairing" || f.metric == "issues_open" ||
                    f.metric == "issues_resolved")
            << f.metric;
    }
}

// Dates in the future or before 2000, and a negative patrol frequency, are refused on add and
// on import with the file, row and field named; the project is unchanged.
TEST_F(SeedTest, FutureAndAbsurdValuesAreRefused) {
    gdal_sql(path, "INSERT INTO key_place (id, name, kind, building, patrol_days) VALUES "
                   "('K1', '药店', '药店', 'B2', 7)");
    const std::string before = dump_project(path);
    Project p = Project::open(path);
    try {
        gridmap::add_visit(p, visit("H1", "", "P4", "1999-12-31", "入户走访"));
        ADD_FAILURE() << "1999 accepted";
    } catch (const InputError& e) {
        EXPECT_STREQ(e.what(), "visit date '1999-12-31' is before 2000-01-01");
    }
    gridmap::NewPatrol x;
    x.place = "K1";
    x.person = "P1";
    x.date = "2099-01-01";
    try {
        gridmap::add_patrol(p, x);
        ADD_FAILURE() << "2099 accepted";
    } catch (const InputError& e) {
        EXPECT_STREQ(e.what(), "patrol date '2099-01-01' lies in the future");
    }
    EXPECT_THROW(gridmap::add_care_tag(p, "H1", "", "独居老人", "2099-01-01", "P1"), InputError);
    EXPECT_THROW(gridmap::add_member_signup(p, "P4", "报到", "1990-01-01", "P4"), InputError);
    EXPECT_EQ(gridmap::record_date_problem("2000-01-01", "2026-12-03"), "");
    EXPECT_EQ(gridmap::record_date_problem("2026-12-04", "2026-12-03"), "lies in the future");

    const std::string csv = temp_file("future_visits.csv");
    {
        std::ofstream f(csv);
        f << "id,household,person,date,kind\n"
             "W1,H2,P4,2026-11-15,入户走访\n"
             "W2,H3,P4,2099-01-01,入户走访\n"
             "W3,H3,P4,1998-05-01,帮扶\n";
    }
    gridmap::ImportOptions o;
    o.table = "visit";
    o.source = csv;
    try {
        gridmap::import_layer(p, o);
        ADD_FAILURE() << "future visits imported";
    } catch (const InputError& e) {
        const std::string m = e.what();
        EXPECT_NE(m.find("future_visits.csv"), std::string::npos) << m;
        EXPECT_NE(m.find("feature 2 (id 'W2'), field 'date': '2099-01-01' lies in the future"),
                  std::string::npos)
            << m;
        EXPECT_NE(m.find("feature 3 (id 'W3'), field 'date': '1998-05-01' is before 2000-01-01"),
                  std::string::npos)
            << m;
        EXPECT_EQ(m.find("W1"), std::string::npos) << m;
    }
    const std::string places = temp_file("places.csv");
    {
        std::ofstream f(places);
        f << "id,name,kind,patrol_days\nK5,网吧,网吧,-3\n";
    }
    o.table = "key_place";
    o.source = places;
    try {
        gridmap::import_layer(p, o);
        ADD_FAILURE() << "negative frequency imported";
    } catch (const InputError& e) {
        const std::string m = e.what();
        EXPECT_NE(m.find("feature 1 (id 'K5'), field 'patrol_days': '-3' is not between 1 and 366"),
                  std::string::npos)
            << m;
    }
    EXPECT_EQ(dump_project(path), before);
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
