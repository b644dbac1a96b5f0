// The side panel's facts on the hand-made map fixture (tests/data/map/README.md): staff by name
// with masked phones, residents only as counts.

#include "geo/map_fixture.hpp"
#include "geo/test_util.hpp"
#include "gridmap/error.hpp"
#include "gridmap/inspect.hpp"
#include "gridmap/project.hpp"

#include <gtest/gtest.h>

#include <fstream>
#include <map>

using gridmap::Project;

namespace {

const std::string C = "420100001001";

const std::string& fixture() {
    return gridmap::test::map_fixture();
}

std::map<std::string, std::string> facts(const std::string& table, const std::string& key) {
    const Project p = Project::open(fixture(), Project::Access::read_only);
    const auto f = gridmap::inspect_feature(p, table, key);
    EXPECT_TRUE(f.has_value()) << table << " " << key;
    std::map<std::string, std::string> out;
    if (f) {
        for (const auto& fact : f->facts) {
            out[fact.field] = fact.value;
        }
        out["(title)"] = f->title;
    }
    return out;
}

/// Residents' names and phones of tests/data/map/household.csv.
std::vector<std::string> resident_data() {
    std::ifstream in(gridmap::test::data("map/household.csv"));
    std::string line;
    std::getline(in, line); // header
    std::vector<std::string> out;
    while (std::getline(in, line)) {
        std::vector<std::string> cells;
        std::size_t start = 0;
        for (std::size_t comma; (comma = line.find(',', start)) != std::string::npos;
             start = comma + 1) {
            cells.push_back(line.substr(start, comma - start));
        }
        cells.push_back(line.substr(start));
        out.push_back(cells.at(5)); // head_name
        out.push_back(cells.at(6)); // phone
    }
    return out;
}

} // namespace

TEST(MaskPhoneTest, KeepsThreeAndFour) {
    EXPECT_EQ(gridmap::mask_phone("13812341234"), "138****1234");
    EXPECT_EQ(gridmap::mask_phone("138-1234-1234"), "138****1234");
    EXPECT_EQ(gridmap::mask_phone("027-8765 4321"), "027****4321");
    EXPECT_EQ(gridmap::mask_phone("12345"), "****45");
    EXPECT_EQ(gridmap::mask_phone(""), "");
    EXPECT_EQ(gridmap::mask_phone("none"), "");
}

TEST(InspectTest, BuildingShowsItsPeopleAndCounts) {
    const auto f = facts("building", "B1");
    EXPECT_EQ(f.at("(title)"), "1栋");
    EXPECT_EQ(f.at("compound"), "幸福小区");
    EXPECT_EQ(f.at("cell"), C + "001 西网格");
    EXPECT_EQ(f.at("party_groups"), "第一党小组");
    EXPECT_EQ(f.at("building_captain"), "王楼长 138****5678");
    EXPECT_EQ(f.at("unit_captains"), "1单元: 李单元长 136****1111");
    EXPECT_EQ(f.at("units"), "2");
    EXPECT_EQ(f.at("households"), "4");
    EXPECT_EQ(f.at("floors"), "6");
}

TEST(InspectTest, NoResidentDataAnywhere) {
    const auto residents = resident_data();
    ASSERT_EQ(residents.size(), 18u);
    const Project p = Project::open(fixture(), Project::Access::read_only);
    const std::map<std::string, std::vector<std::string>> keys{
        {"building", {"B1", "B2", "B3", "B4", "B5"}},
        {"cell", {C + "001", C + "002"}},
        {"compound", {"K1"}},
        {"community", {C}},
        {"issue", {"I1", "I2", "I3", "I4"}}};
    for (const auto& [table, ids] : keys) {
        for (const auto& id : ids) {
            const auto f = gridmap::inspect_feature(p, table, id);
            ASSERT_TRUE(f) << table << " " << id;
            for (const auto& fact : f->facts) {
                for (const auto& r : residents) {
                    EXPECT_EQ(fact.value.find(r), std::string::npos)
                        << table << " " << id << " " << fact.field << " shows " << r;
                }
            }
        }
    }
}

TEST(InspectTest, CellShowsGridWorkerAndFigures) {
    const auto f = facts("cell", C + "001");
    EXPECT_EQ(f.at("(title)"), "西网格");
    EXPECT_EQ(f.at("grid_worker"), "赵网格员 139****2222");
    EXPECT_EQ(f.at("buildings"), "2");
    EXPECT_EQ(f.at("households"), "6");
    EXPECT_EQ(f.at("issues_open"), "0");
    EXPECT_EQ(f.at("issues_total"), "2");
    EXPECT_EQ(f.at("community"), "图例社区");
    const auto east = facts("cell", C + "002");
    EXPECT_EQ(east.count("grid_worker"), 0u);
    EXPECT_EQ(east.at("issues_open"), "1");
}

TEST(InspectTest, OtherLayers) {
    EXPECT_EQ(facts("compound", "K1").at("buildings"), "2");
    EXPECT_EQ(facts("community", C).at("households"), "9");
    EXPECT_EQ(facts("road", "R1").at("repair_segments"), "1");
    const auto rs = facts("repair_segment", "RS1");
    EXPECT_EQ(rs.at("road"), "幸福路");
    EXPECT_EQ(rs.at("length_m"), "100.0");
    EXPECT_EQ(rs.at("cells"), C + "001 50.0 m; " + C + "002 50.0 m");
    EXPECT_EQ(facts("service_point", "S1").at("cell"), C + "001 西网格");
    const auto issue = facts("issue", "I1");
    EXPECT_EQ(issue.at("category"), "市容环境");
    EXPECT_EQ(issue.at("small_class"), "暴露垃圾");
    EXPECT_EQ(issue.at("state"), "reported");
    EXPECT_EQ(issue.at("text"), "垃圾桶满溢");
    EXPECT_EQ(issue.at("cell"), C + "002 东网格");
}

TEST(InspectTest, UnknownFeatureAndTable) {
    const Project p = Project::open(fixture(), Project::Access::read_only);
    EXPECT_FALSE(gridmap::inspect_feature(p, "building", "B99"));
    EXPECT_THROW(gridmap::inspect_feature(p, "household", "H1"), gridmap::InputError);
    EXPECT_THROW(gridmap::inspect_feature(p, "nothing", "x"), gridmap::InputError);
}
