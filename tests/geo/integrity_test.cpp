// What a project lets in and how it refuses damage, on the hand-made map fixture
// (tests/data/map/README.md): EPSG:4547 (CM 114E), community [0,300] x [0,200] metres offset
// from (500000, 3300000). EPSG:4547's usable extent is its area of use (112.5E-115.5E, about
// 210,000-790,000 m east) widened by 3 degrees, so 1e7 m east is far outside it.

#include "geo/map_fixture.hpp"
#include "geo/test_util.hpp"
#include "gridmap/check.hpp"
#include "gridmap/error.hpp"
#include "gridmap/project.hpp"
#include "gridmap/repair.hpp"
#include "gridmap/workorder.hpp"

#include <gtest/gtest.h>

#include <limits>

using gridmap::InputError;
using gridmap::Project;
using gridmap::ProjectError;
using gridmap::test::dump_project;
using gridmap::test::gdal_sql;
using gridmap::test::temp_file;

namespace {

std::string fixture(const std::string& name = "integrity.gpkg") {
    const std::string path = temp_file(name);
    gridmap::test::build_map_fixture(path, gridmap::test::data("map"));
    return path;
}

/// The message of the exception `f` throws as `E` ("" if none).
template <class E, class F> std::string message_of(F f) {
    try {
        f();
    } catch (const E& e) {
        return e.what();
    }
    return "";
}

} // namespace

TEST(IntegrityBoundsTest, PinsOutsideTheWorkingCrsAreRefusedAndNothingWritten) {
    const std::string path = fixture();
    const std::string before = dump_project(path);
    Project p = Project::open(path);
    gridmap::NewIssue in;
    in.category = "市容环境";
    in.small_class = "暴露垃圾";
    in.text = "垃圾堆放";
    in.by = "P1";
    in.xy = std::make_pair(1e7, 3300100.0);
    EXPECT_NE(message_of<InputError>([&] {
                  gridmap::add_issue(p, in);
              }).find("不在工作坐标系 EPSG:4547 的适用范围内"),
              std::string::npos);
    in.xy = std::make_pair(std::numeric_limits<double>::infinity(), 3300100.0);
    EXPECT_THROW(gridmap::add_issue(p, in), InputError);
    gridmap::NewRepairSegment s;
    s.work_type = "填缝";
    s.vertices = {{500100, 3300100}, {1e200, 3300100}};
    EXPECT_NE(message_of<InputError>([&] {
                  gridmap::add_repair_segment(p, s);
              }).find("vertex 2 (1e+200, 3300100.00) is outside the area"),
              std::string::npos);
    EXPECT_EQ(dump_project(path), before);
}

TEST(IntegrityDamageTest, MissingTableOrColumnIsNamed) {
    const std::string path = fixture();
    gdal_sql(path, "ALTER TABLE household DROP COLUMN phone");
    EXPECT_NE(message_of<ProjectError>([&] {
                  Project::open(path);
              }).find("the project is damaged: column household.phone missing"),
              std::string::npos);
    const std::string path2 = fixture("second.gpkg");
    gdal_sql(path2, "DROP TABLE service_point");
    EXPECT_NE(message_of<ProjectError>([&] {
                  Project::open_for_reading(path2);
              }).find("the project is damaged: table service_point missing"),
              std::string::npos);
}

TEST(IntegrityDamageTest, WorkingEpsgThatIsNoCrsIsNamed) {
    const std::string path = fixture();
    gdal_sql(path, "UPDATE settings SET value = '45x47' WHERE key = 'working_epsg'");
    EXPECT_NE(message_of<ProjectError>([&] {
                  Project::open(path);
              }).find("setting working_epsg '45x47' is not a known EPSG code"),
              std::string::npos);
}

TEST(IntegrityDamageTest, UndecodableGeometryIsNamedByEveryReader) {
    const std::string path = fixture();
    // B1's blob replaced by 4 bytes that are no GeoPackage geometry. The R-tree keeps B1's box,
    // so a lookup around B1 [20,50] x [130,170] meets it.
    gdal_sql(path, "UPDATE building SET geom = x'00112233' WHERE id = 'B1'");
    const Project p = Project::open(path);
    EXPECT_NE(message_of<ProjectError>([&] {
                  gridmap::check_project(p);
              }).find("building 'B1' (fid 1): its geometry cannot be read"),
              std::string::npos);
    EXPECT_NE(message_of<ProjectError>([&] {
                  gridmap::repair_notify_list(p, "RS1", 50.0);
              }).find("building 'B1': its geometry cannot be read"),
              std::string::npos);
}
