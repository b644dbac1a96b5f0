// Road repairs on the hand-made map fixture (tests/data/map/README.md), coordinates offset
// from (500000, 3300000): cell 001 [0,150] x [0,200] (plus [150,160] x [150,200]), cell 002
// [150,290] x [0,200], a gap [290,300] x [0,200] inside the community [0,300] x [0,200]; road
// R1 (-10,100)-(310,100) with only its two end vertices; segment RS1 (100,100)-(200,100)
// active. Buildings B1 [20,50] x [130,170] (4 households, captain 王楼长), B2 [20,50] x [30,70]
// (2, 王楼长), B3 [180,230] x [40,90] (3), B4 [240,280] x [130,170] (shop, 0), B5 [140,170] x
// [60,80] (0). Every expected value below is worked out from these numbers.

#include "geo/map_fixture.hpp"
#include "geo/test_util.hpp"
#include "gridmap/error.hpp"
#include "gridmap/project.hpp"
#include "gridmap/repair.hpp"

#include <gtest/gtest.h>

#include <fstream>

using gridmap::InputError;
using gridmap::NewRepairSegment;
using gridmap::Project;
using gridmap::XY;
using gridmap::test::dump_project;
using gridmap::test::temp_file;

namespace {

constexpr double X0 = 500000;
constexpr double Y0 = 3300000;
const std::string C = "420100001001";

XY at(double x, double y) {
    return {X0 + x, Y0 + y};
}

std::string fixture() {
    const std::string path = temp_file("repair.gpkg");
    gridmap::test::build_map_fixture(path, gridmap::test::data("map"));
    return path;
}

NewRepairSegment segment(std::vector<XY> vertices, const std::string& state = "planned") {
    NewRepairSegment s;
    s.road = "幸福路";
    s.work_type = "沥青铺设";
    s.state = state;
    s.vertices = std::move(vertices);
    return s;
}

gridmap::RepairSummary summary(const Project& p, const std::string& id) {
    const auto all = gridmap::repair_summaries(p, id);
    EXPECT_EQ(all.size(), 1u);
    return all.empty() ? gridmap::RepairSummary{} : all.front();
}

} // namespace

TEST(RepairSnapTest, VertexIsPreferredToAnEdgePointWithinTheTolerance) {
    const std::string path = fixture();
    const Project p = Project::open(path, Project::Access::read_only);
    // 1 m from the edge, sqrt(4^2 + 1^2) = 4.12 m from the end vertex (310,100): the vertex.
    auto s = gridmap::snap_to_road(p, at(306, 101), 5);
    ASSERT_TRUE(s);
    EXPECT_DOUBLE_EQ(s->x, X0 + 310);
    EXPECT_DOUBLE_EQ(s->y, Y0 + 100);
    // With a 4 m tolerance the vertex is out of reach: the edge point right below.
    s = gridmap::snap_to_road(p, at(306, 101), 4);
    ASSERT_TRUE(s);
    EXPECT_NEAR(s->x, X0 + 306, 1e-6);
    EXPECT_NEAR(s->y, Y0 + 100, 1e-6);
    s = gridmap::snap_to_road(p, at(100, 103), 5);
    ASSERT_TRUE(s);
    EXPECT_NEAR(s->x, X0 + 100, 1e-6);
    EXPECT_NEAR(s->y, Y0 + 100, 1e-6);
    EXPECT_FALSE(gridmap::snap_to_road(p, at(100, 110), 5)); // 10 m away
    EXPECT_FALSE(gridmap::snap_to_road(p, at(312, 101), 2)); // 2.24 m beyond the end
}

TEST(RepairSegmentTest, LengthPerCellAndOverlapWithTheActiveSegment) {
    const std::string path = fixture();
    Project p = Project::open(path);
    // (50,100)-(250,100): 100 m in 001 (50..150), 100 m in 002 (150..250); RS1 lies on it.
    const std::string id = gridmap::add_repair_segment(p, segment({at(50, 100), at(250, 100)}));
    EXPECT_EQ(id, "R001");
    const auto r = summary(p, id);
    EXPECT_NEAR(r.length_m, 200, 1e-9);
    ASSERT_EQ(r.cells.size(), 2u);
    EXPECT_EQ(r.cells[0].cell, C + "001");
    EXPECT_NEAR(r.cells[0].length_m, 100, 1e-6);
    EXPECT_EQ(r.cells[1].cell, C + "002");
    EXPECT_NEAR(r.cells[1].length_m, 100, 1e-6);
    EXPECT_NEAR(r.outside_m, 0, 1e-6);
    ASSERT_EQ(r.overlaps.size(), 1u);
    EXPECT_EQ(r.overlaps[0].other, "RS1");
    EXPECT_NEAR(r.overlaps[0].length_m, 100, 1e-6); // flat ends: not 102
    EXPECT_EQ(r.work_type, "沥青铺设");
    EXPECT_EQ(r.state, "planned");
    // And the other way round.
    const auto rs1 = summary(p, "RS1");
    ASSERT_EQ(rs1.overlaps.size(), 1u);
    EXPECT_EQ(rs1.overlaps[0].other, "R001");
    EXPECT_NEAR(rs1.overlaps[0].length_m, 100, 1e-6);
    EXPECT_EQ(gridmap::add_repair_segment(p, segment({at(0, 10), at(10, 10)})), "R002");
}

TEST(RepairSegmentTest, PartOutsideTheCommunityAndDoneSegmentsAreNoOverlap) {
    const std::string path = fixture();
    Project p = Project::open(path);
    // (250,50)-(350,50): 40 m in 002, 10 m in the gap (in the community, in no cell), 50 m
    // outside the community.
    auto out = segment({at(250, 50), at(350, 50)}, "done");
    out.id = "E1";
    out.start_date = "2026-11-01";
    out.end_date = "2026-11-30";
    out.cost = 12000;
    gridmap::add_repair_segment(p, out);
    const auto e = summary(p, "E1");
    EXPECT_NEAR(e.length_m, 100, 1e-9);
    ASSERT_EQ(e.cells.size(), 1u);
    EXPECT_EQ(e.cells[0].cell, C + "002");
    EXPECT_NEAR(e.cells[0].length_m, 40, 1e-6);
    EXPECT_NEAR(e.outside_m, 50, 1e-6);
    EXPECT_EQ(gridmap::test::value_of(path, "repair_segment", "id", "E1", "end_date"),
              "2026/11/30");
    // A done segment on RS1: it sees RS1 (60 m), RS1 does not see it.
    auto done = segment({at(120, 100), at(180, 100)}, "done");
    done.id = "D1";
    gridmap::add_repair_segment(p, done);
    const auto d = summary(p, "D1");
    ASSERT_EQ(d.overlaps.size(), 1u);
    EXPECT_NEAR(d.overlaps[0].length_m, 60, 1e-6);
    EXPECT_TRUE(summary(p, "RS1").overlaps.empty());
    // A crossing at right angles shares the 2 m across the corridor: listed (both dig there).
    auto cross = segment({at(120, 50), at(120, 150)});
    cross.id = "X1";
    gridmap::add_repair_segment(p, cross);
    const auto x = summary(p, "X1");
    ASSERT_EQ(x.overlaps.size(), 1u);
    EXPECT_EQ(x.overlaps[0].other, "RS1");
    EXPECT_NEAR(x.overlaps[0].length_m, 2, 1e-6);
    EXPECT_EQ(gridmap::repair_summaries(p).size(), 4u); // RS1, E1, D1, X1 by id
    EXPECT_EQ(gridmap::repair_summaries(p).front().id, "D1");
    EXPECT_THROW(gridmap::repair_summaries(p, "R404"), InputError);
}

TEST(RepairSegmentTest, BadSegmentIsRefusedWithEveryProblemAndNothingWritten) {
    const std::string path = fixture();
    const std::string before = dump_project(path);
    Project p = Project::open(path);
    auto bad = segment({at(50, 100), at(50, 100)}, "ongoing");
    bad.id = "RS1";
    bad.work_type = "修路";
    bad.start_date = "2026-02-30";
    bad.cost = -5;
    try {
        gridmap::add_repair_segment(p, bad);
        FAIL() << "no error";
    } catch (const InputError& e) {
        const std::string m = e.what();
        EXPECT_NE(m.find("repair segment RS1: 6 problems; nothing was written"), std::string::npos)
            << m;
        EXPECT_NE(m.find("field 'id': 'RS1' is already in use"), std::string::npos) << m;
        EXPECT_NE(m.find("at least two distinct vertices (1 given)"), std::string::npos) << m;
        EXPECT_NE(m.find("field 'work_type': '修路' is not one of 雨污分离"), std::string::npos)
            << m;
        EXPECT_NE(m.find("field 'state': 'ongoing'"), std::string::npos) << m;
        EXPECT_NE(m.find("field 'start_date': '2026-02-30' is not a date"), std::string::npos) << m;
        EXPECT_NE(m.find("field 'cost': -5.00"), std::string::npos) << m;
    }
    EXPECT_EQ(dump_project(path), before);
}

TEST(RepairNotifyTest, BuildingsWithinTheDistanceNearestFirstWithoutResidents) {
    const std::string path = fixture();
    Project p = Project::open(path);
    const std::string id = gridmap::add_repair_segment(p, segment({at(50, 100), at(250, 100)}));
    // Distances to y = 100 between x = 50 and 250: B3 10, B5 20, B1 30, B2 30, B4 30.
    const auto rows = gridmap::repair_notify_list(p, id, 50);
    ASSERT_EQ(rows.size(), 5u);
    const std::vector<std::string> order{"B3", "B5", "B1", "B2", "B4"};
    const std::vector<double> distance{10, 20, 30, 30, 30};
    const std::vector<std::int64_t> households{3, 0, 4, 2, 0};
    for (std::size_t i = 0; i < rows.size(); ++i) {
        EXPECT_EQ(rows[i].building, order[i]);
        EXPECT_NEAR(rows[i].distance_m, distance[i], 1e-6) << order[i];
        EXPECT_EQ(rows[i].households, households[i]) << order[i];
    }
    EXPECT_EQ(rows[0].cell, C + "002");
    EXPECT_EQ(rows[1].cell, C + "002"); // B5: 2/3 in 002
    EXPECT_EQ(rows[2].cell, C + "001");
    EXPECT_EQ(rows[2].compound, "K1");
    EXPECT_EQ(rows[2].building_captain_name, "王楼长");
    EXPECT_EQ(rows[3].building_captain_name, "王楼长");
    EXPECT_EQ(rows[0].building_captain_name, "");
    EXPECT_EQ(gridmap::repair_notify_list(p, id, 25).size(), 2u);
    EXPECT_EQ(gridmap::repair_notify_list(p, id, 10).size(), 1u); // exactly 10 m is within
    EXPECT_EQ(gridmap::repair_notify_list(p, id, 9.9).size(), 0u);
    EXPECT_THROW(gridmap::repair_notify_list(p, "R404", 50), InputError);
    EXPECT_THROW(gridmap::repair_notify_list(p, id, 0), InputError);

    const std::string csv = gridmap::notify_to_csv(rows);
    EXPECT_EQ(csv, "building,building_name,compound,cell,distance_m,households,building_captain\n"
                   "B3,3栋,," +
                       C + "002,10.0,3,\nB5,5栋,," + C + "002,20.0,0,\nB1,1栋,K1," + C +
                       "001,30.0,4,王楼长\nB2,2栋,K1," + C + "001,30.0,2,王楼长\nB4,商铺,," + C +
                       "002,30.0,0,\n");
    for (const char* secret : {"居民", "1370000000", "13812345678"}) {
        EXPECT_EQ(csv.find(secret), std::string::npos) << secret;
    }
}
