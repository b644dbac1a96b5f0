// What `gridmap serve` stores through geo/: a batch of new issues in one transaction
// (add_issues), dispatched at once; API keys, staff accounts and the server secret (schema 7).
// On the hand-drawn coverage fixture (tests/data/coverage/README.md).

#include "geo/test_util.hpp"
#include "gridmap/access.hpp"
#include "gridmap/crs.hpp"
#include "gridmap/error.hpp"
#include "gridmap/import.hpp"
#include "gridmap/schema.hpp"
#include "gridmap/workorder.hpp"

#include <gtest/gtest.h>

#include <fstream>

using gridmap::IssueState;
using gridmap::Project;
using gridmap::test::temp_file;

namespace {

const std::string C = "420902001005";

/// The staff fixture (test_util.hpp) and a new issue near its cells.
std::string fixture(const std::string& name) {
    return gridmap::test::staff_fixture(name);
}

gridmap::NewIssue at(double dx, double dy, const std::string& category = "市容环境") {
    return gridmap::test::issue_at(dx, dy, category);
}

const std::string hash_a(64, 'a');
const std::string hash_b(64, 'b');

} // namespace

TEST(AddIssuesTest, OneTransactionRefusedOnesLeftOutEachDispatchedToItsProposal) {
    Project p = Project::open(fixture("batch.gpkg"));
    // (300,300) is in cell 002 (grid worker P1); (50,50) in 003, which has no grid worker:
    // the captain of B3 (P2), the nearest building, is the proposal; (500,500) is outside.
    const auto out = gridmap::add_issues(
        p, {at(300, 300), at(300, 300, "不存在"), at(500, 500), at(50, 50)}, "P1");
    ASSERT_EQ(out.size(), 4u);
    ASSERT_TRUE(out[0].issue);
    EXPECT_EQ(out[0].issue->id, "I001");
    EXPECT_EQ(out[0].issue->state, IssueState::dispatched);
    EXPECT_EQ(out[0].issue->assignee.value_or(""), "P1");
    EXPECT_EQ(out[0].issue->cell.value_or(""), C + "002");
    EXPECT_EQ(out[0].issue->text, "垃圾");
    EXPECT_EQ(out[0].issue->deadline.value_or(0), 1790000000 + 24 * 3600); // 市容环境: 24 h
    EXPECT_FALSE(out[1].issue);
    EXPECT_NE(out[1].error.find("category"), std::string::npos) << out[1].error;
    EXPECT_FALSE(out[2].issue);
    EXPECT_NE(out[2].error.find("不在本项目任何社区范围内"), std::string::npos) << out[2].error;
    ASSERT_TRUE(out[3].issue);
    EXPECT_EQ(out[3].issue->id, "I002"); // ids stay consecutive past refused requests
    EXPECT_EQ(out[3].issue->assignee.value_or(""), "P2");
    EXPECT_EQ(out[3].proposal.reason, "building captain of B3");
    EXPECT_EQ(p.count("issue"), 2);
    const auto events = gridmap::issue_events(p, "I001");
    ASSERT_EQ(events.size(), 2u);
    EXPECT_EQ(events[0].to, IssueState::reported);
    EXPECT_EQ(events[0].by, "P1");
    EXPECT_EQ(events[0].note, "群众点单");
    EXPECT_EQ(events[1].from, IssueState::reported);
    EXPECT_EQ(events[1].to, IssueState::dispatched);
    EXPECT_EQ(events[1].assignee.value_or(""), "P1");
    EXPECT_EQ(events[1].note, "自动派单");
    // The accept of the dispatched issue works as after a desktop dispatch.
    gridmap::set_issue_state(p, "I002", {IssueState::accepted, "P2", "", "", {}, {}});
    EXPECT_EQ(gridmap::get_issue(p, "I002").state, IssueState::accepted);
}

TEST(AddIssuesTest, NoDispatchWithoutTheRightAndNothingWithAnUnknownDispatcher) {
    Project p = Project::open(fixture("batch2.gpkg"));
    // P3 is not community staff: the request stays reported.
    auto out = gridmap::add_issues(p, {at(300, 300)}, "P3");
    ASSERT_TRUE(out[0].issue);
    EXPECT_EQ(out[0].issue->state, IssueState::reported);
    EXPECT_FALSE(out[0].issue->assignee);
    EXPECT_EQ(out[0].proposal.assignee.value_or(""), "P1"); // still proposed
    EXPECT_EQ(gridmap::issue_events(p, "I001").size(), 1u);
    // No dispatcher: reported.
    out = gridmap::add_issues(p, {at(300, 300)});
    EXPECT_EQ(out[0].issue->state, IssueState::reported);
    // An unknown dispatcher or enterer: nothing written.
    EXPECT_THROW(gridmap::add_issues(p, {at(300, 300)}, "P999"), gridmap::InputError);
    auto unknown = at(300, 300);
    unknown.by = "P999";
    out = gridmap::add_issues(p, {unknown, at(300, 300)});
    EXPECT_FALSE(out[0].issue);
    EXPECT_NE(out[0].error.find("P999"), std::string::npos) << out[0].error;
    EXPECT_TRUE(out[1].issue);
    EXPECT_EQ(p.count("issue"), 3);
    EXPECT_TRUE(gridmap::add_issues(p, {}).empty());
}

TEST(AccessTest, ApiKeysStaffAccountsSecret) {
    Project p = Project::open(fixture("access.gpkg"));
    gridmap::add_api_key(p, "wechat", hash_a);
    EXPECT_THROW(gridmap::add_api_key(p, "wechat", hash_b), gridmap::InputError);
    EXPECT_THROW(gridmap::add_api_key(p, "other", "not-hex"), gridmap::InputError);
    EXPECT_THROW(gridmap::add_api_key(p, "", hash_b), gridmap::InputError);
    ASSERT_TRUE(gridmap::find_api_key(p, hash_a));
    EXPECT_EQ(gridmap::find_api_key(p, hash_a)->name, "wechat");
    EXPECT_FALSE(gridmap::find_api_key(p, hash_b));
    gridmap::revoke_api_key(p, "wechat");
    EXPECT_FALSE(gridmap::find_api_key(p, hash_a));
    EXPECT_THROW(gridmap::revoke_api_key(p, "wechat"), gridmap::InputError);
    gridmap::add_api_key(p, "wechat", hash_b); // the name is free again
    const auto keys = gridmap::list_api_keys(p);
    ASSERT_EQ(keys.size(), 2u);
    EXPECT_EQ(keys[0].revoked_at.has_value() + keys[1].revoked_at.has_value(), 1);

    gridmap::set_staff_password(p, "P1", "$argon2id$v=19$x", "leader");
    EXPECT_EQ(gridmap::find_staff_account(p, "P1")->role, "leader");
    gridmap::set_staff_password(p, "P1", "$argon2id$v=19$y");
    EXPECT_EQ(gridmap::find_staff_account(p, "P1")->role, "staff");
    EXPECT_EQ(gridmap::find_staff_account(p, "P1")->password_hash, "$argon2id$v=19$y");
    EXPECT_THROW(gridmap::set_staff_password(p, "P999", "h"), gridmap::InputError);
    EXPECT_THROW(gridmap::set_staff_password(p, "P2", "h", "boss"), gridmap::InputError);
    EXPECT_EQ(gridmap::list_staff_accounts(p), std::vector<std::string>{"P1"});
    gridmap::remove_staff_account(p, "P1");
    EXPECT_FALSE(gridmap::find_staff_account(p, "P1"));
    EXPECT_THROW(gridmap::remove_staff_account(p, "P1"), gridmap::InputError);

    EXPECT_EQ(gridmap::server_secret(p, hash_a), hash_a);
    EXPECT_EQ(gridmap::server_secret(p, hash_b), hash_a); // stored once, then kept
    EXPECT_EQ(gridmap::grid_worker_cells(p, "P1"), std::vector<std::string>{C + "002"});
    EXPECT_TRUE(gridmap::grid_worker_cells(p, "P3").empty());
}

TEST(AccessTest, Schema6MigratesToTheServeTables) {
    const std::string path = fixture("v6.gpkg");
    {
        Project p = Project::open(path);
        p.set_setting("schema_version", "6");
    }
    gridmap::test::gdal_sql(path, "DROP TABLE serve_api_key");
    gridmap::test::gdal_sql(path, "DROP TABLE serve_account");
    gridmap::test::gdal_sql(path, "DROP TABLE serve_secret");
    Project p = Project::open(path);
    EXPECT_EQ(p.schema_version(), gridmap::schema_version);
    EXPECT_TRUE(gridmap::list_api_keys(p).empty());
    gridmap::add_api_key(p, "k", hash_a);
    EXPECT_TRUE(gridmap::find_api_key(p, hash_a));
}

TEST(AccessTest, DataVersionChangesOnAnotherConnectionsCommitOnly) {
    const std::string path = fixture("dv.gpkg");
    Project desktop = Project::open(path);
    Project server = Project::open(path);
    const auto v0 = gridmap::external_data_version(desktop);
    gridmap::add_issue(desktop, at(300, 300)); // its own commit
    EXPECT_EQ(gridmap::external_data_version(desktop), v0);
    gridmap::add_issues(server, {at(300, 300)}); // another program's commit
    const auto v1 = gridmap::external_data_version(desktop);
    EXPECT_NE(v1, v0);
    EXPECT_EQ(gridmap::list_issues(desktop).size(), 2u); // and the new request is read at once
    EXPECT_EQ(gridmap::external_data_version(desktop), v1);
}
