// One analysis per project state (gridmap/analysis.hpp) on the hand-drawn coverage fixture
// (tests/data/coverage/README.md gives every expected value): the same result as check_project,
// kept while the data version holds, and updates that evaluate only the rules reading the
// tables an edit touched and give what a fresh check gives.

#include "geo/test_util.hpp"
#include "gridmap/analysis.hpp"
#include "gridmap/assign.hpp"
#include "gridmap/check.hpp"
#include "gridmap/project.hpp"
#include "gridmap/rules.hpp"
#include "gridmap/theme.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <set>
#include <thread>

using gridmap::Analysis;
using gridmap::Project;

namespace {

const std::string C = "420902001005";

std::string fresh_fixture(const std::string& name) {
    const std::string path = gridmap::test::temp_file(name);
    gridmap::test::build_coverage_fixture(path);
    return path;
}

std::set<std::string> uncovered(const gridmap::CheckResult& r, const std::string& rule) {
    std::set<std::string> ids;
    if (const auto* x = r.rule(rule)) {
        for (const auto& u : x->uncovered) {
            ids.insert(u.id);
        }
    }
    return ids;
}

TEST(Analysis, RegistryListsEveryRuleOnceInCheckOrder) {
    const auto& rules = gridmap::coverage_rules();
    ASSERT_EQ(rules.size(), 17u);
    std::set<std::string_view> ids;
    for (const auto& r : rules) {
        EXPECT_TRUE(ids.insert(r.id).second) << r.id;
        EXPECT_FALSE(r.title.empty()) << r.id;
        EXPECT_FALSE(r.title_zh.empty()) << r.id;
        EXPECT_FALSE(r.description.empty()) << r.id;
        EXPECT_FALSE(r.description_zh.empty()) << r.id;
    }
    EXPECT_EQ(rules.front().id, "cells_tile_community");
    EXPECT_EQ(rules.back().id, "cell_households_in_range");
    ASSERT_NE(gridmap::coverage_rule("building_captain"), nullptr);
    EXPECT_EQ(gridmap::coverage_rule("building_captain")->title_zh, "楼栋有楼栋长");
    EXPECT_EQ(gridmap::coverage_rule("no_such_rule"), nullptr);
    // check reports them in this order.
    const Project p = Project::open(fresh_fixture("order.gpkg"), Project::Access::read_only);
    const auto r = gridmap::check_project(p);
    ASSERT_EQ(r.rules.size(), rules.size());
    for (std::size_t i = 0; i < rules.size(); ++i) {
        EXPECT_EQ(r.rules[i].id, rules[i].id);
    }
}

TEST(Analysis, EveryThemeRuleIsInTheRegistry) {
    // A theme that shows one rule names it by id: the id must be a rule of the registry.
    std::size_t with_rule = 0;
    for (const auto& t : gridmap::map_themes()) {
        if (!t.rule.empty()) {
            ++with_rule;
            EXPECT_NE(gridmap::coverage_rule(t.rule), nullptr) << t.name << ": " << t.rule;
        }
    }
    EXPECT_GT(with_rule, 0u);
}

TEST(Analysis, SameAsCheckAndAccessorsFromTheDrawing) {
    const Project p = Project::open(fresh_fixture("same.gpkg"), Project::Access::read_only);
    const auto a = Analysis::build(p);
    EXPECT_EQ(gridmap::check_to_json(a->check()),
              gridmap::check_to_json(gridmap::check_project(p)));
    EXPECT_EQ(a->evaluated_rules().size(), 17u);
    // B1: a tie between 001 and 002 goes to 001; B2 96 % in 002; B4 in the gap: no cell.
    EXPECT_EQ(a->cell_of_building("B1"), C + "001");
    EXPECT_EQ(a->cell_of_building("B2"), C + "002");
    EXPECT_EQ(a->cell_of_building("B4"), std::nullopt);
    EXPECT_EQ(a->cell_of_building("B99"), std::nullopt);
    // Households: B1 3 + B5 1 in 001, B3 2 in 003.
    EXPECT_EQ(a->households_in_cell(C + "001"), 4);
    EXPECT_EQ(a->households_in_cell(C + "002"), 0);
    EXPECT_EQ(a->households_in_cell(C + "003"), 2);
    EXPECT_EQ(a->households_in_cell("nowhere"), 0);
    EXPECT_TRUE(a->is_residential("B2")); // no kind: residential
    EXPECT_FALSE(a->is_residential("B99"));
}

TEST(Analysis, KeptWhileTheDataVersionHolds) {
    const std::string path = fresh_fixture("kept.gpkg");
    Project p = Project::open(path);
    const auto v0 = gridmap::data_version(p);
    EXPECT_EQ(gridmap::data_version(p), v0); // reading changes nothing
    EXPECT_EQ(Analysis::kept(p), nullptr);   // nothing kept yet
    const auto a = Analysis::current(p);
    EXPECT_EQ(Analysis::kept(p).get(), a.get());
    EXPECT_EQ(a->data_version(), v0);
    EXPECT_EQ(Analysis::current(p).get(), a.get()); // no work the second time
    // Other options: another analysis.
    gridmap::CheckOptions o;
    o.households_min = 1;
    const auto b = Analysis::current(p, o);
    EXPECT_NE(b.get(), a.get());
    EXPECT_EQ(b->check().households_min, 1);
    // A write through this Project moves the version: a new analysis.
    gridmap::apply_assignments(
        p, {{gridmap::AssignAction::assign, "building_captain", "P3", "B5", ""}});
    EXPECT_NE(gridmap::data_version(p), v0);
    EXPECT_EQ(Analysis::kept(p, o), nullptr); // stale after the write
    const auto c = Analysis::current(p, o);
    EXPECT_NE(c.get(), b.get());
    EXPECT_EQ(uncovered(c->check(), "building_captain").count("B5"), 0u);
    // Read on another thread while this one keeps its own reference: immutable.
    std::string json_there;
    std::thread reader([&] { json_there = gridmap::check_to_json(c->check()); });
    reader.join();
    EXPECT_EQ(json_there, gridmap::check_to_json(c->check()));
}

TEST(Analysis, RoleEditEvaluatesOnlyTheRoleRules) {
    const std::string path = fresh_fixture("roles.gpkg");
    Project p = Project::open(path);
    const auto before = Analysis::build(p);
    // Residential buildings B1..B7 (no kind); captains on B1 and B3 only.
    EXPECT_EQ(uncovered(before->check(), "building_captain"),
              (std::set<std::string>{"B2", "B4", "B5", "B6", "B7"}));
    gridmap::apply_assignments(
        p, {{gridmap::AssignAction::assign, "building_captain", "P3", "B5", ""}});
    const auto after = before->update(p, {{"role_assignment", "assignment_event"}});
    EXPECT_EQ(after->evaluated_rules(),
              (std::vector<std::string>{"building_captain", "unit_captain", "compound_captain",
                                        "cell_grid_worker"}));
    EXPECT_EQ(uncovered(after->check(), "building_captain"),
              (std::set<std::string>{"B2", "B4", "B6", "B7"}));
    EXPECT_EQ(gridmap::check_to_json(after->check()),
              gridmap::check_to_json(gridmap::check_project(p)));
    // The earlier analysis is unchanged (a snapshot of its state).
    EXPECT_EQ(uncovered(before->check(), "building_captain").size(), 5u);
    // Kept as the project's current analysis.
    EXPECT_EQ(Analysis::current(p).get(), after.get());
}

TEST(Analysis, PartyGroupEditRereadsOnlyThePartyGroups) {
    const std::string path = fresh_fixture("groups.gpkg");
    Project p = Project::open(path);
    const auto before = Analysis::build(p);
    // PG1 on B1, PG2 on B3 and B5: B2, B4, B6, B7 have none.
    EXPECT_EQ(uncovered(before->check(), "building_party_group"),
              (std::set<std::string>{"B2", "B4", "B6", "B7"}));
    gridmap::apply_assignments(p,
                               {{gridmap::AssignAction::assign, "party_group", "PG1", "B2", ""}});
    const auto after = before->update(p, {{"party_group_building", "assignment_event"}});
    EXPECT_EQ(after->evaluated_rules(), (std::vector<std::string>{"building_party_group"}));
    EXPECT_EQ(uncovered(after->check(), "building_party_group"),
              (std::set<std::string>{"B4", "B6", "B7"}));
    EXPECT_EQ(gridmap::check_to_json(after->check()),
              gridmap::check_to_json(gridmap::check_project(p)));
}

TEST(Analysis, IssueEditEvaluatesOnlyIssueRules) {
    const std::string path = fresh_fixture("issues.gpkg");
    Project p = Project::open(path);
    const auto before = Analysis::build(p);
    // I3 lies outside, I4 in the gap.
    EXPECT_EQ(uncovered(before->check(), "issue_in_cell"), (std::set<std::string>{"I3", "I4"}));
    // Another connection moves I3 onto I5 (300, 50) in cell 004.
    gridmap::test::gdal_sql(path,
                            "UPDATE issue SET geom = (SELECT geom FROM issue WHERE id = 'I5') "
                            "WHERE id = 'I3'");
    EXPECT_NE(gridmap::data_version(p), before->data_version());
    const auto after = before->update(p, {{"issue"}});
    EXPECT_EQ(after->evaluated_rules(), (std::vector<std::string>{"issue_in_cell"}));
    EXPECT_EQ(uncovered(after->check(), "issue_in_cell"), (std::set<std::string>{"I4"}));
    EXPECT_EQ(gridmap::check_to_json(after->check()),
              gridmap::check_to_json(gridmap::check_project(p)));
}

TEST(Analysis, HouseholdEditRereadsTheFacts) {
    const std::string path = fresh_fixture("households.gpkg");
    Project p = Project::open(path);
    const auto before = Analysis::build(p, {}, true); // geometries kept: service reach again
    EXPECT_EQ(before->households_in_cell(C + "003"), 2);
    // H4 (in B3, cell 003) moves to B2 (cell 002): 003 holds 1, 002 holds 1.
    gridmap::test::gdal_sql(path, "UPDATE household SET building = 'B2' WHERE id = 'H4'");
    const auto after = before->update(p, {{"household"}});
    EXPECT_EQ(after->households_in_cell(C + "003"), 1);
    EXPECT_EQ(after->households_in_cell(C + "002"), 1);
    const auto& evaluated = after->evaluated_rules();
    EXPECT_EQ(std::count(evaluated.begin(), evaluated.end(), "cell_households_in_range"), 1);
    EXPECT_EQ(std::count(evaluated.begin(), evaluated.end(), "household_pairing"), 1);
    EXPECT_EQ(std::count(evaluated.begin(), evaluated.end(), "issue_in_cell"), 0);
    EXPECT_EQ(std::count(evaluated.begin(), evaluated.end(), "building_not_cut"), 0);
    EXPECT_EQ(gridmap::check_to_json(after->check()),
              gridmap::check_to_json(gridmap::check_project(p)));
    // Without the geometries, the same edit builds anew (service reach reads them): the same
    // result.
    const auto light = Analysis::build(p);
    gridmap::test::gdal_sql(path, "UPDATE household SET building = 'B3' WHERE id = 'H4'");
    const auto again = light->update(p, {{"household"}});
    EXPECT_EQ(again->evaluated_rules().size(), 17u);
    EXPECT_EQ(again->households_in_cell(C + "003"), 2);
    EXPECT_EQ(gridmap::check_to_json(again->check()),
              gridmap::check_to_json(gridmap::check_project(p)));
}

TEST(Analysis, UnreadTableChangesNothingAndSpatialEditRebuilds) {
    const std::string path = fresh_fixture("rebuild.gpkg");
    Project p = Project::open(path);
    const auto before = Analysis::build(p);
    const auto same = before->update(p, {{"saved_view"}});
    EXPECT_TRUE(same->evaluated_rules().empty());
    EXPECT_EQ(gridmap::check_to_json(same->check()), gridmap::check_to_json(before->check()));
    // B4 moves out of the gap onto B3 (in 003): building_in_cell holds, everything anew.
    gridmap::test::gdal_sql(path,
                            "UPDATE building SET geom = (SELECT geom FROM building WHERE id = "
                            "'B3') WHERE id = 'B4'");
    const auto after = same->update(p, {{"building"}});
    EXPECT_EQ(after->evaluated_rules().size(), 17u);
    EXPECT_TRUE(uncovered(after->check(), "building_in_cell").empty());
    EXPECT_EQ(after->cell_of_building("B4"), C + "003");
}

} // namespace
