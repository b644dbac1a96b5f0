#include "page.hpp"

#include "png_writer.hpp"

#include <QCoreApplication>
#include <QFile>
#include <QFontMetricsF>
#include <QPainterPath>
#include <QThread>
#include <QThreadPool>

#include <algorithm>
#include <cmath>
#include <condition_variable>
#include <exception>
#include <mutex>
#include <numbers>
#include <vector>

namespace gridmap::render {

namespace {

constexpr double swatch_w = 22;
constexpr double swatch_h = 13;
constexpr double row_h = 20;
constexpr double pad = 10;

void draw_swatch(QPainter& p, const QRectF& r, const LegendEntry& e) {
    const FeatureStyle& s = e.style;
    QPen pen(s.stroke, std::max(1.0, s.stroke_width_px), Qt::SolidLine, Qt::FlatCap, Qt::MiterJoin);
    switch (e.symbol) {
    case LegendEntry::Symbol::fill:
        p.setPen(s.stroke.alpha() > 0 ? pen : QPen(Qt::NoPen));
        p.setBrush(s.fill);
        p.drawRect(r.adjusted(1, 1, -1, -1));
        break;
    case LegendEntry::Symbol::outline:
        p.setPen(pen);
        p.setBrush(Qt::NoBrush);
        p.drawRect(r.adjusted(2, 2, -2, -2));
        break;
    case LegendEntry::Symbol::line:
        pen.setWidthF(std::max(2.0, s.stroke_width_px));
        p.setPen(pen);
        p.drawLine(QPointF(r.left(), r.center().y()), QPointF(r.right(), r.center().y()));
        break;
    case LegendEntry::Symbol::point: {
        p.setPen(QPen(s.stroke, s.stroke_width_px));
        p.setBrush(s.fill);
        const QPointF c = r.center();
        const double radius = std::min(s.radius_px, r.height() / 2 + 1);
        if (s.sides >= 32) {
            p.drawEllipse(c, radius, radius);
        } else {
            QPolygonF poly;
            for (int k = 0; k < s.sides; ++k) {
                const double a = (s.rotation_deg + 360.0 * k / s.sides) * std::numbers::pi / 180.0;
                poly << QPointF(c.x() + radius * std::cos(a), c.y() - radius * std::sin(a));
            }
            p.drawPolygon(poly);
        }
        break;
    }
    case LegendEntry::Symbol::heading:
        break;
    }
}

} // namespace

ScaleBar scale_bar(double metres_per_pixel, double max_px) {
    ScaleBar bar;
    if (!(metres_per_pixel > 0) || !(max_px > 0)) {
        return bar;
    }
    const double max_m = metres_per_pixel * max_px;
    const double power = std::pow(10.0, std::floor(std::log10(max_m)));
    for (double step : {5.0, 2.0, 1.0}) {
        if (step * power <= max_m) {
            bar.metres = step * power;
            break;
        }
    }
    bar.pixels = bar.metres / metres_per_pixel;
    if (bar.metres >= 1000) {
        bar.label = QCoreApplication::translate("Scale", "%1 km").arg(bar.metres / 1000.0);
    } else if (bar.metres >= 1) {
        bar.label = QCoreApplication::translate("Scale", "%1 m").arg(bar.metres);
    } else {
        bar.label = QCoreApplication::translate("Scale", "%1 cm").arg(bar.metres * 100.0);
    }
    return bar;
}

void draw_scale_bar(QPainter& p, QPointF bottom_left, const ScaleBar& bar) {
    if (bar.pixels <= 0) {
        return;
    }
    p.save();
    p.setRenderHint(QPainter::Antialiasing, false);
    const double h = 6;
    const QRectF frame(bottom_left.x(), bottom_left.y() - h, bar.pixels, h);
    p.setPen(QPen(QColor(40, 40, 40), 1));
    p.setBrush(Qt::white);
    p.drawRect(frame);
    p.setBrush(QColor(40, 40, 40));
    p.drawRect(QRectF(frame.left(), frame.top(), bar.pixels / 2, h));
    p.setRenderHint(QPainter::Antialiasing, true);
    const QFont font = map_font(12);
    p.setFont(font);
    const QFontMetricsF m(font);
    const QPointF text(frame.left(), frame.top() - 4);
    QPainterPath halo;
    halo.addText(text, font, bar.label);
    p.strokePath(halo, QPen(QColor(255, 255, 255, 220), 3));
    p.setPen(QColor(30, 30, 30));
    p.drawText(text, bar.label);
    p.restore();
}

void draw_north_arrow(QPainter& p, const QRectF& box) {
    p.save();
    p.setRenderHint(QPainter::Antialiasing, true);
    const double w = box.width();
    const QFont font = map_font(static_cast<int>(std::max(10.0, w * 0.45)), true);
    const QFontMetricsF m(font);
    const double text_h = m.height();
    const QPointF top(box.center().x(), box.top() + text_h);
    const QPointF bottom(box.center().x(), box.bottom());
    const QPointF mid(box.center().x(), top.y() + (bottom.y() - top.y()) * 0.68);
    QPolygonF left{top, QPointF(box.left() + w * 0.1, bottom.y()), mid};
    QPolygonF right{top, mid, QPointF(box.right() - w * 0.1, bottom.y())};
    p.setPen(QPen(QColor(30, 30, 30), 1.2));
    p.setBrush(QColor(30, 30, 30));
    p.drawPolygon(left);
    p.setBrush(Qt::white);
    p.drawPolygon(right);
    p.setFont(font);
    const QString n = QCoreApplication::translate("Scale", "N");
    const QPointF text(box.center().x() - m.horizontalAdvance(n) / 2, box.top() + m.ascent());
    QPainterPath halo;
    halo.addText(text, font, n);
    p.strokePath(halo, QPen(QColor(255, 255, 255, 220), 3));
    p.setPen(QColor(30, 30, 30));
    p.drawText(text, n);
    p.restore();
}

QSizeF legend_size(const QString& title, const QList<LegendEntry>& entries) {
    const QFontMetricsF title_m(map_font(14, true));
    const QFontMetricsF text_m(map_font(12));
    const QFontMetricsF head_m(map_font(12, true));
    double w = title_m.horizontalAdvance(title);
    double h = title.isEmpty() ? 0 : title_m.height() + 4;
    for (const LegendEntry& e : entries) {
        if (e.symbol == LegendEntry::Symbol::heading) {
            w = std::max(w, head_m.horizontalAdvance(e.text));
            h += row_h + 2;
        } else {
            w = std::max(w, swatch_w + 8 + text_m.horizontalAdvance(e.text));
            h += row_h;
        }
    }
    return {w + 2 * pad, h + 2 * pad};
}

QRectF draw_legend(QPainter& p, QPointF bottom_right, const QString& title,
                   const QList<LegendEntry>& entries) {
    const QSizeF size = legend_size(title, entries);
    const QRectF box(bottom_right - QPointF(size.width(), size.height()), size);
    p.save();
    p.setRenderHint(QPainter::Antialiasing, true);
    p.setPen(QPen(QColor(160, 160, 160), 1));
    p.setBrush(QColor(255, 255, 255, 235));
    p.drawRoundedRect(box, 4, 4);
    double y = box.top() + pad;
    const double x = box.left() + pad;
    if (!title.isEmpty()) {
        const QFont f = map_font(14, true);
        const QFontMetricsF m(f);
        p.setFont(f);
        p.setPen(QColor(20, 20, 20));
        p.drawText(QPointF(x, y + m.ascent()), title);
        y += m.height() + 4;
    }
    for (const LegendEntry& e : entries) {
        if (e.symbol == LegendEntry::Symbol::heading) {
            const QFont f = map_font(12, true);
            const QFontMetricsF m(f);
            p.setFont(f);
            p.setPen(QColor(50, 50, 50));
            p.drawText(QPointF(x, y + 2 + (row_h + m.ascent() - m.descent()) / 2), e.text);
            y += row_h + 2;
            continue;
        }
        const QRectF swatch(x, y + (row_h - swatch_h) / 2, swatch_w, swatch_h);
        p.save();
        draw_swatch(p, swatch, e);
        p.restore();
        const QFont f = map_font(12);
        const QFontMetricsF m(f);
        p.setFont(f);
        p.setPen(QColor(30, 30, 30));
        p.drawText(QPointF(x + swatch_w + 8, y + (row_h + m.ascent() - m.descent()) / 2), e.text);
        y += row_h;
    }
    p.restore();
    return box;
}

double page_unit(const QSizeF& size) {
    return std::clamp(std::min(size.width(), size.height()) / 800.0, 0.75, 3.0);
}

namespace {

constexpr double footer_h = 22;     // decoration units
constexpr double panel_margin = 12; // around the legend in its panel

QList<LegendEntry> page_legend(const MapData& data, const RenderOptions& o) {
    return legend_entries(data, o.theme, [&o](const QString& name) {
        const LayerState s = o.state(name);
        return s.visible && s.opacity > 0;
    });
}

} // namespace

PageLayout page_layout(const MapData& data, const MapView& view, const RenderOptions& o,
                       const PageOptions& page) {
    const double u = page_unit(view.size);
    PageLayout l;
    l.map = QRectF(QPointF(0, 0), view.size);
    const QList<LegendEntry> entries = page.legend ? page_legend(data, o) : QList<LegendEntry>();
    if (!entries.isEmpty()) {
        const QSizeF legend = legend_size(theme_title(o.theme), entries) * u;
        const double panel_w =
            std::min(legend.width() + 2 * panel_margin * u, view.size.width() / 2);
        l.panel =
            QRectF(view.size.width() - panel_w, 0, panel_w, view.size.height() - footer_h * u);
        l.map.setWidth(view.size.width() - panel_w);
        l.legend = QRectF(l.panel.topLeft() + QPointF(panel_margin, panel_margin) * u, legend);
    }
    const QRectF world = page.extent.isEmpty() ? view.visible_world() : page.extent;
    l.view = MapView::fit(world, l.map.size(), 0.0, 1.0);
    return l;
}

void render_page(QPainter& p, const MapData& data, const MapView& view, const RenderOptions& o,
                 const PageOptions& page) {
    const PageLayout layout = page_layout(data, view, o, page);
    p.save();
    p.setClipRect(layout.map, Qt::IntersectClip);
    render_map(p, data, layout.view, o);
    p.restore();
    const double u = page_unit(view.size);
    const double w = view.size.width() / u; // the page in decoration units
    const double h = view.size.height() / u;
    const double map_w = layout.map.width() / u;
    p.save();
    p.scale(u, u);
    p.setRenderHint(QPainter::Antialiasing, true);
    // A band of a page (render_page_image) draws only the decorations that reach it: their
    // text is laid out and its glyphs drawn once, not by every band.
    const QRectF clip = p.hasClipping() ? p.clipBoundingRect() : QRectF(0, 0, w, h);
    const auto reaches = [&clip](const QRectF& box) {
        return box.adjusted(-4, -4, 4, 4).intersects(clip);
    };

    // The legend's panel, right of the map.
    if (!layout.panel.isEmpty()) {
        const QRectF panel(layout.panel.topLeft() / u, layout.panel.size() / u);
        p.setPen(Qt::NoPen);
        p.setBrush(Qt::white);
        p.drawRect(panel);
        p.setPen(QPen(QColor(170, 170, 170), 1));
        p.drawLine(panel.topLeft(), panel.bottomLeft());
        if (reaches(QRectF(layout.legend.topLeft() / u, layout.legend.size() / u))) {
            draw_legend(p, layout.legend.bottomRight() / u, theme_title(o.theme),
                        page_legend(data, o));
        }
    }
    // Footer: data source on the left, date on the right.
    p.setPen(Qt::NoPen);
    p.setBrush(QColor(255, 255, 255, 225));
    p.drawRect(QRectF(0, h - footer_h, w, footer_h));
    if (reaches(QRectF(0, h - footer_h, w, footer_h))) {
        const QFont f = map_font(11);
        const QFontMetricsF m(f);
        p.setFont(f);
        p.setPen(QColor(60, 60, 60));
        const double base = h - footer_h + (footer_h + m.ascent() - m.descent()) / 2;
        const double date_w = m.horizontalAdvance(page.date);
        p.drawText(QPointF(w - 10 - date_w, base), page.date);
        p.drawText(QPointF(10, base), m.elidedText(page.source, Qt::ElideRight, w - date_w - 40));
    }
    // Title, over the middle of the map.
    if (!page.title.isEmpty() && reaches(QRectF(0, 0, map_w, 120))) {
        const QFont f = map_font(26, true);
        const QFontMetricsF m(f);
        const double tw = std::max(std::min(m.horizontalAdvance(page.title), map_w - 160), 40.0);
        const QRectF box(map_w / 2 - tw / 2 - 16, 12, tw + 32, m.height() + 14);
        p.setPen(QPen(QColor(170, 170, 170), 1));
        p.setBrush(QColor(255, 255, 255, 235));
        p.drawRoundedRect(box, 5, 5);
        p.setFont(f);
        p.setPen(QColor(20, 20, 20));
        p.drawText(QPointF(box.left() + 16, box.top() + 7 + m.ascent()),
                   m.elidedText(page.title, Qt::ElideRight, tw));
    }
    // North arrow, top right of the map.
    if (const QRectF box(map_w - 56, 14, 36, 58); reaches(box.adjusted(-6, -4, 6, 6))) {
        p.setPen(Qt::NoPen);
        p.setBrush(QColor(255, 255, 255, 200));
        p.drawRoundedRect(box.adjusted(-6, -4, 6, 6), 4, 4);
        draw_north_arrow(p, box);
    }
    // Scale bar, bottom left (the map's metres per decoration unit).
    if (reaches(QRectF(0, h - footer_h - 80, std::min(w, 400.0), 80))) {
        draw_scale_bar(p, QPointF(16, h - footer_h - 14), scale_bar(u / layout.view.scale, 180));
    }
    p.restore();
}

QImage white_page_image(int width, int height) {
    QImage image(width, height, QImage::Format_ARGB32_Premultiplied);
    image.fill(Qt::white);
    return image;
}

void render_page_image(QImage& image, const MapData& data, const MapView& view,
                       const RenderOptions& o, const PageOptions& page, int bands, Canvas canvas) {
    const int h = image.height();
    const int threads = std::clamp(QThread::idealThreadCount(), 1, 8);
    const int count =
        bands > 0 ? std::clamp(bands, 1, std::max(h, 1)) : std::clamp(h / 256, 1, threads);
    const QImage::Format format = image.format();
    uchar* bits = image.bits(); // detaches here, once, not in the threads
    const qsizetype stride = image.bytesPerLine();
    const int w = image.width();
    const auto draw_band = [&](int b) {
        const int y0 = static_cast<int>(static_cast<qint64>(h) * b / count);
        const int y1 = static_cast<int>(static_cast<qint64>(h) * (b + 1) / count);
        // The whole image again over the same pixels, painted only inside the band: the
        // device is the whole page, as for one painter (Qt's dasher starts its dashes by the
        // device's bounds, so a band-sized device would shift them).
        QImage whole(bits, w, h, stride, format);
        QPainter p(&whole);
        const QRect band(0, y0, w, y1 - y0);
        p.setClipRect(band);
        if (canvas == Canvas::clear_first) {
            p.fillRect(band, Qt::white);
        }
        render_page(p, data, view, o, page);
    };
    std::vector<std::exception_ptr> errors(static_cast<std::size_t>(count));
    const auto run_band = [&](int b) {
        try {
            draw_band(b);
        } catch (...) {
            errors[static_cast<std::size_t>(b)] = std::current_exception();
        }
    };
    // The bands run on Qt's global thread pool: its raster engine splits a large fill across
    // that pool unless the painting thread is one of its threads, so bands on threads of their
    // own would each fan their fills out again (a futex round trip per fill, about a tenth of
    // the CPU of a 4096 x 4096 page). On a thread of that pool already, all bands are drawn
    // here: waiting for the pool from inside it could wait for ever.
    QThreadPool* pool = QThreadPool::globalInstance();
    if (count == 1 || pool->contains(QThread::currentThread())) {
        for (int b = 0; b < count; ++b) {
            run_band(b);
        }
    } else {
        int exited = 0;
        std::mutex m;
        std::condition_variable cv;
        for (int b = 0; b < count; ++b) {
            pool->start([&, b] {
                run_band(b);
                const std::lock_guard lock(m);
                ++exited;
                cv.notify_all();
            });
        }
        std::unique_lock lock(m);
        cv.wait(lock, [&] { return exited == count; });
    }
    for (const std::exception_ptr& e : errors) {
        if (e) {
            std::rethrow_exception(e);
        }
    }
}

bool save_png(const QImage& image, const QString& path) {
    QFile file(path);
    return file.open(QIODevice::WriteOnly) && write_rgb_png(image, file) && file.flush();
}

bool save_png(const QImage& image, QIODevice* device) {
    if (device == nullptr || (!device->isOpen() && !device->open(QIODevice::WriteOnly))) {
        return false;
    }
    return write_rgb_png(image, *device);
}

} // namespace gridmap::render
