#include "detail/overlay.hpp"

#include <algorithm>
#include <array>
#include <thread>

namespace gridmap::detail {

TreePtr make_tree(GEOSContextHandle_t ctx, std::span<const GEOSGeometry* const> geoms,
                  std::vector<std::size_t>& ids) {
    TreePtr tree(GEOSSTRtree_create_r(ctx, 10), TreeDeleter{ctx});
    ids.resize(geoms.size());
    for (std::size_t i = 0; i < geoms.size(); ++i) {
        ids[i] = i;
        // The tree stores the index of each geometry, passed through the item pointer.
        GEOSSTRtree_insert_r(ctx, tree.get(), geoms[i], &ids[i]);
    }
    return tree;
}

std::vector<std::size_t> query(GEOSContextHandle_t ctx, GEOSSTRtree* tree, const GEOSGeometry* g) {
    std::vector<std::size_t> out;
    GEOSSTRtree_query_r(
        ctx, tree, g,
        [](void* item, void* user) {
            static_cast<std::vector<std::size_t>*>(user)->push_back(
                *static_cast<std::size_t*>(item));
        },
        &out);
    std::sort(out.begin(), out.end());
    return out;
}

namespace {

/// The bounding boxes of a polygon's edges, for `box_side`; empty when the polygon is not a
/// (multi)polygon or has too many edges for a linear scan to beat the prepared geometry.
struct EdgeBoxes {
    bool computed = false;
    std::vector<std::array<double, 4>> boxes; ///< min x, min y, max x, max y of each edge
};

void add_ring_edges(GEOSContextHandle_t ctx, const GEOSGeometry* ring, EdgeBoxes& e, bool& ok) {
    const GEOSCoordSequence* seq = ring != nullptr ? GEOSGeom_getCoordSeq_r(ctx, ring) : nullptr;
    unsigned n = 0;
    if (seq == nullptr || GEOSCoordSeq_getSize_r(ctx, seq, &n) == 0) {
        ok = false;
        return;
    }
    double px = 0;
    double py = 0;
    for (unsigned i = 0; i < n && ok; ++i) {
        double x = 0;
        double y = 0;
        if (GEOSCoordSeq_getXY_r(ctx, seq, i, &x, &y) == 0) {
            ok = false;
        } else if (i > 0) {
            e.boxes.push_back({std::min(px, x), std::min(py, y), std::max(px, x), std::max(py, y)});
        }
        px = x;
        py = y;
    }
}

void compute_edge_boxes(GEOSContextHandle_t ctx, const GEOSGeometry* g, EdgeBoxes& e) {
    constexpr std::size_t max_edges = 256;
    e.computed = true;
    bool ok = true;
    const int type = GEOSGeomTypeId_r(ctx, g);
    const int parts = type == GEOS_MULTIPOLYGON ? GEOSGetNumGeometries_r(ctx, g) : 1;
    if ((type != GEOS_POLYGON && type != GEOS_MULTIPOLYGON) || parts < 0) {
        ok = false;
    }
    for (int k = 0; k < parts && ok && e.boxes.size() <= max_edges; ++k) {
        const GEOSGeometry* poly = type == GEOS_MULTIPOLYGON ? GEOSGetGeometryN_r(ctx, g, k) : g;
        const int holes = poly != nullptr ? GEOSGetNumInteriorRings_r(ctx, poly) : -1;
        if (holes < 0) {
            ok = false;
            break;
        }
        add_ring_edges(ctx, GEOSGetExteriorRing_r(ctx, poly), e, ok);
        for (int h = 0; h < holes && ok; ++h) {
            add_ring_edges(ctx, GEOSGetInteriorRingN_r(ctx, poly, h), e, ok);
        }
    }
    if (!ok || e.boxes.size() > max_edges) {
        e.boxes.clear();
    }
}

enum class BoxSide { unknown, inside, outside };

/// Where the closed box `b` (min x, min y, max x, max y) lies with respect to a polygon given
/// by its edge boxes: when no edge box meets `b`, no boundary point is in `b`, so `b` lies
/// wholly in the interior or the exterior, decided by the parity of the edges crossed by the
/// ray from its centre towards +x. Every comparison is exact (a crossing edge lies wholly
/// left or right of the centre), so `inside` means the prepared polygon properly contains
/// anything in `b`, and `outside` that it does not intersect it; otherwise `unknown`.
BoxSide box_side(const std::vector<std::array<double, 4>>& edges, const std::array<double, 4>& b) {
    if (edges.empty()) {
        return BoxSide::unknown;
    }
    const double cx = b[0] + (b[2] - b[0]) / 2;
    const double cy = b[1] + (b[3] - b[1]) / 2;
    if (!(cx >= b[0] && cx <= b[2] && cy >= b[1] && cy <= b[3])) {
        return BoxSide::unknown; // NaN or overflow
    }
    bool inside = false;
    for (const auto& e : edges) {
        if (e[0] <= b[2] && e[2] >= b[0] && e[1] <= b[3] && e[3] >= b[1]) {
            return BoxSide::unknown;
        }
        if (e[1] <= cy && cy < e[3] && cx < e[0]) {
            inside = !inside;
        }
    }
    return inside ? BoxSide::inside : BoxSide::outside;
}

} // namespace

std::vector<Overlap> largest_overlap(GEOSContextHandle_t ctx,
                                     std::span<const GEOSGeometry* const> children,
                                     std::span<const GEOSGeometry* const> parents, double min_share,
                                     std::size_t* topology_errors) {
    std::vector<Overlap> result(children.size());
    if (parents.empty() || children.empty()) {
        for (std::size_t c = 0; c < children.size(); ++c) {
            result[c].child_area = area(ctx, children[c]);
        }
        return result;
    }
    std::vector<std::size_t> ids;
    TreePtr tree = make_tree(ctx, parents, ids);
    std::vector<PreparedPtr> prepared(parents.size());
    std::vector<EdgeBoxes> edges(parents.size());
    for (std::size_t c = 0; c < children.size(); ++c) {
        const GEOSGeometry* child = children[c];
        Overlap& r = result[c];
        r.child_area = area(ctx, child);
        // Most children lie well inside one parent and away from the others: their envelope
        // decides without GEOS (the same answer as the prepared predicates below).
        std::array<double, 4> box{};
        const bool has_box =
            GEOSGeom_getExtent_r(ctx, child, &box[0], &box[1], &box[2], &box[3]) == 1;
        for (std::size_t p : query(ctx, tree.get(), child)) {
            BoxSide side = BoxSide::unknown;
            if (has_box) {
                if (!edges[p].computed) {
                    compute_edge_boxes(ctx, parents[p], edges[p]);
                }
                side = box_side(edges[p].boxes, box);
            }
            if (side == BoxSide::outside) {
                continue;
            }
            if (side == BoxSide::unknown && !prepared[p]) {
                prepared[p] = PreparedPtr(GEOSPrepare_r(ctx, parents[p]), PreparedDeleter{ctx});
            }
            double overlap = 0;
            if (side == BoxSide::inside ||
                GEOSPreparedContainsProperly_r(ctx, prepared[p].get(), child) == 1) {
                overlap = r.child_area;
            } else if (GEOSPreparedIntersects_r(ctx, prepared[p].get(), child) == 1) {
                Geom inter(ctx, GEOSIntersection_r(ctx, parents[p], child));
                if (!inter) {
                    if (topology_errors != nullptr) {
                        ++*topology_errors;
                    }
                    continue;
                }
                overlap = area(ctx, inter.get());
            }
            // Candidates come in index order, so a tie keeps the lower index; areas that differ
            // only by overlay rounding (1e-9 of the child) are a tie.
            if (overlap > r.area + 1e-9 * r.child_area) {
                r.area = overlap;
                r.parent = p;
            }
        }
        if (r.parent && r.area < min_share * r.child_area) {
            r.parent.reset();
        }
    }
    return result;
}

void cache_envelopes(GEOSContextHandle_t ctx, std::span<const GEOSGeometry* const> geometries) {
    double x = 0;
    for (const GEOSGeometry* g : geometries) {
        GEOSGeom_getXMin_r(ctx, g, &x);
    }
}

std::vector<Overlap> largest_overlap_parallel(std::span<const GEOSGeometry* const> children,
                                              std::span<const GEOSGeometry* const> parents,
                                              double min_share, unsigned threads,
                                              std::size_t* topology_errors) {
    threads = std::max(1u, std::min(threads, static_cast<unsigned>(children.size() / 2000 + 1)));
    if (threads > 1) {
        GeosContext ctx;
        cache_envelopes(ctx, parents);
        cache_envelopes(ctx, children);
    }
    std::vector<std::vector<Overlap>> parts(threads);
    std::vector<std::size_t> errors(threads, 0);
    std::vector<std::thread> workers;
    const std::size_t chunk = (children.size() + threads - 1) / threads;
    for (unsigned t = 0; t < threads; ++t) {
        const std::size_t begin = std::min(children.size(), t * chunk);
        const std::size_t end = std::min(children.size(), begin + chunk);
        workers.emplace_back([&, t, begin, end] {
            GeosContext ctx; // one context per thread
            parts[t] = largest_overlap(ctx, children.subspan(begin, end - begin), parents,
                                       min_share, &errors[t]);
        });
    }
    for (auto& w : workers) {
        w.join();
    }
    std::vector<Overlap> result;
    result.reserve(children.size());
    for (unsigned t = 0; t < threads; ++t) {
        result.insert(result.end(), parts[t].begin(), parts[t].end());
        if (topology_errors != nullptr) {
            *topology_errors += errors[t];
        }
    }
    return result;
}

std::vector<std::optional<std::size_t>>
covering_polygon(GEOSContextHandle_t ctx, std::span<const GEOSGeometry* const> points,
                 std::span<const GEOSGeometry* const> polygons) {
    std::vector<std::optional<std::size_t>> result(points.size());
    if (polygons.empty()) {
        return result;
    }
    std::vector<std::size_t> ids;
    TreePtr tree = make_tree(ctx, polygons, ids);
    std::vector<PreparedPtr> prepared(polygons.size());
    for (std::size_t i = 0; i < points.size(); ++i) {
        for (std::size_t p : query(ctx, tree.get(), points[i])) {
            if (!prepared[p]) {
                prepared[p] = PreparedPtr(GEOSPrepare_r(ctx, polygons[p]), PreparedDeleter{ctx});
            }
            if (GEOSPreparedCovers_r(ctx, prepared[p].get(), points[i]) == 1) {
                result[i] = p; // lowest index first: a point on a shared edge goes to it
                break;
            }
        }
    }
    return result;
}

std::vector<LineInPolygon> line_lengths_in_polygons(GEOSContextHandle_t ctx,
                                                    std::span<const GEOSGeometry* const> lines,
                                                    std::span<const GEOSGeometry* const> polygons,
                                                    std::size_t* topology_errors) {
    std::vector<LineInPolygon> result;
    if (polygons.empty()) {
        return result;
    }
    std::vector<std::size_t> ids;
    TreePtr tree = make_tree(ctx, polygons, ids);
    for (std::size_t l = 0; l < lines.size(); ++l) {
        for (std::size_t p : query(ctx, tree.get(), lines[l])) {
            Geom inter(ctx, GEOSIntersection_r(ctx, polygons[p], lines[l]));
            if (!inter) {
                if (topology_errors != nullptr) {
                    ++*topology_errors;
                }
                continue;
            }
            double length = 0;
            GEOSLength_r(ctx, inter.get(), &length);
            if (length > 0) {
                result.push_back({l, p, length});
            }
        }
    }
    return result;
}

Geom polygonal(GEOSContextHandle_t ctx, Geom g) {
    if (!g) {
        return g;
    }
    const int type = GEOSGeomTypeId_r(ctx, g.get());
    if (type == GEOS_MULTIPOLYGON) {
        return g;
    }
    std::vector<GEOSGeometry*> polys;
    auto collect = [&](const GEOSGeometry* part, auto&& self) -> void {
        const int t = GEOSGeomTypeId_r(ctx, part);
        if (t == GEOS_POLYGON) {
            if (GEOSisEmpty_r(ctx, part) == 0) {
                polys.push_back(GEOSGeom_clone_r(ctx, part));
            }
        } else if (t == GEOS_MULTIPOLYGON || t == GEOS_GEOMETRYCOLLECTION) {
            for (int i = 0; i < GEOSGetNumGeometries_r(ctx, part); ++i) {
                self(GEOSGetGeometryN_r(ctx, part, i), self);
            }
        }
    };
    collect(g.get(), collect);
    return Geom(ctx, GEOSGeom_createCollection_r(ctx, GEOS_MULTIPOLYGON, polys.data(),
                                                 static_cast<unsigned>(polys.size())));
}

} // namespace gridmap::detail
