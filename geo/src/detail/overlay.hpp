#pragma once

#include "detail/geos.hpp"

#include <cstddef>
#include <optional>
#include <span>
#include <vector>

namespace gridmap::detail {

/// The parent polygon that covers the largest part of a child polygon.
struct Overlap {
    std::optional<std::size_t> parent; ///< index into the parents (none: no overlap)
    double area = 0;                   ///< area shared with that parent
    double child_area = 0;             ///< area of the child
};

/// For each child polygon, the parent polygon that covers the largest part of its area (ties:
/// the lowest index, so callers sort parents by code). A child whose best overlap is below
/// `min_share` of its own area gets no parent. Uses an STRtree over the parents and prepared
/// parent geometries. A GEOS topology error on a pair counts as no overlap and is counted in
/// `topology_errors` if given.
std::vector<Overlap> largest_overlap(GEOSContextHandle_t ctx,
                                     std::span<const GEOSGeometry* const> children,
                                     std::span<const GEOSGeometry* const> parents, double min_share,
                                     std::size_t* topology_errors = nullptr);

/// Computes the envelope of each geometry now. GEOS may compute an envelope when first asked
/// and keep it in the geometry: geometries read on several threads at once need it before.
void cache_envelopes(GEOSContextHandle_t ctx, std::span<const GEOSGeometry* const> geometries);

/// The same, split over `threads` threads (one GEOS context each). Results do not depend on
/// the number of threads.
std::vector<Overlap> largest_overlap_parallel(std::span<const GEOSGeometry* const> children,
                                              std::span<const GEOSGeometry* const> parents,
                                              double min_share, unsigned threads,
                                              std::size_t* topology_errors = nullptr);

/// For each point, the lowest-index polygon that covers it (boundary included), or none.
std::vector<std::optional<std::size_t>>
covering_polygon(GEOSContextHandle_t ctx, std::span<const GEOSGeometry* const> points,
                 std::span<const GEOSGeometry* const> polygons);

/// Length of a line inside one polygon.
struct LineInPolygon {
    std::size_t line = 0;
    std::size_t polygon = 0;
    double length = 0;
};

/// Every (line, polygon) pair with a positive length of the line inside the polygon, in line
/// order then polygon order.
std::vector<LineInPolygon> line_lengths_in_polygons(GEOSContextHandle_t ctx,
                                                    std::span<const GEOSGeometry* const> lines,
                                                    std::span<const GEOSGeometry* const> polygons,
                                                    std::size_t* topology_errors = nullptr);

/// The indexes of the items of an STRtree query, in insertion order.
std::vector<std::size_t> query(GEOSContextHandle_t ctx, GEOSSTRtree* tree, const GEOSGeometry* g);

/// An STRtree over geometries whose items are their indexes (`ids` must outlive the tree).
TreePtr make_tree(GEOSContextHandle_t ctx, std::span<const GEOSGeometry* const> geoms,
                  std::vector<std::size_t>& ids);

/// Polygonal parts of a geometry as a MultiPolygon (lines and points of a collection dropped).
Geom polygonal(GEOSContextHandle_t ctx, Geom g);

} // namespace gridmap::detail
