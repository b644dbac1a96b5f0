#pragma once

#include "map_data.hpp"
#include "map_renderer.hpp"

#include <gridmap/mesh.hpp>

#include <memory>
#include <vector>

namespace gridmap::quick {

/// Point symbols of one shape and size, and the halo (their outline colour) beneath them.
struct SymbolMeshes {
    int sides = 32;
    double rotation_deg = 0;
    double radius_px = 0;
    gridmap::Mesh halo; ///< radius + half the outline width, in the stroke colour
    gridmap::Mesh fill; ///< radius - half the outline width, in the fill colour
};

/// The triangles of one layer at one level of detail.
struct LayerMeshes {
    gridmap::Mesh fill;                ///< polygons
    gridmap::Mesh dots;                ///< buildings under 3 pixels, as a dot in the fill colour
    gridmap::Mesh outline;             ///< polygon outlines and lines, at the layer's width
    gridmap::Mesh emphasis;            ///< extra outlines (cut buildings), at their width
    std::vector<SymbolMeshes> symbols; ///< points
};

/// Every mesh of the map for one level of detail: level `lod` is drawn at 2^(lod/2) pixels per
/// metre, where widths in pixels become widths in metres, polygons are simplified to a third of
/// a pixel and buildings smaller than 3 pixels are drawn as dots (a square of 1.5 pixels in
/// their fill colour, no outline). Built off the GUI thread; shown under a transform for every
/// scale until the next level is ready.
struct MapMeshes {
    int lod = 0;
    double scale = 1.0; ///< pixels per metre the widths were computed for
    render::Theme theme = render::Theme::plain;
    /// Only the point layers (issues, service points) were meshed: the rest of the map is shown
    /// as a raster (MapRaster) at this zoom.
    bool points_only = false;
    /// The part of the world (relative metres, y up) whose features other than points were
    /// meshed; null: all of them. A city of a million buildings is meshed a region at a time.
    QRectF region;
    std::vector<LayerMeshes> layers; ///< as MapData::layers
    gridmap::Mesh tiling_fill;       ///< gaps and overlaps (coverage theme)
    gridmap::Mesh tiling_outline;
};

/// The level of detail for a scale in pixels per metre.
int lod_for_scale(double scale);
/// The scale in pixels per metre a level of detail is built for.
double scale_for_lod(int lod);

/// Builds every mesh of `data` for level `lod` with the styles of `styles` (its theme decides
/// the point symbols and the emphasised outlines). With `points_only` only the point layers
/// (the rest of the map is drawn as a raster); with a `region`, only the features other than
/// points that reach it. Pure: safe on any thread.
std::shared_ptr<const MapMeshes> build_map_meshes(const render::MapData& data,
                                                  const render::StyleTable& styles, int lod,
                                                  bool points_only = false,
                                                  const QRectF& region = QRectF());

} // namespace gridmap::quick
