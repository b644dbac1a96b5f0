#pragma once

#include "layer_style.hpp"
#include "project_model.hpp"

#include <gridmap/crs.hpp>
#include <gridmap/features.hpp>
#include <gridmap/schema.hpp>

#include <QList>
#include <QPainterPath>
#include <QPointF>
#include <QPointer>
#include <QQuickPaintedItem>
#include <QRectF>
#include <QTransform>
#include <QtQml/qqmlregistration.h>

#include <memory>
#include <optional>
#include <vector>

namespace gridmap::quick {

/// The map: draws the spatial layers of a ProjectModel's project (community, cell, compound,
/// building, road, repair_segment, service_point, issue) with fixed per-layer styles, north up,
/// fitted to the data extent, honouring each layer's visible flag. Geometry is read once per
/// opened project with gridmap::read_display_features and cached in the working CRS; drawing
/// uses QPainter, so it works on every scene graph backend. Drag pans, the wheel zooms about
/// the cursor, a double click fits the data again. Shows no personal data.
class MapView : public QQuickPaintedItem {
    Q_OBJECT
    QML_NAMED_ELEMENT(MapView)
    Q_PROPERTY(
        gridmap::quick::ProjectModel* project READ project WRITE setProject NOTIFY projectChanged)
    Q_PROPERTY(int featureCount READ featureCount NOTIFY featuresChanged)
    Q_PROPERTY(QRectF extent READ extent NOTIFY featuresChanged)
    Q_PROPERTY(double zoom READ zoom NOTIFY viewChanged)

public:
    explicit MapView(QQuickItem* parent = nullptr);
    ~MapView() override;

    /// The project whose layers are drawn (not owned), or nullptr.
    ProjectModel* project() const { return m_project; }
    /// Sets the project to draw and reads its geometry.
    void setProject(ProjectModel* project);

    /// Number of cached features over all drawn layers.
    int featureCount() const { return m_feature_count; }
    /// Bounding box of the cached features, working CRS metres (y = northing); null when empty.
    QRectF extent() const { return m_extent; }
    /// Zoom relative to the fitted view (1 = the whole data extent fits).
    double zoom() const { return m_zoom; }

    /// Re-reads the geometry of the project. Returns false and emits errorOccurred when reading
    /// fails (the cache is then empty).
    Q_INVOKABLE bool reload();

    /// Shows the whole data extent again.
    Q_INVOKABLE void fitToData();

    /// Item coordinates (pixels, y down) of a WGS84 lon/lat in degrees. Returns (NaN, NaN) and
    /// emits errorOccurred when nothing is loaded or the transform fails.
    Q_INVOKABLE QPointF lonLatToItem(double lon, double lat);

    /// WGS84 lon/lat in degrees (x = lon, y = lat) of an item point in pixels. Returns
    /// (NaN, NaN) and emits errorOccurred when nothing is loaded or the transform fails.
    Q_INVOKABLE QPointF itemToLonLat(double x, double y);

    /// The colour a layer is drawn with (the fill of polygons and points, the stroke of lines),
    /// as in the legend.
    Q_INVOKABLE QColor layerColor(const QString& layer) const;

    void paint(QPainter* painter) override;

signals:
    void projectChanged();
    /// The cached geometry changed (project opened, closed or reloaded).
    void featuresChanged();
    /// The view was panned or zoomed.
    void viewChanged();
    /// An invokable failed; `message` is one line for the user.
    void errorOccurred(const QString& message);

protected:
    void mousePressEvent(QMouseEvent* event) override;
    void mouseMoveEvent(QMouseEvent* event) override;
    void mouseReleaseEvent(QMouseEvent* event) override;
    void mouseDoubleClickEvent(QMouseEvent* event) override;
    void wheelEvent(QWheelEvent* event) override;
    void geometryChange(const QRectF& new_geometry, const QRectF& old_geometry) override;

private:
    /// One feature ready to draw, in metres relative to m_origin.
    struct CachedFeature {
        QPainterPath path;     ///< polygons and lines
        QList<QPointF> points; ///< points
        QRectF bounds;
    };
    struct CachedLayer {
        QString name;
        gridmap::GeometryKind kind = gridmap::GeometryKind::none;
        LayerStyle style;
        std::vector<CachedFeature> features;
    };

    /// The shape in the working CRS as a path (polygons, lines) or points, with its bounds;
    /// nullopt for a shape without coordinates.
    static std::optional<CachedFeature> cache_feature(const gridmap::Shape& shape);
    void clear_cache();
    bool is_layer_visible(const QString& name) const;
    /// Metres relative to m_origin -> item pixels.
    QTransform world_to_item() const;

    QPointer<ProjectModel> m_project;
    std::vector<CachedLayer> m_layers;
    int m_feature_count = 0;
    QRectF m_extent;  ///< working CRS, y up
    QPointF m_origin; ///< centre of m_extent, working CRS
    std::unique_ptr<gridmap::LonLatTransform> m_lonlat;
    double m_zoom = 1.0;
    QPointF m_pan; ///< pixels
    QPointF m_drag_last;
    bool m_dragging = false;
};

} // namespace gridmap::quick
