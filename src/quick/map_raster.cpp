#include "map_raster.hpp"

#include "map_style.hpp"

#include <QElapsedTimer>
#include <QPainter>
#include <QPainterPath>

#include <algorithm>
#include <cmath>
#include <map>
#include <numbers>
#include <tuple>

namespace gridmap::quick {

namespace {

/// As map_meshes.cpp: buildings smaller than this on screen (their larger side, pixels) are a
/// dot, a square of half of it on a side.
constexpr double dot_px = 3.0;

bool overlaps(const QRectF& a, const QRectF& b) {
    return a.left() <= b.right() && b.left() <= a.right() && a.top() <= b.bottom() &&
           b.top() <= a.bottom();
}

/// The shape in device pixels: polygons as closed rings (odd-even: holes stay holes), lines
/// as open line strings.
QPainterPath device_path(const gridmap::Shape& shape, const QTransform& t, bool closed) {
    QPainterPath path;
    path.setFillRule(Qt::OddEvenFill);
    for (const auto& part : shape.parts) {
        if (part.empty()) {
            continue;
        }
        path.moveTo(t.map(QPointF(part[0].x, part[0].y)));
        for (std::size_t k = 1; k < part.size(); ++k) {
            path.lineTo(t.map(QPointF(part[k].x, part[k].y)));
        }
        if (closed) {
            path.closeSubpath();
        }
    }
    return path;
}

/// Strokes `path` as gridmap::mesh_lines does (flat caps, bevel joins), as a filled outline:
/// aliased fills cover the pixels whose centres they contain, as the GPU does for the mesh's
/// triangles, where Qt's aliased pen rounds widths to whole pixels.
void stroke(QPainter& p, const QPainterPath& path, double width, Qt::PenStyle style,
            const QColor& color) {
    QPainterPathStroker stroker;
    stroker.setWidth(width);
    stroker.setCapStyle(Qt::FlatCap);
    stroker.setJoinStyle(Qt::BevelJoin);
    if (style != Qt::SolidLine) {
        stroker.setDashPattern(style);
    }
    p.fillPath(stroker.createStroke(path), color);
}

/// A regular polygon of `sides` corners about `centre` (device pixels), the first at
/// `rotation_deg` counter-clockwise from east, as gridmap::mesh_points makes it.
QPolygonF symbol(double radius, int sides, double rotation_deg, QPointF centre) {
    QPolygonF out;
    out.reserve(sides);
    for (int k = 0; k < sides; ++k) {
        const double a = (rotation_deg + 360.0 * k / sides) * std::numbers::pi / 180.0;
        out.append(centre + QPointF(radius * std::cos(a), -radius * std::sin(a)));
    }
    return out;
}

} // namespace

FeatureDensity::FeatureDensity(const render::MapData& data, bool points)
    : m_counts(static_cast<std::size_t>(cells) * cells, 0) {
    const auto counted = [points](const render::MapLayer& layer) {
        return raster_layer(layer) != points;
    };
    // The extent of the centres (QRectF::united would skip their empty rectangles).
    double x0 = 0;
    double y0 = 0;
    double x1 = 0;
    double y1 = 0;
    bool first = true;
    for (const auto& layer : data.layers) {
        if (!counted(layer)) {
            continue;
        }
        for (const auto& f : layer.features) {
            const QPointF c = f.bounds.center();
            x0 = first ? c.x() : std::min(x0, c.x());
            y0 = first ? c.y() : std::min(y0, c.y());
            x1 = first ? c.x() : std::max(x1, c.x());
            y1 = first ? c.y() : std::max(y1, c.y());
            first = false;
        }
    }
    // Half a metre more on each side, so a single feature or a row of them has an area.
    m_extent = QRectF(QPointF(x0 - 0.5, y0 - 0.5), QPointF(x1 + 0.5, y1 + 0.5));
    m_cell_w = m_extent.width() / cells;
    m_cell_h = m_extent.height() / cells;
    for (const auto& layer : data.layers) {
        if (!counted(layer)) {
            continue;
        }
        for (const auto& f : layer.features) {
            const QPointF c = f.bounds.center();
            const int cx =
                std::clamp(static_cast<int>((c.x() - m_extent.left()) / m_cell_w), 0, cells - 1);
            const int cy =
                std::clamp(static_cast<int>((c.y() - m_extent.top()) / m_cell_h), 0, cells - 1);
            ++m_counts[static_cast<std::size_t>(cy) * cells + static_cast<std::size_t>(cx)];
            ++m_total;
        }
    }
}

double FeatureDensity::count_in(const QRectF& world) const {
    if (m_total == 0) {
        return 0;
    }
    const QRectF w = world.normalized().intersected(m_extent);
    if (w.isEmpty()) {
        return 0;
    }
    const int x0 =
        std::clamp(static_cast<int>((w.left() - m_extent.left()) / m_cell_w), 0, cells - 1);
    const int x1 =
        std::clamp(static_cast<int>((w.right() - m_extent.left()) / m_cell_w), 0, cells - 1);
    const int y0 =
        std::clamp(static_cast<int>((w.top() - m_extent.top()) / m_cell_h), 0, cells - 1);
    const int y1 =
        std::clamp(static_cast<int>((w.bottom() - m_extent.top()) / m_cell_h), 0, cells - 1);
    double sum = 0;
    for (int y = y0; y <= y1; ++y) {
        const double cy0 = m_extent.top() + y * m_cell_h;
        const double fy =
            (std::min(cy0 + m_cell_h, w.bottom()) - std::max(cy0, w.top())) / m_cell_h;
        for (int x = x0; x <= x1; ++x) {
            const double cx0 = m_extent.left() + x * m_cell_w;
            const double fx =
                (std::min(cx0 + m_cell_w, w.right()) - std::max(cx0, w.left())) / m_cell_w;
            sum += m_counts[static_cast<std::size_t>(y) * cells + static_cast<std::size_t>(x)] *
                   std::clamp(fx, 0.0, 1.0) * std::clamp(fy, 0.0, 1.0);
        }
    }
    return sum;
}

bool raster_layer(const render::MapLayer& layer) {
    return layer.kind != gridmap::GeometryKind::point;
}

MapRaster draw_map_raster(const render::MapData& data, const render::StyleTable& styles,
                          const RasterRequest& request) {
    QElapsedTimer clock;
    clock.start();
    MapRaster out;
    out.generation = request.generation;
    out.scale = request.view.scale;
    out.points = request.points;
    out.view = request.view.world_to_pixel();
    const QSizeF size = request.view.size;
    const double dpr = request.dpr;
    // Whole device pixels: the margin and the image, so that each texel falls on one device
    // pixel when the view has not moved (a stretch by a fraction of a pixel would blur it).
    const int mx = static_cast<int>(std::ceil(size.width() * dpr * request.margin));
    const int my = static_cast<int>(std::ceil(size.height() * dpr * request.margin));
    const QSize device(static_cast<int>(std::ceil(size.width() * dpr)) + 2 * mx,
                       static_cast<int>(std::ceil(size.height() * dpr)) + 2 * my);
    out.item_rect = QRectF(-mx / dpr, -my / dpr, device.width() / dpr, device.height() / dpr);
    // World -> device pixels of the image.
    const QTransform t =
        out.view * QTransform::fromScale(dpr, dpr) * QTransform::fromTranslate(mx, my);
    const double px = 1.0 / request.view.scale; // an item pixel in metres
    {
        const QTransform back = out.view.inverted();
        out.world = back.mapRect(out.item_rect).normalized();
    }
    const bool opaque = request.background.isValid() && request.background.alpha() == 255;
    out.image = QImage(device, opaque ? QImage::Format_RGB32 : QImage::Format_ARGB32_Premultiplied);
    out.image.fill(opaque ? request.background : QColor(Qt::transparent));
    // Features reaching the image, with 20 pixels for outlines.
    const QRectF world = out.world.adjusted(-20 * px, -20 * px, 20 * px, 20 * px);
    QPainter p(&out.image);
    p.setRenderHint(QPainter::Antialiasing, false);
    for (std::size_t li = 0; li < data.layers.size(); ++li) {
        const render::MapLayer& layer = data.layers[li];
        const render::LayerState st = request.layers.value(layer.name, render::LayerState{});
        if ((!raster_layer(layer) && !request.points) || !st.visible || st.opacity <= 0 ||
            layer.features.empty()) {
            continue;
        }
        p.setOpacity(st.opacity);
        p.setPen(Qt::NoPen);
        if (layer.kind == gridmap::GeometryKind::point) {
            // As the symbol meshes: grouped by shape and size (in the meshes' order), each
            // group's halos (the radius plus half the outline, in the stroke colour) under all
            // its fills (the radius less half the outline).
            std::map<std::tuple<int, double, double, double>, std::vector<std::size_t>> groups;
            for (std::size_t fi = 0; fi < layer.features.size(); ++fi) {
                const render::FeatureStyle& s = styles.at(li, fi);
                if (s.radius_px > 0) {
                    groups[{s.sides, s.rotation_deg, s.radius_px, s.stroke_width_px}].push_back(fi);
                }
            }
            for (const auto& [key, features] : groups) {
                const auto& [sides, rotation, radius, stroke_px] = key;
                for (const bool halo : {true, false}) {
                    const double r =
                        (halo ? radius + stroke_px / 2 : std::max(radius - stroke_px / 2, 0.5)) *
                        dpr;
                    for (const std::size_t fi : features) {
                        const render::FeatureStyle& s = styles.at(li, fi);
                        p.setBrush(halo ? s.stroke : s.fill);
                        for (const QPointF& pt : layer.features[fi].points) {
                            if (world.contains(pt)) {
                                p.drawPolygon(symbol(r, sides, rotation, t.map(pt)));
                            }
                        }
                    }
                }
            }
            continue;
        }
        const render::LayerStyle base = render::layer_style(layer.name.toStdString());
        const bool polygon = layer.kind == gridmap::GeometryKind::polygon;
        const bool buildings = layer.name == QLatin1String("building");
        // The features in view, and which of them are dots.
        std::vector<std::uint32_t> shown;
        std::vector<bool> dot(layer.features.size(), false);
        for (std::size_t fi = 0; fi < layer.features.size(); ++fi) {
            const QRectF& b = layer.features[fi].bounds;
            if (!overlaps(b, world)) {
                continue;
            }
            shown.push_back(static_cast<std::uint32_t>(fi));
            dot[fi] = buildings && std::max(b.width(), b.height()) < dot_px * px;
        }
        // As the meshes: all fills, the dots, all outlines, the emphasised outlines.
        if (polygon) {
            p.setPen(Qt::NoPen);
            for (const auto fi : shown) {
                const QColor fill = styles.at(li, fi).fill;
                if (dot[fi] || fill.alpha() == 0) {
                    continue;
                }
                p.setBrush(fill);
                p.drawPath(device_path(layer.features[fi].shape, t, true));
            }
        }
        if (buildings) {
            const double side = dot_px / 2 * dpr;
            for (const auto fi : shown) {
                if (!dot[fi]) {
                    continue;
                }
                const QPointF c = t.map(layer.features[fi].bounds.center());
                p.fillRect(QRectF(c.x() - side / 2, c.y() - side / 2, side, side),
                           styles.at(li, fi).fill);
            }
        }
        if (base.stroke_width_px > 0) {
            const double w = base.stroke_width_px * dpr;
            for (const auto fi : shown) {
                const QColor color = styles.at(li, fi).stroke;
                if (dot[fi] || color.alpha() == 0) {
                    continue;
                }
                stroke(p, device_path(layer.features[fi].shape, t, polygon), w, base.pen_style,
                       color);
            }
        }
        for (const auto fi : shown) {
            const render::FeatureStyle& s = styles.at(li, fi);
            if (dot[fi] || s.emphasis.alpha() == 0 || s.emphasis_width_px <= 0) {
                continue;
            }
            stroke(p, device_path(layer.features[fi].shape, t, polygon), s.emphasis_width_px * dpr,
                   Qt::SolidLine, s.emphasis);
        }
        if (layer.name == QLatin1String("cell") && render::shows_tiling(styles.theme())) {
            for (std::size_t k = 0; k < data.tiling.size(); ++k) {
                const render::FeatureStyle s = render::tiling_style(data.theme.tiling[k].overlap);
                const QPainterPath path = device_path(data.tiling[k].shape, t, true);
                p.setPen(Qt::NoPen);
                p.setBrush(s.fill);
                p.drawPath(path);
                stroke(p, path, 1.5 * dpr, Qt::SolidLine, s.stroke);
            }
        }
    }
    p.end();
    out.image.setDevicePixelRatio(dpr);
    out.draw_ms = static_cast<double>(clock.nsecsElapsed()) / 1e6;
    return out;
}

} // namespace gridmap::quick
