#pragma once

#include "map_data.hpp"
#include "map_theme.hpp"

#include <QColor>
#include <QFont>
#include <QHash>
#include <QImage>
#include <QList>
#include <QPainter>
#include <QRectF>
#include <QSizeF>
#include <QString>
#include <QTransform>

#include <vector>

namespace gridmap::render {

/// What part of the world a map shows: north up, `scale` pixels per metre, `centre` in metres
/// relative to MapData::origin, in an area of `size` device-independent pixels.
struct MapView {
    QPointF centre;
    double scale = 1.0;
    QSizeF size;

    /// Relative metres (y north) -> pixels (y down, origin top left).
    QTransform world_to_pixel() const;
    QPointF to_pixel(QPointF world) const;
    QPointF to_world(QPointF pixel) const;
    /// The world rectangle on screen (relative metres, y up).
    QRectF visible_world() const;
    /// The view that shows `world` (relative metres) whole and centred in `size`, with
    /// `margin_px` left free on every side; a world smaller than `min_extent_m` is shown as if
    /// it were that large.
    static MapView fit(const QRectF& world, const QSizeF& size, double margin_px,
                       double min_extent_m = 50.0);
};

/// A layer's switch and opacity in the layer panel.
struct LayerState {
    bool visible = true;
    double opacity = 1.0;
};

/// The styles of every feature under one theme (feature_style), computed once per theme.
class StyleTable {
public:
    StyleTable() = default;
    StyleTable(const MapData& data, Theme theme);
    Theme theme() const { return m_theme; }
    const FeatureStyle& at(std::size_t layer, std::size_t feature) const {
        return m_styles[layer][feature];
    }
    bool empty() const { return m_styles.empty(); }

private:
    Theme m_theme = Theme::plain;
    std::vector<std::vector<FeatureStyle>> m_styles;
};

struct RenderOptions {
    Theme theme = Theme::plain;
    QHash<QString, LayerState> layers; ///< missing layers are visible and opaque
    bool features = true;              ///< false: only the labels (the GPU map draws the rest)
    bool labels = true;
    QColor background;    ///< invalid: leave the device as it is
    QImage basemap;       ///< warped to the working CRS; null: none
    QRectF basemap_world; ///< the world rectangle the basemap covers (y up)
    double basemap_opacity = 1.0;
    QString selected_layer; ///< the highlighted feature ("" = none)
    QString selected_key;
    const StyleTable* styles = nullptr; ///< precomputed for `theme`, or null

    LayerState state(const QString& layer) const { return layers.value(layer, LayerState{}); }
};

/// A label the renderer placed, in pixels.
struct PlacedLabel {
    QString layer;
    QString key;
    QString text;     ///< lines separated by '\n'
    QPointF anchor;   ///< centre, pixels
    double angle = 0; ///< degrees clockwise on screen (road labels)
    QRectF rect;      ///< axis-aligned box on screen, padding included
};

/// The labels of the visible layers that fit, greedy by priority (cells, compounds, roads,
/// buildings; bigger features first within a layer). Each label tries several places (an
/// area's label point, then moved down, up, right and left inside the area; a road's middle,
/// then 1/3, 2/3, 1/5 and 4/5 along it) and takes the first clear of placed labels and of the
/// visible road repair lines (and, for areas, of roads), else the first clear of placed labels;
/// with none it is dropped. A building number is shown only when it fits inside its building.
QList<PlacedLabel> place_labels(const MapData& data, const MapView& view, const RenderOptions& o);

/// The font of the map: Noto Sans CJK SC when installed, at `pixel_size`.
QFont map_font(int pixel_size, bool bold = false);

/// Draws the map: background, basemap, the visible layers in drawing order with their
/// opacity and the theme's styles, gaps and overlaps (coverage theme), the selection, labels.
/// The painter's device is `view.size` pixels (any transform already set on it is kept).
void render_map(QPainter& p, const MapData& data, const MapView& view, const RenderOptions& o);

} // namespace gridmap::render
