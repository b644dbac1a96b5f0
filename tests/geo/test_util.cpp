#include "geo/test_util.hpp"

#include "geo/map_fixture.hpp"

#include "gridmap/crs.hpp"
#include "gridmap/import.hpp"
#include "gridmap/project.hpp"
#include "gridmap/schema.hpp"

#include <gtest/gtest.h>

#include <gdal_priv.h>
#include <ogrsf_frmts.h>

#include <filesystem>
#include <fstream>
#include <functional>
#include <sstream>
#include <string>

namespace gridmap::test {

namespace fs = std::filesystem;

std::string data(const std::string& name) {
    return std::string(GRIDMAP_TEST_DATA) + "/" + name;
}

std::string shared_data(const std::string& name) {
    return std::string(GRIDMAP_SHARED_DATA) + "/" + name;
}

std::string temp_file(const std::string& name) {
    const auto* info = ::testing::UnitTest::GetInstance()->current_test_info();
    // One folder per checkout (several checkouts may run their tests at once), per test.
    static const std::string checkout =
        "gridmap-tests-" + std::to_string(std::hash<std::string>{}(GRIDMAP_TEST_DATA));
    const fs::path dir = fs::temp_directory_path() / checkout /
                         (std::string(info->test_suite_name()) + "." + info->name());
    static std::string cleaned;
    if (cleaned != dir.string()) {
        fs::remove_all(dir);
        cleaned = dir.string();
    }
    fs::create_directories(dir);
    return (dir / name).string();
}

void build_coverage_fixture(const std::string& path) {
    Project p = Project::create(path, 4547);
    // Referenced tables first: person before party_group, unit before household ...
    for (const char* t : {"community", "cell", "compound", "building", "person", "party_group",
                          "party_group_building", "unit", "household", "role_assignment",
                          "household_pairing", "issue", "service_point", "repair_segment"}) {
        const TableDef* def = find_table(t);
        ImportOptions o;
        o.table = t;
        o.source = data("coverage/" + std::string(t) +
                        (def->geometry == GeometryKind::none ? ".csv" : ".geojson"));
        import_layer(p, o);
    }
}

namespace {
GDALDatasetUniquePtr open_ro(const std::string& path) {
    GDALAllRegister();
    return GDALDatasetUniquePtr(GDALDataset::Open(path.c_str(), GDAL_OF_VECTOR | GDAL_OF_READONLY,
                                                  nullptr, nullptr, nullptr));
}
} // namespace

std::string dump_project(const std::string& path) {
    auto ds = open_ro(path);
    if (!ds) {
        return "<cannot open " + path + ">";
    }
    std::ostringstream out;
    for (OGRLayer* layer : ds->GetLayers()) {
        out << "[" << layer->GetName() << "]\n";
        OGRFeatureDefn* defn = layer->GetLayerDefn();
        for (int i = 0; i < defn->GetFieldCount(); ++i) {
            out << defn->GetFieldDefn(i)->GetNameRef() << ";";
        }
        out << "\n";
        for (auto& f : *layer) {
            out << f->GetFID();
            for (int i = 0; i < defn->GetFieldCount(); ++i) {
                out << "|" << (f->IsFieldSetAndNotNull(i) ? f->GetFieldAsString(i) : "NULL");
            }
            if (const OGRGeometry* g = f->GetGeometryRef()) {
                out << "|" << g->exportToWkt();
            }
            out << "\n";
        }
    }
    return out.str();
}

namespace {
OGRFeature* find_row(GDALDataset& ds, const std::string& table, const std::string& key_field,
                     const std::string& key) {
    OGRLayer* layer = ds.GetLayerByName(table.c_str());
    if (layer == nullptr) {
        return nullptr;
    }
    layer->SetAttributeFilter((key_field + " = '" + key + "'").c_str());
    layer->ResetReading();
    return layer->GetNextFeature();
}
} // namespace

double area_of(const std::string& path, const std::string& table, const std::string& key_field,
               const std::string& key) {
    auto ds = open_ro(path);
    OGRFeature* f = ds ? find_row(*ds, table, key_field, key) : nullptr;
    if (f == nullptr) {
        return -1;
    }
    const OGRGeometry* g = f->GetGeometryRef();
    const double a =
        g != nullptr ? OGR_G_Area(OGRGeometry::ToHandle(const_cast<OGRGeometry*>(g))) : -1;
    OGRFeature::DestroyFeature(f);
    return a;
}

std::string value_of(const std::string& path, const std::string& table,
                     const std::string& key_field, const std::string& key,
                     const std::string& field) {
    auto ds = open_ro(path);
    OGRFeature* f = ds ? find_row(*ds, table, key_field, key) : nullptr;
    if (f == nullptr) {
        return "<none>";
    }
    const int i = f->GetFieldIndex(field.c_str());
    std::string v =
        i < 0 ? "<no field>" : (f->IsFieldSetAndNotNull(i) ? f->GetFieldAsString(i) : "<null>");
    OGRFeature::DestroyFeature(f);
    return v;
}

void gdal_sql(const std::string& path, const std::string& sql) {
    GDALAllRegister();
    GDALDatasetUniquePtr ds(GDALDataset::Open(path.c_str(), GDAL_OF_VECTOR | GDAL_OF_UPDATE,
                                              nullptr, nullptr, nullptr));
    ASSERT_TRUE(ds) << path;
    ds->ExecuteSQL(sql.c_str(), nullptr, nullptr);
}

const std::string& map_fixture() {
    static const std::string path = [] {
        const std::string p = temp_file("map.gpkg");
        build_map_fixture(p, data("map"));
        return p;
    }();
    return path;
}

std::string staff_fixture(const std::string& name) {
    const std::string path = temp_file(name);
    Project p = Project::create(path, 4547);
    auto import = [&](const std::string& table, const std::string& file) {
        ImportOptions o;
        o.table = table;
        o.source = file;
        import_layer(p, o);
    };
    const std::string d = data("coverage/");
    import("community", d + "community.geojson");
    import("cell", d + "cell.geojson");
    import("building", d + "building.geojson");
    const std::string people = temp_file("staff_person.csv");
    std::ofstream(people) << "id,name,phone\nP1,王网格,13800001111\nP2,李楼长,13900002222\nP3,"
                             "张党员,13700003333\nP4,赵网格,13600004444\n";
    import("person", people);
    const std::string roles = temp_file("staff_role.csv");
    std::ofstream(roles) << "person,role,target\nP1,grid_worker,420902001005002\n"
                            "P2,building_captain,B3\n";
    import("role_assignment", roles);
    return path;
}

NewIssue issue_at(double dx, double dy, const std::string& category) {
    NewIssue in;
    const auto ll = LonLatTransform(4547).to_lonlat({500000 + dx, 3300000 + dy});
    in.lon = ll.lon;
    in.lat = ll.lat;
    in.category = category;
    in.small_class = "暴露垃圾";
    in.text = "  垃圾  ";
    in.by = "P1";
    in.at = 1790000000;
    return in;
}

} // namespace gridmap::test
