#include "geo/test_util.hpp"
#include "gridmap/demo.hpp"
#include "gridmap/error.hpp"
#include "gridmap/project.hpp"

#include <gtest/gtest.h>

#include <filesystem>

using gridmap::Project;

// The expected numbers are the ones scripts/make-demo-data prints and checks on its own
// (it verifies tiling, containment and references independently of this code).
TEST(DemoTest, DemoProjectHasTheWholeCommunity) {
    const std::string path = gridmap::test::temp_file("demo.gpkg");
    gridmap::build_demo_project(GRIDMAP_DEMO_DATA, path);
    const Project p = Project::open(path, Project::Access::read_only);
    EXPECT_EQ(p.epsg(), 4547);
    EXPECT_EQ(p.count("community"), 1);
    EXPECT_EQ(p.count("cell"), 8);
    EXPECT_EQ(p.count("compound"), 6);
    EXPECT_EQ(p.count("building"), 86);
    EXPECT_EQ(p.count("unit"), 213);
    EXPECT_EQ(p.count("household"), 2079);
    EXPECT_EQ(p.count("person"), 120);
    EXPECT_EQ(p.count("party_group"), 12);
    EXPECT_EQ(p.count("party_group_building"), 73); // 81 residential, 8 deliberately without
    EXPECT_EQ(p.count("role_assignment"), 268);
    EXPECT_EQ(p.count("household_pairing"), 1730);
    EXPECT_EQ(p.count("issue"), 20);
    EXPECT_EQ(p.count("issue_event"), 72);
    // Every building lies in the community; B011 sits 50/50 across two cells of compound C01.
    using gridmap::test::value_of;
    EXPECT_EQ(value_of(path, "building", "id", "B011", "community"), "420902001005");
    EXPECT_EQ(value_of(path, "building", "id", "B001", "name"), "颐景花苑1栋");
    EXPECT_EQ(value_of(path, "compound", "id", "C02", "name"), "宝成公寓");
    EXPECT_EQ(value_of(path, "compound", "id", "C02", "community"), "420902001005");
}

TEST(DemoTest, MissingDataDirectoryIsAnInputError) {
    const std::string path = gridmap::test::temp_file("demo.gpkg");
    EXPECT_THROW(gridmap::build_demo_project("/nonexistent", path), gridmap::InputError);
    EXPECT_FALSE(std::filesystem::exists(path));
}
