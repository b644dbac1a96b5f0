// The intake of `gridmap serve` (IssueIntake, recent_issues) against add_issues and
// list_issues: the same rows, events, ids, dispatches and refusals; a commit of another
// connection (a new grid worker, an issue added by the desktop) is seen by the next batch.
// On the hand-drawn coverage fixture (tests/data/coverage/README.md).

#include "geo/test_util.hpp"
#include "gridmap/crs.hpp"
#include "gridmap/error.hpp"
#include "gridmap/import.hpp"
#include "gridmap/intake.hpp"
#include "gridmap/workorder.hpp"

#include <gdal_priv.h>
#include <gtest/gtest.h>
#include <ogrsf_frmts.h>

#include <fstream>

using gridmap::IssueState;
using gridmap::Project;
using gridmap::test::temp_file;

namespace {

const std::string C = "420902001005";

void import(Project& p, const std::string& table, const std::string& file) {
    gridmap::ImportOptions o;
    o.table = table;
    o.source = file;
    gridmap::import_layer(p, o);
}

/// The staff fixture (test_util.hpp) and a new issue near its cells.
std::string fixture(const std::string& name) {
    return gridmap::test::staff_fixture(name);
}

gridmap::NewIssue at(double dx, double dy, const std::string& category = "市容环境") {
    return gridmap::test::issue_at(dx, dy, category);
}

/// Every row of a query as text, one string per row ("|"-separated), through GDAL's SQLite.
std::vector<std::string> rows(const std::string& path, const std::string& sql) {
    GDALDatasetUniquePtr ds(GDALDataset::Open(path.c_str(), GDAL_OF_VECTOR));
    std::vector<std::string> out;
    OGRLayer* l = ds->ExecuteSQL(sql.c_str(), nullptr, "SQLITE");
    if (l == nullptr) {
        ADD_FAILURE() << "query failed: " << sql;
        return out;
    }
    for (auto& f : *l) {
        std::string row;
        for (int i = 0; i < f->GetFieldCount(); ++i) {
            row += std::string(i > 0 ? "|" : "") +
                   (f->IsFieldSetAndNotNull(i) ? f->GetFieldAsString(i) : "NULL");
        }
        out.push_back(row);
    }
    ds->ReleaseResultSet(l);
    return out;
}

std::vector<gridmap::NewIssue> batch() {
    auto reporter = at(310, 290, "宣传广告");
    reporter.small_class = "非法小广告";
    reporter.reporter = "P3";
    reporter.address = "3栋门口";
    auto unknown_reporter = at(300, 300);
    unknown_reporter.reporter = "P999";
    auto bad_lon = at(0, 0);
    bad_lon.lon = 200;
    return {at(300, 300), at(300, 300, "不存在"), at(500, 500), at(50, 50),
            reporter,     unknown_reporter,       bad_lon};
}

const std::string issue_sql =
    "SELECT id, category, small_class, text, state, reporter, reported_at, deadline, cell, "
    "assignee, rating, updated_at, address, ST_AsText(geom) FROM issue ORDER BY id";
const std::string event_sql = "SELECT issue, at, by, from_state, to_state, note, assignee, rating "
                              "FROM issue_event ORDER BY issue, fid";

} // namespace

TEST(IssueIntakeTest, StoresWhatAddIssuesStores) {
    const std::string a = fixture("intake_a.gpkg");
    const std::string b = fixture("intake_b.gpkg");
    std::vector<gridmap::AddedIssue> want;
    std::vector<gridmap::AddedIssue> got;
    {
        Project p = Project::open(a);
        want = gridmap::add_issues(p, batch(), "P1");
    }
    {
        Project p = Project::open(b);
        gridmap::IssueIntake intake(p);
        got = intake.add(batch(), "P1");
    }
    ASSERT_EQ(got.size(), want.size());
    int stored = 0;
    for (std::size_t i = 0; i < got.size(); ++i) {
        EXPECT_EQ(got[i].error, want[i].error) << i;
        ASSERT_EQ(got[i].issue.has_value(), want[i].issue.has_value()) << i;
        EXPECT_EQ(got[i].proposal.reason, want[i].proposal.reason) << i;
        EXPECT_EQ(got[i].proposal.building, want[i].proposal.building) << i;
        EXPECT_EQ(got[i].proposal.assignee, want[i].proposal.assignee) << i;
        EXPECT_EQ(got[i].proposal.assignee_name, want[i].proposal.assignee_name) << i;
        if (!got[i].issue) {
            continue;
        }
        ++stored;
        const auto& g = *got[i].issue;
        const auto& w = *want[i].issue;
        EXPECT_EQ(g.id, w.id);
        EXPECT_EQ(g.state, w.state);
        EXPECT_EQ(g.cell, w.cell);
        EXPECT_EQ(g.assignee, w.assignee);
        EXPECT_EQ(g.assignee_name, w.assignee_name);
        EXPECT_EQ(g.reporter, w.reporter);
        EXPECT_EQ(g.text, w.text);
        EXPECT_EQ(g.address, w.address);
        EXPECT_EQ(g.deadline, w.deadline);
        EXPECT_EQ(g.reported_at, w.reported_at);
        EXPECT_NEAR(g.x, w.x, 1e-6);
        EXPECT_NEAR(g.lon, w.lon, 1e-9);
    }
    EXPECT_EQ(stored, 3);                // 0, 3 and 4; the others refused with their message
    EXPECT_EQ(got[3].issue->id, "I002"); // ids consecutive past refused requests
    EXPECT_EQ(got[4].issue->id, "I003");
    EXPECT_EQ(got[0].issue->assignee.value_or(""), "P1"); // dispatched to the grid worker
    EXPECT_EQ(got[3].issue->assignee.value_or(""), "P2"); // the captain of B3
    // The rows and events, byte for byte as GDAL wrote them for add_issues.
    EXPECT_EQ(rows(b, issue_sql), rows(a, issue_sql));
    EXPECT_EQ(rows(b, event_sql), rows(a, event_sql));
    ASSERT_EQ(rows(b, event_sql).size(), 6u); // reported + dispatched, three times
    // The GeoPackage's R-tree and feature count hold the new rows (the count kept by the
    // file's triggers, or NULL: unknown, counted by the reader; never a wrong number).
    EXPECT_EQ(rows(b, "SELECT count(*) FROM rtree_issue_geom"), std::vector<std::string>{"3"});
    const auto counted =
        rows(b, "SELECT feature_count FROM gpkg_ogr_contents WHERE table_name = 'issue'");
    EXPECT_TRUE(counted == std::vector<std::string>{"3"} ||
                counted == std::vector<std::string>{"NULL"})
        << counted.front();
    GDALDatasetUniquePtr ds(GDALDataset::Open(b.c_str(), GDAL_OF_VECTOR));
    EXPECT_EQ(ds->GetLayerByName("issue")->GetFeatureCount(), 3);
    OGREnvelope e;
    ASSERT_EQ(ds->GetLayerByName("issue")->GetExtent(&e, FALSE), OGRERR_NONE);
    EXPECT_NEAR(e.MinX, 500050, 1e-6);
    EXPECT_NEAR(e.MaxX, 500310, 1e-6);
}

TEST(IssueIntakeTest, SeesAnotherConnectionsCommits) {
    const std::string path = fixture("intake_c.gpkg");
    Project server = Project::open(path);
    gridmap::IssueIntake intake(server);
    auto out = intake.add({at(50, 50)}, "P1");
    ASSERT_TRUE(out[0].issue);
    EXPECT_EQ(out[0].issue->id, "I001");
    EXPECT_EQ(out[0].proposal.reason, "building captain of B3");
    {
        // The desktop adds an issue and makes P4 grid worker of cell 003.
        Project desktop = Project::open(path);
        gridmap::add_issue(desktop, at(300, 300));
        const std::string roles = temp_file("intake_role2.csv");
        std::ofstream(roles) << "person,role,target\nP1,grid_worker," << C
                             << "002\nP2,building_captain,B3\nP4,grid_worker," << C << "003\n";
        import(desktop, "role_assignment", roles);
    }
    out = intake.add({at(50, 50), at(300, 300)}, "P1");
    ASSERT_TRUE(out[0].issue) << out[0].error;
    EXPECT_EQ(out[0].issue->id, "I003"); // I002 is the desktop's
    EXPECT_EQ(out[0].proposal.grid_worker.value_or(""), "P4");
    EXPECT_EQ(out[0].issue->assignee.value_or(""), "P4");
    EXPECT_EQ(out[1].issue->id, "I004");
    EXPECT_EQ(gridmap::list_issues(server).size(), 4u);
}

TEST(IssueIntakeTest, RecentIssuesNewestFirstFilteredInSql) {
    const std::string path = fixture("intake_d.gpkg");
    Project p = Project::open(path);
    std::vector<gridmap::NewIssue> in;
    for (int i = 0; i < 6; ++i) {
        auto n = at(300, 300);
        n.at = 1790000000 + i * 3600; // one an hour
        in.push_back(n);
    }
    auto other = at(50, 50, "宣传广告");
    other.small_class = "非法小广告";
    other.at = 1790000000 + 100 * 3600;
    in.push_back(other);
    gridmap::add_issues(p, in, "P1");
    gridmap::set_issue_state(p, "I006", {IssueState::rejected, "P1", "重复", "", {}, {}});

    gridmap::IssueQuery q;
    q.cell = C + "002";
    auto r = gridmap::recent_issues(p, q, 4);
    ASSERT_EQ(r.size(), 4u);
    EXPECT_EQ(r[0].id, "I006");
    EXPECT_EQ(r[3].id, "I003");
    EXPECT_EQ(r[0].assignee_name, "王网格");
    q.open = true;
    q.from = 1790000000 + 3600;   // I002 on
    q.to = 1790000000 + 5 * 3600; // before I006
    r = gridmap::recent_issues(p, q, 10);
    ASSERT_EQ(r.size(), 4u);
    EXPECT_EQ(r.front().id, "I005");
    EXPECT_EQ(r.back().id, "I002");
    q = {};
    q.open = false;
    r = gridmap::recent_issues(p, q, 10);
    ASSERT_EQ(r.size(), 1u);
    EXPECT_EQ(r[0].id, "I006");
    q = {};
    q.classes = {{"宣传广告", "非法小广告"}};
    r = gridmap::recent_issues(p, q, 10);
    ASSERT_EQ(r.size(), 1u);
    EXPECT_EQ(r[0].id, "I007");
    EXPECT_EQ(r[0].cell.value_or(""), C + "003");
    // The same records as list_issues.
    const auto all = gridmap::list_issues(p);
    r = gridmap::recent_issues(p, {}, 100);
    ASSERT_EQ(r.size(), all.size());
    EXPECT_EQ(r.back().id, all.front().id);
    EXPECT_EQ(r.back().text, all.front().text);
    EXPECT_NEAR(r.back().lat, all.front().lat, 1e-12);
    EXPECT_EQ(r.back().deadline, all.front().deadline);
}

TEST(IssueIntakeTest, SameProposalsAsAddIssuesOverTheWholeFixture) {
    // A grid of points over the fixture and around it (inside and outside the community, on
    // cell edges, near and far from buildings): the same refusals, cells, nearest buildings and
    // assignees as add_issues.
    std::vector<gridmap::NewIssue> grid;
    for (double dx = -60; dx <= 660; dx += 23) {
        for (double dy = -60; dy <= 660; dy += 29) {
            grid.push_back(at(dx, dy));
        }
    }
    grid.push_back(at(200, 200)); // on the corner of cells: the lowest code
    grid.push_back(at(100, 300));
    std::vector<gridmap::AddedIssue> want;
    std::vector<gridmap::AddedIssue> got;
    {
        Project p = Project::open(fixture("intake_e.gpkg"));
        want = gridmap::add_issues(p, grid, "P1");
    }
    {
        Project p = Project::open(fixture("intake_f.gpkg"));
        gridmap::IssueIntake intake(p);
        got = intake.add(grid, "P1");
    }
    ASSERT_EQ(got.size(), want.size());
    int stored = 0;
    int with_building = 0;
    for (std::size_t i = 0; i < got.size(); ++i) {
        EXPECT_EQ(got[i].error, want[i].error) << i;
        EXPECT_EQ(got[i].proposal.cell, want[i].proposal.cell) << i;
        EXPECT_EQ(got[i].proposal.building, want[i].proposal.building) << i;
        EXPECT_EQ(got[i].proposal.assignee, want[i].proposal.assignee) << i;
        EXPECT_EQ(got[i].proposal.reason, want[i].proposal.reason) << i;
        if (got[i].issue && want[i].issue) {
            ++stored;
            EXPECT_EQ(got[i].issue->state, want[i].issue->state) << i;
            EXPECT_EQ(got[i].issue->id, want[i].issue->id) << i;
        }
        with_building += got[i].proposal.building.has_value() ? 1 : 0;
    }
    EXPECT_GT(stored, 50);                           // the community covers much of the grid
    EXPECT_LT(stored, static_cast<int>(got.size())); // and some points lie outside
    EXPECT_GT(with_building, 10);                    // buildings within 100 m of many
}
