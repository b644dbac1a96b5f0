#include "test_util.hpp"

#include <gridmap/error.hpp>
#include <gridmap/project.hpp>
#include <gridmap/row_counts.hpp>
#include <gridmap/workorder.hpp>

#include <gtest/gtest.h>

#include <filesystem>

namespace gridmap {
namespace {

// The map fixture (tests/data/map/README.md): buildings B1-B5, issues I1-I4, cells 001 and 002,
// one community.
TEST(RowCountsTest, CountsTheFixturesRowsInTheOrderGiven) {
    const Project p = Project::open(test::map_fixture(), Project::Access::read_only);
    EXPECT_EQ(count_rows(p, {"building", "issue", "cell", "community"}),
              (std::vector<std::int64_t>{5, 4, 2, 1}));
    EXPECT_TRUE(count_rows(p, {}).empty());
    EXPECT_THROW(count_rows(p, {"building", "no_such_table"}), InputError);
}

// The desktop's reader keeps one connection open while its writer (another connection) pins
// issues: the reader's counts follow every commit.
TEST(RowCountsTest, ALongLivedConnectionSeesAnotherConnectionsCommits) {
    const std::string path = test::temp_file("row_counts.gpkg");
    std::filesystem::remove(path);
    std::filesystem::copy_file(test::map_fixture(), path);
    const Project reader = Project::open(path, Project::Access::read_only);
    ASSERT_EQ(count_rows(reader, {"issue"}), (std::vector<std::int64_t>{4}));
    {
        Project writer = Project::open(path, Project::Access::read_write);
        NewIssue in;
        in.xy = std::pair{500100.0, 3300060.0}; // in cell 001
        in.category = "市容环境";
        in.small_class = "暴露垃圾";
        in.text = "井盖缺失";
        in.by = "P3";
        add_issue(writer, in);
        add_issue(writer, in);
    }
    EXPECT_EQ(count_rows(reader, {"issue", "building"}), (std::vector<std::int64_t>{6, 5}));
}

} // namespace
} // namespace gridmap
