#include "detail/overlay.hpp"

#include <algorithm>
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
    for (std::size_t c = 0; c < children.size(); ++c) {
        const GEOSGeometry* child = children[c];
        Overlap& r = result[c];
        r.child_area = area(ctx, child);
        for (std::size_t p : query(ctx, tree.get(), child)) {
            if (!prepared[p]) {
                prepared[p] = PreparedPtr(GEOSPrepare_r(ctx, parents[p]), PreparedDeleter{ctx});
            }
            double overlap = 0;
            if (GEOSPreparedContainsProperly_r(ctx, prepared[p].get(), child) == 1) {
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

std::vector<Overlap> largest_overlap_parallel(std::span<const GEOSGeometry* const> children,
                                              std::span<const GEOSGeometry* const> parents,
                                              double min_share, unsigned threads,
                                              std::size_t* topology_errors) {
    threads = std::max(1u, std::min(threads, static_cast<unsigned>(children.size() / 2000 + 1)));
    if (threads > 1) {
        // Envelopes may be computed lazily and cached in the geometry: do it before sharing.
        GeosContext ctx;
        double x = 0;
        for (const GEOSGeometry* g : parents) {
            GEOSGeom_getXMin_r(ctx, g, &x);
        }
        for (const GEOSGeometry* g : children) {
            GEOSGeom_getXMin_r(ctx, g, &x);
        }
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
