#include "gridmap/crs.hpp"
#include "gridmap/error.hpp"
#include "gridmap/parse.hpp"

#include <gtest/gtest.h>

#include <limits>

using namespace gridmap;

TEST(ParseTest, IntegersAreWholeAndNothingElse) {
    EXPECT_EQ(parse_integer("42"), 42);
    EXPECT_EQ(parse_integer("-7"), -7);
    EXPECT_EQ(parse_integer("+3"), 3);
    EXPECT_FALSE(parse_integer("4.5"));
    EXPECT_FALSE(parse_integer("1e3"));
    EXPECT_FALSE(parse_integer(""));
    EXPECT_FALSE(parse_integer(" 4"));
    EXPECT_FALSE(parse_integer("4 "));
    EXPECT_FALSE(parse_integer("+-4"));
    EXPECT_FALSE(parse_integer("99999999999999999999")); // stored as INT64_MIN before
}

TEST(ParseTest, RealsAreFinite) {
    EXPECT_DOUBLE_EQ(*parse_real("3.5"), 3.5);
    EXPECT_DOUBLE_EQ(*parse_real("-1e3"), -1000.0);
    EXPECT_FALSE(parse_real("1e400"));
    EXPECT_FALSE(parse_real("nan"));
    EXPECT_FALSE(parse_real("inf"));
    EXPECT_FALSE(parse_real("abc"));
    EXPECT_FALSE(parse_real("3.5m"));
    EXPECT_FALSE(parse_real(""));
}

TEST(ParseTest, DatesMustExistOnTheCalendar) {
    // 2026-11-28 00:00 Beijing = 2026-11-27T16:00Z = 1795795200 (worked with Python datetime).
    EXPECT_EQ(parse_date_time("2026-11-28"), 1795795200);
    EXPECT_EQ(parse_date_time("2026-11-28T00:00:00+08:00"), 1795795200);
    EXPECT_EQ(parse_date_time("2028-02-29T10:05:00Z"), 1835431500);
    EXPECT_FALSE(parse_date_time("2026-02-30"));
    EXPECT_FALSE(parse_date_time("2026-02-29")); // 2026 is not a leap year
    EXPECT_FALSE(parse_date_time("2026-13-01"));
    EXPECT_FALSE(parse_date_time("2026-11-28 25:00"));
    EXPECT_FALSE(parse_date_time(""));
    EXPECT_FALSE(parse_date_time("yesterday"));
    EXPECT_THROW(require_date_time("2026-02-30", "--at"), InputError);
}

TEST(CrsUsableExtentTest, HugeAndSwappedCoordinatesAreRefused) {
    // EPSG:4547 (CGCS2000 3-degree GK CM 114E, false easting 500 km): the demo community near
    // Xiaogan lies at about x 490 km, y 3422 km.
    EXPECT_TRUE(is_usable_coordinate(4547, 490'000, 3'422'000));
    EXPECT_FALSE(is_usable_coordinate(4547, 1e200, 3'422'000));
    EXPECT_FALSE(is_usable_coordinate(4547, -1e200, -1e200));
    EXPECT_FALSE(is_usable_coordinate(4547, std::numeric_limits<double>::quiet_NaN(), 0));
    EXPECT_FALSE(is_usable_coordinate(4547, std::numeric_limits<double>::infinity(), 0));
    // Lon/lat read as metres: 114 m east of the false origin is on the equator, far south of
    // the zone's area of use (21.5 - 45.2 N).
    EXPECT_FALSE(is_usable_coordinate(4547, 113.905, 30.925));
    const Extent e = usable_extent(4547);
    EXPECT_LT(e.min_y, 2'100'000); // 18.5 N, the area of use widened by 3 degrees
    EXPECT_GT(e.max_y, 5'300'000); // 48.2 N
    EXPECT_THROW(usable_extent(999999), InputError);
}
