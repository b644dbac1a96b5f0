// Real files that no one here drew (shared/data, see its README for provenance and licence:
// © OpenStreetMap contributors). Expected counts are the README's and those worked out from
// the raw files with ogrinfo / a JSON reader, not by this code.

#include "geo/test_util.hpp"
#include "gridmap/check.hpp"
#include "gridmap/error.hpp"
#include "gridmap/import.hpp"
#include "gridmap/project.hpp"

#include <gdal_priv.h>
#include <gtest/gtest.h>
#include <ogrsf_frmts.h>

#include <filesystem>

using gridmap::ImportOptions;
using gridmap::Project;
using gridmap::test::shared_data;
using gridmap::test::temp_file;

namespace {

#define REQUIRE_SHARED(file)                                                                       \
    if (!std::filesystem::exists(shared_data(file))) {                                             \
        GTEST_SKIP() << "shared data missing: " << shared_data(file);                              \
    }

ImportOptions opts(const std::string& table, const std::string& file) {
    ImportOptions o;
    o.table = table;
    o.source = shared_data(file);
    return o;
}

/// Number of features of a project table whose geometry GEOS (through OGR) finds invalid.
int invalid_geometries(const std::string& path, const std::string& table) {
    GDALDatasetUniquePtr ds(GDALDataset::Open(path.c_str(), GDAL_OF_VECTOR));
    int bad = 0;
    for (auto& f : *ds->GetLayerByName(table.c_str())) {
        const OGRGeometry* g = f->GetGeometryRef();
        bad += (g == nullptr || !g->IsValid()) ? 1 : 0;
    }
    return bad;
}

std::string refusal(Project& p, const ImportOptions& o) {
    try {
        gridmap::import_layer(p, o);
    } catch (const gridmap::InputError& e) {
        return e.what();
    }
    return "<imported>";
}

} // namespace

TEST(RealDataTest, OpenStreetMapBuildingsOfLiechtenstein) {
    REQUIRE_SHARED("osm/liechtenstein-2013-08-03.osm.pbf");
    const std::string path = temp_file("li.gpkg");
    Project p = Project::create(path, 0);
    ImportOptions o = opts("building", "osm/liechtenstein-2013-08-03.osm.pbf");
    o.source_layer = "multipolygons";
    o.where = "building IS NOT NULL";
    const auto r = gridmap::import_layer(p, o);
    EXPECT_EQ(r.imported, 3723);
    EXPECT_EQ(p.epsg(), 32632); // UTM 32N for 9.5E
    EXPECT_EQ(invalid_geometries(path, "building"), 0);
}

TEST(RealDataTest, OpenStreetMapBuildingsOfAndorra) {
    REQUIRE_SHARED("osm/andorra.osm.pbf");
    const std::string path = temp_file("ad.gpkg");
    Project p = Project::create(path, 0);
    ImportOptions o = opts("building", "osm/andorra.osm.pbf");
    o.source_layer = "multipolygons";
    o.where = "building IS NOT NULL";
    EXPECT_EQ(gridmap::import_layer(p, o).imported, 292);
    // Without --source-layer the several layers of a PBF are named in the refusal.
    const std::string msg = refusal(p, opts("building", "osm/andorra.osm.pbf"));
    EXPECT_NE(msg.find("choose one with --source-layer"), std::string::npos) << msg;
    EXPECT_NE(msg.find("multipolygons"), std::string::npos) << msg;
}

TEST(RealDataTest, WuhanTileCutPiecesAreReportedThenMerged) {
    REQUIRE_SHARED("wuhan/optics-valley-buildings.geojson");
    const std::string path = temp_file("wh.gpkg");
    Project p = Project::create(path, 0);
    // The file also holds 90 label points (refused as points, in one problem that names
    // --geometry-type) and 355 - 239 = 116 repeated ids.
    const std::string all = refusal(p, opts("building", "wuhan/optics-valley-buildings.geojson"));
    EXPECT_NE(all.find("117 problems"), std::string::npos) << all; // 1 + 116 repeats
    EXPECT_NE(all.find("geometry is POINT"), std::string::npos) << all;
    EXPECT_NE(all.find("--geometry-type polygon"), std::string::npos) << all;
    // Polygons only: 265 pieces of 237 ids; without --merge-by the 28 repeats are refused.
    ImportOptions polygons = opts("building", "wuhan/optics-valley-buildings.geojson");
    polygons.where = "OGR_GEOMETRY = 'POLYGON'";
    const std::string repeats = refusal(p, polygons);
    EXPECT_NE(repeats.find("28 problems"), std::string::npos) << repeats;
    EXPECT_NE(repeats.find("--merge-by id"), std::string::npos) << repeats;
    EXPECT_EQ(p.count("building"), 0);
    polygons.merge_by = "id";
    const auto r = gridmap::import_layer(p, polygons);
    EXPECT_EQ(r.read, 265);
    EXPECT_EQ(r.merged, 28);
    EXPECT_EQ(r.imported, 237);
    EXPECT_EQ(p.epsg(), 4547); // 114.4E
    EXPECT_EQ(invalid_geometries(path, "building"), 0);
    // The merge field is also the key: pieces of way 417791436 (repeated in the file) are one
    // building under that id. kind=building (every feature) says nothing: stored empty.
    EXPECT_EQ(r.taken, (std::vector<std::string>{"id <- id", "name <- name", "kind <- kind"}));
    EXPECT_NE(gridmap::test::value_of(path, "building", "id", "417791436", "id"), "<none>");
    EXPECT_EQ(gridmap::test::value_of(path, "building", "id", "417791436", "kind"), "<null>");
}

TEST(RealDataTest, MacaoParishesWithUnclosedRingsAreRefusedOrRepaired) {
    REQUIRE_SHARED("macau/macau-freguesias.geojson");
    const std::string path = temp_file("mo.gpkg");
    Project p = Project::create(path, 0);
    ImportOptions o = opts("community", "macau/macau-freguesias.geojson");
    o.field_map["code"] = "osmId";
    // 7 of the 8 parishes have an unclosed outer ring (counted in the raw JSON).
    const std::string msg = refusal(p, o);
    EXPECT_NE(msg.find("7 problems"), std::string::npos) << msg;
    EXPECT_NE(msg.find("ring 1 of polygon 1 is not closed"), std::string::npos) << msg;
    EXPECT_EQ(p.count("community"), 0);
    o.fix_invalid = true;
    const auto r = gridmap::import_layer(p, o);
    EXPECT_EQ(r.imported, 8);
    EXPECT_EQ(r.repaired.size(), 7u);
    EXPECT_EQ(r.ignored_fields, std::vector<std::string>{"nameEn"});
    EXPECT_EQ(invalid_geometries(path, "community"), 0);
    EXPECT_EQ(gridmap::test::value_of(path, "community", "code", "12107628", "name"), "望德堂區");
}

TEST(RealDataTest, MacaoGridAsCells) {
    REQUIRE_SHARED("macau/macau-grid.geojson");
    const std::string path = temp_file("mo.gpkg");
    Project p = Project::create(path, 0);
    ImportOptions o = opts("cell", "macau/macau-grid.geojson");
    o.fix_invalid = true;
    const auto r = gridmap::import_layer(p, o);
    EXPECT_EQ(r.imported, 1707);
    EXPECT_EQ(invalid_geometries(path, "cell"), 0);
}

TEST(RealDataTest, DirtyDataGoesThroughEveryRule) {
    REQUIRE_SHARED("macau/macau-grid.geojson");
    // Macao's parishes (repaired) as communities, its 100 m grid as cells, and Wuhan's
    // buildings, which lie in no cell of Macao: every rule runs, none aborts.
    const std::string path = temp_file("dirty.gpkg");
    {
        Project p = Project::create(path, 0);
        ImportOptions parishes = opts("community", "macau/macau-freguesias.geojson");
        parishes.field_map["code"] = "osmId";
        parishes.fix_invalid = true;
        gridmap::import_layer(p, parishes);
        ImportOptions grid = opts("cell", "macau/macau-grid.geojson");
        grid.fix_invalid = true;
        gridmap::import_layer(p, grid);
        ImportOptions buildings = opts("building", "wuhan/optics-valley-buildings.geojson");
        buildings.where = "OGR_GEOMETRY = 'POLYGON'";
        buildings.merge_by = "id";
        gridmap::import_layer(p, buildings);
    }
    const Project p = Project::open(path, Project::Access::read_only);
    const gridmap::CheckResult r = gridmap::check_project(p);
    EXPECT_EQ(r.rules.size(), 17u);
    EXPECT_EQ(r.rule("building_in_cell")->total, 237);
    EXPECT_EQ(r.rule("building_in_cell")->covered, 0);
    EXPECT_EQ(r.rule("cells_inside_community")->total, 1707);
    EXPECT_EQ(r.rule("cells_tile_community")->total, 8);
    // The parishes overlap one another and the grid leaves the sea uncovered: gaps exist.
    EXPECT_FALSE(r.gaps.empty());
    EXPECT_FALSE(r.all_hold());
    EXPECT_EQ(gridmap::check_to_json(r), gridmap::check_to_json(gridmap::check_project(p)));
}
