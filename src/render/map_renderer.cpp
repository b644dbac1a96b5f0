#include "map_renderer.hpp"

#include <QFontDatabase>
#include <QFontMetricsF>
#include <QPaintEngine>
#include <QPainterPath>
#include <QPen>
#include <QPolygonF>
#include <QVarLengthArray>

#include <algorithm>
#include <cmath>
#include <numbers>
#include <numeric>
#include <optional>

namespace gridmap::render {

namespace {

/// True when two rectangles share a point; unlike QRectF::intersects it accepts rectangles of
/// zero width or height (vertical and horizontal lines).
bool overlaps(const QRectF& a, const QRectF& b) {
    return a.left() <= b.right() && b.left() <= a.right() && a.top() <= b.bottom() &&
           b.top() <= a.bottom();
}

QPen stroke_pen(const FeatureStyle& s) {
    if (s.stroke.alpha() == 0 || s.stroke_width_px <= 0) {
        return Qt::NoPen;
    }
    QPen pen(s.stroke, s.stroke_width_px, s.pen_style, Qt::RoundCap, Qt::RoundJoin);
    pen.setCosmetic(true); // width in pixels whatever the scale
    return pen;
}

/// A regular polygon symbol around `c` (pixels, y down): corners counter-clockwise on the map.
QPolygonF symbol_polygon(QPointF c, const FeatureStyle& s) {
    QPolygonF poly;
    for (int k = 0; k < s.sides; ++k) {
        const double a = (s.rotation_deg + 360.0 * k / s.sides) * std::numbers::pi / 180.0;
        poly << QPointF(c.x() + s.radius_px * std::cos(a), c.y() - s.radius_px * std::sin(a));
    }
    return poly;
}

void draw_symbol(QPainter& p, QPointF c, const FeatureStyle& s) {
    p.setPen(stroke_pen(s));
    p.setBrush(s.fill);
    if (s.sides >= 32) {
        p.drawEllipse(c, s.radius_px, s.radius_px);
    } else {
        p.drawPolygon(symbol_polygon(c, s));
    }
}

/// The dashes of `pen` (a cosmetic pen: its pattern in pixels of `px` world units each) along
/// `ring`, as lines in world units appended to `out`: the pattern starts at the first point and
/// runs on across the corners, as Qt's dasher lays it; a dash across a corner is one line each
/// side of it.
void dash_ring(const std::vector<gridmap::XY>& ring, const QPen& pen, double px,
               QVarLengthArray<QLineF, 64>& out) {
    const QList<qreal> pattern = pen.dashPattern();
    if (pattern.isEmpty() || ring.size() < 2) {
        return;
    }
    const double unit = std::max(pen.widthF(), 1.0) * px;
    double total = 0;
    for (const qreal v : pattern) {
        total += v * unit;
    }
    if (!(total > 0)) {
        return;
    }
    qsizetype dash = 0;              // index in the pattern: even dashes draw, odd are gaps
    double left = pattern[0] * unit; // what is left of it
    for (std::size_t k = 0; k + 1 < ring.size(); ++k) {
        const QPointF a(ring[k].x, ring[k].y);
        const QPointF b(ring[k + 1].x, ring[k + 1].y);
        const double length = std::hypot(b.x() - a.x(), b.y() - a.y());
        double at = 0;
        while (at < length) {
            const double step = std::min(left, length - at);
            if (dash % 2 == 0 && step > 0) {
                const double t0 = at / length;
                const double t1 = (at + step) / length;
                out.append(QLineF(a + (b - a) * t0, a + (b - a) * t1));
            }
            at += step;
            left -= step;
            if (left <= 0) {
                dash = (dash + 1) % pattern.size();
                left = pattern[dash] * unit;
            }
        }
    }
}

struct LabelFont {
    int size;
    bool bold_first;
    QColor color;
};

LabelFont label_font(const QString& layer) {
    if (layer == QLatin1String("cell")) {
        return {13, true, QColor(21, 67, 128)};
    }
    if (layer == QLatin1String("compound")) {
        return {12, false, QColor(46, 94, 30)};
    }
    if (layer == QLatin1String("road")) {
        return {11, false, QColor(70, 70, 70)};
    }
    return {10, false, QColor(40, 40, 40)};
}

QFont line_font(const LabelFont& lf, int line) {
    if (line == 0) {
        return map_font(lf.size, lf.bold_first);
    }
    return map_font(std::max(9, lf.size - 2));
}

/// Width and height in pixels of a (multi-line) label.
QSizeF label_size(const QStringList& lines, const LabelFont& lf) {
    double w = 0;
    double h = 0;
    for (int i = 0; i < lines.size(); ++i) {
        const QFontMetricsF m(line_font(lf, i));
        w = std::max(w, m.horizontalAdvance(lines[i]));
        h += m.height();
    }
    return {w, h};
}

/// A uniform grid over placed label boxes, for the collision test.
class LabelGrid {
public:
    explicit LabelGrid(double cell) : m_cell(cell) {}
    bool collides(const QRectF& r) const {
        bool hit = false;
        visit(r, [&](const std::vector<QRectF>& bucket) {
            for (const QRectF& o : bucket) {
                if (o.intersects(r)) {
                    hit = true;
                }
            }
        });
        return hit;
    }
    void add(const QRectF& r) {
        const auto x0 = static_cast<int>(std::floor(r.left() / m_cell));
        const auto x1 = static_cast<int>(std::floor(r.right() / m_cell));
        const auto y0 = static_cast<int>(std::floor(r.top() / m_cell));
        const auto y1 = static_cast<int>(std::floor(r.bottom() / m_cell));
        for (int x = x0; x <= x1; ++x) {
            for (int y = y0; y <= y1; ++y) {
                m_buckets[key(x, y)].push_back(r);
            }
        }
    }

private:
    template <typename F> void visit(const QRectF& r, F f) const {
        const auto x0 = static_cast<int>(std::floor(r.left() / m_cell));
        const auto x1 = static_cast<int>(std::floor(r.right() / m_cell));
        const auto y0 = static_cast<int>(std::floor(r.top() / m_cell));
        const auto y1 = static_cast<int>(std::floor(r.bottom() / m_cell));
        for (int x = x0; x <= x1; ++x) {
            for (int y = y0; y <= y1; ++y) {
                auto it = m_buckets.find(key(x, y));
                if (it != m_buckets.end()) {
                    f(it.value());
                }
            }
        }
    }
    static qint64 key(int x, int y) { return (static_cast<qint64>(x) << 32) ^ (y & 0xffffffff); }
    double m_cell;
    QHash<qint64, std::vector<QRectF>> m_buckets;
};

void draw_label(QPainter& p, const PlacedLabel& l) {
    const LabelFont lf = label_font(l.layer);
    const QStringList lines = l.text.split(QLatin1Char('\n'));
    const QSizeF size = label_size(lines, lf);
    p.save();
    p.translate(l.anchor);
    p.rotate(l.angle);
    double y = -size.height() / 2;
    for (int i = 0; i < lines.size(); ++i) {
        const QFont font = line_font(lf, i);
        const QFontMetricsF m(font);
        const QPointF baseline(-m.horizontalAdvance(lines[i]) / 2, y + m.ascent());
        // A white halo keeps the text readable over any fill; the text itself is drawn as text
        // (so that a PDF keeps it searchable).
        QPainterPath outline;
        outline.addText(baseline, font, lines[i]);
        p.strokePath(outline, QPen(QColor(255, 255, 255, 220), 3.0, Qt::SolidLine, Qt::RoundCap,
                                   Qt::RoundJoin));
        p.setFont(font);
        p.setPen(lf.color);
        p.drawText(baseline, lines[i]);
        y += m.height();
    }
    p.restore();
}

} // namespace

QTransform MapView::world_to_pixel() const {
    QTransform t;
    t.translate(size.width() / 2, size.height() / 2);
    t.scale(scale, -scale); // north up
    t.translate(-centre.x(), -centre.y());
    return t;
}

QPointF MapView::to_pixel(QPointF world) const {
    return {size.width() / 2 + (world.x() - centre.x()) * scale,
            size.height() / 2 - (world.y() - centre.y()) * scale};
}

QPointF MapView::to_world(QPointF pixel) const {
    return {centre.x() + (pixel.x() - size.width() / 2) / scale,
            centre.y() - (pixel.y() - size.height() / 2) / scale};
}

QRectF MapView::visible_world() const {
    const double w = size.width() / scale;
    const double h = size.height() / scale;
    return {centre.x() - w / 2, centre.y() - h / 2, w, h};
}

MapView MapView::fit(const QRectF& world, const QSizeF& size, double margin_px,
                     double min_extent_m) {
    MapView v;
    v.size = size;
    v.centre = world.center();
    const double w = std::max(size.width() - 2 * margin_px, 1.0);
    const double h = std::max(size.height() - 2 * margin_px, 1.0);
    const double ew = std::max(world.width(), min_extent_m);
    const double eh = std::max(world.height(), min_extent_m);
    v.scale = std::min(w / ew, h / eh);
    return v;
}

StyleTable::StyleTable(const MapData& data, Theme theme) : m_theme(theme) {
    m_styles.resize(data.layers.size());
    for (std::size_t l = 0; l < data.layers.size(); ++l) {
        const auto n = data.layers[l].features.size();
        m_styles[l].reserve(n);
        for (std::size_t f = 0; f < n; ++f) {
            m_styles[l].push_back(
                feature_style(data, static_cast<int>(l), static_cast<int>(f), theme));
        }
    }
}

QFont map_font(int pixel_size, bool bold) {
    static const QString family = [] {
        const QString noto = QStringLiteral("Noto Sans CJK SC");
        return QFontDatabase::families().contains(noto) ? noto : QString();
    }();
    QFont f;
    if (!family.isEmpty()) {
        f.setFamily(family);
    }
    f.setPixelSize(pixel_size);
    f.setBold(bold);
    // Glyphs straight from the font's character map: shaped variants (HarfBuzz picks other
    // digit glyphs next to Latin text) have no Unicode mapping in Qt's PDF subsets, and PDF
    // readers would then lose the digits. Neither Chinese nor Latin labels need shaping.
    f.setStyleStrategy(QFont::PreferNoShaping);
    return f;
}

namespace {

/// Whether segment `s` meets rectangle `r`.
bool segment_meets(const QLineF& s, const QRectF& r) {
    if (r.contains(s.p1()) || r.contains(s.p2())) {
        return true;
    }
    const QLineF edges[] = {{r.topLeft(), r.topRight()},
                            {r.topRight(), r.bottomRight()},
                            {r.bottomRight(), r.bottomLeft()},
                            {r.bottomLeft(), r.topLeft()}};
    for (const QLineF& e : edges) {
        if (s.intersects(e, nullptr) == QLineF::BoundedIntersection) {
            return true;
        }
    }
    return false;
}

/// The visible segments of line layers, in pixels, for labels to keep off.
class LineObstacles {
public:
    LineObstacles(const MapData& data, const MapView& view, const RenderOptions& o,
                  const char* layer_name) {
        const QString name = QString::fromLatin1(layer_name);
        const MapLayer* layer = data.layer(name);
        const LayerState st = o.state(name);
        if (layer == nullptr || !st.visible || st.opacity <= 0.05) {
            return;
        }
        const QRectF world = view.visible_world();
        for (const MapFeature& f : layer->features) {
            if (!overlaps(f.bounds, world)) {
                continue;
            }
            for (const auto& part : f.shape.parts) {
                for (std::size_t k = 0; k + 1 < part.size(); ++k) {
                    m_segments.emplace_back(view.to_pixel({part[k].x, part[k].y}),
                                            view.to_pixel({part[k + 1].x, part[k + 1].y}));
                }
            }
        }
    }
    /// Whether a segment passes through `r` or within 2 px of it (half a road's width).
    bool crosses(const QRectF& box) const {
        const QRectF r = box.adjusted(-2, -2, 2, 2);
        return std::any_of(m_segments.begin(), m_segments.end(), [&r](const QLineF& s) {
            return QRectF(s.p1(), s.p2()).normalized().adjusted(-1, -1, 1, 1).intersects(r) &&
                   segment_meets(s, r);
        });
    }

private:
    std::vector<QLineF> m_segments;
};

/// A place for a label: its centre and angle (degrees clockwise on screen).
struct Candidate {
    QPointF anchor;
    double angle = 0;
};

/// Where a road's label of `size` may go: at 1/2, 1/3, 2/3, 1/5 and 4/5 of its longest part,
/// along it; then beside it at those places (parallel, clear of its centre line), for a road
/// under repair from end to end, whose repair line runs where its name would be.
std::vector<Candidate> road_candidates(const MapFeature& f, const MapView& view,
                                       const QSizeF& size) {
    std::vector<Candidate> out;
    const std::vector<gridmap::XY>* longest = nullptr;
    double longest_m = 0;
    for (const auto& part : f.shape.parts) {
        double len = 0;
        for (std::size_t k = 0; k + 1 < part.size(); ++k) {
            len += std::hypot(part[k + 1].x - part[k].x, part[k + 1].y - part[k].y);
        }
        if (len > longest_m) {
            longest_m = len;
            longest = &part;
        }
    }
    out.push_back({view.to_pixel(f.label_point), -f.label_angle});
    if (longest == nullptr) {
        return out;
    }
    for (double share : {1.0 / 3, 2.0 / 3, 0.2, 0.8}) {
        double rest = share * longest_m;
        for (std::size_t k = 0; k + 1 < longest->size(); ++k) {
            const auto& p0 = (*longest)[k];
            const auto& p1 = (*longest)[k + 1];
            const double len = std::hypot(p1.x - p0.x, p1.y - p0.y);
            if (rest > len && k + 2 < longest->size()) {
                rest -= len;
                continue;
            }
            const double u = len > 0 ? std::min(rest / len, 1.0) : 0;
            double angle = std::atan2(p1.y - p0.y, p1.x - p0.x) * 180 / std::numbers::pi;
            if (angle > 90 || angle < -90) {
                angle += angle > 0 ? -180 : 180; // text reads left to right
            }
            out.push_back(
                {view.to_pixel({p0.x + u * (p1.x - p0.x), p0.y + u * (p1.y - p0.y)}), -angle});
            break;
        }
    }
    // Beside the road: the label's half height and 6 px off the centre line (its box, padding
    // and the 2 px the line obstacles keep then stay clear of the line), below, then above.
    const std::size_t on_road = out.size();
    const double offset = size.height() / 2 + 6;
    for (std::size_t i = 0; i < on_road; ++i) {
        const double a = out[i].angle * std::numbers::pi / 180;
        const QPointF normal(-std::sin(a) * offset, std::cos(a) * offset);
        out.push_back({out[i].anchor + normal, out[i].angle});
        out.push_back({out[i].anchor - normal, out[i].angle});
    }
    return out;
}

/// Where an area's label may go: its label point, then moved down, up, right and left by
/// steps of the label's size, as long as it stays inside the feature.
std::vector<Candidate> area_candidates(const MapFeature& f, const MapView& view,
                                       const QSizeF& size) {
    std::vector<Candidate> out;
    const QPointF centre = view.to_pixel(f.label_point);
    const double dy = size.height() * 0.75;
    const double dx = size.width() * 0.75;
    for (const QPointF step : {QPointF(0, 0), QPointF(0, dy), QPointF(0, -dy), QPointF(0, 2 * dy),
                               QPointF(0, -2 * dy), QPointF(dx, 0), QPointF(-dx, 0)}) {
        const QPointF anchor = centre + step;
        if (step.isNull() || f.path.contains(view.to_world(anchor))) {
            out.push_back({anchor, 0});
        }
    }
    return out;
}

QRectF label_box(const Candidate& c, const QSizeF& size) {
    QRectF box(c.anchor.x() - size.width() / 2, c.anchor.y() - size.height() / 2, size.width(),
               size.height());
    if (c.angle != 0) {
        QTransform r;
        r.translate(c.anchor.x(), c.anchor.y());
        r.rotate(c.angle);
        r.translate(-c.anchor.x(), -c.anchor.y());
        box = r.mapRect(box);
    }
    return box.adjusted(-3, -2, 3, 2);
}

} // namespace

QList<PlacedLabel> place_labels(const MapData& data, const MapView& view, const RenderOptions& o) {
    QList<PlacedLabel> placed;
    const QTransform t = view.world_to_pixel();
    const QRectF screen(QPointF(0, 0), view.size);
    const QRectF world = view.visible_world();
    LabelGrid grid(64.0);
    // Labels keep off road repair lines, and area labels off roads too, where they can.
    const LineObstacles repairs(data, view, o, "repair_segment");
    const LineObstacles roads(data, view, o, "road");
    for (const char* name : {"cell", "compound", "road", "building"}) {
        const QString layer_name = QString::fromLatin1(name);
        const MapLayer* layer = data.layer(layer_name);
        const LayerState st = o.state(layer_name);
        if (layer == nullptr || !st.visible || st.opacity <= 0.05) {
            continue;
        }
        const LabelFont lf = label_font(layer_name);
        const bool is_road = layer_name == QLatin1String("road");
        const bool is_building = layer_name == QLatin1String("building");
        // Bigger features first: their labels matter more.
        std::vector<std::size_t> order(layer->features.size());
        std::iota(order.begin(), order.end(), 0);
        std::stable_sort(order.begin(), order.end(), [layer](std::size_t a, std::size_t b) {
            const QRectF& ra = layer->features[a].bounds;
            const QRectF& rb = layer->features[b].bounds;
            return ra.width() * ra.height() + ra.width() + ra.height() >
                   rb.width() * rb.height() + rb.width() + rb.height();
        });
        for (std::size_t i : order) {
            const MapFeature& f = layer->features[i];
            if (!overlaps(f.bounds, world)) {
                continue;
            }
            const QString text =
                layer_name == QLatin1String("cell") ? cell_label(data, f, o.theme) : f.label;
            if (text.isEmpty()) {
                continue;
            }
            const QSizeF size = label_size(text.split(QLatin1Char('\n')), lf);
            if (is_building) {
                const QRectF on_screen = t.mapRect(f.bounds);
                if (size.width() + 2 > on_screen.width() || size.height() > on_screen.height()) {
                    continue; // the number does not fit inside its building
                }
            }
            const std::vector<Candidate> candidates =
                is_road       ? road_candidates(f, view, size)
                : is_building ? std::vector<Candidate>{{t.map(f.label_point), 0}}
                              : area_candidates(f, view, size);
            // The first place clear of other labels and of lines; else the first clear of
            // other labels.
            std::optional<Candidate> best;
            QRectF best_box;
            for (const Candidate& c : candidates) {
                const QRectF box = label_box(c, size);
                if (!screen.contains(c.anchor) || !screen.contains(box) || grid.collides(box)) {
                    continue;
                }
                const bool on_line = repairs.crosses(box) || (!is_road && roads.crosses(box));
                if (!best || !on_line) {
                    best = c;
                    best_box = box;
                }
                if (!on_line) {
                    break;
                }
            }
            if (!best) {
                continue;
            }
            grid.add(best_box);
            placed.push_back({layer_name, f.key, text, best->anchor, best->angle, best_box});
        }
    }
    return placed;
}

void render_map(QPainter& p, const MapData& data, const MapView& view, const RenderOptions& o) {
    p.save();
    if (o.background.isValid()) {
        p.fillRect(QRectF(QPointF(0, 0), view.size), o.background);
    }
    p.setRenderHint(QPainter::Antialiasing, true);
    p.setRenderHint(QPainter::TextAntialiasing, true);
    const QTransform base = p.worldTransform();
    const QTransform t = view.world_to_pixel();
    if (o.features) {
        if (!o.basemap.isNull() && !o.basemap_world.isEmpty()) {
            p.save();
            p.setOpacity(o.basemap_opacity);
            p.setRenderHint(QPainter::SmoothPixmapTransform, true);
            p.drawImage(t.mapRect(o.basemap_world), o.basemap);
            p.restore();
        }
        // Without a precomputed table each feature's style is computed as it is drawn: a table
        // for one draw would hold ~100 bytes a feature (100 MB at a million buildings).
        const StyleTable* styles = o.styles;
        if (styles != nullptr && (styles->theme() != o.theme || styles->empty())) {
            styles = nullptr;
        }
        const auto style_at = [&](std::size_t layer, std::size_t feature) {
            return styles != nullptr ? styles->at(layer, feature)
                                     : feature_style(data, static_cast<int>(layer),
                                                     static_cast<int>(feature), o.theme);
        };
        const double px = 1.0 / view.scale; // one pixel in metres
        // Features are drawn when they reach the view and the painter's clip (a band of a page
        // drawn on several threads), with a margin of 20 pixels for outlines and symbols.
        QRectF screen(QPointF(0, 0), view.size);
        if (p.hasClipping()) {
            screen = screen.intersected(p.clipBoundingRect());
        }
        const QRectF world =
            QRectF(view.to_world(screen.bottomLeft()), view.to_world(screen.topRight()))
                .normalized()
                .adjusted(-20 * px, -20 * px, 20 * px, 20 * px);
        for (std::size_t li = 0; li < data.layers.size(); ++li) {
            const MapLayer& layer = data.layers[li];
            const LayerState st = o.state(layer.name);
            if (!st.visible || st.opacity <= 0 || layer.features.empty()) {
                continue;
            }
            p.save();
            p.setOpacity(st.opacity);
            if (layer.kind == gridmap::GeometryKind::point) {
                for (std::size_t fi = 0; fi < layer.features.size(); ++fi) {
                    const FeatureStyle s = style_at(li, fi);
                    for (const QPointF& pt : layer.features[fi].points) {
                        if (world.contains(pt)) {
                            draw_symbol(p, t.map(pt), s);
                        }
                    }
                }
            } else {
                p.setWorldTransform(t * base);
                const bool polygon = layer.kind == gridmap::GeometryKind::polygon;
                const bool raster =
                    p.paintEngine() != nullptr && p.paintEngine()->type() == QPaintEngine::Raster;
                const bool small_skip = layer.name == QLatin1String("building");
                std::vector<std::size_t> emphasised;
                for (std::size_t fi = 0; fi < layer.features.size(); ++fi) {
                    const MapFeature& f = layer.features[fi];
                    if (!overlaps(f.bounds, world) || (small_skip && f.bounds.width() < 0.75 * px &&
                                                       f.bounds.height() < 0.75 * px)) {
                        continue; // off screen, or a building smaller than a pixel
                    }
                    const FeatureStyle s = style_at(li, fi);
                    const QPen pen = stroke_pen(s);
                    // Dashed outlines on an image as dashes of our own (below); Qt's dasher and
                    // stroker are left to vector devices (PDF), which keep the dash pattern.
                    const bool own_dashes =
                        raster && pen.style() != Qt::NoPen && pen.style() != Qt::SolidLine;
                    p.setPen(own_dashes ? QPen(Qt::NoPen) : pen);
                    p.setBrush(polygon && s.fill.alpha() > 0 ? QBrush(s.fill)
                                                             : QBrush(Qt::NoBrush));
                    // A path made for this one draw, the same as f.path: the raster engine
                    // keeps a converted copy of every path it draws for as long as the path
                    // lives (about 3 kB a building), which for a million buildings held in
                    // MapData would be gigabytes.
                    p.drawPath(path_of(f.shape));
                    if (own_dashes) {
                        // Each dash a solid line with square caps, as wide as the pen: Qt's line
                        // rasteriser draws each as one anti-aliased quad, instead of a dashed
                        // round-capped path (Qt's dasher, its stroker with an arc at each
                        // dash's ends, then its path rasteriser: 0.29 s of CPU for osm-li's 892
                        // hexagons at 4096 x 4096), or a path of rectangles (0.20 s). The same
                        // dashes: a square cap reaches as far as a round one; they differ only
                        // in the anti-aliasing at the dashes' ends and corners. The line
                        // rasteriser clips each line to the painter's clip before stepping
                        // along it, so where a dash crosses the edge of a band of a page drawn
                        // in bands (render_page_image) its pixels may differ by a level or two
                        // from the page drawn whole (tests/render: PageTest).
                        QVarLengthArray<QLineF, 64> lines;
                        for (const auto& ring : f.shape.parts) {
                            dash_ring(ring, pen, px, lines);
                        }
                        QPen dash(pen.color(), pen.widthF(), Qt::SolidLine, Qt::SquareCap,
                                  Qt::MiterJoin);
                        dash.setCosmetic(true);
                        p.setPen(dash);
                        p.setBrush(Qt::NoBrush);
                        p.drawLines(lines.constData(), static_cast<int>(lines.size()));
                    }
                    if (s.emphasis.alpha() > 0) {
                        emphasised.push_back(fi);
                    }
                }
                for (std::size_t fi : emphasised) {
                    const FeatureStyle s = style_at(li, fi);
                    QPen pen(s.emphasis, s.emphasis_width_px, Qt::SolidLine, Qt::RoundCap,
                             Qt::RoundJoin);
                    pen.setCosmetic(true);
                    p.setPen(pen);
                    p.setBrush(Qt::NoBrush);
                    p.drawPath(layer.features[fi].path);
                }
                if (layer.name == QLatin1String("cell") && shows_tiling(o.theme)) {
                    for (std::size_t k = 0; k < data.tiling.size(); ++k) {
                        if (!overlaps(data.tiling[k].bounds, world)) {
                            continue; // off screen or outside this band
                        }
                        const FeatureStyle s = tiling_style(data.theme.tiling[k].overlap);
                        p.setPen(stroke_pen(s));
                        p.setBrush(s.fill);
                        p.drawPath(data.tiling[k].path);
                    }
                }
            }
            p.restore();
        }
        // The selection on top of every layer.
        if (const MapLayer* sel = data.layer(o.selected_layer); sel != nullptr) {
            const int fi = sel->index_of(o.selected_key);
            if (fi >= 0) {
                const MapFeature& f = sel->features[static_cast<std::size_t>(fi)];
                QPen halo(QColor(255, 255, 255, 230), 6.0, Qt::SolidLine, Qt::RoundCap,
                          Qt::RoundJoin);
                QPen pen(QColor(0, 172, 193), 3.0, Qt::SolidLine, Qt::RoundCap, Qt::RoundJoin);
                halo.setCosmetic(true);
                pen.setCosmetic(true);
                p.save();
                p.setBrush(Qt::NoBrush);
                if (sel->kind == gridmap::GeometryKind::point) {
                    for (const QPointF& pt : f.points) {
                        for (const QPen& pn : {halo, pen}) {
                            p.setPen(pn);
                            p.drawEllipse(t.map(pt), 10.0, 10.0);
                        }
                    }
                } else {
                    p.setWorldTransform(t * base);
                    for (const QPen& pn : {halo, pen}) {
                        p.setPen(pn);
                        p.drawPath(f.path);
                    }
                }
                p.restore();
            }
        }
    }
    if (o.labels) {
        for (const PlacedLabel& l : place_labels(data, view, o)) {
            draw_label(p, l);
        }
    }
    p.restore();
}

} // namespace gridmap::render
