// check --json: the text written piece by piece on several threads (write_check_json) is the
// one-string text (check_to_json) byte for byte, and both escape exactly as json_quote does.

#include "geo/test_util.hpp"
#include "gridmap/check.hpp"
#include "gridmap/demo.hpp"
#include "gridmap/project.hpp"
#include "gridmap/text.hpp"

#include <gtest/gtest.h>

#include <cstdio>
#include <sstream>
#include <string>
#include <vector>

using gridmap::CheckResult;
using gridmap::RuleResult;
using gridmap::Uncovered;

namespace {

CheckResult settings_only() {
    CheckResult r;
    r.epsg = 4547;
    r.tolerance_m2 = 1.0;
    r.cut_share = 0.05;
    r.households_min = 300;
    r.households_max = 500;
    r.service_reach_m = 500.0;
    return r;
}

std::string streamed(const CheckResult& r) {
    std::ostringstream out;
    gridmap::write_check_json(r, out);
    return out.str();
}

/// check --json as the CLI writes it: the items of the largest rules straight from the analysis.
std::string streamed_check(const gridmap::Project& p, const gridmap::CheckOptions& o = {}) {
    const gridmap::StreamedCheck check(p, o);
    std::ostringstream out;
    check.write_json(out);
    EXPECT_EQ(check.all_hold(), gridmap::check_project(p, o).all_hold());
    return out.str();
}

std::size_t count(const std::string& text, const std::string& what) {
    std::size_t n = 0;
    for (std::size_t at = text.find(what); at != std::string::npos;
         at = text.find(what, at + what.size())) {
        ++n;
    }
    return n;
}

} // namespace

TEST(CheckJsonTest, SmallResultExactly) {
    CheckResult r = settings_only();
    RuleResult rule;
    rule.id = "x";
    rule.title = "T";
    rule.title_zh = "标题";
    rule.total = 2;
    rule.covered = 1;
    // A quote, a name in Chinese, a control character and a byte that is not UTF-8.
    rule.uncovered.push_back({"a\"b", "名", "d\x01", "", "细节"});
    rule.uncovered.push_back({"c", "", "bad \xff byte", "POINT (1 2)", ""});
    r.rules.push_back(rule);
    RuleResult empty;
    empty.id = "y";
    empty.title = "Y";
    empty.title_zh = "乙";
    r.rules.push_back(empty);
    r.gaps.push_back({"420902001005", 2.5, "POLYGON ((0 0, 1 0, 1 1, 0 0))"});
    r.overlaps.push_back({"A1", "A2", 3.25, "POLYGON ((0 0, 2 0, 2 2, 0 0))"});
    const std::string want =
        "{\n"
        "  \"epsg\": 4547,\n"
        "  \"settings\": {\"tolerance_m2\": 1.000, \"cut_share\": 0.050, \"households_min\": 300, "
        "\"households_max\": 500, \"service_reach_m\": 500.0},\n"
        "  \"all_hold\": false,\n"
        "  \"rules\": [\n"
        "    {\"id\": \"x\", \"title\": \"T\", \"title_zh\": \"标题\", \"total\": 2, \"covered\": "
        "1, "
        "\"share\": 0.5000, \"uncovered\": [\n"
        "      {\"id\": \"a\\\"b\", \"name\": \"名\", \"detail\": \"d\\u0001\"},\n"
        "      {\"id\": \"c\", \"detail\": \"bad \xEF\xBF\xBD byte\", \"wkt\": \"POINT (1 2)\"}\n"
        "    ]},\n"
        "    {\"id\": \"y\", \"title\": \"Y\", \"title_zh\": \"乙\", \"total\": 0, \"covered\": 0, "
        "\"share\": 1.0000, \"uncovered\": []}\n"
        "  ],\n"
        "  \"gaps\": [\n"
        "    {\"community\": \"420902001005\", \"area_m2\": 2.50, \"wkt\": \"POLYGON ((0 0, 1 0, 1 "
        "1, 0 0))\"}\n"
        "  ],\n"
        "  \"overlaps\": [\n"
        "    {\"cells\": [\"A1\", \"A2\"], \"area_m2\": 3.25, \"wkt\": \"POLYGON ((0 0, 2 0, 2 2, "
        "0 "
        "0))\"}\n"
        "  ],\n"
        "  \"topology_errors\": 0\n"
        "}\n";
    EXPECT_EQ(gridmap::check_to_json(r), want);
    EXPECT_EQ(streamed(r), want);
}

TEST(CheckJsonTest, LargeResultStreamedInOrderOnThreads) {
    // 70,000 households and 30,000 buildings: dozens of pieces, formatted on every core and
    // written in order.
    CheckResult r = settings_only();
    RuleResult households;
    households.id = "household_pairing";
    households.title = "Households are paired with a party member";
    households.title_zh = "住户有党员包保";
    for (int i = 1; i <= 70000; ++i) {
        char id[16];
        std::snprintf(id, sizeof id, "H%08d", i);
        households.uncovered.push_back(
            {id, "", "not paired (building B" + std::to_string(i / 3) + ")", "", "未包保"});
    }
    households.total = 70000;
    r.rules.push_back(households);
    RuleResult buildings;
    buildings.id = "building_in_cell";
    buildings.title = "Buildings lie in a cell";
    buildings.title_zh = "楼栋落在网格内";
    for (int i = 1; i <= 30000; ++i) {
        // Every 1000th name needs escaping; the others are Chinese or ASCII.
        const std::string name = i % 1000 == 0 ? "楼 \"" + std::to_string(i) + "\"\n"
                                 : i % 2 == 0  ? std::to_string(i) + "栋"
                                               : "Block " + std::to_string(i);
        buildings.uncovered.push_back({"B" + std::to_string(1000000 + i), name, "in no cell",
                                       "POLYGON ((0 0, 1 0, 1 1, 0 0))", "不在任何网格内"});
    }
    buildings.total = 40000;
    buildings.covered = 10000;
    r.rules.push_back(buildings);

    const std::string one = gridmap::check_to_json(r);
    const std::string pieces = streamed(r);
    ASSERT_EQ(pieces.size(), one.size());
    EXPECT_TRUE(pieces == one);
    // Every item once, in order: 2 rules + 100,000 items open with {"id": .
    EXPECT_EQ(count(one, "{\"id\": "), 100002u);
    EXPECT_LT(one.find("\"H00000001\""), one.find("\"H00016384\""));
    EXPECT_LT(one.find("\"H00016384\""), one.find("\"H00016385\""));
    EXPECT_LT(one.find("\"H00070000\""), one.find("\"B1000001\""));
    EXPECT_NE(one.find("\"name\": \"楼 \\\"1000\\\"\\n\""), std::string::npos);
    EXPECT_EQ(count(one, "\\\"\\n\""), 30u);
    // The item of 16384 ends a piece and 16385 begins the next: joined by ",\n      ".
    EXPECT_NE(one.find("\"H00016384\", \"detail\": \"not paired (building B5461)\"},\n      "
                       "{\"id\": \"H00016385\""),
              std::string::npos);
}

TEST(CheckJsonTest, StreamedCheckIsCheckProjectByteForByte) {
    // The coverage fixture (tests/data/coverage/README.md): unpaired H2, H3 (B1) and H5 (B3);
    // residential buildings without a party group or a building captain.
    const std::string path = gridmap::test::temp_file("streamed.gpkg");
    gridmap::test::build_coverage_fixture(path);
    {
        const gridmap::Project p =
            gridmap::Project::open(path, gridmap::Project::Access::read_only);
        const std::string want = gridmap::check_to_json(gridmap::check_project(p));
        const std::string got = streamed_check(p);
        EXPECT_EQ(got, want);
        EXPECT_NE(got.find("{\"id\": \"H2\", \"detail\": \"not paired (building B1)\"},\n"
                           "      {\"id\": \"H3\", \"detail\": \"not paired (building B1)\"},\n"
                           "      {\"id\": \"H5\", \"detail\": \"not paired (building B3)\"}"),
                  std::string::npos);
        EXPECT_NE(
            got.find("{\"id\": \"B2\", \"name\": \"九六楼\", \"detail\": \"no party group\"}"),
            std::string::npos);
        // One thread: every rule on this one.
        gridmap::CheckOptions one;
        one.threads = 1;
        EXPECT_EQ(streamed_check(p, one), gridmap::check_to_json(gridmap::check_project(p, one)));
    }
    // Households out of id order (sorted like the items), an id that needs escaping and one in
    // a building that does not exist.
    gridmap::test::gdal_sql(path, "INSERT INTO household (id, building, room, persons) VALUES "
                                  "('H0', 'B3', '9', 1), ('A\"q', 'B1', '8', 1), "
                                  "('H10', 'BX', '7', 1)");
    const gridmap::Project p = gridmap::Project::open(path, gridmap::Project::Access::read_only);
    const gridmap::CheckResult r = gridmap::check_project(p);
    ASSERT_NE(r.rule("household_pairing"), nullptr);
    EXPECT_EQ(r.rule("household_pairing")->total, 9); // 6 of the fixture + 3
    const std::string got = streamed_check(p);
    EXPECT_EQ(got, gridmap::check_to_json(r));
    EXPECT_NE(got.find("{\"id\": \"A\\\"q\", \"detail\": \"not paired (building B1)\"},\n"
                       "      {\"id\": \"H0\", \"detail\": \"not paired (building B3)\"},\n"
                       "      {\"id\": \"H10\", \"detail\": \"not paired (building BX)\"},\n"
                       "      {\"id\": \"H2\""),
              std::string::npos);
}

TEST(CheckJsonTest, StreamedCheckOfTheDemo) {
    const std::string path = gridmap::test::temp_file("streamed-demo.gpkg");
    gridmap::build_demo_project(GRIDMAP_DEMO_DATA, path);
    const gridmap::Project p = gridmap::Project::open(path, gridmap::Project::Access::read_only);
    gridmap::CheckOptions o;
    o.now = 1796083199; // 2026-11-30 23:59:59 UTC: the seed's work rules at a fixed moment
    const std::string got = streamed_check(p, o);
    EXPECT_EQ(got, gridmap::check_to_json(gridmap::check_project(p, o)));
    EXPECT_NE(got.find("\"seed_rules\""), std::string::npos);
}

TEST(CheckJsonTest, EscapesFoundAtEveryPlaceOfALongText) {
    // Texts are scanned eight bytes at a time: a character to escape (or a non-ASCII one) at
    // any place of a word, or in the tail after the last whole word, is written as json_quote
    // writes it; a text with none is copied whole.
    const std::vector<std::string> specials{"\"", "\\", "\x01", "\x1f", "\n", "名", "\xff", "\x7f"};
    for (const std::string& special : specials) {
        for (std::size_t at = 0; at < 21; ++at) {
            std::string text(21, 'a');
            text.replace(at, 1, special);
            CheckResult r = settings_only();
            RuleResult rule;
            rule.id = "x";
            rule.total = 1;
            rule.uncovered.push_back({text, "", "", "", ""});
            r.rules.push_back(rule);
            const std::string json = gridmap::check_to_json(r);
            EXPECT_NE(json.find("{\"id\": " + gridmap::json_quote(text) + "}"), std::string::npos)
                << "special " << static_cast<int>(static_cast<unsigned char>(special[0])) << " at "
                << at;
            EXPECT_EQ(streamed(r), json);
        }
    }
    EXPECT_EQ(gridmap::json_quote("a\"b"), "\"a\\\"b\"");
}
