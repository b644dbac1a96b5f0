// Coverage checks on the hand-drawn fixture of tests/data/coverage (see its README.md: every
// expected value below was worked out on paper from that drawing).

#include "geo/test_util.hpp"
#include "gridmap/check.hpp"
#include "gridmap/import.hpp"
#include "gridmap/project.hpp"

#include <gtest/gtest.h>
#include <ogr_api.h>
#include <ogr_geometry.h>

#include <algorithm>
#include <set>

using gridmap::CheckOptions;
using gridmap::CheckResult;
using gridmap::Project;
using gridmap::test::temp_file;
using gridmap::test::value_of;

namespace {

const std::string C = "420902001005";

std::string build_fixture() {
    const std::string path = temp_file("coverage.gpkg");
    gridmap::test::build_coverage_fixture(path);
    return path;
}

const std::string& fixture() {
    static const std::string path = build_fixture();
    return path;
}

CheckResult check(const CheckOptions& o = {}) {
    const Project p = Project::open(fixture(), Project::Access::read_only);
    return gridmap::check_project(p, o);
}

std::set<std::string> uncovered_ids(const CheckResult& r, const std::string& rule) {
    std::set<std::string> ids;
    const auto* rr = r.rule(rule);
    EXPECT_NE(rr, nullptr) << rule;
    if (rr != nullptr) {
        for (const auto& u : rr->uncovered) {
            ids.insert(u.id);
        }
    }
    return ids;
}

/// Topological equality of two WKT geometries (vertex order and start may differ).
bool same_geometry(const std::string& a, const std::string& b) {
    OGRGeometry* ga = nullptr;
    OGRGeometry* gb = nullptr;
    OGRGeometryFactory::createFromWkt(a.c_str(), nullptr, &ga);
    OGRGeometryFactory::createFromWkt(b.c_str(), nullptr, &gb);
    // OGR's Equals is ordering-equal; the symmetric difference is empty for equal shapes.
    OGRGeometry* diff = ga != nullptr && gb != nullptr ? ga->SymDifference(gb) : nullptr;
    const bool same = diff != nullptr && OGR_G_Area(OGRGeometry::ToHandle(diff)) < 1e-9;
    OGRGeometryFactory::destroyGeometry(diff);
    OGRGeometryFactory::destroyGeometry(ga);
    OGRGeometryFactory::destroyGeometry(gb);
    return same;
}

} // namespace

TEST(BuildingAssignmentTest, BuildingGoesToTheCellWithTheLargestOverlap) {
    const std::string& p = fixture();
    EXPECT_EQ(value_of(p, "building", "id", "B2", "cell"), C + "002"); // 96 % in 002
    EXPECT_NEAR(std::stod(value_of(p, "building", "id", "B2", "cell_share")), 0.96, 1e-9);
    EXPECT_EQ(value_of(p, "building", "id", "B3", "cell"), C + "003"); // the multipolygon's part
    EXPECT_EQ(value_of(p, "building", "id", "B6", "cell"), C + "001");
}

TEST(BuildingAssignmentTest, FiftyFiftyTieGoesToTheLowestCode) {
    EXPECT_EQ(value_of(fixture(), "building", "id", "B1", "cell"), C + "001");
    EXPECT_EQ(value_of(fixture(), "building", "id", "B1", "cell_share"), "0.5");
    // Wholly inside the overlap of 001 and 002: a tie at 100 %.
    EXPECT_EQ(value_of(fixture(), "building", "id", "B5", "cell"), C + "001");
    EXPECT_EQ(value_of(fixture(), "building", "id", "B5", "cell_share"), "1");
}

TEST(BuildingAssignmentTest, BuildingInAGapHasNoCell) {
    EXPECT_EQ(value_of(fixture(), "building", "id", "B4", "cell"), "<null>");
    const auto r = check();
    EXPECT_EQ(uncovered_ids(r, "building_in_cell"), std::set<std::string>{"B4"});
    EXPECT_EQ(r.rule("building_in_cell")->total, 7);
}

TEST(BuildingAssignmentTest, OnlyTheFiftyFiftyBuildingIsCut) {
    const auto r = check();
    const auto* cut = r.rule("building_not_cut");
    EXPECT_EQ(cut->total, 6); // the 6 buildings in a cell
    ASSERT_EQ(cut->uncovered.size(), 1u);
    EXPECT_EQ(cut->uncovered[0].id, "B1");
    EXPECT_EQ(cut->uncovered[0].detail, "50.0% in " + C + "001, 50.0% outside it");
    EXPECT_TRUE(same_geometry(cut->uncovered[0].wkt,
                              "POLYGON ((500190 3300250, 500210 3300250, 500210 3300270, "
                              "500190 3300270, 500190 3300250))"))
        << cut->uncovered[0].wkt;
    // 4 % outside stays under the 5 % rule; 6 % would not.
    CheckOptions strict;
    strict.cut_share = 0.03;
    EXPECT_EQ(uncovered_ids(check(strict), "building_not_cut"),
              (std::set<std::string>{"B1", "B2"}));
}

TEST(BuildingAssignmentTest, CompoundCourtyardHoleIsNotTheCompound) {
    EXPECT_EQ(value_of(fixture(), "building", "id", "B6", "compound"), "<null>");
    EXPECT_EQ(value_of(fixture(), "building", "id", "B7", "compound"), "K1");
}

TEST(PointAssignmentTest, SharedEdgeAndFourCellCornerGoToTheLowestCode) {
    const std::string& p = fixture();
    EXPECT_EQ(value_of(p, "issue", "id", "I1", "cell"), C + "001"); // 001/002 edge
    EXPECT_EQ(value_of(p, "issue", "id", "I2", "cell"), C + "001"); // corner of 001..004
    EXPECT_EQ(value_of(p, "issue", "id", "I5", "cell"), C + "004");
    EXPECT_EQ(value_of(p, "issue", "id", "I3", "cell"), "<null>");
    EXPECT_EQ(value_of(p, "issue", "id", "I4", "cell"), "<null>"); // in the gap
    EXPECT_EQ(uncovered_ids(check(), "issue_in_cell"), (std::set<std::string>{"I3", "I4"}));
    EXPECT_EQ(value_of(p, "service_point", "id", "S1", "cell"), C + "002");
}

TEST(TilingTest, GapOverToleranceIsReportedAndSliverUnderItIsNot) {
    const auto r = check();
    ASSERT_EQ(r.gaps.size(), 1u);
    EXPECT_EQ(r.gaps[0].community, C);
    EXPECT_NEAR(r.gaps[0].area_m2, 50.0, 1e-6);
    EXPECT_TRUE(same_geometry(r.gaps[0].wkt, "POLYGON ((500000 3300099.5, 500100 3300099.5, "
                                             "500100 3300100, 500000 3300100, 500000 3300099.5))"))
        << r.gaps[0].wkt;
    // At a tolerance under 0.4 m2 the east sliver appears too.
    CheckOptions fine;
    fine.tolerance_m2 = 0.1;
    const auto f = check(fine);
    ASSERT_EQ(f.gaps.size(), 2u);
    EXPECT_NEAR(f.gaps[1].area_m2, 0.4, 1e-6);
}

TEST(TilingTest, OverlapIsReportedWithItsCellsAndArea) {
    const auto r = check();
    ASSERT_EQ(r.overlaps.size(), 1u);
    EXPECT_EQ(r.overlaps[0].cell_a, C + "001");
    EXPECT_EQ(r.overlaps[0].cell_b, C + "002");
    EXPECT_NEAR(r.overlaps[0].area_m2, 1000.0, 1e-6);
    const auto* tile = r.rule("cells_tile_community");
    EXPECT_EQ(tile->total, 1);
    EXPECT_EQ(tile->covered, 0);
    ASSERT_EQ(tile->uncovered.size(), 1u);
    EXPECT_EQ(tile->uncovered[0].detail, "1 gaps, 50.0 m2; 1 overlaps, 1000.0 m2");
    EXPECT_FALSE(r.all_hold());
}

TEST(TilingTest, OverlapAroundTheToleranceIsReportedOnlyAboveIt) {
    // The cells of 001 and 002 share 1,000 m2. Above the tolerance the community's cells are
    // tested pair by pair and the overlap is found; at a tolerance over it the sum of the cell
    // areas exceeds their union by no more than the tolerance, so no pair can overlap by more
    // and the pairs are not tested: either way the same answer as testing every pair.
    for (const double tolerance : {999.0, 999.999}) {
        CheckOptions o;
        o.tolerance_m2 = tolerance;
        const auto r = check(o);
        ASSERT_EQ(r.overlaps.size(), 1u) << tolerance;
        EXPECT_NEAR(r.overlaps[0].area_m2, 1000.0, 1e-6);
    }
    for (const double tolerance : {1000.001, 1001.0, 5000.0}) {
        CheckOptions o;
        o.tolerance_m2 = tolerance;
        EXPECT_TRUE(check(o).overlaps.empty()) << tolerance;
    }
}

TEST(RepairTest, LengthsPerCellOutsideAndOverlaps) {
    const auto r = check();
    const auto* outside = r.rule("repair_inside_community");
    ASSERT_EQ(outside->uncovered.size(), 1u);
    EXPECT_EQ(outside->uncovered[0].id, "RS1");
    EXPECT_EQ(outside->uncovered[0].detail, "50.0 m of 200.0 m outside");
    const auto* overlap = r.rule("active_repairs_do_not_overlap");
    EXPECT_EQ(overlap->total, 2);
    ASSERT_EQ(overlap->uncovered.size(), 2u);
    EXPECT_EQ(overlap->uncovered[0].detail, "overlaps RS2 by 50.0 m");
    EXPECT_EQ(value_of(fixture(), "repair_segment", "id", "RS1", "outside_m"), "50");
    EXPECT_EQ(value_of(fixture(), "repair_segment_cell", "repair_segment", "RS1", "length_m"),
              "150");
    EXPECT_EQ(value_of(fixture(), "repair_segment_cell", "repair_segment", "RS3", "cell"),
              C + "003");
}

TEST(ServiceReachTest, BuildingsFartherThanTheReach) {
    EXPECT_TRUE(check().rule("building_service_reach")->holds()); // 500 m reaches all
    CheckOptions o;
    o.service_reach_m = 100;
    const auto r = check(o);
    const auto* reach = r.rule("building_service_reach");
    const auto b2 = std::find_if(reach->uncovered.begin(), reach->uncovered.end(),
                                 [](const auto& u) { return u.id == "B2"; });
    ASSERT_NE(b2, reach->uncovered.end());
    EXPECT_EQ(b2->detail, "nearest service point 134 m");
    EXPECT_EQ(reach->total, 7);
    EXPECT_EQ(reach->uncovered.size(), 7u); // S1 is over 100 m from every building
}

TEST(RelationalRuleTest, PartyGroupsAndHouseholdsPerCell) {
    const auto r = check();
    const auto* groups = r.rule("building_party_group");
    EXPECT_EQ(groups->total, 7);   // no kind given: every building counts as residential
    EXPECT_EQ(groups->covered, 3); // B1 (PG1), B3 and B5 (PG2)
    CheckOptions o;
    o.households_min = 3;
    o.households_max = 4;
    // 001 holds B1's 3 and B5's 1 households = 4; 003 holds B3's 2; 002 and 004 none.
    EXPECT_EQ(uncovered_ids(check(o), "cell_households_in_range"),
              (std::set<std::string>{C + "002", C + "003", C + "004"}));
    const auto* pairing = r.rule("household_pairing");
    EXPECT_EQ(pairing->total, 6);
    EXPECT_EQ(pairing->covered, 3); // H1 (paired twice), H4, H6
}

TEST(CheckJsonTest, SameInputGivesByteIdenticalJson) {
    CheckOptions one;
    one.threads = 1;
    CheckOptions two;
    two.threads = 2;
    const std::string a = gridmap::check_to_json(check(one));
    const std::string b = gridmap::check_to_json(check(two));
    EXPECT_EQ(a, b);
    EXPECT_EQ(a, gridmap::check_to_json(check(one)));
    EXPECT_NE(a.find("\"overlaps\": [\n    {\"cells\": [\"420902001005001\", \"420902001005002\"], "
                     "\"area_m2\": 1000.00"),
              std::string::npos)
        << a;
    // No personal data: household rules name households by id only.
    EXPECT_EQ(a.find("head_name"), std::string::npos);
}
