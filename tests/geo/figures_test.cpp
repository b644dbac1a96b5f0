// One figure, one function: every view of the issue figures (snapshots, the monthly figures,
// `gridmap report`, the dashboard) at fixed moments of the demo, against counts worked by hand
// from the demo's event log (data/demo/issue_event.csv).
//
// The working. Issue, its cell (the last 3 digits of 420902001005xxx), its events (Beijing time),
// its state at the S002 snapshot (2026-11-25 18:00) and at the end of November (no event
// after 11-18, so both are the same):
//   I001 001 reported 11-07 09:55, resolved 11-12 13:15, verified 11-14   verified
//   I002 003 reported 10-09, resolved 10-14, verified 10-16               verified
//   I003 008 reported 09-03, resolved 09-07                               resolved
//   I004 001 reported 09-09, dispatched 09-12, accepted 09-15             accepted  (open)
//   I005 005 reported 09-10, resolved 09-13, verified 09-15               verified
//   I006 003 reported 10-11, resolved 10-16, verified 10-19               verified
//   I007 004 reported 11-14 11:05, dispatched 11-15 11:00                 dispatched (open)
//   I008 005 reported 09-16                                               reported  (open)
//   I009 004 reported 09-01, resolved 09-05                               resolved
//   I010 002 reported 10-04, dispatched 10-05, accepted 10-08             accepted  (open)
//   I011 001 reported 11-08, rejected 11-08                               rejected
//   I012 006 reported 10-09, resolved 10-15, verified 10-15               verified
//   I013 004 reported 09-12, dispatched 09-14, rejected 09-15             rejected
//   I014 003 reported 09-24                                               reported  (open)
//   I015 005 reported 09-06, dispatched 09-06                             dispatched (open)
//   I016 001 reported 10-20, dispatched 10-23, accepted 10-25 09:30       accepted  (open)
//   I017 005 reported 09-16, dispatched 09-16                             dispatched (open)
//   I018 003 reported 11-12 16:50, resolved 11-18 11:25                   resolved
//   I019  -  reported 09-01 (22 m outside the community: in no cell; the community's by
//            nearness)                                                    reported  (open)
//   I020 008 reported 09-25, resolved 09-29, verified 10-02               verified
// Open: I004 I007 I008 I010 I014 I015 I016 I017 I019 = 9 (reported 3: I008 I014 I019;
// dispatched 3: I007 I015 I017; accepted 3: I004 I010 I016). Resolved or verified: I001 I002
// I003 I005 I006 I009 I012 I018 I020 = 9. Rejected: I011 I013 = 2. 20 in all.
// No demo issue has a deadline, so none is overdue.

#include "geo/test_util.hpp"
#include "gridmap/demo.hpp"
#include "gridmap/meeting.hpp"
#include "gridmap/report.hpp"
#include "gridmap/seed.hpp"
#include "gridmap/workorder.hpp"

#include <gtest/gtest.h>

#include <map>
#include <numeric>
#include <tuple>

namespace {

using gridmap::IssueState;
using gridmap::Project;

const std::string C = "420902001005";

std::int64_t at(const std::string& iso) {
    const auto t = gridmap::parse_time_text(iso);
    EXPECT_TRUE(t.has_value()) << iso;
    return t.value_or(0);
}

const std::int64_t s001_time = at("2026-10-25T18:00:00+08:00");
const std::int64_t s002_time = at("2026-11-25T18:00:00+08:00");
const std::int64_t november_end = at("2026-11-30T23:59:59+08:00");
const std::int64_t pinned_now = at("2026-12-03T12:00:00+08:00");

/// The value of one figure, -1 when absent.
std::int64_t figure(const std::vector<gridmap::SnapshotFigure>& figures, const std::string& scope,
                    const std::string& target, const std::string& metric) {
    for (const auto& f : figures) {
        if (f.scope == scope && f.target == target && f.metric == metric) {
            return f.numerator;
        }
    }
    return -1;
}

/// Open and resolved issues of each cell (suffix) at the snapshot S002 and the end of
/// November, from the table above.
const std::map<std::string, std::pair<int, int>> by_cell_november = {
    {"001", {2, 1}},                  // open I004 I016; resolved I001 (I011 rejected)
    {"002", {1, 0}},                  // open I010
    {"003", {1, 3}},                  // open I014; resolved I002 I006 I018
    {"004", {1, 1}},                  // open I007; resolved I009 (I013 rejected)
    {"005", {3, 1}},                  // open I008 I015 I017; resolved I005
    {"006", {0, 1}},                  // resolved I012
    {"007", {0, 0}}, {"008", {0, 2}}, // resolved I003 I020
};

std::int64_t sum(const std::map<std::string, std::int64_t>& m) {
    return std::accumulate(m.begin(), m.end(), std::int64_t{0},
                           [](std::int64_t s, const auto& kv) { return s + kv.second; });
}

/// The demo project, built once by the first test that asks (read-only afterwards).
class DemoFiguresTest : public ::testing::Test {
protected:
    void SetUp() override {
        static const std::string built = [] {
            const std::string p = gridmap::test::temp_file("one_truth.gpkg");
            gridmap::build_demo_project(GRIDMAP_DEMO_DATA, p);
            return p;
        }();
        path = &built;
    }
    const std::string* path = nullptr;
};

// The S002 snapshot of the demo is taken by build_demo_project with take_snapshot at its time.
TEST_F(DemoFiguresTest, SnapshotsStoreTheEventLogAtTheirTime) {
    const Project p = Project::open(*path, Project::Access::read_only);
    const auto s2 = gridmap::get_snapshot(p, "S002");
    EXPECT_EQ(s2.info.taken_at, s002_time);
    EXPECT_EQ(figure(s2.figures, "community", C, "issues_open"), 9);
    EXPECT_EQ(figure(s2.figures, "community", C, "issues_resolved"), 9);
    for (const auto& [cell, n] : by_cell_november) {
        EXPECT_EQ(figure(s2.figures, "cell", C + cell, "issues_open"), n.first) << cell;
        EXPECT_EQ(figure(s2.figures, "cell", C + cell, "issues_resolved"), n.second) << cell;
    }
    // S001 (data/demo/snapshot_figure.csv), 2026-10-25 18:00: I007 I018 I001 later. Open: I004
    // I008 I010 I014 I015 I016 I017 I019 = 8; resolved or verified: I002 I003 I005 I006 I009
    // I012 I020 = 7. figures_as_of computes the same from the log.
    const auto s1 = gridmap::get_snapshot(p, "S001");
    EXPECT_EQ(figure(s1.figures, "community", C, "issues_open"), 8);
    EXPECT_EQ(figure(s1.figures, "community", C, "issues_resolved"), 7);
    const auto then = gridmap::figures_as_of(p, s001_time);
    EXPECT_EQ(figure(then, "community", C, "issues_open"), 8);
    EXPECT_EQ(figure(then, "community", C, "issues_resolved"), 7);
    for (const auto& f : s1.figures) {
        if (gridmap::is_count_metric(f.metric)) {
            EXPECT_EQ(figure(then, f.scope, f.target, f.metric), f.numerator)
                << f.scope << " " << f.target << " " << f.metric;
        }
    }
    // The delta: 8 -> 9 open (I007 reported 11-14), 7 -> 9 resolved (I001, I018).
    const auto d = gridmap::snapshot_delta(p);
    EXPECT_DOUBLE_EQ(*d.find("community", C, "issues_open")->change(), 1.0);
    EXPECT_DOUBLE_EQ(*d.find("community", C, "issues_resolved")->change(), 2.0);
}

TEST_F(DemoFiguresTest, EveryViewAtTheEndOfNovemberIsTheEventLog) {
    const Project p = Project::open(*path, Project::Access::read_only);
    // The monthly figures, read on 2026-12-03: as of November's last second.
    const gridmap::MonthlyFigures m = gridmap::monthly_figures(p, "2026-11", pinned_now);
    EXPECT_EQ(m.as_of, november_end);
    EXPECT_EQ(m.open_at_end, 9);
    EXPECT_EQ(m.overdue_at_end, 0);
    EXPECT_EQ(m.open_in_no_cell, 1); // I019
    EXPECT_EQ(m.open_by_state.at("reported"), 3);
    EXPECT_EQ(m.open_by_state.at("dispatched"), 3);
    EXPECT_EQ(m.open_by_state.at("accepted"), 3);
    EXPECT_EQ(sum(m.open_by_state), 9);
    // Open by category: 市容环境 I004 I015; 微心愿 I007 I016; 街面秩序 I010 I019; 微诉求 I008;
    // 施工管理 I014; 扩展事件 I017.
    EXPECT_EQ(m.open_by_category.at("市容环境"), 2);
    EXPECT_EQ(m.open_by_category.at("微心愿"), 2);
    EXPECT_EQ(m.open_by_category.at("街面秩序"), 2);
    EXPECT_EQ(m.open_by_category.at("扩展事件"), 1);
    EXPECT_EQ(sum(m.open_by_category), 9);
    // Reported in November: I001 I007 I011 I018; first resolved in November: I001, I018.
    EXPECT_EQ(m.reported, 4);
    EXPECT_EQ(m.resolved_in_month, 2);
    EXPECT_EQ(m.reported_by_category_state.at("宣传广告").at("rejected"), 1); // I011
    EXPECT_EQ(m.reported_by_category_state.at("微心愿").at("dispatched"), 1); // I007
    // The community figures of the report: the same moment.
    EXPECT_EQ(figure(m.figures, "community", C, "issues_open"), 9);
    EXPECT_EQ(figure(m.figures, "community", C, "issues_resolved"), 9);
    std::int64_t cells_open = 0;
    for (const auto& [cell, n] : by_cell_november) {
        EXPECT_EQ(figure(m.figures, "cell", C + cell, "issues_open"), n.first) << cell;
        EXPECT_EQ(figure(m.figures, "cell", C + cell, "issues_resolved"), n.second) << cell;
        cells_open += figure(m.figures, "cell", C + cell, "issues_open");
    }
    EXPECT_EQ(cells_open + m.open_in_no_cell, m.open_at_end);
    // The change shown is between the snapshots taken by the month's end, S001 and S002.
    ASSERT_TRUE(m.delta.has_value());
    EXPECT_EQ(gridmap::date_text(m.delta->previous.taken_at), "2026-10-25");
    EXPECT_EQ(gridmap::date_text(m.delta->latest.taken_at), "2026-11-25");
    // `gridmap report` at the same moment.
    gridmap::ReportOptions o;
    o.as_of = november_end;
    const auto community = gridmap::build_report(p, gridmap::ReportBy::community, o);
    EXPECT_EQ(community.rows.at(0).at(*community.column("open_issues")).number, 9);
    const auto cells = gridmap::build_report(p, gridmap::ReportBy::cell, o);
    for (const auto& row : cells.rows) {
        const auto n = by_cell_november.at(row[0].text.substr(C.size()));
        EXPECT_EQ(row.at(*cells.column("open_issues")).number, n.first) << row[0].text;
    }
    // The snapshot figures at S002's time equal the month's end (no event in between).
    const auto at_s002 = gridmap::figures_as_of(p, s002_time);
    EXPECT_EQ(figure(at_s002, "community", C, "issues_open"), 9);

    // The seed's figures (issue #16) of the same moment: check's rules, the points notice and
    // the co-building units give the numbers the monthly figures show; S002 stored its own
    // moment's (taken by build_demo_project at that time).
    const auto rules = gridmap::check_seed_rules(p, november_end);
    const auto notice = gridmap::points_notice(p, "2026-11");
    std::int64_t points = 0;
    for (const auto& member : notice.members) {
        points += member.points;
    }
    std::int64_t pledges = 0;
    std::int64_t done = 0;
    for (const auto& u : gridmap::co_unit_figures(p, "2026-11")) {
        pledges += u.pledges;
        done += u.pledges_done;
    }
    auto share = [&](const std::vector<gridmap::SnapshotFigure>& figures,
                     const std::string& metric) {
        for (const auto& f : figures) {
            if (f.scope == "community" && f.target == C && f.metric == metric) {
                return std::pair(f.numerator, f.denominator);
            }
        }
        return std::pair<std::int64_t, std::int64_t>(-1, -1);
    };
    for (const auto& rule : rules) {
        EXPECT_EQ(share(m.figures, rule.id), std::pair(rule.covered, rule.total)) << rule.id;
    }
    EXPECT_EQ(rules.size(), 4u); // household_visited care_paired care_visited key_place_patrolled
    EXPECT_GT(points, 0);
    EXPECT_EQ(share(m.figures, "points_month"), std::pair(points, std::int64_t{0}));
    EXPECT_EQ(share(m.figures, "member_checkin"),
              std::pair(notice.checkin.numerator, notice.checkin.denominator));
    EXPECT_EQ(share(m.figures, "signup_pairing"),
              std::pair(notice.pairing.numerator, notice.pairing.denominator));
    EXPECT_EQ(share(m.figures, "signup_night_patrol"),
              std::pair(notice.patrolling.numerator, notice.patrolling.denominator));
    EXPECT_EQ(share(m.figures, "cobuild_pledges_done"), std::pair(done, pledges));
    const auto s2 = gridmap::get_snapshot(p, "S002");
    for (const std::string metric :
         {"care_paired", "care_visited", "key_place_patrolled", "points_month", "member_checkin",
          "signup_pairing", "signup_night_patrol", "cobuild_pledges_done"}) {
        EXPECT_NE(share(s2.figures, metric).first, -1) << metric;
        EXPECT_EQ(share(s2.figures, metric), share(at_s002, metric)) << metric;
    }
}

// November's handling: I001 reported 11-07 09:55, resolved 11-12 13:15 = 123 h 20 min; I018
// reported 11-12 16:50, resolved 11-18 11:25 = 138 h 35 min; mean 130 h 57.5 min. No deadline:
// no on-time rate. Stuck at the month's end (no event for more than 7 days): all 9 open issues
// (the latest change, I007's dispatch, on 11-15), oldest report first.
TEST_F(DemoFiguresTest, HandlingStuckOrdersAndTrend) {
    const Project p = Project::open(*path, Project::Access::read_only);
    const gridmap::MonthlyFigures m = gridmap::monthly_figures(p, "2026-11", pinned_now);
    EXPECT_EQ(m.handling.resolved, 2);
    EXPECT_EQ(m.handling.with_deadline, 0);
    EXPECT_FALSE(m.handling.on_time_percent.has_value());
    ASSERT_TRUE(m.handling.average_hours.has_value());
    EXPECT_NEAR(*m.handling.average_hours, (123.0 + 20 / 60.0 + 138.0 + 35 / 60.0) / 2, 1e-9);
    std::vector<std::string> ids;
    for (const auto& i : m.attention) {
        ids.push_back(i.id);
    }
    // Reported: I019 09-01 11:45, I015 09-06, I004 09-09, I008 09-16 15:05, I017 09-16 16:40,
    // I014 09-24, I010 10-04, I016 10-20, I007 11-14.
    EXPECT_EQ(ids, (std::vector<std::string>{"I019", "I015", "I004", "I008", "I017", "I014", "I010",
                                             "I016", "I007"}));
    // Trend, June to November, each at its month's end. Reported: September I003 I004 I005 I008
    // I009 I013 I014 I015 I017 I019 I020 = 11; October I002 I006 I010 I012 I016 = 5; November
    // 4. First resolved: September I003 I005 I009 I020 = 4; October I002 I006 I012 = 3;
    // November 2. Open at the end of September: I004 I008 I014 I015 I017 I019 = 6; October:
    // these and I010 I016 = 8; November 9.
    ASSERT_EQ(m.trend.size(), 6u);
    EXPECT_EQ(m.trend.front().month, "2026-06");
    EXPECT_EQ(m.trend.back().month, "2026-11");
    const std::vector<std::int64_t> reported{0, 0, 0, 11, 5, 4};
    const std::vector<std::int64_t> resolved{0, 0, 0, 4, 3, 2};
    const std::vector<std::int64_t> open{0, 0, 0, 6, 8, 9};
    for (std::size_t k = 0; k < 6; ++k) {
        EXPECT_EQ(m.trend[k].reported, reported[k]) << m.trend[k].month;
        EXPECT_EQ(m.trend[k].handling.resolved, resolved[k]) << m.trend[k].month;
        EXPECT_EQ(m.trend[k].at_end.open, open[k]) << m.trend[k].month;
    }
    // The coverage of the snapshot of each month: S001 in October (63 of 81 buildings with a
    // party group, snapshot_figure.csv), S002 in November, none before.
    EXPECT_TRUE(m.trend[3].snapshot.empty());
    EXPECT_NEAR(m.trend[4].snapshot.at("party_group"), 100.0 * 63 / 81, 1e-3);
    EXPECT_EQ(m.trend[4].snapshot.at("issues_open"), 8);
    EXPECT_EQ(m.trend[5].snapshot.at("issues_open"), 9);
}

// The ranking: each cell's issues are its counts above; the grid workers (role_assignment.csv):
// P001 cell 001, P005 cell 005, P006 cells 007 and 008; cell 006 has none.
TEST_F(DemoFiguresTest, RankingOfCellsAndGridWorkers) {
    const Project p = Project::open(*path, Project::Access::read_only);
    const gridmap::MonthlyFigures m = gridmap::monthly_figures(p, "2026-11", pinned_now);
    ASSERT_EQ(m.cells.size(), 8u);
    for (std::size_t k = 1; k < m.cells.size(); ++k) {
        EXPECT_GE(m.cells[k - 1].coverage.value_or(-1), m.cells[k].coverage.value_or(-1));
    }
    for (const auto& c : m.cells) {
        const auto n = by_cell_november.at(c.code.substr(C.size()));
        EXPECT_EQ(c.at_end.open, n.first) << c.code;
        EXPECT_EQ(c.at_end.resolved, n.second) << c.code;
        if (c.code == C + "006") {
            EXPECT_EQ(c.grid_worker, "");
        }
    }
    const auto worker = [&](const std::string& id) {
        for (const auto& w : m.workers) {
            if (w.person == id) {
                return w;
            }
        }
        ADD_FAILURE() << "no worker " << id;
        return gridmap::WorkerRank{};
    };
    ASSERT_EQ(m.workers.size(), 6u); // P001-P006
    EXPECT_EQ(worker("P001").at_end.open, 2);
    EXPECT_EQ(worker("P001").handling.resolved, 1); // I001 in November
    EXPECT_EQ(worker("P005").at_end.open, 3);
    EXPECT_EQ(worker("P006").cells, (std::vector<std::string>{C + "007", C + "008"}));
    EXPECT_EQ(worker("P006").at_end.open, 0);
    EXPECT_EQ(worker("P006").at_end.resolved, 2); // I003 I020

    // By issue handling (fewer overdue, fewer open, more resolved in the month): none overdue;
    // open 0 in 006 007 008 (tied: 1st); 003 1 open and I018 resolved (4th); 002 and 004 1
    // open, none resolved (5th); 001 2 open (7th); 005 3 open (8th). Workers: P006 (007, 008:
    // 0 open) 1st, P003 (003) 2nd, P002 and P004 3rd, P001 5th, P005 6th.
    std::map<std::string, int> cell_place;
    for (const auto& c : m.cells) {
        cell_place[c.code.substr(C.size())] = c.handling_rank;
    }
    EXPECT_EQ(cell_place, (std::map<std::string, int>{{"001", 7},
                                                      {"002", 5},
                                                      {"003", 4},
                                                      {"004", 5},
                                                      {"005", 8},
                                                      {"006", 1},
                                                      {"007", 1},
                                                      {"008", 1}}));
    EXPECT_EQ(worker("P006").handling_rank, 1);
    EXPECT_EQ(worker("P003").handling_rank, 2);
    EXPECT_EQ(worker("P002").handling_rank, 3);
    EXPECT_EQ(worker("P004").handling_rank, 3);
    EXPECT_EQ(worker("P001").handling_rank, 5);
    EXPECT_EQ(worker("P005").handling_rank, 6);
}

// "Now" pinned at 2026-12-03 12:00 after two December issues in cell 001 (at I001's place):
// 市容环境 reported 12-02 10:00 (deadline 24 h: 12-03 10:00, overdue at 12:00) and 微心愿 reported
// 12-02 10:00 and resolved 12-02 15:00 (deadline 168 h: on time, 5 h). The November figures do
// not change; the dashboard counts 9 + 1 = 10 open, 1 overdue; cell 001 has 3 open.
TEST_F(DemoFiguresTest, DecemberIssuesCountNowAndNotInNovember) {
    const std::string copy = gridmap::test::temp_file("one_truth_december.gpkg");
    gridmap::build_demo_project(GRIDMAP_DEMO_DATA, copy);
    {
        Project p = Project::open(copy);
        gridmap::NewIssue a;
        a.lon = 113.9021517;
        a.lat = 30.9259408;
        a.category = "市容环境";
        a.small_class = "暴露垃圾";
        a.text = "12月新增";
        a.by = "P001";
        a.at = at("2026-12-02T10:00:00+08:00");
        const auto first = gridmap::add_issue(p, a).first;
        ASSERT_EQ(first.cell.value_or(""), C + "001");
        gridmap::NewIssue b = a;
        b.category = "微心愿";
        b.small_class = "助老服务";
        const auto second = gridmap::add_issue(p, b).first;
        for (const auto& [to, time] : std::vector<std::pair<IssueState, std::string>>{
                 {IssueState::dispatched, "2026-12-02T11:00:00+08:00"},
                 {IssueState::accepted, "2026-12-02T12:00:00+08:00"},
                 {IssueState::resolved, "2026-12-02T15:00:00+08:00"}}) {
            gridmap::StateChange change;
            change.to = to;
            change.by = "P001";
            change.assignee = to == IssueState::dispatched ? "P001" : "";
            change.at = at(time);
            gridmap::set_issue_state(p, second.id, change);
        }
    }
    const Project p = Project::open(copy, Project::Access::read_only);
    const auto november = gridmap::monthly_figures(p, "2026-11", pinned_now);
    EXPECT_EQ(november.open_at_end, 9);
    EXPECT_EQ(sum(november.open_by_state), 9);
    EXPECT_EQ(november.reported, 4);
    const auto now = gridmap::dashboard_figures(p, pinned_now);
    EXPECT_EQ(now.month, "2026-12");
    EXPECT_EQ(now.as_of, pinned_now);
    EXPECT_EQ(now.open_at_end, 10);
    EXPECT_EQ(sum(now.open_by_state), 10);
    EXPECT_EQ(now.overdue_at_end, 1);
    EXPECT_EQ(figure(now.figures, "community", C, "issues_open"), 10);
    EXPECT_EQ(figure(now.figures, "cell", C + "001", "issues_open"), 3);
    EXPECT_EQ(now.reported, 2);
    EXPECT_EQ(now.handling.resolved, 1);
    EXPECT_EQ(now.handling.with_deadline, 1);
    EXPECT_EQ(now.handling.on_time, 1);
    EXPECT_DOUBLE_EQ(*now.handling.on_time_percent, 100.0);
    EXPECT_DOUBLE_EQ(*now.handling.average_hours, 5.0);
    // The overdue one first in the list of orders needing attention? The list is by report
    // time: the 9 stuck ones of before, then the new overdue one.
    ASSERT_EQ(now.attention.size(), 10u);
    EXPECT_TRUE(now.attention.back().overdue(pinned_now));
    EXPECT_EQ(now.attention.back().category, "市容环境");
    // The same moment in `gridmap report`.
    gridmap::ReportOptions o;
    o.as_of = pinned_now;
    const auto community = gridmap::build_report(p, gridmap::ReportBy::community, o);
    EXPECT_EQ(community.rows.at(0).at(*community.column("open_issues")).number, 10);
}

// The coverage fixture's issues (tests/data/coverage) have no event and no report time: each
// keeps its stored state at any moment. Open I1 I2 I3 I6, resolved I4 I5, rejected I7. Then,
// from T0, issue A (突发事件, deadline 4 h) is dispatched at +1 h, accepted +2 h, resolved
// +3 h, reopened (accepted) +5 h and resolved again +6 h; issue B (微心愿, 168 h) is left as
// reported.
TEST(IssueAsOfTest, ReplayReopeningDeadlinesAndIssuesWithoutEvents) {
    const std::string path = gridmap::test::temp_file("as_of.gpkg");
    gridmap::test::build_coverage_fixture(path);
    const std::int64_t t0 = at("2026-10-05T08:00:00+08:00");
    const std::int64_t h = 3600;
    std::string a_id;
    std::string b_id;
    {
        Project p = Project::open(path);
        gridmap::NewIssue a;
        a.xy = std::pair{500300.0, 3300040.0};
        a.category = "突发事件";
        a.small_class = "道路积水";
        a.text = "A";
        a.by = "P1";
        a.at = t0;
        a_id = gridmap::add_issue(p, a).first.id;
        gridmap::NewIssue b = a;
        b.category = "微心愿";
        b.small_class = "助老服务";
        b.text = "B";
        b_id = gridmap::add_issue(p, b).first.id;
        const std::vector<std::tuple<IssueState, std::int64_t, std::string>> steps{
            {IssueState::dispatched, 1, ""},
            {IssueState::accepted, 2, ""},
            {IssueState::resolved, 3, ""},
            {IssueState::accepted, 5, "居民反映仍未修好"},
            {IssueState::resolved, 6, ""}};
        for (const auto& [to, hours, note] : steps) {
            gridmap::StateChange change;
            change.to = to;
            change.by = "P1";
            change.note = note;
            change.assignee = to == IssueState::dispatched ? "P1" : "";
            change.at = t0 + hours * h;
            gridmap::set_issue_state(p, a_id, change);
        }
    }
    const Project p = Project::open(path, Project::Access::read_only);
    const auto find = [](const std::vector<gridmap::IssueAsOf>& all, const std::string& id) {
        for (const auto& i : all) {
            if (i.id == id) {
                return std::optional(i);
            }
        }
        return std::optional<gridmap::IssueAsOf>();
    };
    // Before T0: the 7 fixture issues only, as stored.
    const auto before = gridmap::issues_as_of(p, t0 - 1);
    const auto n = gridmap::count_issues(before, t0 - 1);
    EXPECT_EQ(n.all, 7);
    EXPECT_EQ(n.open, 4);
    EXPECT_EQ(n.resolved, 2);
    EXPECT_EQ(n.rejected, 1);
    EXPECT_FALSE(find(before, a_id).has_value());
    // +1.5 h dispatched (assignee P1); +4 h resolved at +3 h, on time; +5.5 h reopened: open and
    // past its deadline (+4 h), still first resolved at +3 h.
    const auto dispatched = *find(gridmap::issues_as_of(p, t0 + 3 * h / 2), a_id);
    EXPECT_EQ(dispatched.state, IssueState::dispatched);
    EXPECT_EQ(dispatched.assignee.value_or(""), "P1");
    EXPECT_FALSE(dispatched.overdue(t0 + 3 * h / 2));
    const auto resolved = *find(gridmap::issues_as_of(p, t0 + 4 * h), a_id);
    EXPECT_TRUE(resolved.resolved());
    EXPECT_EQ(resolved.resolved_at.value_or(0), t0 + 3 * h);
    EXPECT_EQ(resolved.on_time(), std::optional<bool>(true));
    const auto reopened = *find(gridmap::issues_as_of(p, t0 + 11 * h / 2), a_id);
    EXPECT_TRUE(reopened.open());
    EXPECT_TRUE(reopened.overdue(t0 + 11 * h / 2));
    EXPECT_EQ(reopened.resolved_at.value_or(0), t0 + 3 * h);
    // October: A resolved once (after 3 h, on time), B open; B stuck only after more than 7
    // days without an event, overdue after 168 h.
    const std::int64_t end = gridmap::month_moment("2026-10", at("2026-12-01T00:00:00+08:00"));
    const auto october = gridmap::issues_as_of(p, end);
    const auto [from, to] = gridmap::month_bounds("2026-10");
    const auto hd = gridmap::handling_of(october, from, to);
    EXPECT_EQ(hd.resolved, 1);
    EXPECT_EQ(hd.on_time, 1);
    EXPECT_DOUBLE_EQ(*hd.average_hours, 3.0);
    const auto b = *find(october, b_id);
    EXPECT_FALSE(b.stuck(t0 + 7 * 86400));
    EXPECT_TRUE(b.stuck(t0 + 7 * 86400 + 1));
    EXPECT_FALSE(b.overdue(t0 + 168 * h));
    EXPECT_TRUE(b.overdue(t0 + 168 * h + 1));
    // At the end of October: fixture 4 open + B = 5 open, B overdue; A and I4 I5 resolved.
    const auto end_counts = gridmap::count_issues(october, end);
    EXPECT_EQ(end_counts.open, 5);
    EXPECT_EQ(end_counts.overdue, 1);
    EXPECT_EQ(end_counts.resolved, 3);
    // The same by cell in one pass: A and B in cell 004 (with I5).
    const auto by_cell = gridmap::count_issues_by(october, end, "cell");
    EXPECT_EQ(by_cell.at(C + "004").open, 1);
    EXPECT_EQ(by_cell.at(C + "004").resolved, 2);
    EXPECT_EQ(by_cell.at(C + "004").open,
              gridmap::count_issues(october, end, "cell", C + "004").open);
}

TEST(StateNamesTest, OneVocabulary) {
    const std::vector<std::string> expected{"已上报", "已派单", "已接单",
                                            "已办结", "已核查", "不予受理"};
    ASSERT_EQ(gridmap::issue_state_names().size(), expected.size());
    for (std::size_t k = 0; k < expected.size(); ++k) {
        EXPECT_EQ(gridmap::state_title_zh(gridmap::issue_state_names()[k]), expected[k]);
    }
}

} // namespace
