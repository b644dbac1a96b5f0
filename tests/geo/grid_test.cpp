// Grid generation and cell codes on the hand-drawn fixture of tests/data/grid (see its
// README.md: every expected value below was worked out on paper from that drawing).

#include "geo/test_util.hpp"
#include "gridmap/check.hpp"
#include "gridmap/demo.hpp"
#include "gridmap/error.hpp"
#include "gridmap/grid.hpp"
#include "gridmap/import.hpp"
#include "gridmap/project.hpp"

#include <gtest/gtest.h>

#include <gdal_priv.h>
#include <ogrsf_frmts.h>

#include <cmath>
#include <cstdio>
#include <map>
#include <set>

using gridmap::CellShape;
using gridmap::GridOptions;
using gridmap::GridReport;
using gridmap::Project;
using gridmap::test::dump_project;
using gridmap::test::temp_file;
using gridmap::test::value_of;

namespace {

const std::string R = "420902001001"; // rect.geojson: [0,400] x [0,300]
const std::string C = "420902001002"; // cshape.geojson
const std::string B = "420902001003"; // balanced_community.geojson: [0,320] x [0,200]
constexpr double OX = 500000;
constexpr double OY = 3300000;
const double hex_area = std::sqrt(3.0) / 2 * 100 * 100; // 8660.254 m2 for a 100 m hexagon

void import(Project& p, const std::string& table, const std::string& file, bool replace = false) {
    gridmap::ImportOptions o;
    o.table = table;
    o.source = gridmap::test::data("grid/" + file);
    o.replace = replace;
    gridmap::import_layer(p, o);
}

/// A new project (EPSG:4547) with the given (table, fixture file) imports.
std::string make_project(const std::string& name,
                         const std::vector<std::pair<std::string, std::string>>& files) {
    const std::string path = temp_file(name);
    Project p = Project::create(path, 4547);
    for (const auto& [table, file] : files) {
        import(p, table, file);
    }
    return path;
}

GridReport generate(const std::string& path, GridOptions o) {
    Project p = Project::open(path);
    return gridmap::generate_grid(p, o);
}

GridOptions lattice(const std::string& community, CellShape shape, double size) {
    GridOptions o;
    o.community = community;
    o.shape = shape;
    o.size_m = size;
    return o;
}

GridOptions balanced(const std::string& community, int min, int max) {
    GridOptions o;
    o.community = community;
    o.balanced = true;
    o.households_min = min;
    o.households_max = max;
    return o;
}

/// A cell as stored: envelope in fixture offsets (metres from (500000, 3300000)).
struct StoredCell {
    std::string name;
    std::string community;
    double area = 0;
    int parts = 0;
    double x0 = 0, y0 = 0, x1 = 0, y1 = 0;
};

std::map<std::string, StoredCell> stored_cells(const std::string& path) {
    std::map<std::string, StoredCell> out;
    GDALAllRegister();
    GDALDatasetUniquePtr ds(GDALDataset::Open(path.c_str(), GDAL_OF_VECTOR | GDAL_OF_READONLY,
                                              nullptr, nullptr, nullptr));
    OGRLayer* layer = ds ? ds->GetLayerByName("cell") : nullptr;
    if (layer == nullptr) {
        return out;
    }
    for (auto& f : *layer) {
        StoredCell c;
        c.name = f->GetFieldAsString("name");
        c.community = f->GetFieldAsString("community");
        const OGRGeometry* g = f->GetGeometryRef();
        if (g != nullptr) {
            c.area = g->toMultiPolygon()->get_Area();
            c.parts = g->toMultiPolygon()->getNumGeometries();
            OGREnvelope e;
            g->getEnvelope(&e);
            c.x0 = e.MinX - OX;
            c.y0 = e.MinY - OY;
            c.x1 = e.MaxX - OX;
            c.y1 = e.MaxY - OY;
        }
        out[f->GetFieldAsString("code")] = c;
    }
    return out;
}

std::string envelope_text(const StoredCell& c) {
    char buf[128];
    std::snprintf(buf, sizeof buf, "[%.3f,%.3f]x[%.3f,%.3f]", c.x0, c.x1, c.y0, c.y1);
    return buf;
}

gridmap::CheckResult check(const std::string& path) {
    const Project p = Project::open(path, Project::Access::read_only);
    return gridmap::check_project(p);
}

std::string gaps_and_overlaps(const gridmap::CheckResult& r) {
    std::string s;
    for (const auto& g : r.gaps) {
        s += "gap " + g.community + " " + std::to_string(g.area_m2) + " " + g.wkt + "\n";
    }
    for (const auto& o : r.overlaps) {
        s += "overlap " + o.cell_a + "/" + o.cell_b + " " + std::to_string(o.area_m2) + "\n";
    }
    return s;
}

bool rule_holds(const gridmap::CheckResult& r, const std::string& id, std::string* why = nullptr) {
    const auto* rule = r.rule(id);
    if (rule == nullptr) {
        return false;
    }
    if (why != nullptr) {
        for (const auto& u : rule->uncovered) {
            *why += u.id + ": " + u.detail + "\n";
        }
    }
    return rule->holds();
}

double total_area(const std::map<std::string, StoredCell>& cells) {
    double a = 0;
    for (const auto& [code, c] : cells) {
        a += c.area;
    }
    return a;
}

} // namespace

TEST(GridSquareTest, RectangleMakesTwelveCellsNumberedFromTheNorthWest) {
    const std::string path = make_project("p.gpkg", {{"community", "rect.geojson"}});
    const GridReport r = generate(path, lattice(R, CellShape::square, 100));
    ASSERT_EQ(r.cells.size(), 12u);
    EXPECT_TRUE(r.written);
    const auto cells = stored_cells(path);
    ASSERT_EQ(cells.size(), 12u);
    int seq = 0;
    for (const auto& [code, c] : cells) {
        ++seq;
        char expected[32];
        std::snprintf(expected, sizeof expected, "%s%03d", R.c_str(), seq);
        EXPECT_EQ(code, expected);
        EXPECT_NEAR(c.area, 10000, 1e-6) << code;
        EXPECT_EQ(c.name, "第" + std::to_string(seq) + "网格");
        EXPECT_EQ(c.community, R);
        // Row (seq-1)/4 from the north, column (seq-1)%4 from the west.
        const double x0 = 100.0 * ((seq - 1) % 4);
        const double y1 = 300.0 - 100.0 * ((seq - 1) / 4);
        EXPECT_NEAR(c.x0, x0, 1e-6) << code << " " << envelope_text(c);
        EXPECT_NEAR(c.y1, y1, 1e-6) << code << " " << envelope_text(c);
    }
    // Spelled out: 001 north-west, 004 north-east, 005 starts the second row.
    EXPECT_EQ(envelope_text(cells.at(R + "001")), "[0.000,100.000]x[200.000,300.000]");
    EXPECT_EQ(envelope_text(cells.at(R + "004")), "[300.000,400.000]x[200.000,300.000]");
    EXPECT_EQ(envelope_text(cells.at(R + "005")), "[0.000,100.000]x[100.000,200.000]");
    const auto c = check(path);
    EXPECT_TRUE(c.gaps.empty() && c.overlaps.empty()) << gaps_and_overlaps(c);
    EXPECT_TRUE(rule_holds(c, "cells_tile_community"));
    EXPECT_TRUE(rule_holds(c, "cells_inside_community"));
}

TEST(GridSquareTest, ClippedPiecesHaveTheirAreasAndTheSliverMergesIntoItsNeighbour) {
    const std::string path = make_project("p.gpkg", {{"community", "cshape.geojson"}});
    const GridReport r = generate(path, lattice(C, CellShape::square, 100));
    ASSERT_EQ(r.communities.size(), 1u);
    EXPECT_EQ(r.communities[0].slivers, 1u); // [0,100] x [300,300.004] = 0.4 m2
    EXPECT_NEAR(r.communities[0].area_m2, 75000.4, 1e-6);
    const auto cells = stored_cells(path);
    ASSERT_EQ(cells.size(), 9u);
    const std::map<std::string, double> expected{
        {"001", 10000.4}, // [0,100] x [200,300] + the sliver above it
        {"002", 10000},
        {"003", 8000}, // [200,280] x [200,300]
        {"004", 10000},
        {"005", 5800}, // [100,200] x [100,200] minus the slot's [130,200] x
                       // [120,180]
        {"006", 3200}, // two strips of 80 x 20: falls apart, stays one cell
        {"007", 10000},
        {"008", 10000},
        {"009", 8000}};
    for (const auto& [seq, area] : expected) {
        ASSERT_TRUE(cells.contains(C + seq)) << seq;
        EXPECT_NEAR(cells.at(C + seq).area, area, 1e-6) << seq;
    }
    EXPECT_EQ(cells.at(C + "006").parts, 2);
    EXPECT_EQ(cells.at(C + "005").parts, 1);
    EXPECT_EQ(envelope_text(cells.at(C + "001")), "[0.000,100.000]x[200.000,300.004]");
    EXPECT_NEAR(total_area(cells), 75000.4, 1e-6);
    const auto c = check(path);
    EXPECT_TRUE(c.gaps.empty() && c.overlaps.empty()) << gaps_and_overlaps(c);
    // The same with a tolerance under the sliver: it stays a cell of its own, the first.
    GridOptions o = lattice(C, CellShape::square, 100);
    o.replace = true;
    o.tolerance_m2 = 0.1;
    const GridReport fine = generate(path, o);
    EXPECT_EQ(fine.cells.size(), 10u);
    EXPECT_NEAR(stored_cells(path).at(C + "001").area, 0.4, 1e-6);
}

TEST(GridHexTest, HexagonsTileTheRectangle) {
    const std::string path = make_project("p.gpkg", {{"community", "rect.geojson"}});
    const GridReport r = generate(path, lattice(R, CellShape::hexagon, 100));
    // Rows on y = 300, 213.4, 126.8, 40.2, -46.4: 5 + 4 + 5 + 4 + 5 hexagons reach inside.
    ASSERT_EQ(r.cells.size(), 23u);
    const auto cells = stored_cells(path);
    ASSERT_EQ(cells.size(), 23u);
    // Areas summed at coordinates in the millions carry ~1e-3 m2 of rounding.
    EXPECT_NEAR(total_area(cells), 120000, 1e-2);
    EXPECT_NEAR(cells.at(R + "001").area, hex_area / 4, 1e-6); // centred on the NW corner
    EXPECT_NEAR(cells.at(R + "002").area, hex_area / 2, 1e-6); // centred on the north edge
    EXPECT_NEAR(cells.at(R + "005").area, hex_area / 4, 1e-6); // centred on the NE corner
    EXPECT_NEAR(cells.at(R + "006").area, hex_area, 1e-6);     // row 2's first, whole
    EXPECT_EQ(envelope_text(cells.at(R + "006")), "[0.000,100.000]x[155.662,271.132]");
    const auto c = check(path);
    EXPECT_TRUE(c.gaps.empty() && c.overlaps.empty()) << gaps_and_overlaps(c);
    EXPECT_TRUE(rule_holds(c, "cells_tile_community"));
}

TEST(GridBalancedTest, SixBuildingsOfOneHundredMakeThreeCellsOfTwoHundred) {
    const std::string path = make_project("p.gpkg", {{"community", "balanced_community.geojson"},
                                                     {"building", "balanced_building.geojson"},
                                                     {"household", "balanced_household.csv"}});
    const GridReport r = generate(path, balanced(B, 150, 250));
    ASSERT_EQ(r.cells.size(), 3u);
    EXPECT_TRUE(r.out_of_range.empty());
    for (const auto& cell : r.cells) {
        EXPECT_EQ(cell.households, 200) << cell.code;
        EXPECT_EQ(cell.buildings, 2) << cell.code;
    }
    // Cut at x = 205 (the wider gap, 170..240), then the west part at x = 100.
    const auto cells = stored_cells(path);
    EXPECT_EQ(envelope_text(cells.at(B + "001")), "[0.000,100.000]x[0.000,200.000]");
    EXPECT_EQ(envelope_text(cells.at(B + "002")), "[100.000,205.000]x[0.000,200.000]");
    EXPECT_EQ(envelope_text(cells.at(B + "003")), "[205.000,320.000]x[0.000,200.000]");
    EXPECT_NEAR(cells.at(B + "002").area, 21000, 1e-6);
    EXPECT_EQ(value_of(path, "building", "id", "G1", "cell"), B + "001");
    EXPECT_EQ(value_of(path, "building", "id", "G5", "cell"), B + "002");
    EXPECT_EQ(value_of(path, "building", "id", "G6", "cell"), B + "003");
    const auto c = check(path);
    std::string why;
    EXPECT_TRUE(rule_holds(c, "building_not_cut", &why)) << why;
    EXPECT_TRUE(rule_holds(c, "cells_tile_community")) << gaps_and_overlaps(c);
    gridmap::CheckOptions range;
    range.households_min = 150;
    range.households_max = 250;
    const Project p = Project::open(path, Project::Access::read_only);
    EXPECT_TRUE(rule_holds(gridmap::check_project(p, range), "cell_households_in_range"));
}

TEST(GridBalancedTest, CutsGoAroundACompound) {
    // K1 holds G1 and G2: the west part is cut at y = 95 (under K1), not at x = 100 through it.
    const std::string path = make_project("p.gpkg", {{"community", "balanced_community.geojson"},
                                                     {"compound", "balanced_compound.geojson"},
                                                     {"building", "balanced_building.geojson"},
                                                     {"household", "balanced_household.csv"}});
    ASSERT_EQ(value_of(path, "building", "id", "G2", "compound"), "K1");
    const GridReport r = generate(path, balanced(B, 150, 250));
    ASSERT_EQ(r.cells.size(), 3u);
    EXPECT_TRUE(r.out_of_range.empty());
    EXPECT_EQ(r.communities.at(0).compounds_cut, 0u);
    const auto cells = stored_cells(path);
    // Rows: the north-west cell and the east cell (its extent holds the NW centroid), then SW.
    EXPECT_EQ(envelope_text(cells.at(B + "001")), "[0.000,210.000]x[95.000,200.000]");
    EXPECT_EQ(envelope_text(cells.at(B + "002")), "[210.000,320.000]x[0.000,200.000]");
    EXPECT_EQ(envelope_text(cells.at(B + "003")), "[0.000,210.000]x[0.000,95.000]");
    EXPECT_NEAR(cells.at(B + "001").area, 22050, 1e-6);
    EXPECT_NEAR(cells.at(B + "002").area, 22000, 1e-6);
    EXPECT_NEAR(cells.at(B + "003").area, 19950, 1e-6);
    EXPECT_EQ(value_of(path, "building", "id", "G1", "cell"), B + "001");
    EXPECT_EQ(value_of(path, "building", "id", "G2", "cell"), B + "001");
    const auto c = check(path);
    EXPECT_TRUE(rule_holds(c, "building_not_cut"));
    EXPECT_TRUE(rule_holds(c, "cells_tile_community")) << gaps_and_overlaps(c);
}

TEST(GridBalancedTest, OneBuildingOverTheMaximumIsReportedOutOfRange) {
    const std::string path = make_project("p.gpkg", {{"community", "balanced_community.geojson"},
                                                     {"building", "big_building.geojson"},
                                                     {"household", "big_household.csv"}});
    GridOptions o;
    o.community = B;
    o.balanced = true; // the settings' 300-500
    const GridReport r = generate(path, o);
    EXPECT_EQ(r.households_min, 300);
    EXPECT_EQ(r.households_max, 500);
    ASSERT_EQ(r.cells.size(), 1u); // one building cannot be split
    EXPECT_EQ(r.cells[0].households, 900);
    EXPECT_FALSE(r.cells[0].in_range);
    EXPECT_EQ(r.out_of_range, std::vector<std::string>{B + "001"});
    EXPECT_NE(gridmap::grid_to_text(r).find("1 cells out of the range 300-500 households: " + B +
                                            "001 (900)"),
              std::string::npos)
        << gridmap::grid_to_text(r);
    const auto c = check(path);
    EXPECT_TRUE(rule_holds(c, "building_not_cut"));
    EXPECT_TRUE(rule_holds(c, "cells_tile_community"));
}

TEST(GridRenumberTest, RegeneratingWithNothingChangedKeepsEveryCode) {
    const std::string path = make_project("p.gpkg", {{"community", "rect.geojson"}});
    generate(path, lattice(R, CellShape::square, 100));
    const auto before = stored_cells(path);
    GridOptions o = lattice(R, CellShape::square, 100);
    o.replace = true;
    const GridReport r = generate(path, o);
    ASSERT_EQ(r.communities.size(), 1u);
    EXPECT_EQ(r.communities[0].kept, 12u);
    EXPECT_EQ(r.communities[0].replaced, 0u);
    const auto after = stored_cells(path);
    ASSERT_EQ(after.size(), before.size());
    for (const auto& [code, c] : before) {
        ASSERT_TRUE(after.contains(code)) << code;
        EXPECT_EQ(envelope_text(after.at(code)), envelope_text(c)) << code;
        EXPECT_EQ(after.at(code).name, c.name);
    }
}

TEST(GridRenumberTest, ChangedPartGetsAFreeNumberAndUnchangedCellsKeepTheirs) {
    const std::string path = make_project("p.gpkg", {{"community", "rect.geojson"}});
    generate(path, lattice(R, CellShape::square, 100));
    {
        Project p = Project::open(path);
        import(p, "person", "person.csv");
        import(p, "role_assignment", "role_assignment_rect.csv"); // P1 -> 004, P2 -> 006
        // The NE square goes, a square east of the SE corner comes.
        import(p, "community", "rect_changed.geojson", true);
    }
    GridOptions o = lattice(R, CellShape::square, 100);
    o.replace = true;
    // P1's cell 004 disappears: refused, and nothing changes.
    const std::string dump = dump_project(path);
    EXPECT_THROW(generate(path, o), gridmap::InputError);
    EXPECT_EQ(dump_project(path), dump);
    try {
        generate(path, o);
    } catch (const gridmap::InputError& e) {
        EXPECT_NE(std::string(e.what()).find("P1 -> " + R + "004"), std::string::npos) << e.what();
        EXPECT_NE(std::string(e.what()).find("--unassign"), std::string::npos) << e.what();
    }
    o.unassign = true;
    const GridReport r = generate(path, o);
    EXPECT_EQ(r.communities[0].kept, 11u);
    EXPECT_EQ(r.communities[0].replaced, 1u);
    EXPECT_EQ(r.unassigned, std::vector<std::string>{"P1 -> " + R + "004"});
    const auto cells = stored_cells(path);
    ASSERT_EQ(cells.size(), 12u);
    // Unchanged cells kept their codes; the new one took the free 004.
    EXPECT_EQ(envelope_text(cells.at(R + "003")), "[200.000,300.000]x[200.000,300.000]");
    EXPECT_EQ(envelope_text(cells.at(R + "004")), "[400.000,500.000]x[0.000,100.000]");
    EXPECT_EQ(envelope_text(cells.at(R + "005")), "[0.000,100.000]x[100.000,200.000]");
    EXPECT_EQ(envelope_text(cells.at(R + "012")), "[300.000,400.000]x[0.000,100.000]");
    EXPECT_EQ(value_of(path, "role_assignment", "person", "P1", "target"), "<none>");
    EXPECT_EQ(value_of(path, "role_assignment", "person", "P2", "target"), R + "006");
    EXPECT_EQ(value_of(path, "assignment_event", "person", "P1", "action"), "unassign");
    EXPECT_EQ(value_of(path, "assignment_event", "person", "P1", "target"), R + "004");
    const auto c = check(path);
    EXPECT_TRUE(c.gaps.empty() && c.overlaps.empty()) << gaps_and_overlaps(c);
}

TEST(GridRenumberTest, RenumberKeepsWellFormedCodesAndGridWorkersFollowTheirCell) {
    const std::string path =
        make_project("p.gpkg", {{"community", "rect.geojson"},
                                {"cell", "cells_unnumbered.geojson"},
                                {"person", "person.csv"},
                                {"role_assignment", "role_assignment_unnumbered.csv"}});
    // Keep: the SE quarter keeps 001; NW, NE, SW take 002, 003, 004 in positional order.
    gridmap::RenumberOptions o;
    {
        Project p = Project::open(path);
        const auto r = gridmap::renumber_cells(p, o);
        EXPECT_EQ(r.cells, 4u);
        EXPECT_EQ(r.kept, 1u);
        EXPECT_EQ(r.references, 1);
        const std::vector<std::pair<std::string, std::string>> moves{
            {"X1", R + "003"}, {"X2", R + "004"}, {"X3", R + "002"}};
        EXPECT_EQ(r.moves, moves);
    }
    auto cells = stored_cells(path);
    EXPECT_EQ(envelope_text(cells.at(R + "001")), "[200.000,400.000]x[0.000,150.000]");
    EXPECT_EQ(envelope_text(cells.at(R + "002")), "[0.000,200.000]x[150.000,300.000]");
    EXPECT_EQ(cells.at(R + "002").name, "老网格");  // a name of its own stays
    EXPECT_EQ(cells.at(R + "004").name, "第4网格"); // an empty one is given
    EXPECT_EQ(value_of(path, "role_assignment", "person", "P1", "target"), R + "002");
    // Full: strictly by position; 001 moves from SE to NW and P1 follows NW again.
    o.full = true;
    {
        Project p = Project::open(path);
        const auto r = gridmap::renumber_cells(p, o);
        EXPECT_EQ(r.kept, 0u);
        EXPECT_EQ(r.moves.size(), 4u);
    }
    cells = stored_cells(path);
    EXPECT_EQ(envelope_text(cells.at(R + "001")), "[0.000,200.000]x[150.000,300.000]");
    EXPECT_EQ(envelope_text(cells.at(R + "002")), "[200.000,400.000]x[150.000,300.000]");
    EXPECT_EQ(envelope_text(cells.at(R + "003")), "[0.000,200.000]x[0.000,150.000]");
    EXPECT_EQ(envelope_text(cells.at(R + "004")), "[200.000,400.000]x[0.000,150.000]");
    EXPECT_EQ(cells.at(R + "004").name, "第4网格"); // was 第1网格 as 001
    EXPECT_EQ(value_of(path, "role_assignment", "person", "P1", "target"), R + "001");
    // The stored assignment follows the new codes.
    const auto c = check(path);
    EXPECT_TRUE(rule_holds(c, "cells_tile_community"));
    // Positional already: nothing to do.
    {
        Project p = Project::open(path);
        EXPECT_TRUE(gridmap::renumber_cells(p, o).moves.empty());
    }
}

TEST(GridDemoTest, BalancedDemoKeepsEveryBuildingWholeAndTiles) {
    const std::string path = temp_file("demo.gpkg");
    gridmap::build_demo_project(GRIDMAP_DEMO_DATA, path);
    GridOptions o;
    o.community = "all";
    o.balanced = true; // 300-500 from the settings
    o.replace = true;
    o.unassign = true; // the demo's grid workers answer for the old cells
    const GridReport r = generate(path, o);
    std::int64_t households = 0;
    for (const auto& cell : r.cells) {
        households += cell.households;
        std::printf("  %s %10.1f m2 %3lld buildings %4lld households%s\n", cell.code.c_str(),
                    cell.area_m2, static_cast<long long>(cell.buildings),
                    static_cast<long long>(cell.households), cell.in_range ? "" : " out of range");
    }
    std::printf("demo: %zu balanced cells, %zu out of 300-500, %zu of 6 compounds cut, %zu "
                "clippings redone with GEOS\n",
                r.cells.size(), r.out_of_range.size(), r.communities.at(0).compounds_cut,
                r.communities.at(0).geos_fallbacks);
    EXPECT_EQ(households, 2079);
    EXPECT_GE(r.cells.size(), 4u);
    const auto c = check(path);
    std::string why;
    EXPECT_TRUE(rule_holds(c, "building_not_cut", &why)) << why;
    EXPECT_TRUE(rule_holds(c, "cells_tile_community", &why)) << why << gaps_and_overlaps(c);
    EXPECT_TRUE(rule_holds(c, "building_in_cell", &why)) << why;
    EXPECT_EQ(c.rule("cell_households_in_range")->uncovered.size(), r.out_of_range.size());
}

TEST(GridInputTest, BadInputThrowsAndLeavesTheProjectUnchanged) {
    const std::string path = make_project("p.gpkg", {{"community", "rect.geojson"}});
    generate(path, lattice(R, CellShape::square, 100));
    const std::string dump = dump_project(path);
    auto refused = [&](const GridOptions& o, const std::string& needle) {
        try {
            generate(path, o);
            ADD_FAILURE() << "not refused: " << needle;
        } catch (const gridmap::InputError& e) {
            EXPECT_NE(std::string(e.what()).find(needle), std::string::npos) << e.what();
        }
        EXPECT_EQ(dump_project(path), dump) << needle;
    };
    GridOptions unknown = lattice("420902001999", CellShape::square, 100);
    unknown.replace = true;
    refused(unknown, "no community with code '420902001999'");
    GridOptions zero = lattice(R, CellShape::square, 0);
    zero.replace = true;
    refused(zero, "must be a positive number of metres");
    refused(lattice(R, CellShape::hexagon, -5), "must be a positive number of metres");
    refused(lattice(R, CellShape::square, 100), "already has 12 cells; use --replace");
    GridOptions tiny = lattice(R, CellShape::square, 1);
    tiny.replace = true;
    refused(tiny, "choose a larger --size");
    GridOptions range = balanced(R, 500, 300);
    range.replace = true;
    refused(range, "expected 0 <= MIN <= MAX");
    gridmap::RenumberOptions rn;
    rn.community = "420902001999";
    Project p = Project::open(path);
    EXPECT_THROW(gridmap::renumber_cells(p, rn), gridmap::InputError);
}

TEST(GridInputTest, DryRunWritesNothing) {
    const std::string path = make_project("p.gpkg", {{"community", "rect.geojson"}});
    const std::string dump = dump_project(path);
    GridOptions o = lattice("all", CellShape::hexagon, 100);
    o.dry_run = true;
    GridReport r;
    {
        Project p = Project::open(path, Project::Access::read_only);
        r = gridmap::generate_grid(p, o);
    }
    EXPECT_EQ(r.cells.size(), 23u);
    EXPECT_FALSE(r.written);
    EXPECT_EQ(dump_project(path), dump);
    o.dry_run = false;
    Project p = Project::open(path, Project::Access::read_only);
    EXPECT_THROW(gridmap::generate_grid(p, o), gridmap::ProjectError);
}
