#pragma once

#include "gridmap/features.hpp"

#include <cstddef>
#include <cstdint>
#include <span>
#include <vector>

/// Map meshes: features turned into triangles once, for a GPU map (one geometry node per batch).
/// Coordinates are single-precision metres of the working CRS relative to an origin (the centre
/// of the data), so a city of 100 km keeps millimetre precision. No Qt here: the Qt Quick map
/// copies the batches into its geometry nodes.

namespace gridmap {

/// The vertices of one feature inside a batch. A feature larger than a batch spans several.
struct MeshPart {
    std::uint32_t feature = 0;      ///< index of the feature in the input
    std::uint32_t first_vertex = 0; ///< first vertex of the feature in the batch
    std::uint32_t vertex_count = 0;
};

/// Triangles with 16-bit indices: at most `MeshOptions::max_vertices` (65,535) vertices.
struct MeshBatch {
    std::vector<float> xy;              ///< x, y pairs: metres east and north of the origin
    std::vector<std::uint16_t> indices; ///< three per triangle, counter-clockwise or not
    std::vector<MeshPart> parts;        ///< in feature order
    std::size_t vertex_count() const { return xy.size() / 2; }
    std::size_t triangle_count() const { return indices.size() / 3; }
};

/// The triangles of a set of features.
struct Mesh {
    std::vector<MeshBatch> batches;
    std::size_t features_meshed = 0;  ///< features with at least one triangle
    std::size_t features_skipped = 0; ///< empty, or smaller than `min_size_m`
    std::size_t features_failed = 0;  ///< GEOS could not triangulate them (invalid geometry)
    std::size_t vertex_count() const;
    std::size_t triangle_count() const;
};

struct MeshOptions {
    XY origin;                        ///< working CRS metres subtracted from every vertex
    double simplify_m = 0;            ///< topology-preserving simplification tolerance (0: none)
    double min_size_m = 0;            ///< skip features whose bounding box is smaller than this
                                      ///< in both directions (a building under a pixel)
    std::size_t max_vertices = 65535; ///< per batch; at most 65,535 (16-bit indices)
};

/// Fill triangles of polygon shapes, holes left open: GEOS constrained Delaunay triangulation
/// of each polygon (a convex ring without holes is fanned directly). Lines and points give no
/// triangles. A polygon GEOS cannot triangulate (self-intersecting) is counted in
/// `features_failed` and left out. Throws InputError when max_vertices is below 3 or above
/// 65,535.
Mesh mesh_polygons(std::span<const Shape* const> shapes, const MeshOptions& options);

/// Lines `width_m` wide as triangles: every part of a line shape, and every ring of a polygon
/// shape (its outline). Segments are quads joined by bevels on the outer side of each turn;
/// rings are closed. With `dash_m` > 0 the lines are dashed: `dash_m` drawn, `gap_m` left out,
/// along each part. Points give nothing. Throws InputError for a width that is not positive.
Mesh mesh_lines(std::span<const Shape* const> shapes, double width_m, const MeshOptions& options,
                double dash_m = 0, double gap_m = 0);

/// Point symbols: a regular polygon of `sides` corners (3 to 64; 32 looks round) with circumradius
/// `radius_m` centred on every point of a point shape, rotated by `rotation_deg`
/// counter-clockwise (0: a corner due east). Throws InputError for a bad radius or side count.
Mesh mesh_points(std::span<const Shape* const> shapes, double radius_m, int sides,
                 double rotation_deg, const MeshOptions& options);

} // namespace gridmap
