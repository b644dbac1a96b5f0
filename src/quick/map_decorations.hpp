#pragma once

#include "map_item.hpp"

#include <QPointer>
#include <QQuickPaintedItem>
#include <QtQml/qqmlregistration.h>

namespace gridmap::quick {

/// The legend of a MapView's theme, drawn by the shared renderer (as on exports); its implicit
/// size is the legend's. It follows the theme, the layer panel and the project.
class MapLegend : public QQuickPaintedItem {
    Q_OBJECT
    QML_ELEMENT
    Q_PROPERTY(gridmap::quick::MapItem* map READ map WRITE setMap NOTIFY mapChanged)
    Q_PROPERTY(int entryCount READ entryCount NOTIFY entriesChanged)
    Q_PROPERTY(QStringList texts READ texts NOTIFY entriesChanged)

public:
    explicit MapLegend(QQuickItem* parent = nullptr);
    MapItem* map() const { return m_map; }
    void setMap(MapItem* map);
    /// Entries shown (headings included) and their texts, in order.
    int entryCount() const { return static_cast<int>(m_entries.size()); }
    QStringList texts() const;
    void paint(QPainter* painter) override;

signals:
    void mapChanged();
    void entriesChanged();

private:
    void refresh();
    QPointer<MapItem> m_map;
    QList<render::LegendEntry> m_entries;
    QString m_title;
};

/// A scale bar for a MapView, drawn by the shared renderer.
class MapScaleBar : public QQuickPaintedItem {
    Q_OBJECT
    QML_ELEMENT
    Q_PROPERTY(gridmap::quick::MapItem* map READ map WRITE setMap NOTIFY mapChanged)

public:
    explicit MapScaleBar(QQuickItem* parent = nullptr);
    MapItem* map() const { return m_map; }
    void setMap(MapItem* map);
    void paint(QPainter* painter) override;

signals:
    void mapChanged();

private:
    /// Repaints when the bar the map's scale asks for differs from the one drawn: a pan leaves
    /// it as it is (a repaint uploads a texture, and the renderer then rebuilds batches).
    void follow_map();
    QPointer<MapItem> m_map;
    double m_drawn_px = -1;
    QString m_drawn_label;
};

/// A north arrow (the map is always north up), drawn by the shared renderer.
class MapNorthArrow : public QQuickPaintedItem {
    Q_OBJECT
    QML_ELEMENT

public:
    explicit MapNorthArrow(QQuickItem* parent = nullptr);
    void paint(QPainter* painter) override;
};

} // namespace gridmap::quick
