#include "gridmap/text.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <limits>

using gridmap::csv_field;
using gridmap::json_number;
using gridmap::json_quote;

// OWASP CSV injection: a cell starting with = + - @, a tab or a carriage return is text with a
// leading quote, unless it is a number.
TEST(CsvFieldTest, FormulaCellsBecomeText) {
    EXPECT_EQ(csv_field("=1+2"), "'=1+2");
    EXPECT_EQ(csv_field("@SUM(A1)"), "'@SUM(A1)");
    EXPECT_EQ(csv_field("+86 138"), "'+86 138");
    EXPECT_EQ(csv_field("-cmd|' /C calc'!A0"), "'-cmd|' /C calc'!A0");
    EXPECT_EQ(csv_field("\t=1"), "'\t=1");
    // A carriage return forces quoting as well: ' first, then RFC 4180 quotes.
    EXPECT_EQ(csv_field("\r=1"), "\"'\r=1\"");
    // The quotes of the formula are doubled inside the quoted field, after the leading '.
    EXPECT_EQ(csv_field("=HYPERLINK(\"http://x\",\"y\")"),
              "\"'=HYPERLINK(\"\"http://x\"\",\"\"y\"\")\"");
}

TEST(CsvFieldTest, NumbersAndPlainTextStay) {
    EXPECT_EQ(csv_field("-5"), "-5");
    EXPECT_EQ(csv_field("-3.5"), "-3.5");
    EXPECT_EQ(csv_field("+7"), "+7");
    EXPECT_EQ(csv_field("-1e3"), "-1e3");
    EXPECT_EQ(csv_field("a=b"), "a=b"); // only the first character counts
    EXPECT_EQ(csv_field("颐景花苑3栋"), "颐景花苑3栋");
    EXPECT_EQ(csv_field(""), "");
    EXPECT_EQ(csv_field("a,b"), "\"a,b\"");
    // "-inf" and "-nan" are not numbers a spreadsheet keeps: neutralised.
    EXPECT_EQ(csv_field("-inf"), "'-inf");
}

TEST(CsvFieldTest, InvalidUtf8IsReplaced) {
    // GBK bytes of 张 (0xD5 0xC5) are not UTF-8: each becomes U+FFFD (EF BF BD).
    EXPECT_EQ(csv_field("\xD5\xC5"), "\xEF\xBF\xBD\xEF\xBF\xBD");
}

TEST(JsonTest, AlwaysValidUtf8) {
    EXPECT_EQ(json_quote("a\"b\\c\n"), "\"a\\\"b\\\\c\\n\"");
    EXPECT_EQ(json_quote("社区"), "\"社区\"");
    // A lone continuation byte, an overlong "/" (C0 AF), a surrogate (ED A0 80) and a cut
    // 3-byte sequence (E4 B8) are replaced, one U+FFFD per byte.
    EXPECT_EQ(json_quote("\x80"), "\"\xEF\xBF\xBD\"");
    EXPECT_EQ(json_quote("\xC0\xAF"), "\"\xEF\xBF\xBD\xEF\xBF\xBD\"");
    EXPECT_EQ(json_quote("\xED\xA0\x80"), "\"\xEF\xBF\xBD\xEF\xBF\xBD\xEF\xBF\xBD\"");
    EXPECT_EQ(json_quote("\xE4\xB8"), "\"\xEF\xBF\xBD\xEF\xBF\xBD\"");
    // U+10FFFF (F4 8F BF BF) is the last code point and stays; F4 90 80 80 is beyond it.
    EXPECT_EQ(json_quote("\xF4\x8F\xBF\xBF"), "\"\xF4\x8F\xBF\xBF\"");
    EXPECT_TRUE(gridmap::is_valid_utf8("\xF4\x8F\xBF\xBF"));
    EXPECT_FALSE(gridmap::is_valid_utf8("\xF4\x90\x80\x80"));
    EXPECT_EQ(json_quote(std::string("\x01", 1)), "\"\\u0001\"");
}

TEST(JsonTest, NumbersAreFiniteOrNull) {
    EXPECT_EQ(json_number(-3.25, 2), "-3.25");
    EXPECT_EQ(json_number(std::nan(""), 2), "null");
    EXPECT_EQ(json_number(std::numeric_limits<double>::infinity(), 1), "null");
    EXPECT_EQ(json_number(-std::numeric_limits<double>::infinity(), 1), "null");
}

TEST(FixedTest, HugeNumbersStayShort) {
    EXPECT_EQ(gridmap::fixed(1e200, 2), "1e+200");
    EXPECT_EQ(gridmap::fixed(-0.001, 2), "0.00");
    EXPECT_EQ(gridmap::fixed(490600.5, 1), "490600.5");
}
