// Theme statuses on the hand-made map fixture (tests/data/map/README.md gives every expected
// value) and on the coverage fixture's gaps.

#include "geo/map_fixture.hpp"
#include "geo/test_util.hpp"
#include "gridmap/project.hpp"
#include "gridmap/theme.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <filesystem>

using gridmap::BuildingCoverage;
using gridmap::HouseholdRange;
using gridmap::Project;
using gridmap::ThemeData;

namespace {

const std::string C = "420100001001";

const std::string& fixture() {
    return gridmap::test::map_fixture();
}

ThemeData theme(const gridmap::CheckOptions& o = {}) {
    const Project p = Project::open(fixture(), Project::Access::read_only);
    return gridmap::compute_theme(p, o);
}

/// Area of a polygon shape (exterior rings minus holes), shoelace.
double area(const gridmap::Shape& s) {
    double total = 0;
    for (std::size_t i = 0; i < s.parts.size(); ++i) {
        double a = 0;
        const auto& r = s.parts[i];
        for (std::size_t k = 0; k + 1 < r.size(); ++k) {
            a += r[k].x * r[k + 1].y - r[k + 1].x * r[k].y;
        }
        total += (s.ring_starts_polygon[i] ? 1 : -1) * std::abs(a) / 2;
    }
    return total;
}

} // namespace

TEST(ThemeTest, BuildingCoverageFollowsPartyGroupAndCaptain) {
    const ThemeData t = theme();
    ASSERT_EQ(t.buildings.size(), 5u);
    EXPECT_EQ(t.building("B1")->coverage(), BuildingCoverage::complete);
    EXPECT_EQ(t.building("B2")->coverage(), BuildingCoverage::partial);
    EXPECT_TRUE(t.building("B2")->has_captain);
    EXPECT_FALSE(t.building("B2")->has_party_group);
    EXPECT_EQ(t.building("B3")->coverage(), BuildingCoverage::none);
    EXPECT_EQ(t.building("B4")->coverage(), BuildingCoverage::not_required);
    EXPECT_FALSE(t.building("B4")->residential);
    EXPECT_EQ(t.building("B5")->coverage(), BuildingCoverage::none);
    EXPECT_EQ(t.building("B9"), nullptr);
}

TEST(ThemeTest, BuildingFactsForLabelsAndPanel) {
    const ThemeData t = theme();
    const auto* b1 = t.building("B1");
    ASSERT_NE(b1, nullptr);
    EXPECT_EQ(b1->number, "1");
    EXPECT_EQ(b1->compound, "K1");
    EXPECT_EQ(b1->cell, C + "001");
    EXPECT_EQ(b1->households, 4);
    EXPECT_EQ(b1->units, 2);
    EXPECT_EQ(t.building("B3")->households, 3);
    EXPECT_EQ(t.building("B3")->cell, C + "002");
}

TEST(ThemeTest, OnlyTheStraddlingBuildingIsCut) {
    const ThemeData t = theme();
    for (const auto& b : t.buildings) {
        EXPECT_EQ(b.cut, b.id == "B5") << b.id;
    }
    EXPECT_EQ(t.building("B5")->cell, C + "002"); // two thirds of it
}

TEST(ThemeTest, CellHouseholdsAgainstTheTargetRange) {
    // Defaults 300-500: both cells are below.
    ThemeData t = theme();
    ASSERT_EQ(t.cells.size(), 2u);
    EXPECT_EQ(t.households_min, 300);
    EXPECT_EQ(t.cell(C + "001")->households, 6);
    EXPECT_EQ(t.cell(C + "002")->households, 3);
    EXPECT_EQ(t.cell(C + "001")->range, HouseholdRange::below);
    EXPECT_EQ(t.cell(C + "002")->range, HouseholdRange::below);
    EXPECT_EQ(t.cell(C + "001")->buildings, 2);
    EXPECT_EQ(t.cell(C + "002")->buildings, 3);

    gridmap::CheckOptions o;
    o.households_min = 3;
    o.households_max = 5;
    t = theme(o);
    EXPECT_EQ(t.cell(C + "001")->range, HouseholdRange::above);
    EXPECT_EQ(t.cell(C + "002")->range, HouseholdRange::within);
    o.households_min = 4;
    o.households_max = 6;
    t = theme(o);
    EXPECT_EQ(t.cell(C + "001")->range, HouseholdRange::within);
    EXPECT_EQ(t.cell(C + "002")->range, HouseholdRange::below);
}

TEST(ThemeTest, GridWorkers) {
    const ThemeData t = theme();
    EXPECT_TRUE(t.cell(C + "001")->has_grid_worker);
    EXPECT_FALSE(t.cell(C + "002")->has_grid_worker);
}

TEST(ThemeTest, IssuesByStageAndCountsPerCell) {
    const ThemeData t = theme();
    ASSERT_EQ(t.issues.size(), 4u);
    EXPECT_EQ(t.issue("I1")->stage(), gridmap::IssueStage::open);
    EXPECT_EQ(t.issue("I2")->stage(), gridmap::IssueStage::done);
    EXPECT_EQ(t.issue("I3")->stage(), gridmap::IssueStage::done);
    EXPECT_EQ(t.issue("I4")->stage(), gridmap::IssueStage::rejected);
    EXPECT_EQ(t.issue("I1")->category, "市容环境");
    EXPECT_EQ(t.issue("I1")->small_class, "暴露垃圾");
    const auto* west = t.cell(C + "001");
    const auto* east = t.cell(C + "002");
    EXPECT_EQ(west->issues_open, 0);
    EXPECT_EQ(west->issues_done, 1);
    EXPECT_EQ(west->issues_rejected, 1);
    EXPECT_EQ(east->issues_open, 1);
    EXPECT_EQ(east->issues_done, 1);
    EXPECT_EQ(t.issues_unassigned, 0);
}

TEST(ThemeTest, OpenIssuesPastTheirDeadlineAreOverdue) {
    const std::string path = gridmap::test::temp_file("overdue.gpkg");
    std::filesystem::copy_file(fixture(), path);
    // I1 is open, I2 resolved, I3 verified, I4 rejected: only an open issue can be overdue.
    gridmap::test::gdal_sql(path, "UPDATE issue SET deadline = '2020-01-01T00:00:00Z'");
    gridmap::test::gdal_sql(path,
                            "UPDATE issue SET deadline = '2999-01-01T00:00:00Z' WHERE id = 'I3'");
    {
        const ThemeData t = gridmap::compute_theme(Project::open(path));
        EXPECT_TRUE(t.issue("I1")->overdue);
        EXPECT_FALSE(t.issue("I2")->overdue);
        EXPECT_FALSE(t.issue("I4")->overdue);
    }
    gridmap::test::gdal_sql(path,
                            "UPDATE issue SET deadline = '2999-01-01T00:00:00Z' WHERE id = 'I1'");
    EXPECT_FALSE(gridmap::compute_theme(Project::open(path)).issue("I1")->overdue);
    gridmap::test::gdal_sql(path, "UPDATE issue SET deadline = NULL WHERE id = 'I1'");
    EXPECT_FALSE(gridmap::compute_theme(Project::open(path)).issue("I1")->overdue);
}

TEST(ThemeTest, GapAndOverlapAsShapes) {
    const ThemeData t = theme();
    ASSERT_EQ(t.tiling.size(), 2u);
    const auto& gap = t.tiling[0];
    EXPECT_FALSE(gap.overlap);
    EXPECT_EQ(gap.community, C);
    EXPECT_NEAR(gap.area_m2, 2000, 0.01);
    EXPECT_NEAR(area(gap.shape), 2000, 0.01);
    const auto& overlap = t.tiling[1];
    EXPECT_TRUE(overlap.overlap);
    EXPECT_EQ(overlap.cell_a, C + "001");
    EXPECT_EQ(overlap.cell_b, C + "002");
    EXPECT_NEAR(area(overlap.shape), 500, 0.01);
    // The overlap is [150,160] x [150,200] (offset 500000, 3300000).
    for (const auto& p : overlap.shape.parts.at(0)) {
        EXPECT_GE(p.x, 500150 - 0.01);
        EXPECT_LE(p.x, 500160 + 0.01);
        EXPECT_GE(p.y, 3300150 - 0.01);
    }
}

TEST(ThemeTest, EmptyProjectHasAnEmptyTheme) {
    const std::string path = gridmap::test::temp_file("empty.gpkg");
    const Project p = Project::create(path, 4547);
    const ThemeData t = gridmap::compute_theme(p);
    EXPECT_TRUE(t.buildings.empty());
    EXPECT_TRUE(t.cells.empty());
    EXPECT_TRUE(t.tiling.empty());
    EXPECT_EQ(t.households_max, 500);
}

// ---- One status per rule family: the same rule evaluation as gridmap check ----------------

TEST(ThemeTest, MapThemesAreDeclaredOnce) {
    using gridmap::MapTheme;
    ASSERT_EQ(gridmap::map_themes().size(), 9u);
    EXPECT_EQ(gridmap::map_themes().front().name, "plain");
    ASSERT_NE(gridmap::find_map_theme("coverage_unit_captain"), nullptr);
    EXPECT_EQ(gridmap::find_map_theme("coverage_unit_captain")->theme, MapTheme::unit_captain);
    EXPECT_EQ(gridmap::find_map_theme("coverage_pairing")->rule, "household_pairing");
    EXPECT_EQ(gridmap::find_map_theme("rainbow"), nullptr);
    EXPECT_EQ(gridmap::map_theme_info(MapTheme::grid_worker).name, "coverage_grid_worker");
    EXPECT_EQ(gridmap::map_theme_names(),
              "plain, coverage, issues, coverage_party_group, coverage_building_captain, "
              "coverage_unit_captain, coverage_pairing, coverage_grid_worker, "
              "coverage_households");
    // Every rule a theme names is a rule of gridmap check.
    const Project p = Project::open(fixture(), Project::Access::read_only);
    const gridmap::CheckResult check = gridmap::check_project(p);
    for (const auto& t : gridmap::map_themes()) {
        if (!t.rule.empty()) {
            EXPECT_NE(check.rule(std::string(t.rule)), nullptr) << t.rule;
        }
    }
}

TEST(ThemeTest, UnitCaptainAndPairingPerBuilding) {
    using gridmap::RuleStatus;
    // README: units B1-1 (captain P2), B1-2, B2-1, B3-1; no household is paired.
    const ThemeData t = theme();
    const auto* b1 = t.building("B1");
    EXPECT_EQ(b1->units_without_captain, 1); // B1-2
    EXPECT_EQ(b1->unit_captain_status(), RuleStatus::partial);
    EXPECT_EQ(t.building("B2")->unit_captain_status(), RuleStatus::none);
    EXPECT_EQ(t.building("B3")->unit_captain_status(), RuleStatus::none);
    EXPECT_EQ(t.building("B4")->unit_captain_status(), RuleStatus::not_required); // a shop
    EXPECT_EQ(t.building("B5")->unit_captain_status(), RuleStatus::empty);        // no units
    EXPECT_EQ(b1->households_unpaired, 4);
    EXPECT_EQ(b1->pairing_status(), RuleStatus::none);
    EXPECT_EQ(t.building("B3")->households_unpaired, 3);
    EXPECT_EQ(t.building("B5")->pairing_status(), RuleStatus::empty); // no households
    EXPECT_EQ(t.building("B4")->pairing_status(), RuleStatus::not_required);
    EXPECT_EQ(t.building("B2")->party_group_status(), RuleStatus::none);
    EXPECT_EQ(t.building("B2")->captain_status(), RuleStatus::complete);
    EXPECT_EQ(t.building("B4")->captain_status(), RuleStatus::not_required);
}

TEST(ThemeTest, StatusesFollowTheRegisters) {
    using gridmap::RuleStatus;
    const std::string path = gridmap::test::temp_file("statuses.gpkg");
    std::filesystem::copy_file(fixture(), path, std::filesystem::copy_options::overwrite_existing);
    // Pair H1 of B1 (4 households) and both households of B2 (H5, H6); give B2-1 a unit
    // captain; put B3 in party group PG1 (it has no building captain).
    gridmap::test::gdal_sql(path, "INSERT INTO household_pairing (household, person) VALUES "
                                  "('H1', 'P4'), ('H5', 'P4'), ('H6', 'P4')");
    gridmap::test::gdal_sql(path, "INSERT INTO role_assignment (person, role, target) VALUES "
                                  "('P2', 'unit_captain', 'B2-1')");
    gridmap::test::gdal_sql(path, "INSERT INTO party_group_building (party_group, building) "
                                  "VALUES ('PG1', 'B3')");
    const Project p = Project::open(path, Project::Access::read_only);
    const ThemeData t = gridmap::compute_theme(p);
    EXPECT_EQ(t.building("B1")->households_unpaired, 3);
    EXPECT_EQ(t.building("B1")->pairing_status(), RuleStatus::partial);
    EXPECT_EQ(t.building("B2")->pairing_status(), RuleStatus::complete);
    EXPECT_EQ(t.building("B3")->pairing_status(), RuleStatus::none);
    EXPECT_EQ(t.building("B2")->unit_captain_status(), RuleStatus::complete);
    // B3: a party group, no captain: partial, and the party group is what it has.
    EXPECT_EQ(t.building("B3")->coverage(), BuildingCoverage::partial);
    EXPECT_TRUE(t.building("B3")->has_party_group);
    EXPECT_EQ(t.building("B3")->captain_status(), RuleStatus::none);
    // The theme counts what gridmap check lists: 3 + 0 + 3 unpaired, 1 + 0 + 1 units.
    const gridmap::CheckResult check = gridmap::check_project(p);
    std::int64_t unpaired = 0;
    std::int64_t units = 0;
    for (const auto& b : t.buildings) {
        unpaired += b.households_unpaired;
        units += b.units_without_captain;
    }
    EXPECT_EQ(unpaired, 6);
    EXPECT_EQ(unpaired,
              static_cast<std::int64_t>(check.rule("household_pairing")->uncovered.size()));
    EXPECT_EQ(units, 2);
    EXPECT_EQ(units, static_cast<std::int64_t>(check.rule("unit_captain")->uncovered.size()));
}
