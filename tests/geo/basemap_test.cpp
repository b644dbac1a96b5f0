// Basemap: a GeoTIFF generated here with the GDAL API (no network) warped to a projected CRS.

#include "geo/test_util.hpp"
#include "gridmap/basemap.hpp"
#include "gridmap/crs.hpp"
#include "gridmap/error.hpp"

#include <gtest/gtest.h>

#include <gdal_priv.h>
#include <ogr_spatialref.h>

using gridmap::Basemap;

namespace {

/// A 200 x 100 GeoTIFF in EPSG:4326 over lon 114.00..114.02, lat 30.50..30.51: the west half
/// red, the east half blue. With `palette`, one band with a colour table instead of RGB.
std::string make_tiff(const std::string& name, bool palette = false, bool with_crs = true) {
    GDALAllRegister();
    const std::string path = gridmap::test::temp_file(name);
    GDALDriver* drv = GetGDALDriverManager()->GetDriverByName("GTiff");
    const int bands = palette ? 1 : 3;
    GDALDataset* ds = drv->Create(path.c_str(), 200, 100, bands, GDT_Byte, nullptr);
    double gt[6] = {114.00, 0.0001, 0, 30.51, 0, -0.0001};
    ds->SetGeoTransform(gt);
    if (with_crs) {
        OGRSpatialReference srs;
        srs.importFromEPSG(4326);
        ds->SetSpatialRef(&srs);
    }
    std::vector<std::uint8_t> px(200 * 100);
    for (int b = 1; b <= bands; ++b) {
        for (int y = 0; y < 100; ++y) {
            for (int x = 0; x < 200; ++x) {
                const bool west = x < 100;
                std::uint8_t v = 0;
                if (palette) {
                    v = west ? 1 : 2;
                } else if (b == 1) {
                    v = west ? 255 : 0;
                } else if (b == 3) {
                    v = west ? 0 : 255;
                }
                px[y * 200 + x] = v;
            }
        }
        EXPECT_EQ(ds->GetRasterBand(b)->RasterIO(GF_Write, 0, 0, 200, 100, px.data(), 200, 100,
                                                 GDT_Byte, 0, 0),
                  CE_None);
    }
    if (palette) {
        GDALColorTable ct;
        GDALColorEntry none{0, 0, 0, 255}, green{0, 200, 0, 255}, yellow{250, 220, 0, 255};
        ct.SetColorEntry(0, &none);
        ct.SetColorEntry(1, &green);
        ct.SetColorEntry(2, &yellow);
        ds->GetRasterBand(1)->SetColorTable(&ct);
    }
    GDALClose(ds);
    return path;
}

struct Px {
    int r, g, b, a;
};

Px at(const gridmap::RgbaImage& img, int x, int y) {
    const std::size_t i = (static_cast<std::size_t>(y) * img.width + x) * 4;
    return {img.rgba[i], img.rgba[i + 1], img.rgba[i + 2], img.rgba[i + 3]};
}

/// The working-CRS extent of a lon/lat box (EPSG:4547).
gridmap::Extent projected(double lon0, double lat0, double lon1, double lat1) {
    const gridmap::LonLatTransform t(4547);
    const auto a = t.to_projected({lon0, lat0});
    const auto b = t.to_projected({lon1, lat1});
    return {a.x, a.y, b.x, b.y};
}

} // namespace

TEST(BasemapTest, WarpsAGeoTiffToTheWorkingCrs) {
    const Basemap map = Basemap::open(make_tiff("rgb.tif"));
    EXPECT_NE(map.description().find("GTiff 200x100"), std::string::npos) << map.description();
    // The middle of the raster, 100 x 50 pixels.
    const auto img = map.render(4547, projected(114.005, 30.5025, 114.015, 30.5075), 100, 50);
    ASSERT_EQ(img.width, 100);
    ASSERT_EQ(img.rgba.size(), 100u * 50u * 4u);
    const Px west = at(img, 10, 25);
    const Px east = at(img, 90, 25);
    EXPECT_EQ(west.r, 255);
    EXPECT_EQ(west.b, 0);
    EXPECT_EQ(west.a, 255);
    EXPECT_EQ(east.r, 0);
    EXPECT_EQ(east.b, 255);
    EXPECT_EQ(east.a, 255);
}

TEST(BasemapTest, OutsideTheRasterIsTransparent) {
    const Basemap map = Basemap::open(make_tiff("rgb.tif"));
    // From lon 113.99 (outside) to 114.01; lat inside.
    const auto img = map.render(4547, projected(113.99, 30.502, 114.01, 30.508), 100, 30);
    EXPECT_EQ(at(img, 5, 15).a, 0);
    EXPECT_EQ(at(img, 95, 15).a, 255);
    EXPECT_EQ(at(img, 95, 15).r, 255);
}

TEST(BasemapTest, ColourTableIsExpanded) {
    const Basemap map = Basemap::open(make_tiff("palette.tif", true));
    const auto img = map.render(4547, projected(114.005, 30.5025, 114.015, 30.5075), 100, 50);
    const Px west = at(img, 10, 25);
    const Px east = at(img, 90, 25);
    EXPECT_EQ(west.g, 200);
    EXPECT_EQ(west.r, 0);
    EXPECT_EQ(east.r, 250);
    EXPECT_EQ(east.g, 220);
    EXPECT_EQ(east.a, 255);
}

TEST(BasemapTest, BadSourcesAreInputErrors) {
    EXPECT_THROW(Basemap::open(gridmap::test::temp_file("missing.tif")), gridmap::InputError);
    EXPECT_THROW(Basemap::open(gridmap::test::data("building.geojson")), gridmap::InputError);
    EXPECT_THROW(Basemap::open(make_tiff("nocrs.tif", false, false)), gridmap::InputError);
    const Basemap map = Basemap::open(make_tiff("rgb.tif"));
    EXPECT_THROW(map.render(4547, {0, 0, 0, 0}, 10, 10), gridmap::InputError);
    EXPECT_THROW(map.render(4547, projected(114.0, 30.5, 114.01, 30.51), 0, 10),
                 gridmap::InputError);
}
