// One figure, one function: every view of the issue figures (snapshots, the monthly figures,
// `gridmap report`, the dashboard) at fixed moments of the demo, against counts worked by hand
// from the demo's event log (data/demo/issue_event.csv).
//
// The working. Issue, its cell (the last 3 digits of 420902001005xxx), its category and service
// time (workorder.cpp: 市容环境 24 h, 街面秩序 24 h, 宣传广告 48 h, 施工管理 48 h, 突发事件 4 h,
// 扩展事件 72 h, 微诉求 72 h, 微心愿 168 h), its events (Beijing time, 2026) and its deadline
// (reported_at + service time, issue.geojson). No event after 11-29; states at the end of
// November are the last ones.
//   I009 004 突发 4h   reported 06-18 09:05, resolved 06-18 12:00   dl 06-18 13:05  on time
//   I013 004 微诉求    reported 06-24 17:10, dispatched 18:35, rejected 06-25 08:05
//   I003 008 广告 48h  reported 07-06 10:50, resolved 07-07 12:00   dl 07-08 10:50  on time
//   I005 005 施工 48h  reported 07-15 12:00, resolved 07-16 13:45   dl 07-17 12:00  on time
//   I012 006 微心愿    reported 07-27 09:05, accepted 07-28 17:45, resolved 08-01 08:35
//                                                                   dl 08-03 09:05  on time
//   I020 008 市容 24h  reported 08-05 11:25, resolved 08-06 08:15   dl 08-06 11:25  on time
//   I017 005 扩展 72h  reported 08-19 08:00, resolved 08-24 17:00   dl 08-22 08:00  LATE
//   I002 003 街面 24h  reported 09-08 13:05, resolved 09-09 09:20   dl 09-09 13:05  on time
//   I015 005 市容 24h  reported 09-22 11:25, resolved 09-23 09:05   dl 09-23 11:25  on time
//   I006 003 扩展 72h  reported 10-23 12:30, accepted 10-24 17:40, resolved 10-27 13:45
//                                                                   dl 10-26 12:30  LATE
//   I011 001 广告      reported 10-28 18:00, rejected 10-29 08:15
//   I018 003 微诉求    reported 10-30 18:45, accepted 10-31 09:25, resolved 11-01 08:40
//                                                                   dl 11-02 18:45  on time
//   I001 001 市容 24h  reported 11-03 10:20, resolved 11-04 08:40   dl 11-04 10:20  on time
//   I010 002 街面 24h  reported 11-05 11:40, resolved 11-07 08:30   dl 11-06 11:40  LATE
//   I019  -  街面 24h  reported 11-10 18:50, nothing since          dl 11-11 18:50  open
//            (22 m outside the community: in no cell; the community's by nearness)
//   I004 001 市容 24h  reported 11-19 08:00, accepted 11-19 10:20   dl 11-20 08:00  open
//   I016 001 微心愿    reported 11-24 09:45, accepted 11-24 12:20   dl 12-01 09:45  open
//   I007 004 微心愿    reported 11-26 18:35, dispatched 11-26 19:20 dl 12-03 18:35  open
//   I008 005 微诉求    reported 11-28 14:45                         dl 12-01 14:45  open
//   I014 003 施工 48h  reported 11-29 14:10                         dl 12-01 14:10  open
// (Resolved issues were verified a day or two later except I003 I009 I010 I018.)
// At the end of November: open I004 I007 I008 I014 I016 I019 = 6 (reported 3: I008 I014 I019;
// dispatched 1: I007; accepted 2: I004 I016); overdue (open and past the deadline) I019 I004 = 2.
// Resolved or verified: I001 I002 I003 I005 I006 I009 I010 I012 I015 I017 I018 I020 = 12, 9 of
// them on time (all but I017 I006 I010). Rejected: I011 I013 = 2. 20 in all.

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

/// Open and resolved issues of each cell (suffix) at the end of November, from the table above.
const std::map<std::string, std::pair<int, int>> by_cell_november = {
    {"001", {2, 1}},                  // open I004 I016; resolved I001 (I011 rejected)
    {"002", {0, 1}},                  // resolved I010
    {"003", {1, 3}},                  // open I014; resolved I002 I006 I018
    {"004", {1, 1}},                  // open I007; resolved I009 (I013 rejected)
    {"005", {1, 3}},                  // open I008; resolved I005 I015 I017
    {"006", {0, 1}},                  // resolved I012
    {"007", {0, 0}}, {"008", {0, 2}}, // resolved I003 I020
};

/// The same at the snapshot S002 (2026-11-25 18:00): I007 I008 I014 were reported later, so
/// cells 003, 004 and 005 have no open issue yet; every resolution was by 11-07.
const std::map<std::string, std::pair<int, int>> by_cell_s002 = {
    {"001", {2, 1}}, {"002", {0, 1}}, {"003", {0, 3}}, {"004", {0, 1}},
    {"005", {0, 3}}, {"006", {0, 1}}, {"007", {0, 0}}, {"008", {0, 2}},
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

// Every demo issue has the deadline the app gives an issue it adds (workorder.cpp: reported_at
// + deadline_hours of its category), written by scripts/make-demo-data; its state is the last
// event of the log, and its first event is its report.
TEST_F(DemoFiguresTest, EveryDemoIssueHasTheDeadlineOfItsCategory) {
    const Project p = Project::open(*path, Project::Access::read_only);
    const auto issues = gridmap::list_issues(p);
    ASSERT_EQ(issues.size(), 20u);
    for (const auto& i : issues) {
        const gridmap::IssueCategory* c = gridmap::find_category(i.category);
        ASSERT_NE(c, nullptr) << i.id;
        ASSERT_TRUE(i.deadline.has_value()) << i.id;
        EXPECT_EQ(*i.deadline - i.reported_at, std::int64_t{3600} * c->deadline_hours) << i.id;
        const auto events = gridmap::issue_events(p, i.id);
        ASSERT_FALSE(events.empty()) << i.id;
        EXPECT_EQ(events.front().at, i.reported_at) << i.id;
        EXPECT_EQ(events.back().to, i.state) << i.id;
    }
    // Two examples by hand: I009 突发事件 reported 06-18 09:05, due 4 h later; I016 微心愿
    // reported 11-24 09:45, due 168 h (7 days) later.
    for (const auto& i : issues) {
        if (i.id == "I009") {
            EXPECT_EQ(*i.deadline, at("2026-06-18T13:05:00+08:00"));
        } else if (i.id == "I016") {
            EXPECT_EQ(*i.deadline, at("2026-12-01T09:45:00+08:00"));
        }
    }
}

// The S002 snapshot of the demo is taken by build_demo_project with take_snapshot at its time.
TEST_F(DemoFiguresTest, SnapshotsStoreTheEventLogAtTheirTime) {
    const Project p = Project::open(*path, Project::Access::read_only);
    const auto s2 = gridmap::get_snapshot(p, "S002");
    EXPECT_EQ(s2.info.taken_at, s002_time);
    // Reported by then: all but I007 I008 I014. Open I004 I016 I019 = 3; resolved 12.
    EXPECT_EQ(figure(s2.figures, "community", C, "issues_open"), 3);
    EXPECT_EQ(figure(s2.figures, "community", C, "issues_resolved"), 12);
    for (const auto& [cell, n] : by_cell_s002) {
        EXPECT_EQ(figure(s2.figures, "cell", C + cell, "issues_open"), n.first) << cell;
        EXPECT_EQ(figure(s2.figures, "cell", C + cell, "issues_resolved"), n.second) << cell;
    }
    // S001 (data/demo/snapshot_figure.csv), 2026-10-25 18:00: reported by then I009 I013 I003
    // I005 I012 I020 I017 I002 I015 I006. Open: I006 (accepted 10-24, resolved 10-27) = 1 in
    // cell 003; resolved or verified: I002 I003 I005 I009 I012 I015 I017 I020 = 8; I013
    // rejected. figures_as_of computes the same from the log.
    const auto s1 = gridmap::get_snapshot(p, "S001");
    EXPECT_EQ(figure(s1.figures, "community", C, "issues_open"), 1);
    EXPECT_EQ(figure(s1.figures, "community", C, "issues_resolved"), 8);
    EXPECT_EQ(figure(s1.figures, "cell", C + "003", "issues_open"), 1);
    const auto then = gridmap::figures_as_of(p, s001_time);
    EXPECT_EQ(figure(then, "community", C, "issues_open"), 1);
    EXPECT_EQ(figure(then, "community", C, "issues_resolved"), 8);
    for (const auto& f : s1.figures) {
        if (gridmap::is_count_metric(f.metric)) {
            EXPECT_EQ(figure(then, f.scope, f.target, f.metric), f.numerator)
                << f.scope << " " << f.target << " " << f.metric;
        }
    }
    // The delta: 1 -> 3 open (I006 resolved; I019 I004 I016 reported), 8 -> 12 resolved (I006,
    // I018, I001, I010).
    const auto d = gridmap::snapshot_delta(p);
    EXPECT_DOUBLE_EQ(*d.find("community", C, "issues_open")->change(), 2.0);
    EXPECT_DOUBLE_EQ(*d.find("community", C, "issues_resolved")->change(), 4.0);
}

TEST_F(DemoFiguresTest, EveryViewAtTheEndOfNovemberIsTheEventLog) {
    const Project p = Project::open(*path, Project::Access::read_only);
    // The monthly figures, read on 2026-12-03: as of November's last second.
    const gridmap::MonthlyFigures m = gridmap::monthly_figures(p, "2026-11", pinned_now);
    EXPECT_EQ(m.as_of, november_end);
    EXPECT_EQ(m.open_at_end, 6);
    EXPECT_EQ(m.overdue_at_end, 2);  // I019 (deadline 11-11), I004 (11-20)
    EXPECT_EQ(m.open_in_no_cell, 1); // I019
    EXPECT_EQ(m.open_by_state.at("reported"), 3);
    EXPECT_EQ(m.open_by_state.at("dispatched"), 1);
    EXPECT_EQ(m.open_by_state.at("accepted"), 2);
    EXPECT_EQ(sum(m.open_by_state), 6);
    // Open by category: 市容环境 I004; 微心愿 I007 I016; 微诉求 I008; 施工管理 I014; 街面秩序 I019.
    EXPECT_EQ(m.open_by_category.at("市容环境"), 1);
    EXPECT_EQ(m.open_by_category.at("微心愿"), 2);
    EXPECT_EQ(m.open_by_category.at("微诉求"), 1);
    EXPECT_EQ(m.open_by_category.at("施工管理"), 1);
    EXPECT_EQ(m.open_by_category.at("街面秩序"), 1);
    EXPECT_EQ(sum(m.open_by_category), 6);
    // Reported in November: I001 I010 I019 I004 I016 I007 I008 I014 = 8; first resolved in
    // November: I018 (11-01), I001 (11-04), I010 (11-07) = 3.
    EXPECT_EQ(m.reported, 8);
    EXPECT_EQ(m.resolved_in_month, 3);
    EXPECT_EQ(m.reported_by_category_state.at("市容环境").at("verified"), 1); // I001
    EXPECT_EQ(m.reported_by_category_state.at("市容环境").at("accepted"), 1); // I004
    EXPECT_EQ(m.reported_by_category_state.at("街面秩序").at("resolved"), 1); // I010
    EXPECT_EQ(m.reported_by_category_state.at("街面秩序").at("reported"), 1); // I019
    EXPECT_EQ(m.reported_by_category_state.at("微心愿").at("dispatched"), 1); // I007
    EXPECT_FALSE(m.reported_by_category_state.contains("宣传广告"));          // I011 was October's
    // The community figures of the report: the same moment.
    EXPECT_EQ(figure(m.figures, "community", C, "issues_open"), 6);
    EXPECT_EQ(figure(m.figures, "community", C, "issues_resolved"), 12);
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
    EXPECT_EQ(community.rows.at(0).at(*community.column("open_issues")).number, 6);
    const auto cells = gridmap::build_report(p, gridmap::ReportBy::cell, o);
    for (const auto& row : cells.rows) {
        const auto n = by_cell_november.at(row[0].text.substr(C.size()));
        EXPECT_EQ(row.at(*cells.column("open_issues")).number, n.first) << row[0].text;
    }
    // The snapshot S002 is as of its time, not the month's end: 3 open then (I007 I008 I014
    // came later), 6 now; figures_as_of at its time gives what it stored.
    const auto at_s002 = gridmap::figures_as_of(p, s002_time);
    EXPECT_EQ(figure(at_s002, "community", C, "issues_open"), 3);
    // The dashboard pinned at the month's last second is the month's figures.
    const auto board = gridmap::dashboard_figures(p, november_end);
    EXPECT_EQ(board.open_at_end, m.open_at_end);
    EXPECT_EQ(board.overdue_at_end, m.overdue_at_end);
    EXPECT_EQ(board.handling.on_time, m.handling.on_time);
    EXPECT_DOUBLE_EQ(board.handling.average_hours.value_or(-1),
                     m.handling.average_hours.value_or(-1));

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

// November's handling: first resolved in November I018 (reported 10-30 18:45, resolved 11-01
// 08:40 = 37 h 55 min, by its deadline 11-02 18:45), I001 (11-03 10:20 to 11-04 08:40 = 22 h 20
// min, by 11-04 10:20) and I010 (11-05 11:40 to 11-07 08:30 = 44 h 50 min, past 11-06 11:40):
// 2 of 3 on time, mean (37 h 55 + 22 h 20 + 44 h 50) / 3 = 105 h 5 min / 3. Overdue or stuck at
// the month's end: I019 (reported 11-10, nothing since: overdue and stuck) and I004 (accepted
// 11-19 10:20, due 11-20 08:00: overdue and stuck); I016's last event (11-24 12:20) is 6.5 days
// old and its deadline 12-01: neither.
TEST_F(DemoFiguresTest, HandlingStuckOrdersAndTrend) {
    const Project p = Project::open(*path, Project::Access::read_only);
    const gridmap::MonthlyFigures m = gridmap::monthly_figures(p, "2026-11", pinned_now);
    EXPECT_EQ(m.handling.resolved, 3);
    EXPECT_EQ(m.handling.with_deadline, 3);
    EXPECT_EQ(m.handling.on_time, 2);
    ASSERT_TRUE(m.handling.on_time_percent.has_value());
    EXPECT_NEAR(*m.handling.on_time_percent, 200.0 / 3, 1e-9);
    ASSERT_TRUE(m.handling.average_hours.has_value());
    EXPECT_NEAR(*m.handling.average_hours, (37 + 55 / 60.0 + 22 + 20 / 60.0 + 44 + 50 / 60.0) / 3,
                1e-9);
    std::vector<std::string> ids;
    for (const auto& i : m.attention) {
        ids.push_back(i.id);
        EXPECT_TRUE(i.overdue(m.as_of)) << i.id;
        EXPECT_TRUE(i.stuck(m.as_of)) << i.id;
    }
    EXPECT_EQ(ids, (std::vector<std::string>{"I019", "I004"}));
    // Trend, June to November, each at its month's end. Reported: June I009 I013 = 2; July I003
    // I005 I012 = 3; August I020 I017 = 2; September I002 I015 = 2; October I006 I011 I018 = 3;
    // November 8. First resolved: June I009; July I003 I005; August I012 (08-01) I020 I017;
    // September I002 I015; October I006; November I018 I001 I010. On time: all but I017
    // (August), I006 (October) and I010 (November). Open at the month's end: July I012
    // (resolved 08-01), October I018 (resolved 11-01), November 6; none past its deadline
    // before November (I012 due 08-03, I018 due 11-02).
    ASSERT_EQ(m.trend.size(), 6u);
    EXPECT_EQ(m.trend.front().month, "2026-06");
    EXPECT_EQ(m.trend.back().month, "2026-11");
    const std::vector<std::int64_t> reported{2, 3, 2, 2, 3, 8};
    const std::vector<std::int64_t> resolved{1, 2, 3, 2, 1, 3};
    const std::vector<std::int64_t> on_time{1, 2, 2, 2, 0, 2};
    const std::vector<std::int64_t> open{0, 1, 0, 0, 1, 6};
    const std::vector<std::int64_t> overdue{0, 0, 0, 0, 0, 2};
    for (std::size_t k = 0; k < 6; ++k) {
        EXPECT_EQ(m.trend[k].reported, reported[k]) << m.trend[k].month;
        EXPECT_EQ(m.trend[k].handling.resolved, resolved[k]) << m.trend[k].month;
        EXPECT_EQ(m.trend[k].handling.on_time, on_time[k]) << m.trend[k].month;
        EXPECT_EQ(m.trend[k].at_end.open, open[k]) << m.trend[k].month;
        EXPECT_EQ(m.trend[k].at_end.overdue, overdue[k]) << m.trend[k].month;
    }
    EXPECT_EQ(std::accumulate(reported.begin(), reported.end(), std::int64_t{0}), 20);
    // The month of the report is the last point of its trend.
    EXPECT_EQ(m.trend.back().handling.on_time, m.handling.on_time);
    EXPECT_DOUBLE_EQ(m.trend.back().handling.average_hours.value_or(-1),
                     m.handling.average_hours.value_or(-1));
    EXPECT_EQ(m.trend.back().at_end.overdue, m.overdue_at_end);
    // The coverage of the snapshot of each month: S001 in October (63 of 81 buildings with a
    // party group, snapshot_figure.csv), S002 in November, none before.
    EXPECT_TRUE(m.trend[3].snapshot.empty());
    EXPECT_NEAR(m.trend[4].snapshot.at("party_group"), 100.0 * 63 / 81, 1e-3);
    EXPECT_EQ(m.trend[4].snapshot.at("issues_open"), 1);
    EXPECT_EQ(m.trend[5].snapshot.at("issues_open"), 3);
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
    EXPECT_EQ(worker("P001").at_end.overdue, 1);    // I004
    EXPECT_EQ(worker("P001").handling.resolved, 1); // I001 in November, on time
    EXPECT_EQ(worker("P001").handling.on_time, 1);
    EXPECT_EQ(worker("P002").handling.resolved, 1); // I010, late
    EXPECT_EQ(worker("P002").handling.on_time, 0);
    EXPECT_EQ(worker("P005").at_end.open, 1);
    EXPECT_EQ(worker("P006").cells, (std::vector<std::string>{C + "007", C + "008"}));
    EXPECT_EQ(worker("P006").at_end.open, 0);
    EXPECT_EQ(worker("P006").at_end.resolved, 2); // I003 I020

    // By issue handling (fewer overdue, then fewer open, then more resolved in the month, then
    // a higher on-time rate): (overdue, open, resolved in November, on time) per cell: 001 (1, 2,
    // 1 I001, 100 %); 002 (0, 0, 1 I010, 0 %); 003 (0, 1, 1 I018, 100 %); 004 (0, 1, 0); 005
    // (0, 1, 0); 006 007 008 (0, 0, 0). So 002 1st; 006 007 008 tied 2nd; 003 5th; 004 005
    // tied 6th; 001 8th. Workers: P002 (002) 1st, P006 (007, 008) 2nd, P003 (003) 3rd, P004 and
    // P005 4th, P001 6th.
    std::map<std::string, int> cell_place;
    for (const auto& c : m.cells) {
        cell_place[c.code.substr(C.size())] = c.handling_rank;
    }
    EXPECT_EQ(cell_place, (std::map<std::string, int>{{"001", 8},
                                                      {"002", 1},
                                                      {"003", 5},
                                                      {"004", 6},
                                                      {"005", 6},
                                                      {"006", 2},
                                                      {"007", 2},
                                                      {"008", 2}}));
    EXPECT_EQ(worker("P002").handling_rank, 1);
    EXPECT_EQ(worker("P006").handling_rank, 2);
    EXPECT_EQ(worker("P003").handling_rank, 3);
    EXPECT_EQ(worker("P004").handling_rank, 4);
    EXPECT_EQ(worker("P005").handling_rank, 4);
    EXPECT_EQ(worker("P001").handling_rank, 6);
}

// "Now" pinned at 2026-12-03 12:00 after two December issues in cell 001 (at I001's place):
// 市容环境 reported 12-02 10:00 (deadline 24 h: 12-03 10:00, overdue at 12:00) and 微心愿 reported
// 12-02 10:00 and resolved 12-02 15:00 (deadline 168 h: on time, 5 h). The November figures do
// not change; the dashboard counts 6 + 1 = 7 open; overdue at 12-03 12:00: I019, I004, I016 (due
// 12-01 09:45), I008 (12-01 14:45), I014 (12-01 14:10) and the new one = 6 (I007 is due 12-03
// 18:35); cell 001 has 3 open (I004 I016 and the new one).
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
        ASSERT_EQ(first.id, "I021"); // after the demo's I001-I020
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
    EXPECT_EQ(november.open_at_end, 6);
    EXPECT_EQ(sum(november.open_by_state), 6);
    EXPECT_EQ(november.overdue_at_end, 2);
    EXPECT_EQ(november.reported, 8);
    const auto now = gridmap::dashboard_figures(p, pinned_now);
    EXPECT_EQ(now.month, "2026-12");
    EXPECT_EQ(now.as_of, pinned_now);
    EXPECT_EQ(now.open_at_end, 7);
    EXPECT_EQ(sum(now.open_by_state), 7);
    EXPECT_EQ(now.overdue_at_end, 6);
    EXPECT_EQ(figure(now.figures, "community", C, "issues_open"), 7);
    EXPECT_EQ(figure(now.figures, "cell", C + "001", "issues_open"), 3);
    EXPECT_EQ(now.reported, 2);
    EXPECT_EQ(now.handling.resolved, 1);
    EXPECT_EQ(now.handling.with_deadline, 1);
    EXPECT_EQ(now.handling.on_time, 1);
    EXPECT_DOUBLE_EQ(*now.handling.on_time_percent, 100.0);
    EXPECT_DOUBLE_EQ(*now.handling.average_hours, 5.0);
    // The orders needing attention, by report time: the 5 overdue ones of November (I007 is
    // neither overdue nor stuck: dispatched 11-26 19:20, 6.7 days before), then the new one.
    std::vector<std::string> ids;
    for (const auto& i : now.attention) {
        ids.push_back(i.id);
    }
    EXPECT_EQ(ids, (std::vector<std::string>{"I019", "I004", "I016", "I008", "I014", "I021"}));
    EXPECT_TRUE(now.attention.back().overdue(pinned_now));
    EXPECT_EQ(now.attention.back().category, "市容环境");
    // The same moment in `gridmap report`.
    gridmap::ReportOptions o;
    o.as_of = pinned_now;
    const auto community = gridmap::build_report(p, gridmap::ReportBy::community, o);
    EXPECT_EQ(community.rows.at(0).at(*community.column("open_issues")).number, 7);
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
