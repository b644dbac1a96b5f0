#include "gridmap/crs.hpp"
#include "gridmap/error.hpp"

#include <gtest/gtest.h>

TEST(WorkingCrsTest, ChinaUsesCgcs2000ThreeDegreeZones) {
    EXPECT_EQ(gridmap::default_working_epsg({114.0, 30.5}), 4547);     // CM 114E (Wuhan)
    EXPECT_EQ(gridmap::default_working_epsg({113.905, 30.925}), 4547); // Xiaogan
    EXPECT_EQ(gridmap::default_working_epsg({113.55, 22.19}), 4547);   // Macao -> CM 114E
    EXPECT_EQ(gridmap::default_working_epsg({116.4, 39.9}), 4548);     // Beijing -> CM 117E
    EXPECT_EQ(gridmap::default_working_epsg({121.47, 31.23}), 4549);   // Shanghai -> CM 120E
    EXPECT_EQ(gridmap::default_working_epsg({75.9, 39.5}), 4534);      // Kashgar -> CM 75E
}

TEST(WorkingCrsTest, ElsewhereUsesUtm) {
    EXPECT_EQ(gridmap::default_working_epsg({9.52, 47.14}), 32632);  // Liechtenstein
    EXPECT_EQ(gridmap::default_working_epsg({1.52, 42.51}), 32631);  // Andorra
    EXPECT_EQ(gridmap::default_working_epsg({151.2, -33.9}), 32756); // Sydney
}

TEST(WorkingCrsTest, ParseAcceptsProjectedMetricOnly) {
    EXPECT_EQ(gridmap::parse_working_crs("EPSG:4547"), 4547);
    EXPECT_EQ(gridmap::parse_working_crs("EPSG:32650"), 32650);
    EXPECT_THROW(gridmap::parse_working_crs("EPSG:4326"), gridmap::InputError); // geographic
    EXPECT_THROW(gridmap::parse_working_crs("EPSG:2249"), gridmap::InputError); // US feet
    EXPECT_THROW(gridmap::parse_working_crs("not a crs"), gridmap::InputError);
    EXPECT_THROW(gridmap::parse_working_crs("EPSG:999999"), gridmap::InputError);
}

TEST(WorkingCrsTest, CrsNameIsReadable) {
    EXPECT_EQ(gridmap::crs_name(4547), "CGCS2000 / 3-degree Gauss-Kruger CM 114E");
}

TEST(LonLatTransformTest, ControlPointsOnTheCentralMeridian) {
    // On the central meridian x is the false easting; y is the meridian arc length, which for
    // the CGCS2000 (GRS80) ellipsoid at 30N is 3,320,113.398 m (numerical integration of
    // a(1-e^2)/(1-e^2 sin^2 phi)^1.5, done outside this code).
    const gridmap::LonLatTransform gk(4547);
    const auto p = gk.to_projected({114.0, 30.0});
    EXPECT_NEAR(p.x, 500000.0, 0.001);
    EXPECT_NEAR(p.y, 3320113.398, 0.01);
    // UTM scales the same arc by 0.9996.
    const gridmap::LonLatTransform utm(32650);
    const auto u = utm.to_projected({117.0, 30.0});
    EXPECT_NEAR(u.x, 500000.0, 0.001);
    EXPECT_NEAR(u.y, 3320113.398 * 0.9996, 0.01);
    // The equator on the central meridian is the origin (y = 0).
    EXPECT_NEAR(gk.to_projected({114.0, 0.0}).y, 0.0, 0.001);
}

TEST(LonLatTransformTest, OffMeridianPointsAndInverse) {
    const gridmap::LonLatTransform gk(4547);
    // One degree of longitude east of the meridian at 30N is about 96.5 km in Gauss-Kruger
    // (cos 30 * 111.3 km, plus the projection's scale growth): between 96 and 97 km.
    const auto p = gk.to_projected({115.0, 30.0});
    EXPECT_GT(p.x - 500000.0, 96000.0);
    EXPECT_LT(p.x - 500000.0, 97000.0);
    const auto back = gk.to_lonlat(p);
    EXPECT_NEAR(back.lon, 115.0, 1e-9);
    EXPECT_NEAR(back.lat, 30.0, 1e-9);
}
