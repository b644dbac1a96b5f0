// Files as offices and accidents make them (tests/data/hostile, written by its make.py): GBK
// CSVs from Excel/WPS on Chinese Windows, UTF-16 text, a Shapefile without .cpg, files cut
// short, coordinates of 1e200 or NaN, numbers and dates that mean nothing, label points among
// polygons. Each is imported as meant or refused with one message naming file, feature and
// field, and a refused import leaves the project file byte for byte as it was.

#include "geo/test_util.hpp"
#include "gridmap/error.hpp"
#include "gridmap/import.hpp"
#include "gridmap/project.hpp"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <sstream>

using gridmap::ImportOptions;
using gridmap::InputError;
using gridmap::Project;
using gridmap::test::data;
using gridmap::test::dump_project;
using gridmap::test::temp_file;
using gridmap::test::value_of;

namespace {

#define REQUIRE_SHARED(file)                                                                       \
    if (!std::filesystem::exists(gridmap::test::shared_data(file))) {                              \
        GTEST_SKIP() << "shared data missing: " << gridmap::test::shared_data(file);               \
    }

ImportOptions opts(const std::string& table, const std::string& file) {
    ImportOptions o;
    o.table = table;
    o.source = file.rfind("/", 0) == 0 ? file : data(file);
    return o;
}

ImportOptions hostile(const std::string& table, const std::string& file) {
    return opts(table, "hostile/" + file);
}

/// The fixture community of import_test: cells, compounds, party branch PB1, people, party
/// groups and, when asked, buildings B01-B03 with units B01-1, B01-2, B02-1.
std::string fixture_project(bool with_buildings = true, const std::string& name = "p.gpkg") {
    const std::string path = temp_file(name);
    Project p = Project::create(path, 0);
    for (const auto& [table, file] : {std::pair{"community", "community.geojson"},
                                      {"cell", "cell.geojson"},
                                      {"compound", "compound.geojson"},
                                      {"party_branch", "party_branch.csv"},
                                      {"person", "person.csv"},
                                      {"party_group", "party_group.csv"}}) {
        gridmap::import_layer(p, opts(table, file));
    }
    if (with_buildings) {
        gridmap::import_layer(p, opts("building", "building.geojson"));
        gridmap::import_layer(p, opts("unit", "unit.csv"));
    }
    return path;
}

std::string file_bytes(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    std::ostringstream s;
    s << in.rdbuf();
    return s.str();
}

/// Imports and expects InputError whose message contains every needle; the project file must
/// be byte for byte what it was, and so must its content as GDAL reads it.
std::string expect_refused(const std::string& path, const ImportOptions& o,
                           std::initializer_list<std::string> needles) {
    const std::string bytes = file_bytes(path);
    const std::string before = dump_project(path);
    std::string message;
    {
        Project p = Project::open(path);
        try {
            gridmap::import_layer(p, o);
            ADD_FAILURE() << "import of " << o.source << " into " << o.table << " succeeded";
        } catch (const InputError& e) {
            message = e.what();
            for (const auto& n : needles) {
                EXPECT_NE(message.find(n), std::string::npos) << "message lacks '" << n << "':\n"
                                                              << message;
            }
        }
    }
    EXPECT_TRUE(file_bytes(path) == bytes) << "the project file changed";
    EXPECT_EQ(dump_project(path), before) << "the project changed";
    return message;
}

bool has_note(const gridmap::ImportReport& r, const std::string& needle) {
    for (const auto& n : r.notes) {
        if (n.find(needle) != std::string::npos) {
            return true;
        }
    }
    return false;
}

} // namespace

// 1. Encodings.

TEST(ImportHostileTest, GbkHouseholdCsvIsReadAsGb18030) {
    const std::string path = fixture_project();
    {
        Project p = Project::open(path);
        const auto r = gridmap::import_layer(p, hostile("household", "household_gbk.csv"));
        EXPECT_EQ(r.imported, 3);
        EXPECT_TRUE(has_note(r, "read as GB18030")) << testing::PrintToString(r.notes);
    }
    // Read back through GDAL: the UTF-8 text make.py encoded with .encode('gb18030').
    EXPECT_EQ(value_of(path, "household", "id", "H101", "head_name"), "赵磊");
    EXPECT_EQ(value_of(path, "household", "id", "H102", "head_name"), "钱秀英");
    EXPECT_EQ(value_of(path, "household", "id", "H102", "tags"), "独居老人");
    EXPECT_EQ(value_of(path, "household", "id", "H103", "head_name"), "欧阳娜娜");
    EXPECT_EQ(value_of(path, "household", "id", "H103", "persons"), "2");
}

TEST(ImportHostileTest, GbkPersonsFindTheirBranchByItsChineseName) {
    const std::string path = fixture_project(false);
    {
        Project p = Project::open(path);
        EXPECT_EQ(gridmap::import_layer(p, hostile("person", "person_gbk.csv")).imported, 2);
    }
    // '测试社区第一党支部' in GBK bytes matches the UTF-8 name of PB1 only once decoded.
    EXPECT_EQ(value_of(path, "person", "id", "P11", "party_branch"), "PB1");
    EXPECT_EQ(value_of(path, "person", "id", "P11", "name"), "张伟强");
    EXPECT_EQ(value_of(path, "person", "id", "P11", "party_member"), "1"); // 是
}

TEST(ImportHostileTest, GbkCsvKeepsTheCrsOfItsPrj) {
    const std::string path = fixture_project();
    Project p = Project::open(path);
    const auto r = gridmap::import_layer(p, hostile("building", "building_gbk_wkt.csv"));
    EXPECT_EQ(r.imported, 1);
    EXPECT_EQ(value_of(path, "building", "id", "B11", "name"), "WKT楼,一号");
    EXPECT_NEAR(gridmap::test::area_of(path, "building", "id", "B11"), 40.0 * 15.0, 1e-6);
}

TEST(ImportHostileTest, Utf8WithBomAndUtf16TextAreRead) {
    {
        const std::string path = fixture_project();
        Project p = Project::open(path);
        const auto r = gridmap::import_layer(p, hostile("household", "household_utf8_bom.csv"));
        EXPECT_EQ(r.imported, 3);
        EXPECT_FALSE(has_note(r, "read as")) << "UTF-8 needs no decoding";
        EXPECT_EQ(value_of(path, "household", "id", "H101", "head_name"), "赵磊");
    }
    const std::string path = fixture_project(true, "utf16.gpkg");
    Project p = Project::open(path);
    // Excel's "Unicode text": UTF-16LE with a byte order mark, tab-delimited, named .txt.
    const auto r = gridmap::import_layer(p, hostile("household", "household_utf16.txt"));
    EXPECT_EQ(r.imported, 3);
    EXPECT_TRUE(has_note(r, "UTF-16LE")) << testing::PrintToString(r.notes);
    EXPECT_EQ(value_of(path, "household", "id", "H103", "head_name"), "欧阳娜娜");
}

TEST(ImportHostileTest, BytesThatAreNotTheEncodingAreRefused) {
    const std::string path = fixture_project();
    // Row 2 holds 'Müller' (FC 6C, valid GB18030) and 'café,' (E9 2C: neither encoding).
    expect_refused(path, hostile("household", "household_latin1.csv"),
                   {"household_latin1.csv: line 2 is not UTF-8 or GB18030 text (bytes E9 2C 78 0D)",
                    "--source-encoding", "nothing was imported"});
    ImportOptions utf8 = hostile("household", "household_latin1.csv");
    utf8.source_encoding = "utf-8";
    expect_refused(path, utf8,
                   {"household_latin1.csv: line 2 is not UTF-8 text (bytes FC 6C 6C 65)",
                    "--source-encoding says utf-8"});
    ImportOptions strict = hostile("household", "household_not_utf8.csv");
    strict.source_encoding = "UTF-8";
    expect_refused(path, strict, {"line 2 is not UTF-8 text (bytes ED A0 80 2C)"});
    ImportOptions unknown = hostile("household", "household_gbk.csv");
    unknown.source_encoding = "klingon";
    expect_refused(path, unknown, {"--source-encoding klingon: unknown encoding"});
    ImportOptions xlsx = opts("household", "household.xlsx");
    xlsx.source_encoding = "GBK";
    expect_refused(path, xlsx, {"household.xlsx keeps its own encoding"});
    // Told the truth, the same file decodes, and its unquoted 'café,x' is seen for what it is:
    // 9 values under 8 headers (GDAL would drop the 'x').
    ImportOptions latin1 = hostile("household", "household_latin1.csv");
    latin1.source_encoding = "ISO-8859-1";
    expect_refused(path, latin1,
                   {"household_latin1.csv: row 2 has 9 fields, the header has 8: a delimiter "
                    "inside a value must be quoted"});
}

TEST(ImportHostileTest, ShapefileWithoutCpgIsReadAsGbkAndInvalidTextIsRefused) {
    const std::string path = fixture_project(false);
    // Forced to UTF-8, the GBK bytes of '颐景花苑1栋' (D2 C3 BE B0 ...) reach the value check.
    ImportOptions utf8 = hostile("building", "building_gbk.shp");
    utf8.source_encoding = "UTF-8";
    expect_refused(path, utf8,
                   {"building_gbk.shp: 3 problems", "feature 1 (id 'B01'), field 'name': not UTF-8 "
                                                    "text (bytes D2 C3 BE B0)"});
    // FF is no GB18030 byte: GDAL would drop it and warn once per process; it is refused.
    expect_refused(path, hostile("building", "building_bad_gbk.shp"),
                   {"building_bad_gbk.dbf: record 1 is not GB18030 text (bytes FF C3 BE B0)"});
    Project p = Project::open(path);
    const auto r = gridmap::import_layer(p, hostile("building", "building_gbk.shp"));
    EXPECT_EQ(r.imported, 3);
    EXPECT_TRUE(has_note(r, "names no encoding (.cpg)")) << testing::PrintToString(r.notes);
    EXPECT_EQ(value_of(path, "building", "id", "B01", "name"), "颐景花苑1栋");
    EXPECT_EQ(value_of(path, "building", "id", "B03", "name"), "街边商铺");
}

TEST(ImportHostileTest, ShapefileCpgOrTheOptionNamesItsEncoding) {
    // The same GBK .dbf with a .cpg saying so (GDAL reads it), then told by --source-encoding.
    const std::string dir = std::filesystem::path(temp_file("x")).parent_path().string();
    for (const char* ext : {".shp", ".shx", ".dbf", ".prj"}) {
        std::filesystem::copy_file(data(std::string("hostile/building_gbk") + ext),
                                   dir + "/with_cpg" + ext);
    }
    std::ofstream(dir + "/with_cpg.cpg") << "GBK";
    {
        const std::string path = fixture_project(false, "cpg.gpkg");
        Project p = Project::open(path);
        const auto r = gridmap::import_layer(p, opts("building", dir + "/with_cpg.shp"));
        EXPECT_EQ(r.imported, 3);
        EXPECT_FALSE(has_note(r, "read as")) << "the .cpg decides, nothing is guessed";
        EXPECT_EQ(value_of(path, "building", "id", "B02", "name"), "宝成公寓1栋");
    }
    const std::string path = fixture_project(false, "option.gpkg");
    Project p = Project::open(path);
    ImportOptions gbk = hostile("building", "building_gbk.shp");
    gbk.source_encoding = "GBK";
    EXPECT_EQ(gridmap::import_layer(p, gbk).imported, 3);
    EXPECT_EQ(value_of(path, "building", "id", "B01", "name"), "颐景花苑1栋");
}

TEST(ImportHostileTest, GbkGeoJsonIsDecodedToo) {
    const std::string path = fixture_project(false);
    Project p = Project::open(path);
    const auto r = gridmap::import_layer(p, hostile("building", "building_gbk.geojson"));
    EXPECT_EQ(r.imported, 3);
    EXPECT_TRUE(has_note(r, "read as GB18030")) << testing::PrintToString(r.notes);
    EXPECT_EQ(value_of(path, "building", "id", "B03", "name"), "街边商铺");
    // The party group given by its Chinese name was found, so the name was decoded first.
    EXPECT_EQ(p.count("party_group_building"), 2);
}

TEST(ImportHostileTest, GbkFieldNameIsDetectedOrShownAsBytes) {
    const std::string path = fixture_project(false);
    {
        // The values are ASCII, the unused field's name 备注 is GBK: detected as GB18030.
        Project p = Project::open(path);
        const auto r = gridmap::import_layer(p, hostile("building", "building_gbk_field.shp"));
        EXPECT_EQ(r.ignored_fields, std::vector<std::string>{"备注"});
    }
    // Forced to UTF-8 the name stays bytes: listed as \xHH, never as broken text.
    const std::string other = fixture_project(false, "forced.gpkg");
    Project p = Project::open(other);
    ImportOptions utf8 = hostile("building", "building_gbk_field.shp");
    utf8.source_encoding = "UTF-8";
    const auto r = gridmap::import_layer(p, utf8);
    EXPECT_EQ(r.ignored_fields, std::vector<std::string>{"\\xB1\\xB8\\xD7\\xA2"});
}

// 2. Truncation.

TEST(ImportHostileTest, FilesCutShortAreRefused) {
    const std::string path = fixture_project();
    // Header row 1, households rows 2-4, row 5 'H104,B02,B0' cut after 3 of 8 fields.
    expect_refused(path, hostile("household", "household_cut_row.csv"),
                   {"household_cut_row.csv: row 5 has 3 fields, the header has 8: the file looks "
                    "cut short; nothing was imported"});
    expect_refused(path, hostile("household", "household_cut_quote.csv"),
                   {"household_cut_quote.csv: row 5 has a quoted value that is never closed"});
    expect_refused(path, hostile("household", "household_cut_char.csv"),
                   {"household_cut_char.csv: it ends inside a UTF-8 character (bytes E5 AD): the "
                    "file looks cut short"});
    expect_refused(path, hostile("household", "household_gbk_cut.csv"),
                   {"household_gbk_cut.csv: it ends inside a GB18030 character (bytes CB): the "
                    "file looks cut short"});
    // Row 2's stray quote runs over the CRLF of rows 2, 3, 4 and 5 to the end.
    expect_refused(path, hostile("household", "household_stray_quote.csv"),
                   {"household_stray_quote.csv: row 2 opens a quoted value that runs to the end of "
                    "the file (across 4 line breaks): a stray quote (\") or a file cut short"});
    // The .dbf: 3 fields give a header of 32 + 3 x 32 + 1 = 129 bytes and records of
    // 1 + 80 + 80 + 9 = 170 bytes; 640 - 40 = 600 bytes hold (600 - 129) / 170 = 2 records.
    expect_refused(path, hostile("building", "building_cut_dbf.shp"),
                   {"building_cut_dbf.dbf: holds 2 of the 3 records its header announces: the "
                    "file looks cut short"});
    expect_refused(path, hostile("building", "building_cut_shp.shp"),
                   {"building_cut_shp.shp: 468 bytes where its header says 508"});
    // building.gpkg is 26 pages of 4096 bytes; its first half is 13 of them.
    expect_refused(path, hostile("building", "building_cut.gpkg"),
                   {"building_cut.gpkg: 53248 bytes where its header says 106496"});
    expect_refused(path, hostile("household", "household_cut.xlsx"),
                   {"household_cut.xlsx: a ZIP archive", "the file looks cut short"});
    expect_refused(path, opts("building", "truncated.geojson"),
                   {"truncated.geojson: not a readable vector file"});
}

TEST(ImportHostileTest, RowsWhoseFieldCountIsNotTheHeadersAreRefused) {
    // make_rows.py: header row 1 (8 fields), H101 row 2, H108 row 3 over two lines (a quoted
    // head_name with "" escapes, quoted tags holding ',' and a CRLF: still 8 fields), H102
    // row 4, H103 row 5, then in household_short_middle.csv 'H104,B02,B02-1,302' as row 6: 4
    // fields in the middle of the file, which GDAL would pad with empty values. Counting the
    // quoted ',' would stop at row 3 with 9 fields; counting the quoted line break as a row
    // would stop at row 3 with 7.
    const std::string path = fixture_project();
    expect_refused(path, hostile("household", "household_short_middle.csv"),
                   {"household_short_middle.csv: row 6 has 4 fields, the header has 8: a value or "
                    "its delimiter is missing; nothing was imported"});
    // Row 3 'H102,...,独居,老人': the unquoted comma makes 9 fields.
    expect_refused(path, hostile("household", "household_long_row.csv"),
                   {"household_long_row.csv: row 3 has 9 fields, the header has 8: a delimiter "
                    "inside a value must be quoted; nothing was imported"});
    // The same rows without row 6, and a trailing empty line: all 5 households import.
    Project p = Project::open(path);
    const auto r = gridmap::import_layer(p, hostile("household", "household_quoted_rows.csv"));
    EXPECT_EQ(r.imported, 5);
    EXPECT_EQ(value_of(path, "household", "id", "H108", "head_name"), "王\"小\"二");
    EXPECT_NE(value_of(path, "household", "id", "H108", "tags").find("独居,老人"),
              std::string::npos);
    EXPECT_EQ(value_of(path, "household", "id", "H105", "room"), "104");
}

TEST(ImportHostileTest, LastRowWithoutLineBreakIsImportedWithANote) {
    // A cut inside the last value at a character boundary leaves every field: RFC 4180 allows
    // a last row without a line break, so the import goes on and says where to look.
    const std::string path = fixture_project();
    Project p = Project::open(path);
    const auto r = gridmap::import_layer(p, hostile("household", "household_last_row_open.csv"));
    EXPECT_EQ(r.imported, 3);
    EXPECT_TRUE(has_note(r, "row 4, the last, ends without a line break"))
        << testing::PrintToString(r.notes);
    EXPECT_EQ(value_of(path, "household", "id", "H103", "tags"), "租");
    // Files that end with a line break, as Excel and WPS write them, get no such note.
    const std::string other = fixture_project(true, "whole.gpkg");
    Project q = Project::open(other);
    EXPECT_FALSE(has_note(gridmap::import_layer(q, hostile("household", "household_gbk.csv")),
                          "line break"));
}

// 3. Bounds.

TEST(ImportHostileTest, CoordinatesOutsideTheWorkingCrsAreRefused) {
    const std::string path = fixture_project();
    // EPSG:4547 (central meridian 114E) is used for 112.5-115.5E; widened by 3 degrees that is
    // 4.5 degrees either side, about 475 km at its southern edge: x 500000 -+ 475000 or so.
    expect_refused(path, hostile("building", "building_huge.geojson"),
                   {"building_huge.geojson: feature 2 (id 'B42'): lies at (1e+200 1e+200), outside "
                    "the area where the working CRS EPSG:4547 is used (x 24451 to 975549"});
    // Lon/lat typed into a file that says EPSG:4547: x = 114.3 m is 500 km west of the zone.
    expect_refused(path, hostile("building", "building_lonlat_as_metres.geojson"),
                   {"feature 1 (id 'B43'): lies at (114.30 30.50), outside",
                    "wrong coordinates or wrong CRS?"});
    expect_refused(path, hostile("building", "building_nan.geojson"),
                   {"feature 1 (id 'B45'): coordinates that are not finite numbers"});
    // The first import of an empty project chooses the CRS from the plausible features.
    const std::string empty = temp_file("empty.gpkg");
    Project::create(empty, 0);
    expect_refused(empty, hostile("building", "building_huge.geojson"),
                   {"feature 2 (id 'B42'): lies at (1e+200 1e+200), outside", "EPSG:4547"});
}

TEST(ImportHostileTest, NumbersMustFitTheirMeaning) {
    const std::string path = fixture_project();
    // 99999999999999999999 > INT64_MAX (about 9.2e18): it was stored as INT64_MIN.
    expect_refused(path, hostile("household", "household_persons_overflow.csv"),
                   {"feature 1 (id 'H105'), field 'persons': '99999999999999999999' is not "
                    "between 0 and 99"});
    expect_refused(path, hostile("household", "household_persons_120.csv"),
                   {"feature 1 (id 'H106'), field 'persons': '120' is not between 0 and 99"});
    expect_refused(path, hostile("building", "building_floors.geojson"),
                   {"feature 1 (id 'B44'), field 'floors': '250' is not between 0 and 200"});
}

TEST(ImportHostileTest, DatesMustBeOnTheCalendar) {
    const std::string path = fixture_project();
    expect_refused(path, hostile("issue", "issue_feb30.csv"),
                   {"issue_feb30.csv: feature 2 (id 'I12'), field 'reported_at': '2026-02-30 "
                    "09:00' is not a calendar date"});
}

TEST(ImportHostileTest, DatesAsSpreadsheetsWriteThemAreStoredAsDays) {
    const std::string path = temp_file("pledge.gpkg");
    Project::create(path, 4547);
    expect_refused(path, hostile("pledge", "pledge_feb29.csv"),
                   {"feature 1 (id 'T3'), field 'due': '2026-02-29' is not a calendar date"});
    Project p = Project::open(path);
    EXPECT_EQ(gridmap::import_layer(p, hostile("pledge", "pledge_dates.csv")).imported, 2);
    EXPECT_EQ(value_of(path, "pledge", "id", "T1", "due"), "2026/12/31"); // GDAL's date text
    EXPECT_EQ(value_of(path, "pledge", "id", "T2", "due"), "2027/06/30");
}

// 4. Mixed geometries.

TEST(ImportHostileTest, LabelPointsAmongPolygonsNameTheOptionThatKeepsThePolygons) {
    REQUIRE_SHARED("wuhan/optics-valley-buildings.geojson");
    const std::string path = temp_file("wh.gpkg");
    Project::create(path, 0);
    const std::string file = gridmap::test::shared_data("wuhan/optics-valley-buildings.geojson");
    // 355 features: 265 polygon pieces and 90 label points (shared/data/README.md).
    ImportOptions o = opts("building", file);
    o.merge_by = "id";
    expect_refused(path, o,
                   {"90 of 355 features are not polygons (POINT 90); --geometry-type polygon "
                    "imports the 265 polygons and leaves the others out"});
    ImportOptions wrong = o;
    wrong.geometry_type = "point";
    expect_refused(path, wrong,
                   {"--geometry-type point: layer 'building' takes polygons (--geometry-type "
                    "polygon)"});
    o.geometry_type = "polygon";
    Project p = Project::open(path);
    const auto r = gridmap::import_layer(p, o);
    EXPECT_EQ(r.read, 355);
    EXPECT_EQ(r.left_out, 90);
    EXPECT_EQ(r.merged, 28); // as with --where "OGR_GEOMETRY='POLYGON'" (import_real_data_test)
    EXPECT_EQ(r.imported, 237);
    EXPECT_TRUE(has_note(r, "left out 90 features that are not polygons (POINT 90)"))
        << testing::PrintToString(r.notes);
}

// 5. Issues as a table keep the work-order rule.

TEST(ImportHostileTest, IssueRowsKeepTheWorkOrderFieldRule) {
    // make_rows.py: I31 is whole; I32 has no text; 乱扔东西 (I33) is no category; 占道经营
    // (I34) is a small class of 街面秩序, not of 市容环境; I35's text is ' ' + U+3000 only.
    const std::string path = fixture_project();
    expect_refused(
        path, hostile("issue", "issue_fields.csv"),
        {"issue_fields.csv: 4 problems; nothing was imported",
         "\n  feature 2 (id 'I32'), field 'text': a description is required (it is empty)\n",
         "\n  feature 3 (id 'I33'), field 'category': '乱扔东西' is not one of 市容环境, ",
         "\n  feature 4 (id 'I34'), field 'small_class': '占道经营' is not a small class of "
         "市容环境",
         "\n  feature 5 (id 'I35'), field 'text': a description is required (it is empty)"});
    // Whole issues import as before: I01 市容环境/暴露垃圾, I02 宣传广告/非法小广告.
    Project p = Project::open(path);
    EXPECT_EQ(gridmap::import_layer(p, opts("issue", "issue_lonlat.csv")).imported, 2);
}

// 6. Sources GDAL reports errors for.

TEST(ImportHostileTest, GeoPackageWithDamagedExtensionsIsRefused) {
    // make_rows.py renamed gpkg_extensions.extension_name: GDAL's open queries that column.
    const std::string path = fixture_project(false);
    expect_refused(path, hostile("building", "building_bad_extensions.gpkg"),
                   {"building_bad_extensions.gpkg: GDAL reports an error reading it "
                    "(sqlite3_get_table(",
                    "no such column: extension_name",
                    "the file looks damaged; nothing was imported"});
    // Without the table, which the GeoPackage standard allows, the 3 buildings import.
    Project p = Project::open(path);
    EXPECT_EQ(gridmap::import_layer(p, hostile("building", "building_no_extensions.gpkg")).imported,
              3);
    EXPECT_EQ(value_of(path, "building", "id", "B03", "name"), "街边商铺");
}

TEST(ImportHostileTest, LonLatCellsThatAreNotNumbersAreNamed) {
    // make_rows.py: issue_nan_lon.csv row 3 (I42) has lon 'nan'; issue_inf_lat.csv row 2 (I43)
    // has 纬度 (the latitude column by its Chinese name) 'inf'. GDAL drops such points, which
    // read as "empty geometry"; the cell itself is named instead.
    const std::string path = fixture_project();
    expect_refused(path, hostile("issue", "issue_nan_lon.csv"),
                   {"issue_nan_lon.csv: row 3, column 'lon': longitude 'nan' is not a number; "
                    "nothing was imported"});
    expect_refused(path, hostile("issue", "issue_inf_lat.csv"),
                   {"issue_inf_lat.csv: row 2, column '纬度': latitude 'inf' is not a number"});
}
