#include "map_overlay.hpp"

#include <QPainter>
#include <QPainterPath>
#include <QPolygonF>
#include <QSGNode>

namespace gridmap::quick {

MapOverlay::MapOverlay(QQuickItem* parent) : QQuickPaintedItem(parent) {
    connect(this, &MapOverlay::changed, this, [this] { update(); });
    connect(this, &QQuickItem::visibleChanged, this, [this] { update(); });
}

void MapOverlay::setMap(MapItem* map) {
    if (m_map == map) {
        return;
    }
    if (m_map) {
        disconnect(m_map, nullptr, this, nullptr);
    }
    m_map = map;
    if (map != nullptr) {
        connect(map, &MapItem::viewChanged, this, [this] { update(); });
        connect(map, &MapItem::featuresChanged, this, [this] { update(); });
    }
    emit mapChanged();
    update();
}

void MapOverlay::setHighlightLayer(const QString& layer) {
    if (m_layer != layer) {
        m_layer = layer;
        emit changed();
    }
}

void MapOverlay::setHighlightKeys(const QStringList& keys) {
    if (m_keys != keys) {
        m_keys = keys;
        emit changed();
    }
}

bool MapOverlay::shows_nothing() const {
    const MapItem* map = m_map.data();
    const auto data = map != nullptr ? map->data() : nullptr;
    // Hidden items are still synced (under an opacity of 0): without this a hidden overlay
    // (the seed's 1,000 low-coverage cells) stroked every path on every frame.
    return !data || !isVisible() || (m_keys.isEmpty() && m_points.isEmpty() && !m_marker_visible);
}

QSGNode* MapOverlay::updatePaintNode(QSGNode* old, UpdatePaintNodeData* data) {
    if (shows_nothing()) {
        delete old;
        return nullptr;
    }
    return QQuickPaintedItem::updatePaintNode(old, data);
}

void MapOverlay::paint(QPainter* painter) {
    const MapItem* map = m_map.data();
    const auto data = map != nullptr ? map->data() : nullptr;
    if (!data) {
        return;
    }
    const render::MapView view = map->view();
    const QTransform to_pixel = view.world_to_pixel();
    const QPointF origin = data->origin;
    painter->setRenderHint(QPainter::Antialiasing);

    // The picked features: a translucent fill and a thick outline.
    if (const render::MapLayer* layer = data->layer(m_layer); layer != nullptr) {
        QColor fill = m_highlight_color;
        fill.setAlpha(110);
        painter->setPen(QPen(m_highlight_color, 3.0));
        painter->setBrush(fill);
        for (const QString& key : m_keys) {
            const int i = layer->index_of(key);
            if (i < 0) {
                continue;
            }
            const render::MapFeature& f = layer->features[static_cast<std::size_t>(i)];
            if (!f.path.isEmpty()) {
                painter->drawPath(to_pixel.map(f.path));
            }
            for (const QPointF& p : f.points) {
                painter->drawEllipse(to_pixel.map(p), 8.0, 8.0);
            }
        }
    }

    // The line being drawn and its vertices.
    QPolygonF line;
    for (const QVariant& v : m_points) {
        line.push_back(to_pixel.map(v.toPointF() - origin));
    }
    if (!line.isEmpty()) {
        painter->setBrush(Qt::NoBrush);
        painter->setPen(QPen(m_line_color, 2.5, m_closed ? Qt::DashLine : Qt::SolidLine));
        if (m_closed) {
            painter->drawPolygon(line);
        } else {
            painter->drawPolyline(line);
        }
        painter->setPen(QPen(Qt::white, 1.5));
        painter->setBrush(m_line_color);
        if (!m_closed) {
            for (const QPointF& p : line) {
                painter->drawEllipse(p, 4.5, 4.5);
            }
        }
    }

    // The pin: a drop-shaped marker whose tip is the place.
    if (m_marker_visible) {
        const QPointF tip = to_pixel.map(m_marker - origin);
        QPainterPath pin;
        pin.moveTo(tip);
        pin.cubicTo(tip + QPointF(-4, -10), tip + QPointF(-11, -16), tip + QPointF(-11, -24));
        pin.arcTo(QRectF(tip.x() - 11, tip.y() - 35, 22, 22), 180, -180);
        pin.cubicTo(tip + QPointF(11, -16), tip + QPointF(4, -10), tip);
        painter->setPen(QPen(Qt::white, 1.5));
        painter->setBrush(QColor(220, 40, 40));
        painter->drawPath(pin);
        painter->setBrush(Qt::white);
        painter->setPen(Qt::NoPen);
        painter->drawEllipse(tip + QPointF(0, -24), 4.0, 4.0);
    }
}

} // namespace gridmap::quick
