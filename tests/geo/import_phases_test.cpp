// The import's phases: the parents and the cell of new rows are computed on their geometries in
// memory (never read back), also when the table already holds rows, and stored rows still
// waiting for a parent are counted with them, as when every row was read back.

#include "geo/test_util.hpp"
#include "gridmap/import.hpp"
#include "gridmap/project.hpp"

#include <gdal_priv.h>
#include <gtest/gtest.h>
#include <ogrsf_frmts.h>

#include <fstream>
#include <string>
#include <vector>

using gridmap::ImportOptions;
using gridmap::Project;
using gridmap::test::data;
using gridmap::test::temp_file;
using gridmap::test::value_of;

namespace {

gridmap::ImportReport import(Project& p, const std::string& table, const std::string& file,
                             const std::string& where = {}) {
    ImportOptions o;
    o.table = table;
    o.source = data(file);
    o.where = where;
    return gridmap::import_layer(p, o);
}

/// The fixture's community, two cells (x 500000-500200 and 500200-500400, y 3300000-3300300),
/// compounds, people and party groups; no buildings.
std::string project_without_buildings() {
    const std::string path = temp_file("phases.gpkg");
    Project p = Project::create(path, 0);
    import(p, "community", "community.geojson");
    import(p, "cell", "cell.geojson");
    import(p, "compound", "compound.geojson");
    import(p, "party_branch", "party_branch.csv");
    import(p, "person", "person.csv");
    import(p, "party_group", "party_group.csv");
    return path;
}

} // namespace

TEST(ImportPhasesTest, SecondBatchGetsParentsAndCellsAndCountsStoredRowsWaiting) {
    const std::string path = project_without_buildings();
    Project p = Project::open(path);
    // B03 (x 500190-500210, y 3300200-3300210) lies in no compound and half in each cell.
    const auto first = import(p, "building", "building.geojson", "id = 'B03'");
    EXPECT_EQ(first.inferred,
              (std::vector<std::string>{
                  "building.compound: 0 of 1 set from compound by largest overlap (1 lie in no "
                  "compound)",
                  "building.community: 1 of 1 set from community by largest overlap"}));
    // The second batch goes into a table that has rows; B03 still waits for a compound and is
    // counted with the two new buildings.
    const auto second = import(p, "building", "building.geojson", "id <> 'B03'");
    EXPECT_EQ(second.added, 2);
    EXPECT_EQ(second.inferred,
              (std::vector<std::string>{
                  "building.compound: 2 of 3 set from compound by largest overlap (1 lie in no "
                  "compound)",
                  "building.community: 2 of 2 set from community by largest overlap"}));
    EXPECT_EQ(value_of(path, "building", "id", "B01", "compound"), "C01");
    EXPECT_EQ(value_of(path, "building", "id", "B02", "compound"), "C02");
    EXPECT_EQ(value_of(path, "building", "id", "B03", "compound"), "<null>");
    // B01 (x 500030-500070) wholly in the first cell, B02 (x 500230-500290) in the second.
    EXPECT_EQ(value_of(path, "building", "id", "B01", "cell"), "420902001005001");
    EXPECT_EQ(value_of(path, "building", "id", "B02", "cell"), "420902001005002");
    EXPECT_EQ(std::stod(value_of(path, "building", "id", "B01", "cell_share")), 1.0);
    EXPECT_EQ(std::stod(value_of(path, "building", "id", "B02", "cell_share")), 1.0);
    // The stored B03 keeps what the first import gave it: 100 of its 200 m2 in each cell, the
    // tie to the lower code.
    EXPECT_EQ(value_of(path, "building", "id", "B03", "cell"), "420902001005001");
    EXPECT_DOUBLE_EQ(std::stod(value_of(path, "building", "id", "B03", "cell_share")), 0.5);
}

TEST(ImportPhasesTest, ReportsTheTimeOfEachPhaseInOrder) {
    const std::string path = project_without_buildings();
    Project p = Project::open(path);
    const auto building = import(p, "building", "building.geojson");
    std::vector<std::string> phases;
    for (const auto& [phase, seconds] : building.timings) {
        phases.push_back(phase);
        EXPECT_GE(seconds, 0.0) << phase;
    }
    EXPECT_EQ(phases, (std::vector<std::string>{
                          "open", "read", "validate", "transform", "keys and references",
                          "infer parents", "assign cells", "write", "infer children", "commit"}));
    // An attribute table has no cells to assign.
    phases.clear();
    for (const auto& [phase, seconds] : import(p, "unit", "unit.csv").timings) {
        phases.push_back(phase);
    }
    EXPECT_EQ(phases, (std::vector<std::string>{"open", "read", "validate", "transform",
                                                "keys and references", "infer parents", "write",
                                                "infer children", "commit"}));
}

TEST(ImportPhasesTest, ManyNewAttributeRowsAreWrittenInBulkAndCounted) {
    const std::string path = project_without_buildings();
    // 5,000 households (from 4,096 rows an attribute table is written by one prepared INSERT).
    const std::string csv = temp_file("households.csv");
    {
        std::ofstream out(csv);
        out << "id,building,room,persons,phone\n";
        for (int i = 1; i <= 5000; ++i) {
            out << "H" << i << ",B0" << 1 + i % 3 << "," << 100 + i % 9 << "," << i % 7
                << (i % 2 == 0 ? ",13800000000" : ",") << "\n";
        }
    }
    {
        Project p = Project::open(path);
        import(p, "building", "building.geojson");
        ImportOptions o;
        o.table = "household";
        o.source = csv;
        const auto r = gridmap::import_layer(p, o);
        EXPECT_EQ(r.added, 5000);
        EXPECT_EQ(r.imported, 5000);
        EXPECT_EQ(p.count("household"), 5000);
    }
    // H42: building B0(1 + 42 % 3) = B01, room 100 + 42 % 9 = 106, persons 42 % 7 = 0; H43 has no
    // phone (NULL, not "").
    EXPECT_EQ(value_of(path, "household", "id", "H42", "building"), "B01");
    EXPECT_EQ(value_of(path, "household", "id", "H42", "room"), "106");
    EXPECT_EQ(value_of(path, "household", "id", "H42", "persons"), "0");
    EXPECT_EQ(value_of(path, "household", "id", "H43", "persons"), "1");
    EXPECT_EQ(value_of(path, "household", "id", "H42", "phone"), "13800000000");
    EXPECT_EQ(value_of(path, "household", "id", "H43", "phone"), "<null>");
    {
        GDALDatasetUniquePtr ds(GDALDataset::Open(path.c_str(), GDAL_OF_VECTOR));
        ASSERT_TRUE(ds);
        // persons stored as an integer, and GDAL's feature-count trigger is back.
        OGRLayer* types = ds->ExecuteSQL("SELECT typeof(persons), COUNT(*) FROM household GROUP "
                                         "BY 1 ORDER BY 1",
                                         nullptr, nullptr);
        ASSERT_NE(types, nullptr);
        OGRFeature* f = types->GetNextFeature();
        ASSERT_NE(f, nullptr);
        EXPECT_STREQ(f->GetFieldAsString(0), "integer");
        EXPECT_EQ(f->GetFieldAsInteger(1), 5000);
        OGRFeature::DestroyFeature(f);
        ds->ReleaseResultSet(types);
        OGRLayer* trig = ds->ExecuteSQL("SELECT COUNT(*) FROM sqlite_master WHERE type = "
                                        "'trigger' AND name = "
                                        "'trigger_insert_feature_count_household'",
                                        nullptr, nullptr);
        ASSERT_NE(trig, nullptr);
        f = trig->GetNextFeature();
        ASSERT_NE(f, nullptr);
        EXPECT_EQ(f->GetFieldAsInteger(0), 1);
        OGRFeature::DestroyFeature(f);
        ds->ReleaseResultSet(trig);
        EXPECT_EQ(ds->GetLayerByName("household")->GetFeatureCount(TRUE), 5000);
    }
    // Importing the same rows again changes nothing.
    Project p = Project::open(path);
    ImportOptions again;
    again.table = "household";
    again.source = csv;
    const auto r = gridmap::import_layer(p, again);
    EXPECT_EQ(r.unchanged, 5000);
    EXPECT_EQ(r.added, 0);
    EXPECT_EQ(p.count("household"), 5000);
}
