// The product's words (gridmap/terms.hpp, crs_name_zh, assignment_event_text) and the Chinese
// translation file that must agree with them (i18n/gridmap_zh_CN.ts).

#include "geo/test_util.hpp"

#include <gridmap/assign.hpp>
#include <gridmap/crs.hpp>
#include <gridmap/terms.hpp>
#include <gridmap/workorder.hpp>

#include <gtest/gtest.h>

#include <fstream>
#include <regex>
#include <set>
#include <sstream>
#include <string>

using gridmap::Vocabulary;

namespace {

constexpr Vocabulary all_vocabularies[] = {Vocabulary::role,          Vocabulary::issue_state,
                                           Vocabulary::repair_state,  Vocabulary::road_kind,
                                           Vocabulary::building_kind, Vocabulary::service_kind};

bool has_latin_letter(std::string_view s) {
    for (char c : s) {
        if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z')) {
            return true;
        }
    }
    return false;
}

/// The translation of `source` in `context` of a Qt .ts file, or "" when it has none.
std::string ts_translation(const std::string& ts, const std::string& context,
                           const std::string& source) {
    const std::size_t name = ts.find("<name>" + context + "</name>");
    if (name == std::string::npos) {
        return {};
    }
    const std::size_t end = ts.find("</context>", name);
    const std::size_t at = ts.find("<source>" + source + "</source>", name);
    if (at == std::string::npos || at > end) {
        return {};
    }
    const std::size_t open = ts.find("<translation>", at);
    const std::size_t close = ts.find("</translation>", open);
    if (open == std::string::npos || close == std::string::npos || open > end) {
        return {};
    }
    return ts.substr(open + 13, close - open - 13);
}

std::string read_file(const std::string& path) {
    std::ifstream f(path, std::ios::binary);
    std::stringstream s;
    s << f.rdbuf();
    return s.str();
}

} // namespace

TEST(TermsTest, EveryTermHasAChineseNameWithoutLatinLettersAndUniqueCodes) {
    for (Vocabulary v : all_vocabularies) {
        std::set<std::string_view> codes;
        std::set<std::string_view> names;
        ASSERT_FALSE(gridmap::terms(v).empty());
        for (const gridmap::Term& t : gridmap::terms(v)) {
            EXPECT_TRUE(codes.insert(t.code).second) << "code twice: " << t.code;
            EXPECT_TRUE(names.insert(t.zh).second) << "Chinese name twice: " << t.zh;
            EXPECT_FALSE(t.zh.empty()) << t.code;
            EXPECT_FALSE(has_latin_letter(t.zh)) << t.code << ": " << t.zh;
            EXPECT_FALSE(t.en.empty()) << t.code;
        }
    }
}

TEST(TermsTest, WordsOfTheIssueReviewedByHand) {
    // The road type the issue saw in the inspect panel, the roles, the states of 三单.
    EXPECT_EQ(gridmap::term_zh(Vocabulary::road_kind, "secondary"), "次干路");
    EXPECT_EQ(gridmap::term_zh(Vocabulary::road_kind, "primary"), "主干路");
    EXPECT_EQ(gridmap::term_zh(Vocabulary::role, "building_captain"), "楼栋长");
    EXPECT_EQ(gridmap::term_zh(Vocabulary::issue_state, "rejected"), "不予受理");
    EXPECT_EQ(gridmap::term_zh(Vocabulary::repair_state, "active"), "施工中");
    EXPECT_EQ(gridmap::term_en(Vocabulary::road_kind, "secondary"), "secondary road");
    // A value the user typed is shown as it is; a Chinese name finds its code.
    EXPECT_EQ(gridmap::term_zh(Vocabulary::road_kind, "乡间小道"), "乡间小道");
    ASSERT_TRUE(gridmap::find_term(Vocabulary::role, "包保到户").has_value());
    EXPECT_EQ(gridmap::find_term(Vocabulary::role, "包保到户")->code, "household_pairing");
}

TEST(TermsTest, EveryIssueStateHasATerm) {
    for (auto s : {gridmap::IssueState::reported, gridmap::IssueState::dispatched,
                   gridmap::IssueState::accepted, gridmap::IssueState::resolved,
                   gridmap::IssueState::verified, gridmap::IssueState::rejected}) {
        EXPECT_TRUE(gridmap::find_term(Vocabulary::issue_state, gridmap::to_string(s)))
            << gridmap::to_string(s);
    }
}

TEST(TermsTest, ChineseNamesOfWorkingCrs) {
    // EPSG:4547 is the 3-degree zone with central meridian 75 + 3 * 13 = 114°E; EPSG:4526 the
    // 3-degree zone numbered 25 + 13 = 38; EPSG:4502 the 6-degree zone with CM 75°E.
    EXPECT_EQ(gridmap::crs_name_zh(4547), "CGCS2000 3度带高斯-克吕格 中央经线114°E");
    EXPECT_EQ(gridmap::crs_name_zh(4526), "CGCS2000 3度带高斯-克吕格 第38带");
    EXPECT_EQ(gridmap::crs_name_zh(4502), "CGCS2000 6度带高斯-克吕格 中央经线75°E");
    EXPECT_EQ(gridmap::crs_name_zh(4512), "CGCS2000 6度带高斯-克吕格 中央经线135°E");
    EXPECT_EQ(gridmap::crs_name_zh(32650), "WGS 84 UTM 第50带（北半球）");
    EXPECT_EQ(gridmap::crs_name_zh(32750), "WGS 84 UTM 第50带（南半球）");
    EXPECT_EQ(gridmap::crs_name_zh(4490), "CGCS2000 地理坐标系");
}

TEST(TermsTest, AssignmentLogLinesAreChinese) {
    gridmap::AssignmentEventRecord e;
    e.action = gridmap::AssignAction::assign;
    e.role = "party_group";
    e.person = "PG10";
    e.target = "B064";
    EXPECT_EQ(gridmap::assignment_event_text(e), "分配 党小组 PG10 → B064");
    e.action = gridmap::AssignAction::unassign;
    e.note = "undo";
    EXPECT_EQ(gridmap::assignment_event_text(e), "取消 党小组 PG10 → B064（撤销）");
    e.role = "building_captain";
    e.person = "P003";
    e.target = "B001";
    e.note = "replaced by P004";
    EXPECT_EQ(gridmap::assignment_event_text(e), "取消 楼栋长 P003 → B001（由 P004 接替）");
    e.note = "新楼";
    EXPECT_EQ(gridmap::assignment_event_text(e), "取消 楼栋长 P003 → B001（新楼）");
}

// The translation test for the words: the map legend's states in i18n/gridmap_zh_CN.ts are the
// table's (one vocabulary), "no open issues" is not rendered as 均未落实 ("neither in place"),
// and the language marker that render::chinese_ui() reads is there.
TEST(TermsTest, ChineseTranslationFileAgreesWithTheTable) {
    const std::string ts = read_file(gridmap::test::data("../../i18n/gridmap_zh_CN.ts"));
    ASSERT_FALSE(ts.empty());
    EXPECT_EQ(ts_translation(ts, "Legend", "resolved"),
              gridmap::term_zh(Vocabulary::issue_state, "resolved"));
    EXPECT_EQ(ts_translation(ts, "Legend", "rejected"),
              gridmap::term_zh(Vocabulary::issue_state, "rejected"));
    EXPECT_EQ(ts_translation(ts, "Legend", "no open issues"), "无未办结问题");
    EXPECT_EQ(ts_translation(ts, "Legend", "open"), "未办结");
    EXPECT_EQ(ts_translation(ts, "Language", "en"), "zh_CN");
    // Every role's Chinese name is what the legend and panels call it.
    for (const gridmap::Term& t : gridmap::terms(Vocabulary::role)) {
        EXPECT_EQ(ts.find(">" + std::string(t.en) + "</translation>"), std::string::npos)
            << "an English role name as a Chinese translation: " << t.en;
    }
    // No Chinese translation left in English (a source copied as its own translation).
    const std::regex pair("<source>([^<]*)</source>\\s*<translation>([^<]*)</translation>");
    for (auto it = std::sregex_iterator(ts.begin(), ts.end(), pair); it != std::sregex_iterator();
         ++it) {
        const std::string source = (*it)[1];
        const std::string translation = (*it)[2];
        if (source == "en" || source.find("(*.") != std::string::npos) {
            continue; // the language marker; file filters ("PDF (*.pdf)") are the same
        }
        if (has_latin_letter(source) && source.size() > 3) {
            EXPECT_NE(translation, source) << "untranslated: " << source;
        }
    }
}
