#include "test_util.hpp"

#include <gridmap/project.hpp>
#include <gridmap/row_counts.hpp>
#include <gridmap/threads.hpp>

#include <gtest/gtest.h>

#include <cstdlib>
#include <vector>

namespace gridmap {
namespace {

// gridmap-desktop calls prepare_for_threads() before anything opens a project: in a fresh
// process (the death test's child runs this test alone) it applies, projects then read as
// before (the map fixture's 5 buildings), and once SQLite is in use it says it cannot.
TEST(ThreadsDeathTest, PreparedBeforeTheFirstProjectThenProjectsReadAsBefore) {
    GTEST_FLAG_SET(death_test_style, "threadsafe");
    EXPECT_EXIT(
        {
            const bool before = prepare_for_threads();
            const Project p = Project::open(test::map_fixture(), Project::Access::read_only);
            const bool counted = count_rows(p, {"building"}) == std::vector<std::int64_t>{5};
            const bool after = prepare_for_threads();
            std::exit(before ? (counted ? (after ? 3 : 0) : 2) : 1);
        },
        ::testing::ExitedWithCode(0), "");
}

} // namespace
} // namespace gridmap
