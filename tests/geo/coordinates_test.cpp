#include "gridmap/coordinates.hpp"

#include <gtest/gtest.h>

using gridmap::LonLat;

namespace {

// Published pairs (wgs lat, lon, gcj lat, lon) from the eviltransform project's test suite
// (Shanghai, Shenzhen, Beijing), computed there by the same public GCJ-02 formula.
struct Pair {
    LonLat wgs;
    LonLat gcj;
};
const Pair published[] = {
    {{121.5272106, 31.1774276}, {121.531541859215, 31.17530398364597}},
    {{113.912316, 22.543847}, {113.9171764808363, 22.540796131694766}},
    {{116.377817, 39.911954}, {116.38404722455657, 39.91334545536069}},
};

// Published GCJ-02 -> BD-09 pair (the coordtransform project's README, also asserted by the
// hutool library's tests): GCJ-02 (116.404, 39.915) is BD-09 (116.41036949371029,
// 39.92133699351021).
const LonLat published_gcj{116.404, 39.915};
const LonLat published_bd{116.41036949371029, 39.92133699351021};

} // namespace

TEST(ChineseOffsetsTest, Wgs84ToGcj02MatchesPublishedPairs) {
    for (const auto& p : published) {
        const LonLat g = gridmap::wgs84_to_gcj02(p.wgs);
        EXPECT_NEAR(g.lon, p.gcj.lon, 1e-8) << p.wgs.lon << "," << p.wgs.lat;
        EXPECT_NEAR(g.lat, p.gcj.lat, 1e-8) << p.wgs.lon << "," << p.wgs.lat;
    }
}

TEST(ChineseOffsetsTest, Gcj02ToWgs84IsWithinHalfAMetre) {
    for (const auto& p : published) {
        const LonLat w = gridmap::gcj02_to_wgs84(p.gcj);
        EXPECT_LT(gridmap::distance_m(w, p.wgs), 0.5) << p.gcj.lon << "," << p.gcj.lat;
        // The iterative inverse is far better than the 0.5 m requirement.
        EXPECT_LT(gridmap::distance_m(w, p.wgs), 0.001);
    }
}

TEST(ChineseOffsetsTest, TheOffsetIsHundredsOfMetres) {
    // Shenzhen: the published pair is about 600 m apart; a no-op conversion would fail here.
    const double d = gridmap::distance_m(published[1].wgs, published[1].gcj);
    EXPECT_GT(d, 400.0);
    EXPECT_LT(d, 800.0);
}

TEST(ChineseOffsetsTest, Gcj02ToBd09MatchesThePublishedPair) {
    const LonLat bd = gridmap::gcj02_to_bd09(published_gcj);
    EXPECT_NEAR(bd.lon, published_bd.lon, 1e-9);
    EXPECT_NEAR(bd.lat, published_bd.lat, 1e-9);
}

TEST(ChineseOffsetsTest, Bd09ToGcj02InvertsThePublishedPair) {
    EXPECT_LT(gridmap::distance_m(gridmap::bd09_to_gcj02(published_bd), published_gcj), 0.001);
    // Beijing railway station as a map user reads it (5 decimals, so within ~1.5 m):
    // GCJ-02 (116.42703, 39.90245), BD-09 (116.43351, 39.90851).
    EXPECT_LT(
        gridmap::distance_m(gridmap::bd09_to_gcj02({116.43351, 39.90851}), {116.42703, 39.90245}),
        1.5);
}

TEST(ChineseOffsetsTest, RoundTripsAcrossChinaBelowOneCentimetre) {
    for (double lon = 75.0; lon <= 134.0; lon += 3.7) {
        for (double lat = 18.5; lat <= 53.0; lat += 2.9) {
            const LonLat p{lon, lat};
            EXPECT_LT(gridmap::distance_m(gridmap::gcj02_to_wgs84(gridmap::wgs84_to_gcj02(p)), p),
                      0.01);
            EXPECT_LT(gridmap::distance_m(gridmap::bd09_to_wgs84(gridmap::wgs84_to_bd09(p)), p),
                      0.01);
        }
    }
}

TEST(ChineseOffsetsTest, PointsOutsideChinaAreUnchanged) {
    const LonLat vaduz{9.52, 47.14};
    const LonLat g = gridmap::wgs84_to_gcj02(vaduz);
    EXPECT_EQ(g.lon, vaduz.lon);
    EXPECT_EQ(g.lat, vaduz.lat);
    EXPECT_TRUE(gridmap::is_outside_china(vaduz));
    EXPECT_FALSE(gridmap::is_outside_china({113.9, 30.9}));
}

TEST(ChineseOffsetsTest, DistanceOfOneDegreeOfLatitude) {
    // 2 * pi * 6371000 / 360 = 111194.93 m
    EXPECT_NEAR(gridmap::distance_m({114, 30}, {114, 31}), 111194.93, 0.01);
}
