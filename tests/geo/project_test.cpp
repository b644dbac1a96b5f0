#include "geo/test_util.hpp"
#include "gridmap/error.hpp"
#include "gridmap/import.hpp"
#include "gridmap/project.hpp"
#include "gridmap/schema.hpp"

#include <gdal_priv.h>
#include <gtest/gtest.h>
#include <ogrsf_frmts.h>

#include <filesystem>
#include <fstream>

using gridmap::Project;
using gridmap::test::data;
using gridmap::test::dump_project;
using gridmap::test::gdal_sql;
using gridmap::test::temp_file;

namespace {

gridmap::ImportReport import(Project& p, const std::string& table, const std::string& file) {
    gridmap::ImportOptions o;
    o.table = table;
    o.source = data(file);
    return gridmap::import_layer(p, o);
}

/// Imports every table of the hand-made fixture community.
void import_fixture(Project& p) {
    import(p, "community", "community.geojson");
    import(p, "cell", "cell.geojson");
    import(p, "compound", "compound.geojson");
    import(p, "party_branch", "party_branch.csv");
    import(p, "person", "person.csv");
    import(p, "party_group", "party_group.csv");
    import(p, "building", "building.geojson");
    import(p, "unit", "unit.csv");
    import(p, "household", "household.csv");
    import(p, "role_assignment", "role_assignment.csv");
    import(p, "household_pairing", "household_pairing.csv");
    import(p, "road", "road.geojson");
    import(p, "issue", "issue_lonlat.csv");
    import(p, "issue_event", "issue_event.csv");
    import(p, "repair_segment", "repair_segment.geojson");
    import(p, "service_point", "service_point.geojson");
}

/// Runs SQL on a GeoPackage through GDAL (as another program would).
/// Names of the indexes of a SQLite file, as GDAL's SQLite dialect lists them.
std::string dump_index_names(const std::string& path) {
    GDALDatasetUniquePtr ds(GDALDataset::Open(path.c_str(), GDAL_OF_VECTOR));
    OGRLayer* r =
        ds->ExecuteSQL("SELECT name FROM sqlite_master WHERE type = 'index'", nullptr, nullptr);
    std::string names;
    for (auto& f : *r) {
        names += std::string(f->GetFieldAsString(0)) + "\n";
    }
    ds->ReleaseResultSet(r);
    return names;
}

} // namespace

TEST(ProjectTest, CreateMakesEveryTableOfTheSchema) {
    const std::string path = temp_file("p.gpkg");
    const Project p = Project::create(path, 4547);
    const auto info = p.info();
    EXPECT_EQ(info.epsg, 4547);
    EXPECT_EQ(info.schema_version, gridmap::schema_version);
    ASSERT_EQ(info.layers.size(), gridmap::schema_tables().size());
    for (const auto& l : info.layers) {
        EXPECT_EQ(l.count, l.name == "settings" ? 9 : 0) << l.name; // 4 + 5 analysis settings
    }
    EXPECT_EQ(p.setting("working_epsg"), "4547");
    EXPECT_EQ(p.setting("schema_version"), std::to_string(gridmap::schema_version));
}

TEST(ProjectTest, WithoutCrsTheFirstSpatialImportChoosesIt) {
    const std::string path = temp_file("p.gpkg");
    Project p = Project::create(path, 0);
    EXPECT_EQ(p.epsg(), 0);
    import(p, "party_branch", "party_branch.csv"); // attributes: still no CRS
    EXPECT_EQ(p.epsg(), 0);
    const auto r = import(p, "community", "community.geojson");
    EXPECT_EQ(p.epsg(), 4547);
    ASSERT_FALSE(r.notes.empty());
    EXPECT_NE(r.notes.back().find("EPSG:4547"), std::string::npos);
    EXPECT_EQ(Project::open(path).epsg(), 4547);
}

TEST(ProjectTest, CreateRefusesAnExistingFileAndABadCrs) {
    const std::string path = temp_file("p.gpkg");
    { Project::create(path, 4547); }
    const std::string before = dump_project(path);
    EXPECT_THROW(Project::create(path, 4547), gridmap::InputError);
    EXPECT_EQ(dump_project(path), before);
    EXPECT_THROW(Project::create(temp_file("q.gpkg"), 4326), gridmap::InputError);
    EXPECT_FALSE(std::filesystem::exists(temp_file("q.gpkg")));
}

TEST(ProjectTest, RoundTripOfEveryTable) {
    const std::string path = temp_file("p.gpkg");
    {
        Project p = Project::create(path, 0);
        import_fixture(p);
    }
    const Project p = Project::open(path, Project::Access::read_only);
    // Counts, as written in the fixture files.
    const std::map<std::string, std::int64_t> expected{
        {"community", 1},  {"cell", 2},        {"compound", 2},        {"party_branch", 1},
        {"person", 3},     {"party_group", 2}, {"building", 3},        {"party_group_building", 2},
        {"unit", 3},       {"household", 4},   {"role_assignment", 4}, {"household_pairing", 2},
        {"road", 1},       {"issue", 2},       {"repair_segment", 1},  {"service_point", 1},
        {"issue_event", 2}};
    for (const auto& [table, n] : expected) {
        EXPECT_EQ(p.count(table), n) << table;
    }
    using gridmap::test::value_of;
    // Chinese text survives as UTF-8.
    EXPECT_EQ(value_of(path, "community", "code", "420902001005", "name"), "测试社区");
    EXPECT_EQ(value_of(path, "household", "id", "H002", "head_name"), "钱秀英");
    EXPECT_EQ(value_of(path, "household", "id", "H002", "tags"), "独居老人");
    EXPECT_EQ(value_of(path, "household", "id", "H003", "persons"), "4");
    EXPECT_EQ(value_of(path, "person", "id", "P01", "member_unit"), "市城管委");
    EXPECT_EQ(value_of(path, "person", "id", "P01", "assigned_member"), "1");
    EXPECT_EQ(value_of(path, "person", "id", "P03", "party_member"), "0");
    // A branch given by name is stored by its id.
    EXPECT_EQ(value_of(path, "person", "id", "P02", "party_branch"), "PB1");
    EXPECT_EQ(value_of(path, "role_assignment", "target", "B01-1", "role"), "unit_captain");
    EXPECT_EQ(value_of(path, "issue", "id", "I02", "state"), "dispatched");
    EXPECT_EQ(value_of(path, "road", "id", "R01", "name"), "船厂路");
    EXPECT_EQ(value_of(path, "service_point", "id", "S01", "name"), "城市书房");
    EXPECT_EQ(value_of(path, "repair_segment", "id", "RS01", "work_type"), "沥青铺设");
    EXPECT_EQ(value_of(path, "repair_segment", "id", "RS01", "start_date"), "2026/03/01");
    EXPECT_EQ(value_of(path, "repair_segment", "id", "RS01", "cost"), "1250000.5");
    // Date-times are stored in UTC as GeoPackage requires; 10:15 Beijing time is 02:15Z, and a
    // time without an offset is Beijing time.
    EXPECT_EQ(value_of(path, "issue_event", "to_state", "dispatched", "at"),
              "2026/09/03 06:30:00+00");
    EXPECT_EQ(value_of(path, "issue_event", "to_state", "reported", "from_state"), "<null>");
    EXPECT_EQ(value_of(path, "issue", "id", "I02", "reported_at"), "2026/09/03 02:15:00+00");
    EXPECT_EQ(value_of(path, "issue", "id", "I01", "reported_at"), "2026/09/01 00:00:00+00");
    // Geometry survives: 40 m x 15 m = 600 m2; the hole of C01 is 40 x 60 = 2400 m2.
    EXPECT_NEAR(gridmap::test::area_of(path, "building", "id", "B01"), 600.0, 1e-6);
    EXPECT_NEAR(gridmap::test::area_of(path, "compound", "id", "C01"), 160.0 * 260 - 2400, 1e-6);
    // Reopening gives the same content.
    const std::string first = dump_project(path);
    { Project again = Project::open(path); }
    EXPECT_EQ(dump_project(path), first);
}

TEST(ProjectTest, NewerSchemaIsRefused) {
    const std::string path = temp_file("p.gpkg");
    {
        Project p = Project::create(path, 4547);
        p.set_setting("schema_version", "99");
    }
    try {
        Project::open(path);
        FAIL() << "opened a schema 99 file";
    } catch (const gridmap::ProjectError& e) {
        EXPECT_NE(std::string(e.what()).find("newer Gridmap (schema version 99)"),
                  std::string::npos)
            << e.what();
    }
}

TEST(ProjectTest, OlderSchemaIsMigrated) {
    // Build a schema-1 file: schema 2 added issue.deadline; schema 3 the cell assignment
    // columns, the repair_segment_cell table and the analysis settings.
    const std::string path = temp_file("p.gpkg");
    { Project::create(path, 4547).set_setting("schema_version", "1"); }
    for (const char* sql : {"DROP INDEX issue_cell_ref",
                            "DROP INDEX issue_cell_reported_at",
                            "DROP INDEX building_cell_ref",
                            "DROP INDEX service_point_cell_ref",
                            "DROP INDEX issue_assignee_ref",
                            "DROP INDEX issue_event_assignee_ref",
                            "ALTER TABLE issue DROP COLUMN assignee",
                            "ALTER TABLE issue DROP COLUMN rating",
                            "ALTER TABLE issue DROP COLUMN updated_at",
                            "ALTER TABLE issue DROP COLUMN address",
                            "ALTER TABLE issue_event DROP COLUMN assignee",
                            "ALTER TABLE issue_event DROP COLUMN rating",
                            "DROP TABLE issue_photo",
                            "DROP TABLE assignment_event",
                            "DROP TABLE saved_view",
                            "DROP TABLE snapshot_figure",
                            "DROP TABLE snapshot",
                            "DROP TABLE pledge",
                            "ALTER TABLE issue DROP COLUMN deadline",
                            "ALTER TABLE issue DROP COLUMN cell",
                            "ALTER TABLE building DROP COLUMN cell",
                            "ALTER TABLE building DROP COLUMN cell_share",
                            "ALTER TABLE service_point DROP COLUMN cell",
                            "ALTER TABLE repair_segment DROP COLUMN outside_m",
                            "DROP TABLE repair_segment_cell",
                            "DELETE FROM settings WHERE key = 'households_max'"}) {
        gdal_sql(path, sql);
    }
    const std::string v1 = dump_project(path);
    ASSERT_EQ(v1.find("deadline;"), std::string::npos);
    ASSERT_EQ(v1.find("cell_share;"), std::string::npos);
    ASSERT_EQ(v1.find("[repair_segment_cell]"), std::string::npos);
    EXPECT_THROW(Project::open(path, Project::Access::read_only), gridmap::ProjectError);
    const Project p = Project::open(path);
    EXPECT_EQ(p.schema_version(), gridmap::schema_version);
    EXPECT_EQ(p.setting("schema_version"), std::to_string(gridmap::schema_version));
    EXPECT_EQ(p.setting("households_max"), "500");
    const std::string v3 = dump_project(path);
    EXPECT_NE(v3.find("deadline;cell;assignee;rating;updated_at;address;"), std::string::npos);
    EXPECT_NE(v3.find("[assignment_event]"), std::string::npos);
    EXPECT_NE(v3.find("target;note;session;"), std::string::npos);
    for (const char* table : {"[saved_view]", "[snapshot]", "[snapshot_figure]", "[pledge]"}) {
        EXPECT_NE(v3.find(table), std::string::npos) << table;
    }
    EXPECT_NE(v3.find("kind;cell;cell_share;"), std::string::npos);
    EXPECT_NE(v3.find("[repair_segment_cell]"), std::string::npos);
    EXPECT_NE(v3.find("cost;outside_m;"), std::string::npos);
    // The added reference columns are indexed like those of a new project.
    EXPECT_NE(dump_index_names(path).find("building_cell_ref"), std::string::npos);
}

TEST(ProjectTest, NotAProjectIsRefused) {
    const std::string text = temp_file("notes.gpkg");
    std::ofstream(text) << "this is not a database\n";
    EXPECT_THROW(Project::open(text), gridmap::ProjectError);
    EXPECT_THROW(Project::open(temp_file("missing.gpkg")), gridmap::InputError);
    // A GeoPackage that is not a Gridmap project.
    EXPECT_THROW(Project::open(data("building.gpkg"), Project::Access::read_only),
                 gridmap::ProjectError);
}

TEST(ProjectTest, ReadOnlyProjectRefusesWrites) {
    const std::string path = temp_file("p.gpkg");
    { Project::create(path, 4547); }
    Project p = Project::open(path, Project::Access::read_only);
    EXPECT_THROW(p.set_setting("a", "b"), gridmap::ProjectError);
    gridmap::ImportOptions o;
    o.table = "community";
    o.source = data("community.geojson");
    EXPECT_THROW(gridmap::import_layer(p, o), gridmap::ProjectError);
}
