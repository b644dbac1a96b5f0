#pragma once

#include "map_item.hpp"

#include <QColor>
#include <QPointF>
#include <QPointer>
#include <QQuickPaintedItem>
#include <QStringList>
#include <QVariantList>
#include <QtQml/qqmlregistration.h>

namespace gridmap::quick {

/// What the editing tools draw over a MapView, following its pan and zoom: the features of a
/// layer picked for an edit (e.g. the buildings selected for an assignment), a pin marker, and
/// a line of points in working CRS metres (a lasso while it is dragged, a repair segment while
/// it is drawn) with its vertices. Place it over the map with the same geometry; it takes no
/// input.
class MapOverlay : public QQuickPaintedItem {
    Q_OBJECT
    QML_ELEMENT
    Q_PROPERTY(gridmap::quick::MapItem* map READ map WRITE setMap NOTIFY mapChanged)
    Q_PROPERTY(QString highlightLayer READ highlightLayer WRITE setHighlightLayer NOTIFY changed)
    Q_PROPERTY(QStringList highlightKeys READ highlightKeys WRITE setHighlightKeys NOTIFY changed)
    Q_PROPERTY(QColor highlightColor MEMBER m_highlight_color NOTIFY changed)
    Q_PROPERTY(bool markerVisible MEMBER m_marker_visible NOTIFY changed)
    Q_PROPERTY(QPointF marker MEMBER m_marker NOTIFY changed)
    Q_PROPERTY(QVariantList points MEMBER m_points NOTIFY changed)
    Q_PROPERTY(bool closed MEMBER m_closed NOTIFY changed)
    Q_PROPERTY(QColor lineColor MEMBER m_line_color NOTIFY changed)

public:
    explicit MapOverlay(QQuickItem* parent = nullptr);
    MapItem* map() const { return m_map; }
    void setMap(MapItem* map);
    QString highlightLayer() const { return m_layer; }
    void setHighlightLayer(const QString& layer);
    QStringList highlightKeys() const { return m_keys; }
    void setHighlightKeys(const QStringList& keys);
    void paint(QPainter* painter) override;

signals:
    void mapChanged();
    void changed();

protected:
    /// No node at all while there is nothing to draw: a painted item repaints and uploads an
    /// image of its whole size on every pan and zoom, and the scene graph blends it over the
    /// map, even when it is empty (on a software rasteriser that is a few ms a frame).
    QSGNode* updatePaintNode(QSGNode* old, UpdatePaintNodeData* data) override;

private:
    /// True when paint() would draw nothing or the overlay is hidden.
    bool shows_nothing() const;
    QPointer<MapItem> m_map;
    QString m_layer = QStringLiteral("building");
    QStringList m_keys;
    QColor m_highlight_color = QColor(0, 150, 255);
    bool m_marker_visible = false;
    QPointF m_marker;      ///< working CRS metres
    QVariantList m_points; ///< QPointF, working CRS metres
    bool m_closed = false;
    QColor m_line_color = QColor(230, 0, 120);
};

} // namespace gridmap::quick
