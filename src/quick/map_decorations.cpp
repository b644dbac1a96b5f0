#include "map_decorations.hpp"

#include "page.hpp"

#include <QPainter>

namespace gridmap::quick {

MapLegend::MapLegend(QQuickItem* parent) : QQuickPaintedItem(parent) {
    setAntialiasing(true);
}

void MapLegend::setMap(MapItem* map) {
    if (m_map == map) {
        return;
    }
    if (m_map != nullptr) {
        disconnect(m_map, nullptr, this, nullptr);
    }
    m_map = map;
    if (map != nullptr) {
        connect(map, &MapItem::themeChanged, this, &MapLegend::refresh);
        connect(map, &MapItem::featuresChanged, this, &MapLegend::refresh);
        connect(map, &MapItem::layersChanged, this, &MapLegend::refresh);
    }
    emit mapChanged();
    refresh();
}

QStringList MapLegend::texts() const {
    QStringList out;
    for (const auto& e : m_entries) {
        out << e.text;
    }
    return out;
}

void MapLegend::refresh() {
    m_entries.clear();
    m_title.clear();
    const MapItem* map = m_map.data();
    if (map != nullptr && map->data()) {
        const render::RenderOptions o = map->render_options();
        render::Theme theme = render::Theme::plain;
        render::theme_from_name(map->theme(), theme);
        m_entries = render::legend_entries(*map->data(), theme, [&o](const QString& name) {
            const render::LayerState s = o.state(name);
            return s.visible && s.opacity > 0;
        });
        m_title = map->themeTitle();
    }
    const QSizeF size = m_entries.isEmpty() ? QSizeF() : render::legend_size(m_title, m_entries);
    setImplicitSize(size.width(), size.height());
    emit entriesChanged();
    update();
}

void MapLegend::paint(QPainter* painter) {
    if (m_entries.isEmpty()) {
        return;
    }
    const QSizeF size = render::legend_size(m_title, m_entries);
    render::draw_legend(*painter, QPointF(size.width(), size.height()), m_title, m_entries);
}

MapScaleBar::MapScaleBar(QQuickItem* parent) : QQuickPaintedItem(parent) {
    setAntialiasing(true);
    setImplicitSize(140, 30);
}

void MapScaleBar::setMap(MapItem* map) {
    if (m_map == map) {
        return;
    }
    if (m_map != nullptr) {
        disconnect(m_map, nullptr, this, nullptr);
    }
    m_map = map;
    if (map != nullptr) {
        connect(map, &MapItem::viewChanged, this, &MapScaleBar::follow_map);
    }
    emit mapChanged();
    update();
}

void MapScaleBar::follow_map() {
    const bool shown = m_map != nullptr && m_map->metresPerPixel() > 0;
    const render::ScaleBar bar =
        shown ? render::scale_bar(m_map->metresPerPixel(), width() - 4) : render::ScaleBar{};
    if (!shown || bar.pixels != m_drawn_px || bar.label != m_drawn_label) {
        update();
    }
}

void MapScaleBar::paint(QPainter* painter) {
    m_drawn_px = -1;
    m_drawn_label.clear();
    if (m_map == nullptr || m_map->metresPerPixel() <= 0) {
        return;
    }
    const render::ScaleBar bar = render::scale_bar(m_map->metresPerPixel(), width() - 4);
    render::draw_scale_bar(*painter, QPointF(2, height() - 2), bar);
    m_drawn_px = bar.pixels;
    m_drawn_label = bar.label;
}

MapNorthArrow::MapNorthArrow(QQuickItem* parent) : QQuickPaintedItem(parent) {
    setAntialiasing(true);
    setImplicitSize(30, 48);
}

void MapNorthArrow::paint(QPainter* painter) {
    render::draw_north_arrow(*painter, QRectF(0, 0, width(), height()));
}

} // namespace gridmap::quick
