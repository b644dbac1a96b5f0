#pragma once

#include <gridmap/features.hpp>
#include <gridmap/project.hpp>
#include <gridmap/theme.hpp>

#include <QList>
#include <QPainterPath>
#include <QPointF>
#include <QRectF>
#include <QString>

#include <memory>
#include <vector>

namespace gridmap::render {

/// One feature ready to draw. Coordinates are metres of the working CRS relative to
/// MapData::origin, y north (small numbers keep precision through transforms and floats).
struct MapFeature {
    QString key;            ///< building id, cell code ...
    QString name;           ///< name, or the key when the feature has none
    QString label;          ///< text drawn on the map ("" = none): building number, road name
    gridmap::Shape shape;   ///< relative metres (for meshes)
    QPainterPath path;      ///< polygons (odd-even fill, holes stay holes) and lines
    QList<QPointF> points;  ///< points
    QRectF bounds;          ///< relative metres, y up (top() is the south edge)
    QPointF label_point;    ///< inside a polygon, on a line, or the point itself
    double label_angle = 0; ///< degrees counter-clockwise, for line labels
};

struct MapLayer {
    QString name; ///< table name
    gridmap::GeometryKind kind = gridmap::GeometryKind::none;
    std::vector<MapFeature> features;
    /// Index of the feature with `key`, or -1.
    int index_of(const QString& key) const;
};

/// Everything the map draws of one project, read once: the drawn layers (drawing order), the
/// theme statuses and the tiling problems. Immutable once loaded, so the GUI, the render
/// thread and mesh workers may share it.
struct MapData {
    QString path; ///< project file
    int epsg = 0;
    QString crs_name;
    QPointF origin; ///< working CRS metres subtracted from every coordinate
    QRectF extent;  ///< of every feature, relative metres, y up; null when empty
    int feature_count = 0;
    std::vector<MapLayer> layers;
    gridmap::ThemeData theme;
    std::vector<MapFeature> tiling; ///< theme.tiling as drawable features (same order)

    /// The layer called `name`, or nullptr.
    const MapLayer* layer(const QString& name) const;
    int layer_index(const QString& name) const;
};

/// Reads the drawn layers and computes the theme of `project` (gridmap::compute_theme).
/// Throws gridmap::Error when reading fails.
std::shared_ptr<const MapData> load_map_data(const gridmap::Project& project);

/// The bounds of the communities (else of everything) with a margin of `margin_share` of their
/// larger side on every side, relative metres; null when the project has nothing to draw.
QRectF community_extent(const MapData& data, double margin_share = 0.04);

/// Converts a shape in working CRS metres to a drawable feature relative to `origin`.
MapFeature make_feature(const gridmap::Shape& shape, QPointF origin);

/// The path of a shape (lines and polygons; polygons closed, odd-even fill so that holes stay
/// holes), as MapFeature::path holds it.
QPainterPath path_of(const gridmap::Shape& shape);

/// A point well inside a polygon path (the middle of the widest horizontal run through the
/// middle of its bounds), for labels; the bounds' centre for paths that are not closed.
QPointF interior_point(const QPainterPath& path);

} // namespace gridmap::render
