#pragma once

#include "map_renderer.hpp"

#include <QIODevice>
#include <QImage>
#include <QList>
#include <QPainter>
#include <QString>

namespace gridmap::render {

/// A scale bar: a round length (1, 2 or 5 times a power of ten metres) and its length on screen.
struct ScaleBar {
    double metres = 0;
    double pixels = 0;
    QString label; ///< "50 m", "2 km"
};

/// The longest round length whose bar is at most `max_px` pixels at `metres_per_pixel`.
ScaleBar scale_bar(double metres_per_pixel, double max_px);

/// Draws a scale bar whose bar starts at `bottom_left` (pixels), label above it.
void draw_scale_bar(QPainter& p, QPointF bottom_left, const ScaleBar& bar);

/// Draws a north arrow (the map is always north up) filling `box`.
void draw_north_arrow(QPainter& p, const QRectF& box);

/// The size of the legend box of `entries` under `title`.
QSizeF legend_size(const QString& title, const QList<LegendEntry>& entries);

/// Draws the legend box with its bottom-right corner at `bottom_right`; returns the box.
QRectF draw_legend(QPainter& p, QPointF bottom_right, const QString& title,
                   const QList<LegendEntry>& entries);

/// What an exported page says besides the map.
struct PageOptions {
    QString title;  ///< drawn at the top ("" = none)
    QString date;   ///< drawn at the bottom right
    QString source; ///< the data-source line, bottom left
    bool legend = true;
    /// The world the map must show whole (relative metres, y up); empty: what `view` shows.
    QRectF extent;
};

/// How an export page is divided: the map on the left, the legend in a panel on the right
/// (outside the map, so it never covers a feature), in pixels of the page.
struct PageLayout {
    QRectF map;    ///< where the map is drawn
    QRectF panel;  ///< the legend's panel; empty when the page has no legend
    QRectF legend; ///< the legend box inside the panel; empty when none
    MapView view;  ///< the view of the map: page.extent (or `view`'s world) whole in `map`
};

/// The layout of an export page of `view.size` pixels (see render_page).
PageLayout page_layout(const MapData& data, const MapView& view, const RenderOptions& o,
                       const PageOptions& page);

/// Draws an export page of `view.size` pixels: the map (render_map) in the page less a panel on
/// the right that holds the legend of the theme (page_layout), the title at the top and the
/// north arrow at the top right of the map, the scale bar at the bottom left and the date and
/// data-source line along the bottom edge. Decorations grow with the page (their unit is
/// min(width, height) / 800 pixels).
void render_page(QPainter& p, const MapData& data, const MapView& view, const RenderOptions& o,
                 const PageOptions& page);

/// Draws an export page as render_page does into `image` (Format_ARGB32_Premultiplied, the
/// page's size; filled white first), cut into horizontal bands drawn at the same time on
/// `bands` threads (0: one per core, at most 8, each band at least 256 rows), each painter
/// clipped to its band so that it draws only the features and decorations that reach it, on
/// Qt's global thread pool. The same pixels as one painter over the whole image (the labels
/// are placed on the whole page by every band alike), but for a dashed outline's dash that
/// crosses a band's edge: Qt's line rasteriser clips it to the band first, so it may differ by
/// a few levels within a dash's length of the edge.
/// `canvas`: already_white skips the fill (for an image from white_page_image).
enum class Canvas { clear_first, already_white };
void render_page_image(QImage& image, const MapData& data, const MapView& view,
                       const RenderOptions& o, const PageOptions& page, int bands = 0,
                       Canvas canvas = Canvas::clear_first);

/// A page image for render_page_image, filled white: made on a thread of its own while the
/// project is read, the first touch of its pages (16,384 page faults and 64 MB written at
/// 4096 x 4096) is off the drawing's path.
QImage white_page_image(int width, int height);

/// Writes an opaque page as PNG: 24-bit RGB (no alpha channel), the SUB filter and runs of
/// zeros deflated as matches (RunDeflater), compressed in bands on every core (write_rgb_png):
/// many times faster than Qt's writer. To a file name or an open device. Returns false when it
/// cannot be written.
bool save_png(const QImage& image, const QString& path);
bool save_png(const QImage& image, QIODevice* device);

/// The size in pixels of one unit of a page's decorations: min(width, height) / 800, kept
/// between 0.75 and 3.
double page_unit(const QSizeF& size);

} // namespace gridmap::render
