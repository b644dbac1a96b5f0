// Registers as offices keep them, on the small fixture project (tests/data): the one alias table
// (and README.md's copy of it), units and party groups without ids, 政治面貌 read as party
// membership, OSM's building tag read through building.kind's vocabulary, and two columns for
// one field refused. Fixtures: tests/data/registers/make.py.

#include "geo/test_util.hpp"
#include "gridmap/error.hpp"
#include "gridmap/field_aliases.hpp"
#include "gridmap/import.hpp"
#include "gridmap/project.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <fstream>
#include <sstream>

using gridmap::ImportOptions;
using gridmap::ImportReport;
using gridmap::InputError;
using gridmap::Project;
using gridmap::test::data;
using gridmap::test::dump_project;
using gridmap::test::temp_file;
using gridmap::test::value_of;

namespace {

ImportReport import(const std::string& path, const std::string& table, const std::string& file) {
    Project p = Project::open(path);
    ImportOptions o;
    o.table = table;
    o.source = data(file);
    return gridmap::import_layer(p, o);
}

/// The fixture community with its buildings, units, people and party groups.
std::string fixture_project() {
    const std::string path = temp_file("register.gpkg");
    Project::create(path, 0);
    for (const auto& [table, file] :
         std::vector<std::pair<std::string, std::string>>{{"community", "community.geojson"},
                                                          {"cell", "cell.geojson"},
                                                          {"compound", "compound.geojson"},
                                                          {"party_branch", "party_branch.csv"},
                                                          {"person", "person.csv"},
                                                          {"party_group", "party_group.csv"},
                                                          {"building", "building.geojson"},
                                                          {"unit", "unit.csv"}}) {
        import(path, table, file);
    }
    return path;
}

bool has_line(const std::vector<std::string>& lines, const std::string& needle) {
    return std::any_of(lines.begin(), lines.end(),
                       [&](const std::string& l) { return l.find(needle) != std::string::npos; });
}

} // namespace

TEST(FieldAliasTest, ReadmeShowsTheTableOfTheCode) {
    std::ifstream in(std::string(GRIDMAP_DEMO_DATA) + "/../../README.md");
    std::stringstream readme;
    readme << in.rdbuf();
    const std::string table = gridmap::field_aliases_markdown();
    EXPECT_NE(table.find("| household | building | `building`, 楼栋, 楼号, 楼栋名称"),
              std::string::npos)
        << table;
    EXPECT_NE(readme.str().find(table), std::string::npos)
        << "README.md's alias table differs from the code's; paste `gridmap import --aliases`:\n"
        << table;
}

TEST(RegisterImportTest, UnitsByNumberInsideTheirCompoundGetStableIds) {
    const std::string path = fixture_project();
    // 颐景花苑 1号楼 1单元 is B01-1 (named 1单元): unchanged. 颐景花苑 1栋 3: B01 has no unit 3,
    // id B01-3. 宝成公寓 宝成公寓1栋 2单元: B02 has only B02-1, id B02-2.
    const ImportReport r = import(path, "unit", "registers/unit_register.csv");
    EXPECT_EQ(r.added, 2);
    EXPECT_EQ(r.updated, 0);
    EXPECT_EQ(r.unchanged, 1);
    EXPECT_EQ(value_of(path, "unit", "id", "B01-3", "building"), "B01");
    EXPECT_EQ(value_of(path, "unit", "id", "B01-3", "name"), "3");
    EXPECT_EQ(value_of(path, "unit", "id", "B02-2", "building"), "B02");
    EXPECT_EQ(value_of(path, "unit", "id", "B02-2", "name"), "2单元");
    const ImportReport again = import(path, "unit", "registers/unit_register.csv");
    EXPECT_EQ(again.added + again.updated, 0);
    EXPECT_EQ(again.unchanged, 3);
}

TEST(RegisterImportTest, PeopleWithChineseHeadersAndPoliticalStatus) {
    const std::string path = fixture_project();
    // P04 中共党员 of 测试社区第一党支部 (PB1 by name), P05 群众, P01 as the project has it.
    const ImportReport r = import(path, "person", "registers/person_register.csv");
    EXPECT_EQ(r.added, 2);
    EXPECT_EQ(r.unchanged, 1);
    EXPECT_EQ(r.taken,
              (std::vector<std::string>{"id <- 编号", "name <- 姓名", "phone <- 联系电话",
                                        "party_member <- 政治面貌", "party_branch <- 党支部"}));
    EXPECT_EQ(r.ignored_fields, std::vector<std::string>{"备注"});
    EXPECT_EQ(value_of(path, "person", "id", "P04", "party_member"), "1");
    EXPECT_EQ(value_of(path, "person", "id", "P04", "party_branch"), "PB1");
    EXPECT_EQ(value_of(path, "person", "id", "P05", "party_member"), "0");
    // What the register does not hold stays: P01's member unit.
    EXPECT_EQ(value_of(path, "person", "id", "P01", "member_unit"), "市城管委");
}

TEST(RegisterImportTest, PartyGroupsWithoutIdsAreKeyedByName) {
    const std::string path = fixture_project();
    // 颐景花苑党小组 is PG1 (branch PB1, leader P01 = 张伟): unchanged. 新建党小组 is new, its id
    // its name, its leader 王芳 = P02.
    const ImportReport r = import(path, "party_group", "registers/party_group_register.csv");
    EXPECT_EQ(r.added, 1);
    EXPECT_EQ(r.unchanged, 1);
    EXPECT_EQ(value_of(path, "party_group", "id", "新建党小组", "leader"), "P02");
    EXPECT_EQ(value_of(path, "party_group", "id", "新建党小组", "party_branch"), "PB1");
    const ImportReport again = import(path, "party_group", "registers/party_group_register.csv");
    EXPECT_EQ(again.unchanged, 2);
}

TEST(RegisterImportTest, OsmBuildingTagIsReadThroughTheKindVocabulary) {
    const std::string path = fixture_project();
    const ImportReport r = import(path, "building", "registers/building_osm.geojson");
    EXPECT_TRUE(has_line(r.taken, "kind <- building"));
    EXPECT_EQ(value_of(path, "building", "id", "K1", "kind"), "residential"); // apartments
    EXPECT_EQ(value_of(path, "building", "id", "K2", "kind"), "<null>");      // yes
    EXPECT_EQ(value_of(path, "building", "id", "K3", "kind"), "church");      // kept
    EXPECT_TRUE(has_line(r.notes, "building.kind: yes (1) say nothing about it: stored empty"));
    EXPECT_TRUE(has_line(r.notes, "building.kind: church (1) are none of residential, commercial, "
                                  "public, industrial, other: kept as they are (not residential)"));
    // kind=building on every feature (a vector-tile export) no longer makes them non-residential.
    const ImportReport k = import(path, "building", "registers/building_kind_building.geojson");
    EXPECT_EQ(value_of(path, "building", "id", "K4", "kind"), "<null>");
    EXPECT_TRUE(has_line(k.notes, "building.kind: building (2) say nothing about it"));
}

TEST(RegisterImportTest, TwoColumnsForOneFieldAreRefused) {
    const std::string path = fixture_project();
    const std::string before = dump_project(path);
    try {
        import(path, "household", "registers/household_two_heads.csv");
        FAIL() << "two head_name columns were accepted";
    } catch (const InputError& e) {
        EXPECT_NE(std::string(e.what()).find(
                      "columns 户主, 户主姓名 all name household.head_name; choose one with --map "
                      "head_name=COLUMN"),
                  std::string::npos)
            << e.what();
    }
    EXPECT_EQ(dump_project(path), before);
}

TEST(RegisterImportTest, PeopleWithoutIdsInTwoSheetsKeepTheirIds) {
    const std::string path = fixture_project();
    ImportOptions o;
    o.table = "person";
    o.source = data("registers/person_register_noid.xlsx");
    o.all_layers = true;
    // 张伟 13812341234 is P01 as the project has it; 孙磊, 王芳 with another phone than P02's,
    // and 周娜 are new: the next P-numbers after P03, in the fixture's two digits.
    ImportReport r;
    {
        Project p = Project::open(path);
        r = gridmap::import_layer(p, o);
    }
    EXPECT_EQ(r.added, 3);
    EXPECT_EQ(r.unchanged, 1);
    EXPECT_EQ(value_of(path, "person", "id", "P04", "name"), "孙磊");
    EXPECT_EQ(value_of(path, "person", "id", "P05", "name"), "王芳");
    EXPECT_EQ(value_of(path, "person", "id", "P05", "phone"), "15900009999");
    EXPECT_EQ(value_of(path, "person", "id", "P02", "phone"), "15900001111");
    EXPECT_EQ(value_of(path, "person", "id", "P06", "party_member"), "0");
    EXPECT_TRUE(has_line(r.notes,
                         "sheet '第二支部' feature 1: 王芳 is new as P05: the project's P02 "
                         "of that name has another phone"));
    // Again: every row is now a person of the project.
    Project p = Project::open(path);
    const ImportReport again = gridmap::import_layer(p, o);
    EXPECT_EQ(again.added + again.updated, 0);
    EXPECT_EQ(again.unchanged, 4);
}
