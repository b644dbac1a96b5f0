// Map meshes: triangles must cover exactly the polygon (holes left open), batches must respect
// the vertex limit, lines and points must have the area their width and radius give.

#include "gridmap/error.hpp"
#include "gridmap/mesh.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <numbers>

using gridmap::GeometryKind;
using gridmap::Mesh;
using gridmap::MeshOptions;
using gridmap::Shape;
using gridmap::XY;

namespace {

std::vector<XY> rect(double x0, double y0, double x1, double y1) {
    return {{x0, y0}, {x1, y0}, {x1, y1}, {x0, y1}, {x0, y0}};
}

Shape polygon(std::vector<std::vector<XY>> rings) {
    Shape s;
    s.kind = GeometryKind::polygon;
    for (std::size_t i = 0; i < rings.size(); ++i) {
        s.parts.push_back(std::move(rings[i]));
        s.ring_starts_polygon.push_back(i == 0);
    }
    return s;
}

Shape line(std::vector<XY> pts) {
    Shape s;
    s.kind = GeometryKind::line;
    s.parts.push_back(std::move(pts));
    return s;
}

XY vertex(const gridmap::MeshBatch& b, std::size_t i) {
    return {static_cast<double>(b.xy[2 * i]), static_cast<double>(b.xy[2 * i + 1])};
}

double triangle_area(XY a, XY b, XY c) {
    return std::abs((b.x - a.x) * (c.y - a.y) - (c.x - a.x) * (b.y - a.y)) / 2;
}

/// Sum of the triangle areas of a mesh; checks every index on the way.
double mesh_area(const Mesh& m) {
    double total = 0;
    for (const auto& b : m.batches) {
        EXPECT_EQ(b.indices.size() % 3, 0u);
        for (std::size_t t = 0; t + 2 < b.indices.size(); t += 3) {
            for (int k = 0; k < 3; ++k) {
                EXPECT_LT(b.indices[t + k], b.vertex_count());
            }
            total += triangle_area(vertex(b, b.indices[t]), vertex(b, b.indices[t + 1]),
                                   vertex(b, b.indices[t + 2]));
        }
    }
    return total;
}

/// Calls f(centroid) for every triangle.
template <typename F> void each_centroid(const Mesh& m, F f) {
    for (const auto& b : m.batches) {
        for (std::size_t t = 0; t + 2 < b.indices.size(); t += 3) {
            const XY a = vertex(b, b.indices[t]);
            const XY c = vertex(b, b.indices[t + 1]);
            const XY d = vertex(b, b.indices[t + 2]);
            f(XY{(a.x + c.x + d.x) / 3, (a.y + c.y + d.y) / 3});
        }
    }
}

std::vector<const Shape*> ptrs(const std::vector<Shape>& shapes) {
    std::vector<const Shape*> out;
    for (const Shape& s : shapes) {
        out.push_back(&s);
    }
    return out;
}

} // namespace

TEST(MeshPolygonsTest, SquareWithHoleLeavesTheHoleOpen) {
    const std::vector<Shape> shapes{polygon({rect(0, 0, 10, 10), rect(3, 3, 7, 7)})};
    const Mesh m = gridmap::mesh_polygons(ptrs(shapes), {});
    EXPECT_EQ(m.features_meshed, 1u);
    EXPECT_EQ(m.features_failed, 0u);
    EXPECT_NEAR(mesh_area(m), 100 - 16, 1e-4);
    each_centroid(m, [](XY c) {
        EXPECT_FALSE(c.x > 3 && c.x < 7 && c.y > 3 && c.y < 7) << c.x << " " << c.y;
    });
    ASSERT_EQ(m.batches.size(), 1u);
    EXPECT_EQ(m.batches[0].vertex_count(), 8u); // shared corners, no Steiner points
}

TEST(MeshPolygonsTest, ConcavePolygonStaysInside) {
    // An L: [0,10] x [0,10] without [5,10] x [5,10].
    const std::vector<Shape> shapes{
        polygon({{{0, 0}, {10, 0}, {10, 5}, {5, 5}, {5, 10}, {0, 10}, {0, 0}}})};
    const Mesh m = gridmap::mesh_polygons(ptrs(shapes), {});
    EXPECT_NEAR(mesh_area(m), 75, 1e-4);
    each_centroid(m, [](XY c) { EXPECT_FALSE(c.x > 5 && c.y > 5) << c.x << " " << c.y; });
}

TEST(MeshPolygonsTest, VerticesAreRelativeToTheOrigin) {
    const std::vector<Shape> shapes{polygon({rect(500000, 3300000, 500010, 3300010)})};
    MeshOptions o;
    o.origin = {500005, 3300005};
    const Mesh m = gridmap::mesh_polygons(ptrs(shapes), o);
    ASSERT_EQ(m.batches.size(), 1u);
    for (float v : m.batches[0].xy) {
        EXPECT_EQ(std::abs(v), 5.0f);
    }
}

TEST(MeshPolygonsTest, BatchesRespectTheVertexLimit) {
    std::vector<Shape> shapes;
    for (int i = 0; i < 25; ++i) {
        shapes.push_back(polygon({rect(i * 20, 0, i * 20 + 10, 10)}));
    }
    MeshOptions o;
    o.max_vertices = 10; // two squares per batch
    const Mesh m = gridmap::mesh_polygons(ptrs(shapes), o);
    EXPECT_EQ(m.batches.size(), 13u);
    std::vector<int> seen(25, 0);
    for (const auto& b : m.batches) {
        EXPECT_LE(b.vertex_count(), 10u);
        for (const auto& part : b.parts) {
            ++seen.at(part.feature);
            EXPECT_EQ(part.vertex_count, 4u);
            EXPECT_LE(part.first_vertex + part.vertex_count, b.vertex_count());
        }
    }
    for (int n : seen) {
        EXPECT_EQ(n, 1);
    }
    EXPECT_NEAR(mesh_area(m), 2500, 1e-3);
}

TEST(MeshPolygonsTest, AFeatureLargerThanABatchIsSplit) {
    // A 200-gon (concave: a star) with a limit of 30 vertices per batch.
    std::vector<XY> ring;
    for (int k = 0; k < 200; ++k) {
        const double a = 2 * std::numbers::pi * k / 200;
        const double r = k % 2 == 0 ? 100 : 90;
        ring.push_back({r * std::cos(a), r * std::sin(a)});
    }
    ring.push_back(ring.front());
    const std::vector<Shape> shapes{polygon({ring})};
    const Mesh whole = gridmap::mesh_polygons(ptrs(shapes), {});
    MeshOptions o;
    o.max_vertices = 30;
    const Mesh split = gridmap::mesh_polygons(ptrs(shapes), o);
    EXPECT_GT(split.batches.size(), 7u);
    for (const auto& b : split.batches) {
        EXPECT_LE(b.vertex_count(), 30u);
        ASSERT_EQ(b.parts.size(), 1u);
        EXPECT_EQ(b.parts[0].feature, 0u);
    }
    EXPECT_EQ(whole.triangle_count(), split.triangle_count());
    EXPECT_NEAR(mesh_area(split), mesh_area(whole), 1e-2);
}

TEST(MeshPolygonsTest, TinyFeaturesAreSkippedAndSimplificationDropsVertices) {
    // A square with 400 points on its edges, and a 0.5 m building.
    std::vector<XY> ring;
    for (int k = 0; k < 100; ++k) {
        ring.push_back({k * 1.0, 0.001 * (k % 2)});
    }
    for (int k = 0; k < 100; ++k) {
        ring.push_back({100, k * 1.0});
    }
    for (int k = 0; k < 100; ++k) {
        ring.push_back({100 - k * 1.0, 100});
    }
    for (int k = 0; k < 100; ++k) {
        ring.push_back({0, 100 - k * 1.0});
    }
    ring.push_back(ring.front());
    const std::vector<Shape> shapes{polygon({ring}), polygon({rect(200, 0, 200.5, 0.5)})};
    MeshOptions o;
    o.simplify_m = 0.5;
    o.min_size_m = 1.0;
    const Mesh m = gridmap::mesh_polygons(ptrs(shapes), o);
    EXPECT_EQ(m.features_meshed, 1u);
    EXPECT_EQ(m.features_skipped, 1u);
    EXPECT_LE(m.vertex_count(), 8u);
    EXPECT_NEAR(mesh_area(m), 10000, 1.0);
}

TEST(MeshPolygonsTest, BowTieIsRepairedNotDropped) {
    const std::vector<Shape> shapes{polygon({{{0, 0}, {10, 10}, {10, 0}, {0, 10}, {0, 0}}})};
    const Mesh m = gridmap::mesh_polygons(ptrs(shapes), {});
    EXPECT_EQ(m.features_failed, 0u);
    EXPECT_NEAR(mesh_area(m), 50, 1e-4); // two triangles of 25 m2
}

TEST(MeshPolygonsTest, BadLimitsThrow) {
    const std::vector<Shape> shapes;
    MeshOptions o;
    o.max_vertices = 65536;
    EXPECT_THROW(gridmap::mesh_polygons(ptrs(shapes), o), gridmap::InputError);
    o.max_vertices = 2;
    EXPECT_THROW(gridmap::mesh_polygons(ptrs(shapes), o), gridmap::InputError);
}

TEST(MeshLinesTest, StraightLineIsARectangle) {
    const std::vector<Shape> shapes{line({{0, 0}, {100, 0}})};
    const Mesh m = gridmap::mesh_lines(ptrs(shapes), 4.0, {});
    EXPECT_NEAR(mesh_area(m), 400, 1e-4);
    for (const auto& b : m.batches) {
        for (std::size_t i = 0; i < b.vertex_count(); ++i) {
            EXPECT_NEAR(std::abs(vertex(b, i).y), 2.0, 1e-6);
        }
    }
}

TEST(MeshLinesTest, RightAngleTurnGetsABevel) {
    const std::vector<Shape> shapes{line({{0, 0}, {100, 0}, {100, 50}})};
    const double w = 4.0;
    const Mesh m = gridmap::mesh_lines(ptrs(shapes), w, {});
    // Two quads and the bevel triangle on the outside of the corner: (w/2)^2 / 2.
    EXPECT_NEAR(mesh_area(m), 150 * w + w * w / 8, 1e-4);
    // The bevel is outside (south-east of the corner), not inside.
    bool outside = false;
    each_centroid(m, [&outside](XY c) { outside = outside || (c.x > 100 && c.y < 0); });
    EXPECT_TRUE(outside);
}

TEST(MeshLinesTest, PolygonOutlineIsClosed) {
    const std::vector<Shape> shapes{polygon({rect(0, 0, 10, 10)})};
    const double w = 1.0;
    const Mesh m = gridmap::mesh_lines(ptrs(shapes), w, {});
    // Four quads of 10 x 1 and four corner bevels of 1/8.
    EXPECT_NEAR(mesh_area(m), 40 + 4 * 0.125, 1e-4);
}

TEST(MeshLinesTest, Dashes) {
    const std::vector<Shape> shapes{line({{0, 0}, {5, 0}, {10, 0}})};
    const Mesh m = gridmap::mesh_lines(ptrs(shapes), 1.0, {}, 2.0, 1.0);
    // Dashes [0,2] [3,5] [6,8] [9,10]: 7 m drawn.
    EXPECT_NEAR(mesh_area(m), 7.0, 1e-4);
    bool in_gap = false;
    each_centroid(m, [&in_gap](XY c) { in_gap = in_gap || (c.x > 2.05 && c.x < 2.95); });
    EXPECT_FALSE(in_gap);
}

TEST(MeshLinesTest, BadWidthThrows) {
    const std::vector<Shape> shapes{line({{0, 0}, {1, 0}})};
    EXPECT_THROW(gridmap::mesh_lines(ptrs(shapes), 0.0, {}), gridmap::InputError);
}

TEST(MeshPointsTest, SymbolsHaveTheirArea) {
    Shape p;
    p.kind = GeometryKind::point;
    p.parts.push_back({{10, 10}});
    const std::vector<Shape> shapes{p};
    // A square of circumradius 2: area 2 r^2 = 8; an n-gon n/2 r^2 sin(2 pi / n).
    EXPECT_NEAR(mesh_area(gridmap::mesh_points(ptrs(shapes), 2.0, 4, 0, {})), 8.0, 1e-5);
    EXPECT_NEAR(mesh_area(gridmap::mesh_points(ptrs(shapes), 2.0, 64, 0, {})),
                32 * 4 * std::sin(2 * std::numbers::pi / 64), 1e-4);
    const Mesh tri = gridmap::mesh_points(ptrs(shapes), 2.0, 3, 90, {});
    ASSERT_EQ(tri.batches.size(), 1u);
    EXPECT_NEAR(vertex(tri.batches[0], 0).x, 10, 1e-5); // rotated: first corner due north
    EXPECT_NEAR(vertex(tri.batches[0], 0).y, 12, 1e-5);
    EXPECT_THROW(gridmap::mesh_points(ptrs(shapes), 2.0, 2, 0, {}), gridmap::InputError);
}
