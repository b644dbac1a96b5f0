#include "geo/test_util.hpp"
#include "gridmap/coordinates.hpp"
#include "gridmap/crs.hpp"
#include "gridmap/error.hpp"
#include "gridmap/import.hpp"
#include "gridmap/project.hpp"

#include <gdal_priv.h>
#include <gtest/gtest.h>
#include <ogrsf_frmts.h>

#include <cmath>
#include <limits>
#include <tuple>

using gridmap::ImportOptions;
using gridmap::InputError;
using gridmap::Project;
using gridmap::test::area_of;
using gridmap::test::data;
using gridmap::test::dump_project;
using gridmap::test::temp_file;
using gridmap::test::value_of;

namespace {

ImportOptions opts(const std::string& table, const std::string& file) {
    ImportOptions o;
    o.table = table;
    o.source = file.rfind("/", 0) == 0 ? file : data(file);
    return o;
}

gridmap::ImportReport import(Project& p, const std::string& table, const std::string& file) {
    return gridmap::import_layer(p, opts(table, file));
}

/// A project holding the fixture community, cells, compounds, people and party groups.
std::string fixture_project(bool with_buildings = true) {
    const std::string path = temp_file("p.gpkg");
    Project p = Project::create(path, 0);
    import(p, "community", "community.geojson");
    import(p, "cell", "cell.geojson");
    import(p, "compound", "compound.geojson");
    import(p, "party_branch", "party_branch.csv");
    import(p, "person", "person.csv");
    import(p, "party_group", "party_group.csv");
    if (with_buildings) {
        import(p, "building", "building.geojson");
        import(p, "unit", "unit.csv");
    }
    return path;
}

/// Imports and expects InputError whose message contains every `needles`; the project must be
/// unchanged afterwards.
void expect_refused(const std::string& path, const ImportOptions& o,
                    std::initializer_list<std::string> needles) {
    const std::string before = dump_project(path);
    {
        Project p = Project::open(path);
        try {
            gridmap::import_layer(p, o);
            ADD_FAILURE() << "import of " << o.source << " into " << o.table << " succeeded";
        } catch (const InputError& e) {
            for (const auto& n : needles) {
                EXPECT_NE(std::string(e.what()).find(n), std::string::npos)
                    << "message lacks '" << n << "':\n"
                    << e.what();
            }
        }
    }
    EXPECT_EQ(dump_project(path), before) << "the project changed";
}

struct XY {
    double x;
    double y;
};

XY point_of(const std::string& path, const std::string& table, const std::string& id) {
    GDALDatasetUniquePtr ds(GDALDataset::Open(path.c_str(), GDAL_OF_VECTOR));
    OGRLayer* l = ds->GetLayerByName(table.c_str());
    l->SetAttributeFilter(("id = '" + id + "'").c_str());
    OGRFeature* f = l->GetNextFeature();
    if (f == nullptr) {
        return {std::numeric_limits<double>::quiet_NaN(), std::numeric_limits<double>::quiet_NaN()};
    }
    const OGRPoint* p = f->GetGeometryRef()->toPoint();
    const XY xy{p->getX(), p->getY()};
    OGRFeature::DestroyFeature(f);
    return xy;
}

} // namespace

TEST(ImportTest, ParentsAreInferredByLargestOverlap) {
    const std::string path = fixture_project();
    // B01 lies in C01, B02 in C02; the shop B03 is in no compound.
    EXPECT_EQ(value_of(path, "building", "id", "B01", "compound"), "C01");
    EXPECT_EQ(value_of(path, "building", "id", "B02", "compound"), "C02");
    EXPECT_EQ(value_of(path, "building", "id", "B03", "compound"), "<null>");
    for (const char* b : {"B01", "B02", "B03"}) {
        EXPECT_EQ(value_of(path, "building", "id", b, "community"), "420902001005") << b;
    }
    EXPECT_EQ(value_of(path, "compound", "id", "C01", "community"), "420902001005");
    EXPECT_EQ(value_of(path, "cell", "code", "420902001005002", "community"), "420902001005");
}

TEST(ImportTest, ChildrenImportedFirstGetTheirParentsLater) {
    const std::string path = temp_file("p.gpkg");
    Project p = Project::create(path, 4547);
    import(p, "party_branch", "party_branch.csv");
    import(p, "person", "person.csv");
    import(p, "party_group", "party_group.csv");
    import(p, "building", "building.geojson");
    EXPECT_EQ(value_of(path, "building", "id", "B01", "compound"), "<null>");
    const auto r = import(p, "compound", "compound.geojson");
    EXPECT_EQ(value_of(path, "building", "id", "B01", "compound"), "C01");
    EXPECT_EQ(value_of(path, "building", "id", "B03", "compound"), "<null>");
    bool told = false;
    for (const auto& line : r.inferred) {
        told = told || line == "building.compound: 2 of 3 set from compound by largest overlap "
                               "(1 lie in no compound)";
    }
    EXPECT_TRUE(told);
}

TEST(ImportTest, PartyGroupsByNameOrIdBecomeLinks) {
    const std::string path = fixture_project();
    Project p = Project::open(path);
    EXPECT_EQ(p.count("party_group_building"), 2);
    EXPECT_EQ(value_of(path, "party_group_building", "building", "B01", "party_group"), "PG1");
    EXPECT_EQ(value_of(path, "party_group_building", "building", "B02", "party_group"), "PG2");
    EXPECT_EQ(value_of(path, "party_group_building", "building", "B03", "party_group"), "<none>");
}

TEST(ImportTest, ShapefileWithLaunderedFieldName) {
    const std::string path = fixture_project(false);
    Project p = Project::open(path);
    ImportOptions o = opts("building", "building_shp/building.shp");
    o.field_map["party_group"] = "party_grou"; // DBF names are cut to 10 characters
    const auto r = gridmap::import_layer(p, o);
    EXPECT_EQ(r.imported, 3);
    EXPECT_EQ(r.links, 2);
    EXPECT_EQ(value_of(path, "building", "id", "B02", "name"), "宝成公寓1栋");
    EXPECT_EQ(value_of(path, "building", "id", "B02", "floors"), "7");
    EXPECT_NEAR(area_of(path, "building", "id", "B02"), 720.0, 1e-6);
}

TEST(ImportTest, GeoPackageSource) {
    const std::string path = fixture_project(false);
    Project p = Project::open(path);
    const auto r = import(p, "building", "building.gpkg");
    EXPECT_EQ(r.imported, 3);
    EXPECT_EQ(value_of(path, "building", "id", "B03", "name"), "街边商铺");
    EXPECT_NEAR(area_of(path, "building", "id", "B03"), 200.0, 1e-6);
}

TEST(ImportTest, XlsxRegisterOfHouseholds) {
    const std::string path = fixture_project();
    Project p = Project::open(path);
    const auto r = import(p, "household", "household.xlsx");
    EXPECT_EQ(r.imported, 4);
    EXPECT_EQ(value_of(path, "household", "id", "H004", "head_name"), "周敏");
    EXPECT_EQ(value_of(path, "household", "id", "H004", "tags"), "租户");
    EXPECT_EQ(value_of(path, "household", "id", "H003", "persons"), "4");
    EXPECT_EQ(value_of(path, "household", "id", "H001", "unit"), "B01-1");
}

TEST(ImportTest, CsvWithWktColumn) {
    const std::string path = fixture_project();
    Project p = Project::open(path);
    ImportOptions o = opts("building", "building_wkt.csv");
    o.source_crs = "EPSG:4547";
    const auto r = gridmap::import_layer(p, o);
    EXPECT_EQ(r.imported, 1);
    EXPECT_EQ(value_of(path, "building", "id", "B11", "name"), "WKT楼,一号");
    EXPECT_NEAR(area_of(path, "building", "id", "B11"), 40.0 * 15.0, 1e-6);
    EXPECT_EQ(value_of(path, "building", "id", "B11", "compound"), "<null>");
}

TEST(ImportTest, CsvWithLonLatColumnsIsProjected) {
    const std::string path = fixture_project();
    Project p = Project::open(path);
    const auto r = import(p, "issue", "issue_lonlat.csv");
    EXPECT_EQ(r.imported, 2);
    // 114E 30N: on the central meridian of EPSG:4547; y is the GRS80 meridian arc to 30N.
    const XY i01 = point_of(path, "issue", "I01");
    EXPECT_NEAR(i01.x, 500000.0, 0.001);
    EXPECT_NEAR(i01.y, 3320113.398, 0.01);
    EXPECT_EQ(value_of(path, "issue", "id", "I01", "text"), "垃圾山");
    EXPECT_EQ(value_of(path, "issue", "id", "I02", "small_class"), "非法小广告");
}

TEST(ImportTest, Gcj02SourceLandsOnItsWgs84Position) {
    const std::string wgs_path = temp_file("wgs.gpkg");
    const std::string gcj_path = temp_file("gcj.gpkg");
    {
        Project wgs = Project::create(wgs_path, 4547);
        import(wgs, "issue", "issue_wgs84.csv");
        Project gcj = Project::create(gcj_path, 4547);
        ImportOptions o = opts("issue", "issue_gcj02.csv");
        o.source_crs = "gcj02";
        gridmap::import_layer(gcj, o);
    }
    const XY a = point_of(wgs_path, "issue", "I91");
    const XY b = point_of(gcj_path, "issue", "I91");
    EXPECT_LT(std::hypot(a.x - b.x, a.y - b.y), 0.5);
    // Without the conversion the same file lands hundreds of metres away.
    const std::string raw_path = temp_file("raw.gpkg");
    {
        Project raw = Project::create(raw_path, 4547);
        import(raw, "issue", "issue_gcj02.csv");
    }
    const XY c = point_of(raw_path, "issue", "I91");
    EXPECT_GT(std::hypot(a.x - c.x, a.y - c.y), 400.0);
}

TEST(ImportTest, Bd09SourceIsConverted) {
    // The same place, Beijing railway station, read off Amap (GCJ-02) and Baidu (BD-09) to 5
    // decimals: both imports must land within the ~1.5 m the rounding allows.
    const std::string gcj_path = temp_file("gcj.gpkg");
    const std::string bd_path = temp_file("bd.gpkg");
    const std::string gcj_csv = temp_file("gcj.csv");
    const std::string bd_csv = temp_file("bd.csv");
    auto write = [](const std::string& file, const char* text) {
        std::FILE* f = std::fopen(file.c_str(), "w");
        std::fputs(text, f);
        std::fclose(f);
    };
    write(
        gcj_csv,
        "id,category,small_class,text,lon,lat\nI1,微诉求,停车难,北京站停车难,116.42703,39.90245\n");
    write(
        bd_csv,
        "id,category,small_class,text,lon,lat\nI1,微诉求,停车难,北京站停车难,116.43351,39.90851\n");
    for (const auto& [path, csv, crs] :
         {std::tuple{gcj_path, gcj_csv, "gcj02"}, std::tuple{bd_path, bd_csv, "bd09"}}) {
        Project p = Project::create(path, 4548);
        ImportOptions o = opts("issue", csv);
        o.source_crs = crs;
        gridmap::import_layer(p, o);
    }
    const XY a = point_of(gcj_path, "issue", "I1");
    const XY b = point_of(bd_path, "issue", "I1");
    EXPECT_LT(std::hypot(a.x - b.x, a.y - b.y), 1.5);
    EXPECT_FALSE(std::isnan(a.x));
}

TEST(ImportTest, SelfIntersectingPolygonIsRefusedOrRepaired) {
    const std::string path = fixture_project();
    expect_refused(path, opts("building", "bowtie.geojson"),
                   {"bowtie.geojson", "feature 1 (id 'B21')", "Self-intersection", "--fix-invalid",
                    "nothing was imported"});
    Project p = Project::open(path);
    ImportOptions o = opts("building", "bowtie.geojson");
    o.fix_invalid = true;
    const auto r = gridmap::import_layer(p, o);
    ASSERT_EQ(r.repaired.size(), 1u);
    EXPECT_NE(r.repaired[0].find("B21"), std::string::npos);
    // The bow-tie's two triangles have base 20 m and height 10 m: 2 x 100 m2.
    EXPECT_NEAR(area_of(path, "building", "id", "B21"), 200.0, 1e-6);
}

TEST(ImportTest, BadInputsAreRefusedAndLeaveTheProjectUnchanged) {
    const std::string path = fixture_project();
    expect_refused(path, opts("building", "no_such_file.geojson"),
                   {"no_such_file.geojson", "no such file"});
    expect_refused(path, opts("building", "truncated.geojson"),
                   {"truncated.geojson", "not a readable vector file"});
    expect_refused(path, opts("building", "road_as_building.geojson"),
                   {"feature 1 (id 'R01')", "geometry is LINESTRING", "takes polygons"});
    expect_refused(path, opts("building", "empty_geometry.geojson"),
                   {"feature 2 (id 'B32'): empty geometry"});
    expect_refused(path, opts("household", "household_unknown_building.csv"),
                   {"household_unknown_building.csv", "feature 2 (id 'H102'), field 'building'",
                    "no building with id or name 'B99'"});
    expect_refused(path, opts("household", "household_bad_persons.csv"),
                   {"field 'persons'", "'three' is not a whole number"});
    expect_refused(path, opts("issue", "issue_bad_state.csv"),
                   {"field 'state'", "'finished' is not one of"});
    // Keys already in the project.
    expect_refused(path, opts("building", "building.geojson"),
                   {"'B01' is already in the project", "--replace"});
    ImportOptions bad_crs = opts("building", "bowtie.geojson");
    bad_crs.source_crs = "EPSG:999999";
    expect_refused(path, bad_crs, {"--source-crs 'EPSG:999999'", "unknown CRS"});
    ImportOptions bad_map = opts("building", "bowtie.geojson");
    bad_map.field_map["name"] = "名称";
    expect_refused(path, bad_map, {"--map name=名称", "no field '名称'"});
    ImportOptions bad_where = opts("building", "bowtie.geojson");
    bad_where.where = "floors >>> 3";
    expect_refused(path, bad_where, {"bad --where"});
    expect_refused(path, opts("parcel", "bowtie.geojson"), {"unknown layer 'parcel'"});
    // A household source without the required building field.
    expect_refused(path, opts("household", "party_branch.csv"), {"field 'building' is required"});
}

TEST(ImportTest, ReplaceRefusesToOrphanRows) {
    const std::string path = fixture_project();
    {
        Project p = Project::open(path);
        import(p, "household", "household.csv");
    }
    ImportOptions o = opts("building", "bowtie.geojson");
    o.replace = true;
    o.fix_invalid = true;
    expect_refused(path, o, {"household.building 'B01' would no longer exist", "unit.building"});
    // Replacing with the same buildings is fine and rewrites the links.
    Project p = Project::open(path);
    ImportOptions same = opts("building", "building.geojson");
    same.replace = true;
    const auto r = gridmap::import_layer(p, same);
    EXPECT_EQ(r.imported, 3);
    EXPECT_EQ(p.count("building"), 3);
    EXPECT_EQ(p.count("party_group_building"), 2);
}
