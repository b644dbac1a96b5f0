// Messages of geo/ and the CLI in Chinese (gridmap/messages.hpp): composed messages translated
// part by part, names kept, English untouched, and the catalog's Chinese free of English.

#include <gridmap/messages.hpp>

#include <gtest/gtest.h>

#include <chrono>
#include <cstdlib>
#include <regex>
#include <set>
#include <string>
#include <vector>

using gridmap::Language;
using gridmap::localize;

namespace {

std::string zh(const std::string& message) {
    return localize(message, Language::zh_CN);
}

/// Runs of two or more English words in `text`, outside '...' quotes, after placeholders are
/// taken out. Tokens are split at spaces and at Chinese text; a word is a token of letters
/// only with a lowercase one (EPSG, CRS, GDAL are names), of two letters or "a". A run starting
/// with "gridmap" is a command line; a run "x, y, z" is a list of codes. The same rule as
/// tests/cli/messages_zh_test.sh.
std::vector<std::string> english_runs(std::string text) {
    text = std::regex_replace(text, std::regex("'[^']*'"), " Q1 ");
    text = std::regex_replace(text, std::regex(R"(\{[0-9]?\})"), " X1 ");
    std::vector<std::string> runs;
    const std::regex word(R"(^[A-Za-z]*[a-z][A-Za-z]*[,.;:?]?$)");
    std::vector<std::string> run;
    auto flush = [&]() {
        bool list = run.size() > 1;
        for (std::size_t k = 0; k + 1 < run.size(); ++k) {
            list = list && run[k].back() == ',';
        }
        if (run.size() >= 2 && run.front() != "gridmap" && !list) {
            std::string joined;
            for (const std::string& w : run) {
                joined += (joined.empty() ? "" : " ") + w;
            }
            runs.push_back(joined);
        }
        run.clear();
    };
    std::string token;
    for (std::size_t i = 0; i <= text.size(); ++i) {
        const unsigned char c = i < text.size() ? static_cast<unsigned char>(text[i]) : ' ';
        if (c == ' ' || c == '\n' || c >= 0x80) {
            if (!token.empty()) {
                if (std::regex_match(token, word) && (token.size() >= 2 || token == "a")) {
                    run.push_back(token);
                } else {
                    flush();
                }
                token.clear();
            }
            if (c >= 0x80) {
                flush();
            }
        } else {
            token += static_cast<char>(c);
        }
    }
    flush();
    return runs;
}

} // namespace

TEST(MessagesTest, EnglishIsReturnedByteForByte) {
    const std::string m = "b.csv: 2 problems; nothing was imported:\n  feature 1 (id 'B1'), "
                          "field 'floors': 'six' is not a whole number\n  feature 2: empty "
                          "geometry";
    EXPECT_EQ(localize(m, Language::en), m);
    EXPECT_EQ(localize("", Language::zh_CN), "");
}

TEST(MessagesTest, ComposedImportProblemIsTranslatedPartByPart) {
    // "{}: {}; nothing was imported" > "{}, field '{}': {}" > "feature {} ({} '{}')" and
    // "'{}' is not a whole number"; the file name and the quoted values are kept.
    EXPECT_EQ(
        zh("data/b.csv: feature 12 (id 'B012'), field 'floors': 'six' is not a whole "
           "number; nothing was imported"),
        "data/b.csv：第 12 个要素（编号 'B012'），字段 'floors'：'six' 不是整数；未导入任何内容");
}

TEST(MessagesTest, ListsAreTranslatedLineByLineWithTheirIndent) {
    EXPECT_EQ(zh("b.csv: 3 problems; nothing was imported:\n  feature 1: empty geometry\n"
                 "  feature 2, field 'name': empty, but required\n  ... and 1 more"),
              "b.csv：发现 3 处错误；未导入任何内容：\n  第 1 个要素：几何为空\n"
              "  第 2 个要素，字段 'name'：为空，但此字段必填\n  …… 另有 1 个");
}

TEST(MessagesTest, QuotedNamesAreKeptEvenWhenTheyAreCatalogWords) {
    // "import" is a catalog word (an issue action), but here it is an id the user typed.
    EXPECT_EQ(zh("no issue with id 'import'"), "没有编号为 'import' 的问题");
    EXPECT_EQ(zh("--shape circle: unknown shape; use square or hex"),
              "--shape circle：未知形状；请用 square 或 hex");
}

TEST(MessagesTest, StatesAndListsOfStatesTakeTheGlossaryNames) {
    EXPECT_EQ(zh("issue I001: cannot go from reported to verified (allowed: dispatched, "
                 "rejected)"),
              "问题 I001：不能从已上报变为已核查（允许：已派单、不予受理）");
    EXPECT_EQ(zh("issue I002: cannot go from verified to resolved (verified is final)"),
              "问题 I002：不能从已核查变为已办结（已核查为最终状态）");
}

TEST(MessagesTest, PlaceholdersCanBeReorderedOrDropped) {
    // "{} field{}" drops the plural s; the tail phrase after the header count is translated.
    EXPECT_EQ(
        zh("t.csv: row 3 has 4 fields, the header has 3: a delimiter inside a value must be "
           "quoted; nothing was imported"),
        "t.csv：第 3 行有 4 个字段，表头字段数为 3：值中的分隔符须放在引号内；未导入任何内容");
    EXPECT_EQ(zh("photo 'a.jpg' of issue I7 is too large"), "问题 I7 的照片 'a.jpg' 过大");
}

TEST(MessagesTest, ManyPartsAreTranslatedOnceAndQuickly) {
    // Ten "x: " heads give each reading's tail again and again: without the memo of one call
    // this took a quarter of a second, and parts deep down were left English.
    const std::string m = "a.csv: x: y: z: w: v: u: t: s: r: q: feature 1 (id 'B1'), field "
                          "'floors': 'six' is not a whole number; nothing was imported";
    const auto t0 = std::chrono::steady_clock::now();
    const std::string out = zh(m);
    const auto ms =
        std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - t0);
    EXPECT_EQ(out, "a.csv：x：y：z：w：v：u：t：s：r：q：第 1 个要素（编号 'B1'），字段 'floors'："
                   "'six' 不是整数；未导入任何内容");
    EXPECT_LT(ms.count(), 100.0);
}

TEST(MessagesTest, AFileNamedLikeACatalogWordKeepsItsName) {
    // "report" and "import" are catalog words (issue actions), "resolved" a state; as the file
    // a message opens with they are names.
    EXPECT_EQ(zh("report: no such file"), "report：文件不存在");
    EXPECT_EQ(zh("import: cannot write"), "import：无法写入");
    EXPECT_EQ(zh("resolved: has no layers"), "resolved：没有图层");
    // Elsewhere the same words are translated.
    EXPECT_EQ(zh("P002 cannot dispatch I003: only community staff (grid workers of "
                 "420902001005: P001, P003) may"),
              "P002 不能对问题 I003 执行派单：只有社区工作人员（网格员，社区 420902001005：P001, "
              "P003）可以操作");
}

TEST(MessagesTest, AnOpenEndDoesNotSwallowWhatFollows) {
    // "ring {} of polygon {}" matches all of "ring 1 of polygon 1 is not closed" too, its last
    // part "1 is not closed"; "{} is not closed" reads it as meant.
    EXPECT_EQ(zh("feature 2 (code '9506168'): invalid geometry: ring 1 of polygon 1 is not "
                 "closed (use --fix-invalid to repair)"),
              "第 2 个要素（编码 '9506168'）：几何无效：第 1 个多边形的第 1 个环 未闭合（使用 "
              "--fix-invalid 修复）");
}

TEST(MessagesTest, OptionNamesAndValuesAreKept) {
    // "community" and "id" are catalog words; after "--" and "--merge-by " they are typed.
    EXPECT_EQ(zh("--community x: expected a number"), "--community x：应为数字");
    EXPECT_EQ(zh("feature 42 (id '6'), field 'id': '6' repeats feature 5 (pieces of one "
                 "feature? --merge-by id dissolves them)"),
              "第 42 个要素（编号 '6'），字段 'id'：'6' 与第 5 个要素重复（是同一要素的几部分？"
              "--merge-by id 可将其合并）");
}

TEST(MessagesTest, AnUnknownMessageStaysAsItIs) {
    EXPECT_EQ(zh("something no template knows"), "something no template knows");
}

TEST(MessagesTest, LanguageFollowsGridmapLangThenTheLocale) {
    const auto with = [](const char* gridmap_lang, const char* lc_all, const char* lang) {
        for (auto [name, value] : {std::pair{"GRIDMAP_LANG", gridmap_lang},
                                   std::pair{"LC_ALL", lc_all}, std::pair{"LANG", lang}}) {
            if (value == nullptr) {
                unsetenv(name);
            } else {
                setenv(name, value, 1);
            }
        }
        unsetenv("LC_MESSAGES");
        return gridmap::language_from_environment();
    };
    EXPECT_EQ(with("zh_CN", nullptr, "C"), Language::zh_CN);
    EXPECT_EQ(with("en", "zh_CN.UTF-8", nullptr), Language::en);
    EXPECT_EQ(with(nullptr, "zh_CN.UTF-8", "C"), Language::zh_CN);
    EXPECT_EQ(with(nullptr, "", "zh_TW.UTF-8"), Language::zh_CN);
    EXPECT_EQ(with(nullptr, "C", "zh_CN.UTF-8"), Language::en); // LC_ALL wins
    EXPECT_EQ(with(nullptr, nullptr, nullptr), Language::en);
    unsetenv("LC_ALL");
    unsetenv("LANG");
}

TEST(MessagesTest, CatalogEntriesAreUniqueAndTheirChineseHasNoEnglishRun) {
    std::set<std::string_view> keys;
    for (const gridmap::MessageEntry& e : gridmap::message_catalog()) {
        EXPECT_TRUE(keys.insert(e.en).second) << "twice: " << e.en;
        EXPECT_FALSE(e.zh.empty()) << e.en;
        std::size_t placeholders = 0;
        for (std::size_t at = e.en.find("{}"); at != std::string_view::npos;
             at = e.en.find("{}", at + 2)) {
            ++placeholders;
        }
        std::size_t in_order = 0;
        for (std::size_t i = 0; i + 1 < e.zh.size(); ++i) {
            if (e.zh[i] == '{' && e.zh[i + 1] == '}') {
                ++in_order;
            } else if (e.zh[i] == '{' && i + 2 < e.zh.size() && e.zh[i + 2] == '}') {
                EXPECT_LE(static_cast<std::size_t>(e.zh[i + 1] - '0'), placeholders) << e.zh;
            }
        }
        EXPECT_LE(in_order, placeholders) << e.en << " -> " << e.zh;
        for (const std::string& run : english_runs(std::string(e.zh))) {
            ADD_FAILURE() << "English in the Chinese of \"" << e.en << "\": " << run;
        }
    }
}

TEST(MessagesTest, EnglishRunsAreFoundOutsideQuotesOnly) {
    EXPECT_EQ(english_runs("字段 'no such field'：为空").size(), 0U);
    EXPECT_EQ(english_runs("--lang fr：应为 zh_CN 或 en").size(), 0U);
    EXPECT_EQ(english_runs("--theme x：应为以下之一：plain, coverage, issues").size(), 0U);
    ASSERT_EQ(english_runs("gridmap info：a.gpkg：not a GeoPackage").size(), 1U);
    EXPECT_EQ(english_runs("gridmap info：a.gpkg：not a GeoPackage")[0], "not a GeoPackage");
}
