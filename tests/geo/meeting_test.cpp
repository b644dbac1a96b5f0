// Saved views, pledges, coverage snapshots and the figures of a month on the hand-drawn
// coverage fixture (tests/data/coverage/README.md gives every figure used below).

#include "geo/test_util.hpp"
#include "gridmap/error.hpp"
#include "gridmap/import.hpp"
#include "gridmap/meeting.hpp"
#include "gridmap/workorder.hpp"

#include <gdal_priv.h>
#include <gtest/gtest.h>

#include <fstream>

using gridmap::InputError;
using gridmap::Project;
using gridmap::SavedView;
using gridmap::test::dump_project;
using gridmap::test::temp_file;

namespace {

const std::string C = "420902001005";

std::string fixture(const std::string& name = "meeting.gpkg") {
    const std::string path = temp_file(name);
    gridmap::test::build_coverage_fixture(path);
    return path;
}

/// Runs SQL on the project through GDAL (as another program editing the file would).
void sql(const std::string& path, const std::string& statement) {
    GDALAllRegister();
    GDALDatasetUniquePtr ds(GDALDataset::Open(path.c_str(), GDAL_OF_VECTOR | GDAL_OF_UPDATE));
    ASSERT_TRUE(ds);
    ds->ExecuteSQL(statement.c_str(), nullptr, nullptr);
}

const gridmap::SnapshotFigure& figure(const gridmap::CoverageSnapshot& s, const std::string& scope,
                                      const std::string& target, const std::string& metric) {
    for (const auto& f : s.figures) {
        if (f.scope == scope && f.target == target && f.metric == metric) {
            return f;
        }
    }
    static const gridmap::SnapshotFigure none{"none", "", "", "", -1, -1, std::nullopt};
    ADD_FAILURE() << "no figure " << scope << " " << target << " " << metric;
    return none;
}

SavedView view(const std::string& title, const std::string& theme = "coverage") {
    SavedView v;
    v.title = title;
    v.extent = {500000, 3300000, 500200, 3300400};
    v.theme = theme;
    v.layers = {"cell", "building"};
    return v;
}

} // namespace

TEST(SavedViewTest, AddListUpdateRemoveKeepTheOrder) {
    const std::string path = fixture();
    Project p = Project::open(path);
    const SavedView a = gridmap::add_view(p, view("全社区"));
    const SavedView b = gridmap::add_view(p, view("问题分布", "issues"));
    EXPECT_EQ(a.id, "V01");
    EXPECT_EQ(a.position, 1);
    EXPECT_EQ(b.id, "V02");
    EXPECT_EQ(b.position, 2);
    SavedView c = view("第三");
    c.position = 0;
    c = gridmap::add_view(p, c);
    auto all = gridmap::list_views(p);
    ASSERT_EQ(all.size(), 3u);
    EXPECT_EQ(all[1].title, "问题分布");
    EXPECT_EQ(all[1].theme, "issues");
    EXPECT_EQ(all[1].layers, (std::vector<std::string>{"cell", "building"}));
    EXPECT_DOUBLE_EQ(all[1].extent.max_y, 3300400);

    SavedView changed = all[0];
    changed.title = "改名";
    changed.position = 9;
    gridmap::update_view(p, changed);
    gridmap::remove_view(p, "V02");
    all = gridmap::list_views(p);
    ASSERT_EQ(all.size(), 2u);
    EXPECT_EQ(all[0].id, "V03"); // moved up to position 2, V01 is now at 9
    EXPECT_EQ(all[0].position, 2);
    EXPECT_EQ(all[1].title, "改名");
}

TEST(SavedViewTest, RefusesUnknownThemeLayerEmptyExtentAndLeavesTheProject) {
    const std::string path = fixture();
    Project p = Project::open(path);
    gridmap::add_view(p, view("A"));
    const std::string before = dump_project(path);
    EXPECT_THROW(gridmap::add_view(p, view("B", "heat")), InputError);
    SavedView bad_layer = view("C");
    bad_layer.layers = {"cell", "household"};
    EXPECT_THROW(gridmap::add_view(p, bad_layer), InputError);
    SavedView empty = view("D");
    empty.extent.max_x = empty.extent.min_x;
    EXPECT_THROW(gridmap::add_view(p, empty), InputError);
    EXPECT_THROW(gridmap::add_view(p, view("")), InputError);
    EXPECT_THROW(gridmap::remove_view(p, "V99"), InputError);
    SavedView unknown = view("E");
    unknown.id = "V42";
    EXPECT_THROW(gridmap::update_view(p, unknown), InputError);
    EXPECT_EQ(dump_project(path), before);
}

TEST(PledgeTest, ImportedByTheGenericImportAndListedWithProgress) {
    const std::string path = fixture();
    Project p = Project::open(path);
    const std::string csv = temp_file("pledge.csv");
    std::ofstream(csv, std::ios::binary)
        << "id,title,target,progress,unit,due,state\n"
           "T01,加装电梯,10,4,部,2026-12-31,active\nT02,道路刷黑,2.5,2.5,公里,,done\n";
    gridmap::ImportOptions o;
    o.table = "pledge";
    o.source = csv;
    gridmap::import_layer(p, o);
    const auto pledges = gridmap::list_pledges(p);
    ASSERT_EQ(pledges.size(), 2u);
    EXPECT_EQ(pledges[0].title, "加装电梯");
    EXPECT_EQ(pledges[0].due, "2026-12-31");
    EXPECT_DOUBLE_EQ(*pledges[0].percent(), 40.0);
    EXPECT_DOUBLE_EQ(*pledges[1].percent(), 100.0);
    EXPECT_EQ(pledges[1].state, "done");
}

// README: community 6 residential buildings in cells, 3 without a party group, 4 without a
// building captain; 3 units, 2 without captain; 4 cells, 001 and 003 with grid workers;
// 6 households, 3 unpaired; open issues I1 I2 I6 in cells and I3 (outside the community: the
// nearest community's); I5 verified in cell 004 and I4 resolved in the gap (in no cell).
TEST(SnapshotTest, FiguresAreTheHandWorkedCoverage) {
    const std::string path = fixture();
    Project p = Project::open(path);
    const auto s = gridmap::take_snapshot(p, "first", 1'790'000'000);
    EXPECT_EQ(s.info.id, "S001");
    const auto& group = figure(s, "community", C, "party_group");
    EXPECT_EQ(group.numerator, 3);
    EXPECT_EQ(group.denominator, 6);
    EXPECT_DOUBLE_EQ(*group.value, 50.0);
    EXPECT_EQ(figure(s, "community", C, "building_captain").numerator, 2);
    EXPECT_EQ(figure(s, "community", C, "unit_captain").numerator, 1);
    EXPECT_EQ(figure(s, "community", C, "unit_captain").denominator, 3);
    EXPECT_EQ(figure(s, "community", C, "grid_worker").numerator, 2);
    EXPECT_EQ(figure(s, "community", C, "grid_worker").denominator, 4);
    EXPECT_EQ(figure(s, "community", C, "household_pairing").numerator, 3);
    EXPECT_EQ(figure(s, "community", C, "household_pairing").denominator, 6);
    EXPECT_EQ(figure(s, "community", C, "issues_open").numerator, 4);
    EXPECT_EQ(figure(s, "community", C, "issues_resolved").numerator, 2);
    EXPECT_EQ(figure(s, "cell", C + "001", "issues_open").numerator, 2); // I1 I2
    // Cell 001: B1 B5 B6 B7, B6 B7 without a group: 2 of 4.
    EXPECT_EQ(figure(s, "cell", C + "001", "party_group").numerator, 2);
    EXPECT_EQ(figure(s, "cell", C + "001", "party_group").denominator, 4);
    EXPECT_EQ(figure(s, "cell", C + "002", "grid_worker").numerator, 0);
    EXPECT_EQ(figure(s, "cell", C + "004", "issues_resolved").numerator, 1);
    // Cell 004 has no households: no pairing share.
    EXPECT_FALSE(figure(s, "cell", C + "004", "household_pairing").value.has_value());
    // Compound K1: only B7, which has no group and no captain.
    EXPECT_EQ(figure(s, "compound", "K1", "party_group").numerator, 0);
    EXPECT_EQ(figure(s, "compound", "K1", "party_group").denominator, 1);
    // Stored: read back equal.
    const auto back = gridmap::get_snapshot(p, "S001");
    EXPECT_EQ(back.figures.size(), s.figures.size());
    EXPECT_EQ(back.info.note, "first");
    EXPECT_EQ(back.info.taken_at, 1'790'000'000);
    EXPECT_EQ(figure(back, "cell", C + "001", "party_group").target_name,
              figure(s, "cell", C + "001", "party_group").target_name);
}

TEST(SnapshotTest, DeltaAfterNewCaptainAndPartyGroupIsExact) {
    const std::string path = fixture();
    {
        Project p = Project::open(path);
        EXPECT_THROW(gridmap::snapshot_delta(p), InputError);
        gridmap::take_snapshot(p, "October", 1'790'000'000);
        EXPECT_THROW(gridmap::snapshot_delta(p), InputError); // one snapshot: nothing to compare
    }
    // B2 (cell 002) gets a building captain, B6 (cell 001) party group PG1.
    sql(path, "INSERT INTO role_assignment (person, role, target) VALUES ('P3', "
              "'building_captain', 'B2')");
    sql(path, "INSERT INTO party_group_building (party_group, building) VALUES ('PG1', 'B6')");
    Project p = Project::open(path);
    const std::string before = dump_project(path);
    EXPECT_THROW(gridmap::take_snapshot(p, "too early", 1'790'000'000), InputError);
    EXPECT_EQ(dump_project(path), before);
    gridmap::take_snapshot(p, "November", 1'792'600'000);
    const gridmap::SnapshotDelta d = gridmap::snapshot_delta(p);
    EXPECT_EQ(d.previous.id, "S001");
    EXPECT_EQ(d.latest.id, "S002");
    const auto* captain = d.find("community", C, "building_captain");
    ASSERT_NE(captain, nullptr);
    EXPECT_EQ(captain->before->numerator, 2);
    EXPECT_EQ(captain->after->numerator, 3);
    EXPECT_NEAR(*captain->change(), 100.0 / 6.0, 1e-9); // 33.3 % -> 50 %
    const auto* group = d.find("community", C, "party_group");
    EXPECT_NEAR(*group->before->value, 50.0, 1e-9);
    EXPECT_NEAR(*group->after->value, 400.0 / 6.0, 1e-9); // 50 % -> 66.7 %
    const auto* cell2 = d.find("cell", C + "002", "building_captain");
    EXPECT_NEAR(*cell2->change(), 100.0, 1e-9); // 0 of 1 -> 1 of 1
    const auto* cell1 = d.find("cell", C + "001", "party_group");
    EXPECT_NEAR(*cell1->change(), 25.0, 1e-9); // 2 of 4 -> 3 of 4
    const auto* pairing = d.find("community", C, "household_pairing");
    EXPECT_NEAR(*pairing->change(), 0.0, 1e-9);
}

TEST(MonthlyTest, BadMonthsAreRefused) {
    EXPECT_THROW(gridmap::month_bounds("2026-13"), InputError);
    EXPECT_THROW(gridmap::month_bounds("2026-00"), InputError);
    EXPECT_THROW(gridmap::month_bounds("2026-1"), InputError);
    EXPECT_THROW(gridmap::month_bounds("May 2026"), InputError);
    const auto [from, to] = gridmap::month_bounds("2026-02");
    // 2026-02-01T00:00+08:00 = 2026-01-31T16:00Z; February 2026 has 28 days.
    EXPECT_EQ(from, 1'769'875'200);
    EXPECT_EQ(to - from, 28 * 86400);
}

TEST(MonthlyTest, IssuesOfTheMonthRepairsAndPledges) {
    const std::string path = fixture();
    Project p = Project::open(path);
    const auto [from, to] = gridmap::month_bounds("2026-10");
    // Two issues in October near I5 (cell 004), one in November.
    gridmap::NewIssue a;
    a.xy = std::pair{500300.0, 3300040.0};
    a.category = "市容环境";
    a.small_class = "暴露垃圾";
    a.text = "垃圾堆放";
    a.by = "P1";
    a.at = from + 3600;
    gridmap::NewIssue b = a;
    b.category = "微心愿";
    b.small_class = "楼道灯维修";
    b.at = from + 86400;
    gridmap::NewIssue c = a;
    c.at = to + 10;
    const auto ia = gridmap::add_issue(p, a).first;
    gridmap::add_issue(p, b);
    gridmap::add_issue(p, c);
    gridmap::StateChange dispatch;
    dispatch.to = gridmap::IssueState::dispatched;
    dispatch.by = "P1";
    dispatch.assignee = "P1";
    dispatch.at = from + 7200;
    gridmap::set_issue_state(p, ia.id, dispatch);
    gridmap::StateChange accept{gridmap::IssueState::accepted, "P1", "", "", {}, from + 7300};
    gridmap::set_issue_state(p, ia.id, accept);
    gridmap::StateChange resolve{gridmap::IssueState::resolved, "P1", "", "", {}, from + 9000};
    gridmap::set_issue_state(p, ia.id, resolve);

    const gridmap::MonthlyFigures m = gridmap::monthly_figures(p, "2026-10");
    EXPECT_EQ(m.reported, 2);
    EXPECT_EQ(m.reported_by_category_state.at("市容环境").at("resolved"), 1);
    EXPECT_EQ(m.reported_by_category_state.at("微心愿").at("reported"), 1);
    EXPECT_EQ(m.resolved_in_month, 1);
    // Repairs (README): RS1 active 200 m, RS2 active 200 m, RS3 planned 50 m.
    EXPECT_NEAR(m.repairs.planned_m, 450.0, 1e-6);
    EXPECT_NEAR(m.repairs.active_m, 400.0, 1e-6);
    EXPECT_NEAR(m.repairs.done_m, 0.0, 1e-6);
    EXPECT_EQ(m.repairs.segments, 3);
    ASSERT_EQ(m.communities.size(), 1u);
    EXPECT_EQ(m.communities[0].first, C);
    EXPECT_FALSE(m.delta.has_value());
}

// README: cell 001 is [0,200] x [200,400]; the community [0,400] x [0,400]. Margins: 8 % of
// the longer side for a cell (16 m), 4 % for the community (16 m).
TEST(SavedViewTest, ExtentsAsRenderReadsThem) {
    const std::string path = fixture();
    const Project p = Project::open(path, Project::Access::read_only);
    const gridmap::Extent cell = gridmap::view_extent(p, "cell:" + C + "001");
    EXPECT_NEAR(cell.min_x, 500000 - 16, 1e-6);
    EXPECT_NEAR(cell.min_y, 3300200 - 16, 1e-6);
    EXPECT_NEAR(cell.max_x, 500200 + 16, 1e-6);
    EXPECT_NEAR(cell.max_y, 3300400 + 16, 1e-6);
    const gridmap::Extent all = gridmap::view_extent(p, "community");
    EXPECT_NEAR(all.min_x, 500000 - 16, 1e-6);
    EXPECT_NEAR(all.max_y, 3300400 + 16, 1e-6);
    const gridmap::Extent given = gridmap::view_extent(p, "1,2,3.5,4");
    EXPECT_DOUBLE_EQ(given.max_x, 3.5);
    EXPECT_THROW(gridmap::view_extent(p, "cell:999"), InputError);
    EXPECT_THROW(gridmap::view_extent(p, "3,2,1,4"), InputError);
    EXPECT_THROW(gridmap::view_extent(p, "1,2,3,x"), InputError);
    EXPECT_THROW(gridmap::view_extent(p, "street"), InputError);
}
