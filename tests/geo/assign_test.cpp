// Assignments (分工) on the hand-drawn coverage fixture (tests/data/coverage/README.md): party
// groups B1 PG1, B3 and B5 PG2 (B2, B4, B6, B7 have none); P3 building captain of B1 and B3
// and unit captain of U1; P1 and P2 grid workers of 001; P1 of 003; P5 compound captain of
// K1; pairings H1-P4, H1-P3, H4-P4, H6-P4; P2 and P5 are not party members.

#include "geo/map_fixture.hpp"
#include "geo/test_util.hpp"
#include "gridmap/assign.hpp"
#include "gridmap/check.hpp"
#include "gridmap/error.hpp"
#include "gridmap/project.hpp"

#include <gtest/gtest.h>

#include <gdal_priv.h>
#include <ogrsf_frmts.h>

#include <algorithm>
#include <fstream>
#include <set>
#include <tuple>

using gridmap::AssignAction;
using gridmap::AssignmentChange;
using gridmap::AssignOptions;
using gridmap::InputError;
using gridmap::Project;
using gridmap::test::dump_project;
using gridmap::test::temp_file;

namespace {

const std::string C = "420902001005";

std::string fixture() {
    const std::string path = temp_file("assign.gpkg");
    gridmap::test::build_coverage_fixture(path);
    return path;
}

/// Every row of a table as "field=value;..." without the fid, sorted: equal lists mean the
/// same rows whatever their fids.
std::vector<std::string> rows(const std::string& path, const std::string& table) {
    GDALDatasetUniquePtr ds(GDALDataset::Open(path.c_str(), GDAL_OF_VECTOR | GDAL_OF_READONLY,
                                              nullptr, nullptr, nullptr));
    std::vector<std::string> out;
    OGRLayer* layer = ds ? ds->GetLayerByName(table.c_str()) : nullptr;
    if (layer == nullptr) {
        return out;
    }
    for (auto& f : *layer) {
        std::string r;
        for (int i = 0; i < f->GetFieldCount(); ++i) {
            r += std::string(f->GetFieldDefnRef(i)->GetNameRef()) + "=" +
                 (f->IsFieldSetAndNotNull(i) ? f->GetFieldAsString(i) : "NULL") + ";";
        }
        out.push_back(r);
    }
    std::sort(out.begin(), out.end());
    return out;
}

std::vector<std::string> assignment_rows(const std::string& path) {
    std::vector<std::string> all;
    for (const char* t : {"role_assignment", "party_group_building", "household_pairing"}) {
        for (std::string& r : rows(path, t)) {
            all.push_back(std::string(t) + ": " + r);
        }
    }
    return all;
}

std::set<std::string> uncovered(const std::string& path, const std::string& rule) {
    const Project p = Project::open(path, Project::Access::read_only);
    const auto result = gridmap::check_project(p);
    std::set<std::string> ids;
    const auto* r = result.rule(rule);
    EXPECT_NE(r, nullptr) << rule;
    if (r != nullptr) {
        for (const auto& u : r->uncovered) {
            ids.insert(u.id);
        }
    }
    return ids;
}

AssignmentChange change(const std::string& role, const std::string& person,
                        const std::string& target, AssignAction a = AssignAction::assign) {
    AssignmentChange c;
    c.action = a;
    c.role = role;
    c.person = person;
    c.target = target;
    return c;
}

std::string holders(const std::string& path, const std::string& role, const std::string& target) {
    std::string out;
    for (const std::string& r : rows(path, "role_assignment")) {
        if (r.find("role=" + role + ";") != std::string::npos &&
            r.find("target=" + target + ";") != std::string::npos) {
            const auto b = r.find("person=") + 7;
            out += (out.empty() ? "" : ",") + r.substr(b, r.find(';', b) - b);
        }
    }
    return out;
}

} // namespace

TEST(AssignTest, PartyGroupOnTwoBuildingsCoversExactlyTwoMore) {
    const std::string path = fixture();
    EXPECT_EQ(uncovered(path, "building_party_group"),
              (std::set<std::string>{"B2", "B4", "B6", "B7"}));
    AssignOptions o;
    o.by = "P1";
    o.at = 1'780'000'000;
    gridmap::AssignResult r;
    {
        Project p = Project::open(path);
        // By name for one building, by id for the other.
        r = gridmap::apply_assignments(
            p, {change("party_group", "骑线楼党小组", "B6"), change("党小组", "PG1", "B7")}, o);
    }
    EXPECT_EQ(r.assigned, 2u);
    EXPECT_EQ(r.unassigned, 0u);
    EXPECT_EQ(r.unchanged, 0u);
    EXPECT_FALSE(r.session.empty());
    EXPECT_EQ(uncovered(path, "building_party_group"), (std::set<std::string>{"B2", "B4"}));
    const Project p = Project::open(path, Project::Access::read_only);
    const auto events = gridmap::assignment_events(p);
    ASSERT_EQ(events.size(), 2u);
    EXPECT_EQ(events[0].role, "party_group");
    EXPECT_EQ(events[0].person, "PG1");
    EXPECT_EQ(events[0].target, "B6");
    EXPECT_EQ(events[0].by, "P1");
    EXPECT_EQ(events[0].at, 1'780'000'000);
    EXPECT_EQ(events[0].session, r.session);
    EXPECT_EQ(events[1].target, "B7");
    EXPECT_EQ(gridmap::assignment_events(p, "B7").size(), 1u);
}

TEST(AssignTest, CaptainIsReplacedAndBothStepsAreLogged) {
    const std::string path = fixture();
    Project p = Project::open(path);
    const auto r = gridmap::apply_assignments(p, {change("building_captain", "P4", "B1")});
    EXPECT_EQ(r.assigned, 1u);
    EXPECT_EQ(r.unassigned, 1u);
    EXPECT_EQ(holders(path, "building_captain", "B1"), "P4");
    EXPECT_EQ(holders(path, "building_captain", "B3"), "P3"); // P3's other building stays
    const auto events = gridmap::assignment_events(p, "B1");
    ASSERT_EQ(events.size(), 2u);
    EXPECT_EQ(events[0].action, AssignAction::unassign);
    EXPECT_EQ(events[0].person, "P3");
    EXPECT_EQ(events[0].note, "replaced by P4");
    EXPECT_EQ(events[1].action, AssignAction::assign);
    EXPECT_EQ(events[1].person, "P4");
    // Both grid workers of 001 give way to one.
    const auto g = gridmap::apply_assignments(p, {change("grid_worker", "P4", C + "001")});
    EXPECT_EQ(g.unassigned, 2u);
    EXPECT_EQ(holders(path, "grid_worker", C + "001"), "P4");
}

TEST(AssignTest, WithoutReplaceAnOccupiedTargetIsRefusedAndNothingWritten) {
    const std::string path = fixture();
    const std::string before = dump_project(path);
    Project p = Project::open(path);
    AssignOptions o;
    o.replace = false;
    try {
        // The first change alone would be fine: it is rolled back with the second.
        gridmap::apply_assignments(
            p, {change("party_group", "PG1", "B2"), change("building_captain", "P4", "B1")}, o);
        FAIL() << "no error";
    } catch (const InputError& e) {
        EXPECT_NE(std::string(e.what()).find("change 2, field 'target': B1 already has a "
                                             "building_captain (P3 张楼长)"),
                  std::string::npos)
            << e.what();
    }
    EXPECT_EQ(dump_project(path), before);
}

TEST(AssignTest, AlreadySoIsUnchangedWithoutEvent) {
    const std::string path = fixture();
    Project p = Project::open(path);
    const auto r = gridmap::apply_assignments(
        p, {change("building_captain", "P3", "B1"), change("household_pairing", "P4", "H1"),
            change("unit_captain", "P3", "U2", AssignAction::unassign)});
    EXPECT_EQ(r.unchanged, 3u);
    EXPECT_EQ(r.assigned + r.unassigned, 0u);
    EXPECT_TRUE(gridmap::assignment_events(p).empty());
}

TEST(AssignTest, HouseholdPairingAddsAndNeedsAPartyMember) {
    const std::string path = fixture();
    EXPECT_EQ(uncovered(path, "household_pairing"), (std::set<std::string>{"H2", "H3", "H5"}));
    {
        Project p = Project::open(path);
        // A second member on H1 adds (a household may have several), H2 and H5 get one.
        const auto r = gridmap::apply_assignments(p, {change("household_pairing", "P1", "H1"),
                                                      change("包保到户", "P1", "H2"),
                                                      change("household_pairing", "P3", "H5")});
        EXPECT_EQ(r.assigned, 3u);
        EXPECT_EQ(r.unassigned, 0u);
    }
    EXPECT_EQ(uncovered(path, "household_pairing"), (std::set<std::string>{"H3"}));
    EXPECT_EQ(rows(path, "household_pairing").size(), 7u);
}

TEST(AssignTest, EveryProblemIsListedAndNothingWritten) {
    const std::string path = fixture();
    const std::string before = dump_project(path);
    Project p = Project::open(path);
    AssignOptions o;
    o.by = "P77";
    try {
        gridmap::apply_assignments(
            p,
            {change("building_captain", "P9", "B1"), change("building_captain", "P4", "B99"),
             change("floor_captain", "P4", "B1"), change("household_pairing", "P2", "H2"),
             change("party_group", "PG7", "B2"), change("unit_captain", "P4", "U1")},
            o);
        FAIL() << "no error";
    } catch (const InputError& e) {
        const std::string m = e.what();
        EXPECT_NE(m.find("6 problems; nothing was written"), std::string::npos) << m;
        EXPECT_NE(m.find("by: no person with id 'P77'"), std::string::npos) << m;
        EXPECT_NE(m.find("change 1, field 'person': no person with id 'P9'"), std::string::npos)
            << m;
        EXPECT_NE(m.find("change 2, field 'target': no building with id 'B99'"), std::string::npos)
            << m;
        EXPECT_NE(m.find("change 3, field 'role': 'floor_captain' is not a role"),
                  std::string::npos)
            << m;
        EXPECT_NE(m.find("change 4, field 'person': P2 李网格 is not a party member"),
                  std::string::npos)
            << m;
        EXPECT_NE(m.find("change 5, field 'person': no party group with id or name 'PG7'"),
                  std::string::npos)
            << m;
        EXPECT_EQ(m.find("change 6"), std::string::npos) << m; // the last one was fine
    }
    EXPECT_EQ(dump_project(path), before);
}

TEST(AssignTest, UndoRestoresThePreviousRowsExactly) {
    const std::string path = fixture();
    const auto before = assignment_rows(path);
    gridmap::AssignResult r;
    {
        Project p = Project::open(path);
        AssignOptions o;
        o.by = "P1";
        r = gridmap::apply_assignments(
            p,
            {change("building_captain", "P4", "B1"),                          // replaces P3
             change("party_group", "PG2", "B1"),                              // replaces PG1
             change("household_pairing", "P3", "H2"),                         // adds
             change("grid_worker", "", C + "001", AssignAction::unassign),    // P1 and P2
             change("compound_captain", "P5", "K1", AssignAction::unassign)}, // removes
            o);
        EXPECT_EQ(r.assigned, 3u);
        EXPECT_EQ(r.unassigned, 5u);
    }
    EXPECT_NE(assignment_rows(path), before);
    {
        // The last change first: K1 gets its captain back, nothing else.
        Project p = Project::open(path);
        const auto u = gridmap::undo_assignments(p, r.session, 1);
        EXPECT_EQ(u.assigned, 1u);
        EXPECT_EQ(u.unassigned, 0u);
        EXPECT_EQ(holders(path, "compound_captain", "K1"), "P5");
        EXPECT_EQ(holders(path, "grid_worker", C + "001"), "");
        // Then the two unassigns of the grid workers, as two changes.
        const auto v = gridmap::undo_assignments(p, r.session, 2);
        EXPECT_EQ(v.assigned, 2u);
        EXPECT_EQ(holders(path, "grid_worker", C + "001"), "P1,P2");
        // The rest: a replacement is one change (assign + the unassign it caused).
        const auto w = gridmap::undo_assignments(p, r.session);
        EXPECT_EQ(w.assigned, 2u);
        EXPECT_EQ(w.unassigned, 3u);
        EXPECT_THROW(gridmap::undo_assignments(p, r.session), InputError);
        EXPECT_THROW(gridmap::undo_assignments(p, "no-such-session"), InputError);
        // 8 changes and 8 undo events.
        const auto events = gridmap::assignment_events(p);
        EXPECT_EQ(events.size(), 16u);
        EXPECT_EQ(std::count_if(events.begin(), events.end(),
                                [](const auto& e) { return e.note == "undo"; }),
                  8);
    }
    EXPECT_EQ(assignment_rows(path), before);
}

TEST(AssignTest, UndoRefusesToTakeBackATargetSomeoneElseHoldsNow) {
    const std::string path = fixture();
    Project p = Project::open(path);
    AssignOptions first;
    first.session = "s1";
    gridmap::apply_assignments(p, {change("building_captain", "P4", "B1")}, first);
    AssignOptions second;
    second.session = "s2";
    gridmap::apply_assignments(p, {change("building_captain", "P1", "B1")}, second);
    const std::string before = dump_project(path);
    // Undoing s1 would give B1 back to P3 while P1 holds it.
    try {
        gridmap::undo_assignments(p, "s1");
        FAIL() << "no error";
    } catch (const InputError& e) {
        EXPECT_NE(
            std::string(e.what()).find("B1 now has building_captain P1, given after this change"),
            std::string::npos)
            << e.what();
    }
    EXPECT_EQ(dump_project(path), before);
}

TEST(AssignTest, ImportFromCsvNamesFileRowAndField) {
    const std::string path = fixture();
    const std::string before = dump_project(path);
    const std::string bad = temp_file("bad.csv");
    std::ofstream(bad) << "role,person,target,action,note\n"
                          "building_captain,P4,B2,,new\n"
                          "building_captain,P4,B42,,\n"
                          "\n"
                          "party_group,PG1,B6,remove,\n";
    Project p = Project::open(path);
    try {
        gridmap::import_assignments(p, bad);
        FAIL() << "no error";
    } catch (const InputError& e) {
        const std::string m = e.what();
        EXPECT_NE(m.find(bad + ": 2 problems; nothing was written"), std::string::npos) << m;
        EXPECT_NE(m.find("row 3, field 'target': no building with id 'B42'"), std::string::npos)
            << m;
        EXPECT_NE(m.find("field 'action': 'remove' is neither assign nor unassign"),
                  std::string::npos)
            << m;
    }
    EXPECT_EQ(dump_project(path), before);
    const std::string good = temp_file("good.csv");
    std::ofstream(good) << "role,person,target,action,note\n"
                           "building_captain,P4,B2,,new\n"
                           "party_group,PG1,B6,,\n"
                           "household_pairing,P4,H1,unassign,moved away\n";
    const auto r = gridmap::import_assignments(p, good);
    EXPECT_EQ(r.assigned, 2u);
    EXPECT_EQ(r.unassigned, 1u);
    EXPECT_EQ(holders(path, "building_captain", "B2"), "P4");
    const auto events = gridmap::assignment_events(p, "H1");
    ASSERT_EQ(events.size(), 1u);
    EXPECT_EQ(events[0].note, "moved away");
}

TEST(AssignTest, ImportFromXlsxWithAnAllTextHeader) {
    const std::string path = fixture();
    const std::string xlsx = temp_file("assign.xlsx");
    {
        GDALDriver* d = GetGDALDriverManager()->GetDriverByName("XLSX");
        ASSERT_NE(d, nullptr);
        GDALDatasetUniquePtr ds(d->Create(xlsx.c_str(), 0, 0, 0, GDT_Unknown, nullptr));
        OGRLayer* l = ds->CreateLayer("sheet", nullptr, wkbNone, nullptr);
        for (const char* name : {"role", "person", "target"}) {
            OGRFieldDefn f(name, OFTString);
            l->CreateField(&f);
        }
        for (const auto& [role, person, target] :
             {std::tuple{"楼栋长", "P4", "B6"}, std::tuple{"楼栋长", "P4", "B7"}}) {
            OGRFeature f(l->GetLayerDefn());
            f.SetField("role", role);
            f.SetField("person", person);
            f.SetField("target", target);
            ASSERT_EQ(l->CreateFeature(&f), OGRERR_NONE);
        }
    }
    EXPECT_EQ(uncovered(path, "building_captain"),
              (std::set<std::string>{"B2", "B4", "B5", "B6", "B7"}));
    {
        Project p = Project::open(path);
        EXPECT_EQ(gridmap::import_assignments(p, xlsx).assigned, 2u);
    }
    EXPECT_EQ(uncovered(path, "building_captain"), (std::set<std::string>{"B2", "B4", "B5"}));
}

TEST(AssignTest, TargetsReachedFromSelectedBuildings) {
    // From the README: B1 and B5 lie in 001, B3 in 003, B4 in no cell; only B7 is in K1 (B6 in
    // its courtyard hole); U1 U2 in B1, U3 in B3; H1-H3 in B1, H4 H5 in B3, H6 in B5.
    const Project p = Project::open(fixture(), Project::Access::read_only);
    using V = std::vector<std::string>;
    const std::string c = "420902001005";
    EXPECT_EQ(gridmap::targets_of_buildings(p, "party_group", {"B1", "B3", "B1"}), (V{"B1", "B3"}));
    EXPECT_EQ(gridmap::targets_of_buildings(p, "grid_worker", {"B1", "B5", "B3", "B4"}),
              (V{c + "001", c + "003"}));
    EXPECT_EQ(gridmap::targets_of_buildings(p, "compound_captain", {"B6", "B7", "B1"}), V{"K1"});
    EXPECT_EQ(gridmap::targets_of_buildings(p, "unit_captain", {"B3", "B1", "B2"}),
              (V{"U3", "U1", "U2"}));
    EXPECT_EQ(gridmap::targets_of_buildings(p, "household_pairing", {"B5", "B1"}),
              (V{"H6", "H1", "H2", "H3"}));
    EXPECT_TRUE(gridmap::targets_of_buildings(p, "grid_worker", {"B4"}).empty());
    EXPECT_THROW(gridmap::targets_of_buildings(p, "mayor", {"B1"}), gridmap::InputError);
}

// The map fixture's registers (tests/data/map): P1 building captain of B1 and B2 and a party
// member; P2 unit captain, not a member; P3 grid worker and member; P4 leader of PG1 and member.
TEST(PersonRolesTest, RolesOfTheMapFixtureWorkedByHand) {
    const std::string path = temp_file("person_roles.gpkg");
    gridmap::test::build_map_fixture(path, gridmap::test::data("map"));
    const Project p = Project::open(path, Project::Access::read_only);
    using Roles = std::set<std::string>;
    const std::map<std::string, Roles> expected{
        {"P1", Roles{"building_captain", "party_member"}},
        {"P2", Roles{"unit_captain"}},
        {"P3", Roles{"grid_worker", "party_member"}},
        {"P4", Roles{"party_group_leader", "party_member"}},
    };
    EXPECT_EQ(gridmap::person_roles(p), expected);
}
