#include "gridmap/mesh.hpp"

#include "detail/geos.hpp"
#include "gridmap/error.hpp"

#include <algorithm>
#include <cmath>
#include <cstring>
#include <limits>
#include <numbers>
#include <string>
#include <unordered_map>

namespace gridmap {

namespace {

using detail::Geom;

/// Appends the triangles of one feature to the batches of a mesh, starting a new batch when the
/// current one would pass the vertex limit. A feature with more vertices than a batch holds is
/// split triangle by triangle over several batches (shared vertices are repeated).
class BatchWriter {
public:
    BatchWriter(Mesh& mesh, const MeshOptions& options)
        : m_mesh(mesh), m_max(options.max_vertices), m_origin(options.origin) {}

    /// `vertices` in working CRS metres; `triangles` three indexes into them per triangle.
    void add(std::uint32_t feature, const std::vector<XY>& vertices,
             const std::vector<std::uint32_t>& triangles) {
        if (triangles.empty()) {
            return;
        }
        if (vertices.size() <= m_max) {
            MeshBatch& b = batch_with_room(vertices.size());
            const auto base = static_cast<std::uint32_t>(b.vertex_count());
            for (const XY& p : vertices) {
                push_vertex(b, p);
            }
            for (std::uint32_t i : triangles) {
                b.indices.push_back(static_cast<std::uint16_t>(base + i));
            }
            b.parts.push_back({feature, base, static_cast<std::uint32_t>(vertices.size())});
            return;
        }
        // Larger than a batch: fill batches triangle by triangle.
        std::unordered_map<std::uint32_t, std::uint16_t> local;
        MeshBatch* b = nullptr;
        std::uint32_t base = 0;
        const auto close_part = [&] {
            if (b != nullptr && b->vertex_count() > base) {
                b->parts.push_back(
                    {feature, base, static_cast<std::uint32_t>(b->vertex_count() - base)});
            }
        };
        for (std::size_t t = 0; t + 2 < triangles.size(); t += 3) {
            if (b == nullptr || b->vertex_count() + 3 > m_max) {
                close_part();
                b = &batch_with_room(3);
                base = static_cast<std::uint32_t>(b->vertex_count());
                local.clear();
            }
            for (std::size_t k = 0; k < 3; ++k) {
                const std::uint32_t v = triangles[t + k];
                auto [it, inserted] = local.try_emplace(v, 0);
                if (inserted) {
                    it->second = static_cast<std::uint16_t>(b->vertex_count());
                    push_vertex(*b, vertices[v]);
                }
                b->indices.push_back(it->second);
            }
        }
        close_part();
    }

private:
    MeshBatch& batch_with_room(std::size_t vertices) {
        if (m_mesh.batches.empty() || m_mesh.batches.back().vertex_count() + vertices > m_max) {
            m_mesh.batches.emplace_back();
        }
        return m_mesh.batches.back();
    }

    void push_vertex(MeshBatch& b, const XY& p) const {
        b.xy.push_back(static_cast<float>(p.x - m_origin.x));
        b.xy.push_back(static_cast<float>(p.y - m_origin.y));
    }

    Mesh& m_mesh;
    std::size_t m_max;
    XY m_origin;
};

void check_options(const MeshOptions& o) {
    if (o.max_vertices < 3 || o.max_vertices > 65535) {
        throw InputError("a mesh batch holds 3 to 65,535 vertices, not " +
                         std::to_string(o.max_vertices));
    }
}

/// Whether the bounding box of a shape is smaller than `size` in both directions.
bool smaller_than(const Shape& s, double size) {
    if (size <= 0) {
        return false;
    }
    double x0 = std::numeric_limits<double>::infinity();
    double y0 = x0;
    double x1 = -x0;
    double y1 = -x0;
    for (const auto& part : s.parts) {
        for (const XY& p : part) {
            x0 = std::min(x0, p.x);
            y0 = std::min(y0, p.y);
            x1 = std::max(x1, p.x);
            y1 = std::max(y1, p.y);
        }
    }
    return x1 - x0 < size && y1 - y0 < size;
}

bool same(const XY& a, const XY& b) {
    return a.x == b.x && a.y == b.y;
}

/// The ring without its closing point and without repeated consecutive points.
std::vector<XY> open_ring(const std::vector<XY>& ring) {
    std::vector<XY> out;
    out.reserve(ring.size());
    for (const XY& p : ring) {
        if (out.empty() || !same(out.back(), p)) {
            out.push_back(p);
        }
    }
    while (out.size() > 1 && same(out.front(), out.back())) {
        out.pop_back();
    }
    return out;
}

/// True when the open ring is strictly convex (collinear corners allowed).
bool is_convex(const std::vector<XY>& r) {
    if (r.size() < 3) {
        return false;
    }
    int sign = 0;
    const std::size_t n = r.size();
    for (std::size_t i = 0; i < n; ++i) {
        const XY& a = r[i];
        const XY& b = r[(i + 1) % n];
        const XY& c = r[(i + 2) % n];
        const double cross = (b.x - a.x) * (c.y - b.y) - (b.y - a.y) * (c.x - b.x);
        if (cross == 0) {
            continue;
        }
        const int s = cross > 0 ? 1 : -1;
        if (sign == 0) {
            sign = s;
        } else if (s != sign) {
            return false;
        }
    }
    return sign != 0;
}

/// Polygons of a shape: each is a list of rings, the exterior first.
std::vector<std::vector<const std::vector<XY>*>> polygons_of(const Shape& s) {
    std::vector<std::vector<const std::vector<XY>*>> out;
    for (std::size_t i = 0; i < s.parts.size(); ++i) {
        const bool starts = i < s.ring_starts_polygon.size() ? s.ring_starts_polygon[i] : i == 0;
        if (starts || out.empty()) {
            out.emplace_back();
        }
        out.back().push_back(&s.parts[i]);
    }
    return out;
}

GEOSGeometry* make_ring(GEOSContextHandle_t ctx, const std::vector<XY>& ring) {
    std::vector<XY> pts = open_ring(ring);
    if (pts.size() < 3) {
        return nullptr;
    }
    pts.push_back(pts.front());
    GEOSCoordSequence* seq = GEOSCoordSeq_copyFromBuffer_r(ctx, &pts.front().x, pts.size(), 0, 0);
    return seq != nullptr ? GEOSGeom_createLinearRing_r(ctx, seq) : nullptr;
}

/// A GEOS MultiPolygon of a polygon shape (rings with fewer than 3 points are dropped).
Geom to_geos_polygons(GEOSContextHandle_t ctx, const Shape& s) {
    std::vector<GEOSGeometry*> polygons;
    for (const auto& rings : polygons_of(s)) {
        GEOSGeometry* shell = make_ring(ctx, *rings.front());
        if (shell == nullptr) {
            continue;
        }
        std::vector<GEOSGeometry*> holes;
        for (std::size_t k = 1; k < rings.size(); ++k) {
            if (GEOSGeometry* h = make_ring(ctx, *rings[k])) {
                holes.push_back(h);
            }
        }
        polygons.push_back(GEOSGeom_createPolygon_r(ctx, shell, holes.data(),
                                                    static_cast<unsigned>(holes.size())));
    }
    return Geom(ctx, GEOSGeom_createCollection_r(ctx, GEOS_MULTIPOLYGON, polygons.data(),
                                                 static_cast<unsigned>(polygons.size())));
}

/// Collects the vertices of triangles, sharing identical coordinates.
class VertexIndex {
public:
    std::uint32_t operator()(const XY& p) {
        Key k{};
        std::memcpy(&k.x, &p.x, sizeof k.x);
        std::memcpy(&k.y, &p.y, sizeof k.y);
        auto [it, inserted] = m_map.try_emplace(k, static_cast<std::uint32_t>(vertices.size()));
        if (inserted) {
            vertices.push_back(p);
        }
        return it->second;
    }
    std::vector<XY> vertices;

private:
    struct Key {
        std::uint64_t x;
        std::uint64_t y;
        bool operator==(const Key&) const = default;
    };
    struct Hash {
        std::size_t operator()(const Key& k) const {
            return std::hash<std::uint64_t>()(k.x) ^ (std::hash<std::uint64_t>()(k.y) * 31);
        }
    };
    std::unordered_map<Key, std::uint32_t, Hash> m_map;
};

/// Adds the triangles of a GEOS triangulation (a collection of triangle polygons).
void add_triangles(GEOSContextHandle_t ctx, const GEOSGeometry* tris, VertexIndex& index,
                   std::vector<std::uint32_t>& out) {
    const int n = GEOSGetNumGeometries_r(ctx, tris);
    for (int i = 0; i < n; ++i) {
        const GEOSGeometry* t = GEOSGetGeometryN_r(ctx, tris, i);
        const GEOSGeometry* ring = GEOSGetExteriorRing_r(ctx, t);
        const GEOSCoordSequence* seq =
            ring != nullptr ? GEOSGeom_getCoordSeq_r(ctx, ring) : nullptr;
        unsigned size = 0;
        if (seq == nullptr || GEOSCoordSeq_getSize_r(ctx, seq, &size) == 0 || size < 3) {
            continue;
        }
        for (unsigned k = 0; k < 3; ++k) {
            XY p;
            GEOSCoordSeq_getXY_r(ctx, seq, k, &p.x, &p.y);
            out.push_back(index(p));
        }
    }
}

/// Reads the rings of GEOS polygons back into a shape (after simplification).
void add_polygon_rings(GEOSContextHandle_t ctx, const GEOSGeometry* g, Shape& s) {
    const auto ring_points = [ctx](const GEOSGeometry* ring) {
        std::vector<XY> pts;
        const GEOSCoordSequence* seq = GEOSGeom_getCoordSeq_r(ctx, ring);
        unsigned size = 0;
        if (seq == nullptr || GEOSCoordSeq_getSize_r(ctx, seq, &size) == 0) {
            return pts;
        }
        pts.resize(size);
        for (unsigned k = 0; k < size; ++k) {
            GEOSCoordSeq_getXY_r(ctx, seq, k, &pts[k].x, &pts[k].y);
        }
        return pts;
    };
    const int type = GEOSGeomTypeId_r(ctx, g);
    if (type == GEOS_POLYGON) {
        s.parts.push_back(ring_points(GEOSGetExteriorRing_r(ctx, g)));
        s.ring_starts_polygon.push_back(true);
        const int holes = GEOSGetNumInteriorRings_r(ctx, g);
        for (int h = 0; h < holes; ++h) {
            s.parts.push_back(ring_points(GEOSGetInteriorRingN_r(ctx, g, h)));
            s.ring_starts_polygon.push_back(false);
        }
    } else if (type == GEOS_MULTIPOLYGON || type == GEOS_GEOMETRYCOLLECTION) {
        for (int i = 0; i < GEOSGetNumGeometries_r(ctx, g); ++i) {
            add_polygon_rings(ctx, GEOSGetGeometryN_r(ctx, g, i), s);
        }
    }
}

/// Fill triangles of one polygon shape. Returns false when GEOS failed.
bool triangulate(GEOSContextHandle_t ctx, const Shape& shape, double simplify_m, VertexIndex& index,
                 std::vector<std::uint32_t>& tris) {
    Shape simplified;
    const Shape* s = &shape;
    if (simplify_m > 0) {
        Geom g = to_geos_polygons(ctx, shape);
        Geom simple =
            g ? Geom(ctx, GEOSTopologyPreserveSimplify_r(ctx, g.get(), simplify_m)) : Geom();
        if (simple) {
            simplified.kind = GeometryKind::polygon;
            add_polygon_rings(ctx, simple.get(), simplified);
            s = &simplified;
        }
    }
    bool ok = true;
    for (const auto& rings : polygons_of(*s)) {
        if (rings.size() == 1) {
            const std::vector<XY> ring = open_ring(*rings.front());
            if (is_convex(ring)) {
                const std::uint32_t first = index(ring[0]);
                for (std::size_t k = 1; k + 1 < ring.size(); ++k) {
                    tris.push_back(first);
                    tris.push_back(index(ring[k]));
                    tris.push_back(index(ring[k + 1]));
                }
                continue;
            }
        }
        Shape one;
        one.kind = GeometryKind::polygon;
        for (std::size_t k = 0; k < rings.size(); ++k) {
            one.parts.push_back(*rings[k]);
            one.ring_starts_polygon.push_back(k == 0);
        }
        Geom g = to_geos_polygons(ctx, one);
        if (!g || GEOSisEmpty_r(ctx, g.get()) == 1) {
            continue;
        }
        Geom t(ctx, GEOSConstrainedDelaunayTriangulation_r(ctx, g.get()));
        if (!t) {
            // An invalid ring (a bow-tie): triangulate its valid repair instead.
            Geom valid(ctx, GEOSMakeValid_r(ctx, g.get()));
            t = valid ? Geom(ctx, GEOSConstrainedDelaunayTriangulation_r(ctx, valid.get()))
                      : Geom();
        }
        if (!t) {
            ok = false;
            continue;
        }
        add_triangles(ctx, t.get(), index, tris);
    }
    return ok;
}

/// Douglas-Peucker simplification of a polyline (end points kept).
std::vector<XY> simplify_line(const std::vector<XY>& pts, double tolerance) {
    if (tolerance <= 0 || pts.size() < 3) {
        return pts;
    }
    std::vector<bool> keep(pts.size(), false);
    keep.front() = keep.back() = true;
    std::vector<std::pair<std::size_t, std::size_t>> stack{{0, pts.size() - 1}};
    const double tol2 = tolerance * tolerance;
    while (!stack.empty()) {
        const auto [a, b] = stack.back();
        stack.pop_back();
        const double dx = pts[b].x - pts[a].x;
        const double dy = pts[b].y - pts[a].y;
        const double len2 = dx * dx + dy * dy;
        double worst = -1;
        std::size_t at = a;
        for (std::size_t i = a + 1; i < b; ++i) {
            double ex = pts[i].x - pts[a].x;
            double ey = pts[i].y - pts[a].y;
            double d2 = 0;
            if (len2 > 0) {
                const double t = std::clamp((ex * dx + ey * dy) / len2, 0.0, 1.0);
                ex -= t * dx;
                ey -= t * dy;
            }
            d2 = ex * ex + ey * ey;
            if (d2 > worst) {
                worst = d2;
                at = i;
            }
        }
        if (worst > tol2) {
            keep[at] = true;
            stack.push_back({a, at});
            stack.push_back({at, b});
        }
    }
    std::vector<XY> out;
    for (std::size_t i = 0; i < pts.size(); ++i) {
        if (keep[i]) {
            out.push_back(pts[i]);
        }
    }
    return out;
}

/// Splits a polyline into dashes `on` long separated by gaps `off` long.
std::vector<std::vector<XY>> dashes(const std::vector<XY>& pts, double on, double off) {
    std::vector<std::vector<XY>> out;
    bool drawing = true;
    double left = on; // length left in the current dash or gap
    std::vector<XY> current{pts.front()};
    for (std::size_t i = 0; i + 1 < pts.size(); ++i) {
        XY a = pts[i];
        const XY b = pts[i + 1];
        double seg = std::hypot(b.x - a.x, b.y - a.y);
        while (seg > 0) {
            if (seg < left) {
                left -= seg;
                if (drawing) {
                    current.push_back(b);
                }
                seg = 0;
                continue;
            }
            const double t = left / seg;
            const XY mid{a.x + (b.x - a.x) * t, a.y + (b.y - a.y) * t};
            if (drawing) {
                current.push_back(mid);
                out.push_back(std::move(current));
                current.clear();
            } else {
                current = {mid};
            }
            drawing = !drawing;
            seg -= left;
            a = mid;
            left = drawing ? on : off;
        }
    }
    if (drawing && current.size() > 1) {
        out.push_back(std::move(current));
    }
    return out;
}

/// Quads along a polyline and bevel triangles on the outside of its turns.
void extrude(const std::vector<XY>& pts, bool closed, double half, std::vector<XY>& verts,
             std::vector<std::uint32_t>& tris) {
    struct Seg {
        XY a, b, n; // n: left normal times half the width
    };
    std::vector<Seg> segs;
    const std::size_t count = closed ? pts.size() : pts.size() - 1;
    for (std::size_t i = 0; i < count; ++i) {
        const XY& a = pts[i];
        const XY& b = pts[(i + 1) % pts.size()];
        const double len = std::hypot(b.x - a.x, b.y - a.y);
        if (len <= 0) {
            continue;
        }
        segs.push_back({a, b, {-(b.y - a.y) / len * half, (b.x - a.x) / len * half}});
    }
    const auto vertex = [&verts](double x, double y) {
        verts.push_back({x, y});
        return static_cast<std::uint32_t>(verts.size() - 1);
    };
    for (std::size_t i = 0; i < segs.size(); ++i) {
        const Seg& s = segs[i];
        const std::uint32_t v0 = vertex(s.a.x + s.n.x, s.a.y + s.n.y);
        const std::uint32_t v1 = vertex(s.a.x - s.n.x, s.a.y - s.n.y);
        const std::uint32_t v2 = vertex(s.b.x + s.n.x, s.b.y + s.n.y);
        const std::uint32_t v3 = vertex(s.b.x - s.n.x, s.b.y - s.n.y);
        tris.insert(tris.end(), {v0, v1, v2, v2, v1, v3});
        const bool has_next = i + 1 < segs.size() || (closed && segs.size() > 2);
        if (!has_next) {
            continue;
        }
        const Seg& t = segs[(i + 1) % segs.size()];
        const double cross = s.n.x * t.n.y - s.n.y * t.n.x; // > 0: the line turns left
        if (cross == 0) {
            continue;
        }
        const double side = cross > 0 ? -1.0 : 1.0; // the outer side of the turn
        const XY& p = s.b;
        const std::uint32_t c = vertex(p.x, p.y);
        const std::uint32_t e0 = vertex(p.x + side * s.n.x, p.y + side * s.n.y);
        const std::uint32_t e1 = vertex(p.x + side * t.n.x, p.y + side * t.n.y);
        tris.insert(tris.end(), {c, e0, e1});
    }
}

} // namespace

std::size_t Mesh::vertex_count() const {
    std::size_t n = 0;
    for (const MeshBatch& b : batches) {
        n += b.vertex_count();
    }
    return n;
}

std::size_t Mesh::triangle_count() const {
    std::size_t n = 0;
    for (const MeshBatch& b : batches) {
        n += b.triangle_count();
    }
    return n;
}

Mesh mesh_polygons(std::span<const Shape* const> shapes, const MeshOptions& options) {
    check_options(options);
    Mesh mesh;
    BatchWriter writer(mesh, options);
    detail::GeosContext ctx;
    for (std::size_t f = 0; f < shapes.size(); ++f) {
        const Shape& s = *shapes[f];
        if (s.kind != GeometryKind::polygon || s.parts.empty() ||
            smaller_than(s, options.min_size_m)) {
            ++mesh.features_skipped;
            continue;
        }
        VertexIndex index;
        std::vector<std::uint32_t> tris;
        if (!triangulate(ctx, s, options.simplify_m, index, tris)) {
            ++mesh.features_failed;
        }
        if (tris.empty()) {
            mesh.features_skipped += 1;
            continue;
        }
        writer.add(static_cast<std::uint32_t>(f), index.vertices, tris);
        ++mesh.features_meshed;
    }
    return mesh;
}

Mesh mesh_lines(std::span<const Shape* const> shapes, double width_m, const MeshOptions& options,
                double dash_m, double gap_m) {
    check_options(options);
    if (!(width_m > 0)) {
        throw InputError("a line mesh needs a positive width");
    }
    Mesh mesh;
    BatchWriter writer(mesh, options);
    const bool dashed = dash_m > 0 && gap_m > 0;
    for (std::size_t f = 0; f < shapes.size(); ++f) {
        const Shape& s = *shapes[f];
        if (s.kind == GeometryKind::point || s.kind == GeometryKind::none || s.parts.empty() ||
            smaller_than(s, options.min_size_m)) {
            ++mesh.features_skipped;
            continue;
        }
        const bool rings = s.kind == GeometryKind::polygon;
        std::vector<XY> verts;
        std::vector<std::uint32_t> tris;
        for (const std::vector<XY>& part : s.parts) {
            std::vector<XY> pts = rings ? open_ring(part) : part;
            if (rings && pts.size() >= 3) {
                pts.push_back(pts.front()); // simplify keeps both ends: the ring stays closed
            }
            pts = simplify_line(pts, options.simplify_m);
            if (pts.size() < 2) {
                continue;
            }
            if (dashed) {
                for (const auto& dash : dashes(pts, dash_m, gap_m)) {
                    extrude(dash, false, width_m / 2, verts, tris);
                }
            } else if (rings) {
                pts.pop_back();
                extrude(pts, pts.size() > 2, width_m / 2, verts, tris);
            } else {
                extrude(pts, false, width_m / 2, verts, tris);
            }
        }
        if (tris.empty()) {
            ++mesh.features_skipped;
            continue;
        }
        writer.add(static_cast<std::uint32_t>(f), verts, tris);
        ++mesh.features_meshed;
    }
    return mesh;
}

Mesh mesh_points(std::span<const Shape* const> shapes, double radius_m, int sides,
                 double rotation_deg, const MeshOptions& options) {
    check_options(options);
    if (!(radius_m > 0) || sides < 3 || sides > 64) {
        throw InputError("a point symbol needs a positive radius and 3 to 64 sides");
    }
    Mesh mesh;
    BatchWriter writer(mesh, options);
    std::vector<XY> corners(static_cast<std::size_t>(sides));
    for (int k = 0; k < sides; ++k) {
        const double a = (rotation_deg + 360.0 * k / sides) * std::numbers::pi / 180.0;
        corners[static_cast<std::size_t>(k)] = {radius_m * std::cos(a), radius_m * std::sin(a)};
    }
    for (std::size_t f = 0; f < shapes.size(); ++f) {
        const Shape& s = *shapes[f];
        if (s.kind != GeometryKind::point || s.parts.empty()) {
            ++mesh.features_skipped;
            continue;
        }
        std::vector<XY> verts;
        std::vector<std::uint32_t> tris;
        for (const auto& part : s.parts) {
            for (const XY& p : part) {
                const auto first = static_cast<std::uint32_t>(verts.size());
                for (const XY& c : corners) {
                    verts.push_back({p.x + c.x, p.y + c.y});
                }
                for (int k = 1; k + 1 < sides; ++k) {
                    tris.insert(tris.end(), {first, first + static_cast<std::uint32_t>(k),
                                             first + static_cast<std::uint32_t>(k + 1)});
                }
            }
        }
        if (tris.empty()) {
            ++mesh.features_skipped;
            continue;
        }
        writer.add(static_cast<std::uint32_t>(f), verts, tris);
        ++mesh.features_meshed;
    }
    return mesh;
}

} // namespace gridmap
