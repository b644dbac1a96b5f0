// Reports on the hand-drawn coverage fixture of tests/data/coverage: every expected figure
// below was worked out on paper in its README.md ("Report by cell, worked out"), not computed
// by the code under test.

#include "geo/test_util.hpp"
#include "gridmap/check.hpp"
#include "gridmap/demo.hpp"
#include "gridmap/error.hpp"
#include "gridmap/import.hpp"
#include "gridmap/project.hpp"
#include "gridmap/report.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <fstream>
#include <map>
#include <regex>
#include <set>
#include <sstream>

using gridmap::Project;
using gridmap::ReportBy;
using gridmap::ReportOptions;
using gridmap::ReportTable;
using gridmap::test::temp_file;

namespace {

const std::string C = "420902001005";

const std::string& fixture() {
    static const std::string path = [] {
        const std::string p = temp_file("coverage.gpkg");
        gridmap::test::build_coverage_fixture(p);
        return p;
    }();
    return path;
}

ReportTable report(ReportBy by, const ReportOptions& o = {}, const std::string& path = fixture()) {
    const Project p = Project::open(path, Project::Access::read_only);
    return gridmap::build_report(p, by, o);
}

std::vector<std::string> lines(const std::string& text) {
    std::vector<std::string> out;
    std::istringstream in(text);
    for (std::string line; std::getline(in, line);) {
        out.push_back(line);
    }
    return out;
}

/// One value of a report row by column id.
std::string value(const ReportTable& t, const std::string& code, const std::string& column) {
    const auto c = t.column(column);
    EXPECT_TRUE(c.has_value()) << column;
    for (const auto& row : t.rows) {
        if (row[0].text == code && c) {
            const auto kind = t.columns[*c].kind;
            if (kind == gridmap::ColumnKind::text) {
                return row[*c].text;
            }
            std::ostringstream s;
            s << row[*c].number;
            return s.str();
        }
    }
    return "<no row " + code + ">";
}

/// The fields of one CSV file (RFC 4180: quoted fields may hold commas, quotes and newlines).
std::vector<std::vector<std::string>> read_csv(const std::string& path) {
    std::ifstream f(path, std::ios::binary);
    std::string text;
    for (std::string line; std::getline(f, line);) {
        text += line + "\n";
    }
    std::vector<std::vector<std::string>> rows(1);
    std::string field;
    bool quoted = false;
    for (std::size_t i = 0; i < text.size(); ++i) {
        const char c = text[i];
        if (quoted) {
            if (c == '"' && i + 1 < text.size() && text[i + 1] == '"') {
                field += '"';
                ++i;
            } else if (c == '"') {
                quoted = false;
            } else {
                field += c;
            }
        } else if (c == '"') {
            quoted = true;
        } else if (c == ',') {
            rows.back().push_back(field);
            field.clear();
        } else if (c == '\n') {
            rows.back().push_back(field);
            field.clear();
            rows.emplace_back();
        } else if (c != '\r') {
            field += c;
        }
    }
    if (!field.empty() || !rows.back().empty()) {
        rows.back().push_back(field);
    } else {
        rows.pop_back();
    }
    return rows;
}

/// Values of column `name` of a CSV file with a header row (empty values skipped).
std::set<std::string> csv_column(const std::string& path, const std::string& name) {
    const auto rows = read_csv(path);
    std::set<std::string> out;
    if (rows.empty()) {
        return out;
    }
    const auto& header = rows[0];
    const auto it = std::find(header.begin(), header.end(), name);
    EXPECT_NE(it, header.end()) << path << " has no column " << name;
    const auto c = static_cast<std::size_t>(it - header.begin());
    for (std::size_t r = 1; r < rows.size(); ++r) {
        if (c < rows[r].size() && !rows[r][c].empty()) {
            out.insert(rows[r][c]);
        }
    }
    return out;
}

std::size_t count(const std::string& text, const std::string& needle) {
    std::size_t n = 0;
    for (auto at = text.find(needle); at != std::string::npos; at = text.find(needle, at + 1)) {
        ++n;
    }
    return n;
}

std::string fixture_html(bool osm = false) {
    const Project p = Project::open(fixture(), Project::Access::read_only);
    gridmap::HtmlOptions o;
    o.date = "2025-06-01";
    o.source_name = "coverage.gpkg";
    o.osm = osm;
    return gridmap::report_to_html(gridmap::build_report(p, ReportBy::cell),
                                   gridmap::check_project(p), gridmap::build_report_map(p), o);
}

} // namespace

TEST(ReportCellTest, CsvRowsAreTheHandWorkedFigures) {
    const auto csv = lines(gridmap::report_to_csv(report(ReportBy::cell)));
    ASSERT_EQ(csv.size(), 6u); // header, 4 cells, TOTAL
    EXPECT_EQ(csv[0], "cell_code,cell_name,grid_worker,buildings,households,persons,party_groups,"
                      "buildings_without_party_group,buildings_without_captain,"
                      "households_unpaired,open_issues,repair_m,residential_buildings,units,"
                      "units_without_captain,households_in_range");
    // 001: B1 B5 B6 B7; H1-H3 in B1, H6 in B5 (3+2+1+1 persons); PG1 and PG2; no group B6 B7;
    // no captain B5 B6 B7; unpaired H2 H3; open I1 (reported) and I2 (dispatched); U1 U2, U2
    // without captain; workers P1 and P2 in person id order.
    EXPECT_EQ(csv[1], C + "001,西北,王网格; 李网格,4,4,7,2,2,3,2,2,0.0,4,2,1,no");
    // 002: B2 only, no household; I7 is rejected, so closed.
    EXPECT_EQ(csv[2], C + "002,东北,,1,0,0,0,1,1,0,0,0.0,1,0,0,no");
    // 003: B3 with H4 H5 (4+2); PG2; captain P3; H5 unpaired; I6 accepted; RS1 150 + RS2 100 +
    // RS3 50 m; U3 without captain.
    EXPECT_EQ(csv[3], C + "003,西南（两块）,王网格,1,2,6,1,0,0,1,1,300.0,1,1,1,no");
    // 004: no building; I5 verified (closed); RS2's other 100 m.
    EXPECT_EQ(csv[4], C + "004,东南,,0,0,0,0,0,0,0,0,100.0,0,0,0,no");
    // Sums, except party groups: PG1 and PG2 once each (the rows add up to 3).
    EXPECT_EQ(csv[5], "TOTAL,,,6,6,13,2,3,4,3,3,400.0,6,3,2,");
}

TEST(ReportCellTest, HouseholdsInRangeFollowsTheTarget) {
    ReportOptions o;
    o.households_min = 2;
    o.households_max = 4;
    const ReportTable t = report(ReportBy::cell, o);
    EXPECT_EQ(value(t, C + "001", "households_in_range"), "1"); // 4 households
    EXPECT_EQ(value(t, C + "002", "households_in_range"), "0"); // 0
    EXPECT_EQ(value(t, C + "003", "households_in_range"), "1"); // 2
    EXPECT_EQ(value(t, C + "004", "households_in_range"), "0"); // 0
    EXPECT_EQ(t.households_min, 2);
    // The same cells as check's rule with the same target.
    gridmap::CheckOptions co;
    co.households_min = 2;
    co.households_max = 4;
    const Project p = Project::open(fixture(), Project::Access::read_only);
    const auto checked = gridmap::check_project(p, co);
    const auto* rule = checked.rule("cell_households_in_range");
    ASSERT_NE(rule, nullptr);
    ASSERT_EQ(rule->uncovered.size(), 2u);
    EXPECT_EQ(rule->uncovered[0].id, C + "002");
    EXPECT_EQ(rule->uncovered[1].id, C + "004");
}

TEST(ReportCompoundTest, CompoundRowCountsItsOwnBuildingsOnly) {
    const auto csv = lines(gridmap::report_to_csv(report(ReportBy::compound)));
    ASSERT_EQ(csv.size(), 3u);
    EXPECT_EQ(csv[0], "compound_id,compound_name,community,compound_captain,cell_codes,buildings,"
                      "households,persons,party_groups,buildings_without_party_group,"
                      "buildings_without_captain,households_unpaired,residential_buildings,"
                      "units,units_without_captain");
    // K1: B7 only (B6 lies in the courtyard hole), which has no group, captain or household.
    EXPECT_EQ(csv[1], "K1,天井小区," + C + ",陈小区长," + C + "001,1,0,0,0,1,1,0,1,0,0");
    EXPECT_EQ(csv[2], "TOTAL,,,,,1,0,0,0,1,1,0,1,0,0");
}

TEST(ReportCommunityTest, CommunityRowIsTheSumOfItsCells) {
    ReportOptions o;
    o.households_min = 2;
    o.households_max = 4;
    const auto csv = lines(gridmap::report_to_csv(report(ReportBy::community, o)));
    ASSERT_EQ(csv.size(), 3u);
    EXPECT_EQ(csv[0], "community_code,community_name,street,cells,cells_without_grid_worker,"
                      "cells_households_in_range,compounds,buildings,households,persons,"
                      "party_groups,buildings_without_party_group,buildings_without_captain,"
                      "households_unpaired,open_issues,repair_m,residential_buildings,units,"
                      "units_without_captain");
    // 4 cells, 002 and 004 without a grid worker, 001 and 003 in 2..4 households, K1. Open
    // issues: those of its cells (I1 I2 I6) and I3, in no cell and outside every community,
    // which belongs to the nearest community (count_issues): 4.
    EXPECT_EQ(csv[1], C + ",覆盖测试社区,,4,2,2,1,6,6,13,2,3,4,3,4,400.0,6,3,2");
    EXPECT_EQ(csv[2], "TOTAL,,,4,2,2,1,6,6,13,2,3,4,3,4,400.0,6,3,2");
}

TEST(ReportResidentialTest, SchoolIsNotResidentialButAShopWithAHouseholdIs) {
    const std::string path = temp_file("residential.gpkg");
    gridmap::test::build_coverage_fixture(path);
    {
        Project p = Project::open(path);
        for (const auto& [table, file] : {std::pair{"building", "building_extra.geojson"},
                                          std::pair{"household", "household_extra.csv"}}) {
            gridmap::ImportOptions o;
            o.table = table;
            o.source = gridmap::test::data(std::string("coverage/") + file);
            gridmap::import_layer(p, o);
        }
    }
    const ReportTable t = report(ReportBy::cell, {}, path);
    // 004 now holds B8 (学校, nobody lives there) and B9 (商铺 with H7, 2 persons).
    EXPECT_EQ(value(t, C + "004", "buildings"), "2");
    EXPECT_EQ(value(t, C + "004", "residential_buildings"), "1");
    EXPECT_EQ(value(t, C + "004", "households"), "1");
    EXPECT_EQ(value(t, C + "004", "persons"), "2");
    EXPECT_EQ(value(t, C + "004", "buildings_without_party_group"), "1");
    EXPECT_EQ(value(t, C + "004", "buildings_without_captain"), "1");
    EXPECT_EQ(value(t, C + "004", "households_unpaired"), "1");
    // check_project counts the same buildings: B9 lacks a group, B8 is not asked to have one.
    const Project p = Project::open(path, Project::Access::read_only);
    const auto r = gridmap::check_project(p);
    std::set<std::string> ids;
    for (const auto& u : r.rule("building_party_group")->uncovered) {
        ids.insert(u.id);
    }
    EXPECT_EQ(ids, (std::set<std::string>{"B2", "B4", "B6", "B7", "B9"}));
}

TEST(ReportCsvTest, QuotesFieldsAsRfc4180AndWritesABomOnRequest) {
    ReportTable t;
    t.columns = {{"code", "编码", gridmap::ColumnKind::text, false},
                 {"note", "说明", gridmap::ColumnKind::text, false},
                 {"n", "数", gridmap::ColumnKind::integer, false},
                 {"len_m", "长", gridmap::ColumnKind::metres, false},
                 {"ok", "达标", gridmap::ColumnKind::flag, false}};
    t.rows = {{{"a,b", 0}, {"say \"hi\"", 0}, {"", 1234567}, {"", 2.25}, {"", 1}},
              {{"c", 0}, {"two\nlines", 0}, {"", 0}, {"", 0}, {"", 0}}};
    t.totals = {{"TOTAL", 0}, {"", 0}, {"", 1234567}, {"", 2.25}, {"", 0}};
    EXPECT_EQ(gridmap::report_to_csv(t), "code,note,n,len_m,ok\n"
                                         "\"a,b\",\"say \"\"hi\"\"\",1234567,2.2,yes\n"
                                         "c,\"two\nlines\",0,0.0,no\n"
                                         "TOTAL,,1234567,2.2,\n");
    EXPECT_EQ(gridmap::report_to_csv(t, true).substr(0, 8), "\xEF\xBB\xBF"
                                                            "code,");
}

TEST(ReportJsonTest, SameProjectGivesByteIdenticalJson) {
    ReportOptions one;
    one.threads = 1;
    ReportOptions two;
    two.threads = 2;
    const std::string a = gridmap::report_to_json(report(ReportBy::cell, one));
    const std::string b = gridmap::report_to_json(report(ReportBy::cell, two));
    EXPECT_EQ(a, b);
    EXPECT_EQ(a, gridmap::report_to_json(report(ReportBy::cell, one)));
    EXPECT_EQ(a.rfind("{\n  \"by\": \"cell\",\n", 0), 0u) << a;
    EXPECT_NE(a.find("    {\"cell_code\": \"" + C +
                     "003\", \"cell_name\": \"西南（两块）\", \"grid_worker\": \"王网格\", "
                     "\"buildings\": 1, \"households\": 2, \"persons\": 6, \"party_groups\": 1, "
                     "\"buildings_without_party_group\": 0, \"buildings_without_captain\": 0, "
                     "\"households_unpaired\": 1, \"open_issues\": 1, \"repair_m\": 300.0, "
                     "\"residential_buildings\": 1, \"units\": 1, \"units_without_captain\": 1, "
                     "\"households_in_range\": false}"),
              std::string::npos)
        << a;
    EXPECT_NE(a.find("\"totals\": {\"buildings\": 6, \"households\": 6, \"persons\": 13, "
                     "\"party_groups\": 2,"),
              std::string::npos)
        << a;
}

TEST(ReportTest, UnknownGroupingIsAnInputError) {
    EXPECT_EQ(gridmap::report_by_from_string("compound"), ReportBy::compound);
    EXPECT_THROW(gridmap::report_by_from_string("street"), gridmap::InputError);
}

TEST(ReportHtmlTest, StandalonePageWithMapGapAndOverlap) {
    const std::string html = fixture_html();
    EXPECT_EQ(html.rfind("<!DOCTYPE html>", 0), 0u);
    EXPECT_NE(html.find("<html lang=\"zh-CN\">"), std::string::npos);
    EXPECT_NE(html.find("<meta charset=\"utf-8\">"), std::string::npos);
    EXPECT_NE(html.find("<title>覆盖测试社区 网格报表 2025-06-01</title>"), std::string::npos);
    // Nothing fetched from anywhere: no URL, no script, no external stylesheet or font.
    EXPECT_EQ(html.find("http://"), std::string::npos);
    EXPECT_EQ(html.find("https://"), std::string::npos);
    EXPECT_EQ(html.find("<script"), std::string::npos);
    EXPECT_EQ(html.find("<link"), std::string::npos);
    EXPECT_EQ(html.find("@import"), std::string::npos);
    EXPECT_EQ(count(html, "<svg"), 1u);
    // One path per cell, one gap (the 50 m2 strip) and one overlap (001/002), as check found.
    EXPECT_EQ(count(html, "<path class=\"cell\""), 4u);
    EXPECT_EQ(count(html, "<path class=\"gap\""), 1u);
    EXPECT_EQ(count(html, "<path class=\"overlap\""), 1u);
    EXPECT_EQ(count(html, "<path class=\"community\""), 1u);
    EXPECT_EQ(count(html, "<path class=\"building"), 7u);
    // B1 (cut) and B4 (in no cell) are drawn as problems.
    EXPECT_NE(html.find("class=\"building problem\" data-key=\"B1\""), std::string::npos);
    EXPECT_NE(html.find("class=\"building problem\" data-key=\"B4\""), std::string::npos);
    // Extent 400 m + 3 % margins = 424 m; a fifth is 84.8 m: the bar is 50 m.
    EXPECT_NE(html.find(">50 m</text>"), std::string::npos);
    EXPECT_NE(html.find("数据来源：coverage.gpkg"), std::string::npos);
    EXPECT_EQ(html.find("OpenStreetMap"), std::string::npos); // not known to be OSM
    EXPECT_NE(fixture_html(true).find("© OpenStreetMap 贡献者"), std::string::npos);
    // The coverage rules with covered/total: building_in_cell 6/7 (B4 in the gap), the rule's
    // id only as a tooltip, the reason in Chinese.
    EXPECT_NE(html.find("<td title=\"building_in_cell\">楼栋落在网格内</td><td "
                        "class=\"num\">6/7</td>"),
              std::string::npos);
    EXPECT_NE(html.find("<code>B4</code>"), std::string::npos);
    EXPECT_NE(html.find("：不在任何网格内"), std::string::npos);
    EXPECT_EQ(html.find("in no cell"), std::string::npos);
}

TEST(ReportHtmlTest, NorthIsUpAndCellsAreLabelledWithTheirLastThreeDigits) {
    const std::string html = fixture_html();
    std::map<std::string, std::pair<double, double>> at;
    const std::regex label("<text class=\"cell-label\" x=\"([0-9.]+)\" y=\"([0-9.]+)\">([0-9]+)<");
    for (auto it = std::sregex_iterator(html.begin(), html.end(), label);
         it != std::sregex_iterator(); ++it) {
        at[(*it)[3]] = {std::stod((*it)[1]), std::stod((*it)[2])};
    }
    ASSERT_EQ(at.size(), 4u) << html;
    // 001 is north-west of 003 (same x range, higher y): smaller SVG y; 002 east of 001.
    EXPECT_LT(at["001"].second, at["003"].second);
    EXPECT_LT(at["001"].first, at["002"].first);
}

TEST(ReportHtmlTest, EveryTextIsEscaped) {
    ReportTable t;
    t.columns = {{"code", "编码<b>", gridmap::ColumnKind::text, false}};
    t.rows = {{{"<script>alert('x')</script> & co", 0}}};
    t.totals = {{"TOTAL", 0}};
    t.communities = {{"1", "A&B社区"}};
    gridmap::HtmlOptions o;
    o.source_name = "<p>.gpkg";
    const std::string html = gridmap::report_to_html(t, {}, {}, o);
    EXPECT_EQ(html.find("<script>"), std::string::npos);
    EXPECT_EQ(html.find("<b>"), std::string::npos);
    EXPECT_NE(html.find("&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; &amp; co"),
              std::string::npos);
    EXPECT_NE(html.find("A&amp;B社区"), std::string::npos);
    EXPECT_NE(html.find("&lt;p&gt;.gpkg"), std::string::npos);
}

TEST(ReportPrivacyTest, NoResidentNameOrAnyPhoneNumberInAnyReport) {
    const std::string path = temp_file("demo.gpkg");
    gridmap::build_demo_project(GRIDMAP_DEMO_DATA, path);
    const std::string demo = GRIDMAP_DEMO_DATA;
    const std::set<std::string> heads = csv_column(demo + "/household.csv", "head_name");
    std::set<std::string> phones = csv_column(demo + "/household.csv", "phone");
    phones.merge(csv_column(demo + "/person.csv", "phone"));
    ASSERT_EQ(heads.size(), 2012u); // distinct head names of the 2079 households
    ASSERT_GT(phones.size(), 2100u);
    // Staff names may appear; a head name that happens to be part of one (e.g. 顾俊 in a
    // three-character name) must not count as a leak, so staff names are blanked first.
    std::set<std::string> staff;
    {
        const auto people = read_csv(demo + "/person.csv");
        std::map<std::string, std::string> name_of;
        for (std::size_t r = 1; r < people.size(); ++r) {
            name_of[people[r][0]] = people[r][1];
        }
        for (const std::string& id : csv_column(demo + "/role_assignment.csv", "person")) {
            staff.insert(name_of[id]);
        }
    }
    const Project p = Project::open(path, Project::Access::read_only);
    const auto check = gridmap::check_project(p);
    const auto map = gridmap::build_report_map(p);
    std::size_t checked = 0;
    for (ReportBy by : {ReportBy::cell, ReportBy::compound, ReportBy::community}) {
        const ReportTable t = gridmap::build_report(p, by);
        gridmap::HtmlOptions o;
        o.date = "2025-06-01";
        o.source_name = "demo.gpkg";
        for (std::string out : {gridmap::report_to_csv(t), gridmap::report_to_json(t),
                                gridmap::report_to_html(t, check, map, o)}) {
            for (const std::string& phone : phones) {
                EXPECT_EQ(out.find(phone), std::string::npos) << "phone " << phone;
            }
            for (const std::string& name : staff) {
                if (name.empty()) {
                    continue;
                }
                for (auto at = out.find(name); at != std::string::npos; at = out.find(name)) {
                    out.replace(at, name.size(), "#");
                }
            }
            for (const std::string& head : heads) {
                EXPECT_EQ(out.find(head), std::string::npos) << "head name " << head;
            }
            ++checked;
        }
    }
    EXPECT_EQ(checked, 9u);
    // The demo's grid workers do appear, by name (staff, not residents).
    EXPECT_NE(gridmap::report_to_csv(gridmap::build_report(p, ReportBy::cell)).find("金建福"),
              std::string::npos);
}

TEST(ReportPrivacyTest, FixtureResidentsNeverAppear) {
    const Project p = Project::open(fixture(), Project::Access::read_only);
    for (ReportBy by : {ReportBy::cell, ReportBy::compound, ReportBy::community}) {
        const ReportTable t = gridmap::build_report(p, by);
        const std::string all =
            gridmap::report_to_csv(t) + gridmap::report_to_json(t) + fixture_html();
        for (const char* secret : {"周一户", "吴二户", "郑三户", "冯四户", "陈五户", "褚六户",
                                   "1390000000", "1380000000"}) {
            EXPECT_EQ(all.find(secret), std::string::npos) << secret;
        }
    }
}

TEST(ReportHtmlTest, AGivenMapImageReplacesTheSvgMap) {
    // `gridmap report` passes the shared renderer's page: the HTML embeds it as it is, once,
    // and draws no SVG map of its own (nor its separate legend).
    const Project p = Project::open(fixture(), Project::Access::read_only);
    gridmap::HtmlOptions o;
    o.date = "2025-06-01";
    o.source_name = "coverage.gpkg";
    o.map_image_uri = "data:image/png;base64,iVBORw0KGgo=";
    const std::string html =
        gridmap::report_to_html(gridmap::build_report(p, ReportBy::cell), gridmap::check_project(p),
                                gridmap::build_report_map(p), o);
    EXPECT_EQ(count(html, "<img class=\"map\" alt=\"网格图\" "
                          "src=\"data:image/png;base64,iVBORw0KGgo=\">"),
              1u);
    EXPECT_EQ(html.find("<svg"), std::string::npos);
    EXPECT_EQ(html.find("class=\"legend\""), std::string::npos);
    EXPECT_NE(html.find("楼栋落在网格内"), std::string::npos); // the rules are still there
    EXPECT_TRUE(html.ends_with("</body>\n</html>\n"));
}
