// A GeoPackage layer of 16,384 features and more is read by two readers (the features before
// the middle fid, and the others on a second thread): the rows keep the source's order, the
// features their positions (not their fids: these sources have gaps in their fids), and the
// problems of both halves are listed in source order, as one reader lists them.

#include "geo/test_util.hpp"
#include "gridmap/error.hpp"
#include "gridmap/import.hpp"
#include "gridmap/project.hpp"

#include <gdal_priv.h>
#include <gtest/gtest.h>
#include <ogrsf_frmts.h>

#include <algorithm>
#include <functional>
#include <map>
#include <memory>
#include <string>
#include <vector>

using gridmap::ImportOptions;
using gridmap::Project;
using gridmap::test::data;
using gridmap::test::temp_file;
using gridmap::test::value_of;

namespace {

gridmap::ImportReport import(Project& p, const std::string& table, const std::string& file) {
    ImportOptions o;
    o.table = table;
    o.source = file;
    return gridmap::import_layer(p, o);
}

/// The fixture's community, two cells (x 500000-500200 and 500200-500400, y 3300000-3300300),
/// party groups and three buildings B01-B03; `with_buildings` false leaves the buildings out.
std::string fixture_project(const std::string& name, bool with_buildings) {
    const std::string path = temp_file(name);
    Project p = Project::create(path, 0);
    import(p, "community", data("community.geojson"));
    import(p, "cell", data("cell.geojson"));
    import(p, "party_branch", data("party_branch.csv"));
    import(p, "person", data("person.csv"));
    import(p, "party_group", data("party_group.csv"));
    if (with_buildings) {
        import(p, "building", data("building.geojson"));
    }
    return path;
}

/// Fid of the feature at 1-based position `i`: 1-100, then a gap of ten (111 ...).
GIntBig fid_at(int i) {
    return i <= 100 ? i : i + 10;
}

/// Writes a GeoPackage with one layer of `n` features; fill(feature, position) sets the fields
/// and the geometry of each.
std::string source_gpkg(const std::string& name, const std::string& layer_name, int n, bool spatial,
                        const std::vector<std::string>& fields,
                        const std::function<void(OGRFeature&, int)>& fill) {
    const std::string path = temp_file(name);
    GDALDriver* driver = GetGDALDriverManager()->GetDriverByName("GPKG");
    GDALDatasetUniquePtr ds(driver->Create(path.c_str(), 0, 0, 0, GDT_Unknown, nullptr));
    EXPECT_TRUE(ds);
    OGRSpatialReference srs;
    srs.importFromEPSG(4547);
    OGRLayer* layer = ds->CreateLayer(layer_name.c_str(), spatial ? &srs : nullptr,
                                      spatial ? wkbPolygon : wkbNone, nullptr);
    EXPECT_NE(layer, nullptr);
    for (const std::string& f : fields) {
        OGRFieldDefn defn(f.c_str(), OFTString);
        layer->CreateField(&defn);
    }
    EXPECT_EQ(layer->StartTransaction(), OGRERR_NONE);
    for (int i = 1; i <= n; ++i) {
        std::unique_ptr<OGRFeature> f(OGRFeature::CreateFeature(layer->GetLayerDefn()));
        f->SetFID(fid_at(i));
        fill(*f, i);
        EXPECT_EQ(layer->CreateFeature(f.get()), OGRERR_NONE);
    }
    EXPECT_EQ(layer->CommitTransaction(), OGRERR_NONE);
    return path;
}

/// One value of a query on a GeoPackage, as text.
std::string query(const std::string& path, const std::string& sql) {
    GDALDatasetUniquePtr ds(GDALDataset::Open(path.c_str(), GDAL_OF_VECTOR));
    if (!ds) {
        return "<no file>";
    }
    OGRLayer* result = ds->ExecuteSQL(sql.c_str(), nullptr, "SQLITE");
    if (result == nullptr) {
        return "<no result>";
    }
    std::string out = "<no row>";
    if (OGRFeature* f = result->GetNextFeature()) {
        out = f->GetFieldAsString(0);
        OGRFeature::DestroyFeature(f);
    }
    ds->ReleaseResultSet(result);
    return out;
}

constexpr int households = 20000;

std::string household_source(const std::string& name, const std::vector<int>& bad_persons,
                             int unknown_building, const std::map<int, std::string>& ids = {}) {
    return source_gpkg(name, "household", households, false, {"id", "building", "room", "persons"},
                       [&](OGRFeature& f, int i) {
                           const auto id = ids.find(i);
                           f.SetField("id", id != ids.end() ? id->second.c_str()
                                                            : ("H" + std::to_string(i)).c_str());
                           f.SetField("building", i == unknown_building
                                                      ? "B99"
                                                      : ("B0" + std::to_string(1 + i % 3)).c_str());
                           f.SetField("room", std::to_string(100 + i % 9).c_str());
                           const bool bad = std::find(bad_persons.begin(), bad_persons.end(), i) !=
                                            bad_persons.end();
                           f.SetField("persons", bad ? "120" : std::to_string(i % 7).c_str());
                       });
}

/// A 1.5 m square at grid position i: 200 a row of 2 m steps from (500000, 3300000).
OGRPolygon square(int i) {
    const double x = 500000 + 2.0 * ((i - 1) % 200);
    const double y = 3300000 + 2.0 * ((i - 1) / 200);
    OGRLinearRing ring;
    ring.addPoint(x, y);
    ring.addPoint(x + 1.5, y);
    ring.addPoint(x + 1.5, y + 1.5);
    ring.addPoint(x, y + 1.5);
    ring.addPoint(x, y);
    OGRPolygon p;
    p.addRing(&ring);
    return p;
}

constexpr int buildings = 17000;

} // namespace

TEST(ImportSplitReadTest, HouseholdsOfALargeGeoPackageKeepTheirOrder) {
    const std::string path = fixture_project("split-households.gpkg", true);
    const std::string source = household_source("households.gpkg", {}, 0);
    Project p = Project::open(path);
    const auto r = import(p, "household", source);
    EXPECT_EQ(r.read, households);
    EXPECT_EQ(r.added, households);
    EXPECT_EQ(p.count("household"), households);
    // Written in source order: the project's fids 1 ... 20,000 hold H1 ... H20000.
    EXPECT_EQ(query(path, "SELECT COUNT(*) FROM household WHERE id = 'H' || fid"), "20000");
    // H15001 (second half): building B0(1 + 15001 % 3) = B02, room 100 + 15001 % 9 = 107,
    // persons 15001 % 7 = 0.
    EXPECT_EQ(value_of(path, "household", "id", "H15001", "building"), "B02");
    EXPECT_EQ(value_of(path, "household", "id", "H15001", "room"), "107");
    EXPECT_EQ(value_of(path, "household", "id", "H15001", "persons"), "0");
    EXPECT_EQ(value_of(path, "household", "id", "H7", "persons"), "0");
    EXPECT_EQ(value_of(path, "household", "id", "H8", "building"), "B03");
}

TEST(ImportSplitReadTest, ProblemsOfBothHalvesAreListedInSourceOrder) {
    const std::string path = fixture_project("split-problems.gpkg", true);
    // Positions 7 (first half), 15001 and 19999 (second half; fids 15011 and 20009). The
    // buildings are looked up first (the register), then the values are checked.
    const std::string source = household_source("bad-households.gpkg", {7, 15001}, 19999);
    const std::string before = gridmap::test::dump_project(path);
    Project p = Project::open(path);
    try {
        import(p, "household", source);
        FAIL() << "imported";
    } catch (const gridmap::InputError& e) {
        EXPECT_EQ(std::string(e.what()),
                  source +
                      ": 3 problems; nothing was imported:\n"
                      "  feature 19999 (id 'H19999'), field 'building': no building with id or "
                      "name 'B99'\n"
                      "  feature 7 (id 'H7'), field 'persons': '120' is not between 0 and 99\n"
                      "  feature 15001 (id 'H15001'), field 'persons': '120' is not between 0 "
                      "and 99");
    }
    EXPECT_EQ(gridmap::test::dump_project(path), before);
}

TEST(ImportSplitReadTest, BuildingsOfALargeGeoPackageGetTheirCellsAndBlobs) {
    const std::string path = fixture_project("split-buildings.gpkg", false);
    const std::string source = source_gpkg("buildings.gpkg", "building", buildings, true,
                                           {"id", "floors"}, [](OGRFeature& f, int i) {
                                               f.SetField("id", ("B" + std::to_string(i)).c_str());
                                               f.SetField("floors", std::to_string(i % 30).c_str());
                                               OGRPolygon g = square(i);
                                               f.SetGeometry(&g);
                                           });
    Project p = Project::open(path);
    const auto r = import(p, "building", source);
    EXPECT_EQ(r.read, buildings);
    EXPECT_EQ(r.added, buildings);
    EXPECT_EQ(query(path, "SELECT COUNT(*) FROM building WHERE id = 'B' || fid"), "17000");
    // 100 squares of each row of 200 lie left of x = 500200 (cell 001), 100 right of it; 85
    // rows: 8,500 in each cell, each wholly (share 1).
    EXPECT_EQ(query(path, "SELECT COUNT(*) FROM building WHERE cell = '420902001005001' AND "
                          "cell_share = 1"),
              "8500");
    EXPECT_EQ(query(path, "SELECT COUNT(*) FROM building WHERE cell = '420902001005002' AND "
                          "cell_share = 1"),
              "8500");
    EXPECT_EQ(query(path, "SELECT COUNT(*) FROM building WHERE community IS NOT NULL"), "17000");
    // B16999 (second half; grid position 16998 = row 84, column 198): x 500396, y 3300168; its
    // blob read back by GDAL, its area 1.5 x 1.5 and its R-tree box.
    EXPECT_EQ(query(path, "SELECT ST_MinX(geom) || ' ' || ST_MinY(geom) || ' ' || ST_Area(geom) "
                          "FROM building WHERE id = 'B16999'"),
              "500396.0 3300168.0 2.25");
    EXPECT_EQ(query(path, "SELECT COUNT(*) FROM rtree_building_geom"), "17000");
    EXPECT_EQ(query(path, "SELECT srs_id FROM gpkg_geometry_columns WHERE table_name = 'building'"),
              query(path, "SELECT DISTINCT ST_SRID(geom) FROM building"));
}

TEST(ImportSplitReadTest, GeometryProblemsOfBothHalvesAreListedInSourceOrder) {
    const std::string path = fixture_project("split-geometry.gpkg", false);
    // Position 3: no geometry; 12000 (second half): a bow tie.
    const std::string source = source_gpkg("bad-buildings.gpkg", "building", buildings, true,
                                           {"id"}, [](OGRFeature& f, int i) {
                                               f.SetField("id", ("B" + std::to_string(i)).c_str());
                                               if (i == 3) {
                                                   return;
                                               }
                                               OGRPolygon g = square(i);
                                               if (i == 12000) {
                                                   OGRLinearRing bow;
                                                   bow.addPoint(500000, 3300100);
                                                   bow.addPoint(500010, 3300110);
                                                   bow.addPoint(500010, 3300100);
                                                   bow.addPoint(500000, 3300110);
                                                   bow.addPoint(500000, 3300100);
                                                   g = OGRPolygon();
                                                   g.addRing(&bow);
                                               }
                                               f.SetGeometry(&g);
                                           });
    const std::string before = gridmap::test::dump_project(path);
    Project p = Project::open(path);
    try {
        import(p, "building", source);
        FAIL() << "imported";
    } catch (const gridmap::InputError& e) {
        const std::string text = e.what();
        EXPECT_NE(text.find(source + ": 2 problems; nothing was imported:\n"
                                     "  feature 3 (id 'B3'): empty geometry\n"
                                     "  feature 12000 (id 'B12000'): invalid geometry: "
                                     "Self-intersection at (500005.00 3300105.00)"),
                  std::string::npos)
            << text;
    }
    EXPECT_EQ(gridmap::test::dump_project(path), before);
}

TEST(ImportSplitReadTest, RepeatedKeysNameTheFirstFeatureWithThem) {
    const std::string path = fixture_project("split-keys.gpkg", true);
    // H5 again at positions 18000 and 19000, H18000 thus missing; H19999 at 12 too.
    const std::string source =
        household_source("repeated.gpkg", {}, 0, {{18000, "H5"}, {19000, "H5"}, {12, "H19999"}});
    Project p = Project::open(path);
    try {
        import(p, "household", source);
        FAIL() << "imported";
    } catch (const gridmap::InputError& e) {
        EXPECT_EQ(std::string(e.what()),
                  source +
                      ": 3 problems; nothing was imported:\n"
                      "  feature 18000 (id 'H5'), field 'id': 'H5' repeats feature 5\n"
                      "  feature 19000 (id 'H5'), field 'id': 'H5' repeats feature 5\n"
                      "  feature 19999 (id 'H19999'), field 'id': 'H19999' repeats feature 12");
    }
    EXPECT_EQ(p.count("household"), 0);
}
