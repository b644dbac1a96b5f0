#pragma once

#include "map_data.hpp"
#include "map_renderer.hpp"

#include <QHash>
#include <QImage>
#include <QRectF>
#include <QString>
#include <QTransform>

#include <cstdint>
#include <memory>
#include <vector>

namespace gridmap::quick {

/// How many features of some layers lie in a part of the world, estimated from a coarse grid of
/// their bounds' centres: the map draws a far-out view as one image (MapRaster) when it holds
/// more than a threshold of features of the raster's layers (every layer but the point layers:
/// cells, compounds, buildings, roads ...), and the point symbols in it too when there are more
/// than a threshold of points. Built once per MapData off the GUI thread; answering is a sum
/// over at most `cells` x `cells` counts.
class FeatureDensity {
public:
    static constexpr int cells = 64;
    FeatureDensity() = default;
    /// Of the point layers (`points`) or of the others.
    FeatureDensity(const render::MapData& data, bool points);
    /// Estimated features in `world` (relative metres, y up): whole grid cells inside it count
    /// fully, cells it cuts count by the part of their area inside.
    double count_in(const QRectF& world) const;
    /// Every feature counted.
    std::int64_t total() const { return m_total; }

private:
    QRectF m_extent;
    double m_cell_w = 1;
    double m_cell_h = 1;
    std::vector<std::uint32_t> m_counts; ///< cells x cells, row by row from the south
    std::int64_t m_total = 0;
};

/// True for the layers the raster always draws: every layer but points (issues, service
/// points), which stay vector symbols over it unless there are very many of them in view
/// (RasterRequest::points), as the selection and the labels always do.
bool raster_layer(const render::MapLayer& layer);

/// An image of the static layers of a view, with a margin around it.
struct MapRaster {
    QImage image;        ///< device pixels; ARGB32 premultiplied, or RGB32 when opaque
    QTransform view;     ///< world -> item pixels of the view the image was drawn for
    QRectF item_rect;    ///< where the image lies in item pixels under `view`
    QRectF world;        ///< the part of the world the image covers (y up)
    double scale = 0;    ///< pixels per metre of `view`
    bool points = false; ///< the point layers are in the image too
    int generation = 0;  ///< MapItem's raster generation it was drawn for
    double draw_ms = 0;  ///< time taken to draw it (wall, pool thread)
};

/// What to draw a raster of.
struct RasterRequest {
    render::MapView view;                      ///< the item's view
    double margin = 0.5;                       ///< extra on each side, in view widths/heights
    double dpr = 1;                            ///< device pixels per item pixel
    QHash<QString, render::LayerState> layers; ///< visibility and opacity per layer
    QColor background;                         ///< invalid: transparent image (a basemap shows)
    bool points = false;                       ///< draw the point layers' symbols too
    int generation = 0;
};

/// Draws the raster layers of `data` (raster_layer) with `styles` as the scene-graph map draws
/// their meshes (map_meshes.cpp) at the request's scale: polygon fills, buildings under 3 pixels
/// as a square dot of 1.5 pixels in their fill colour, outlines at the layer's width (dashed as
/// Qt dashes), emphasised outlines, gaps and overlaps in the coverage theme, with `points` the
/// point symbols (a halo polygon in the stroke colour, the fill polygon over it); no antialiasing,
/// as the meshes are drawn without multisampling on a software rasteriser. Pure: any thread.
MapRaster draw_map_raster(const render::MapData& data, const render::StyleTable& styles,
                          const RasterRequest& request);

} // namespace gridmap::quick
