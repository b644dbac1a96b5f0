#include "map_view.hpp"

#include <QCursor>
#include <QMouseEvent>
#include <QPainter>
#include <QWheelEvent>

#include <algorithm>
#include <cmath>
#include <exception>
#include <limits>

namespace gridmap::quick {

namespace {

constexpr double margin_px = 16.0;
constexpr double min_extent_m = 50.0; ///< a single point still gets a sensible scale
constexpr double min_zoom = 0.2;
constexpr double max_zoom = 500.0;

QPointF nan_point() {
    const double nan = std::numeric_limits<double>::quiet_NaN();
    return {nan, nan};
}

QRectF bounds_of(const std::vector<gridmap::XY>& part) {
    double min_x = std::numeric_limits<double>::infinity();
    double min_y = min_x;
    double max_x = -min_x;
    double max_y = -min_x;
    for (const gridmap::XY& p : part) {
        min_x = std::min(min_x, p.x);
        min_y = std::min(min_y, p.y);
        max_x = std::max(max_x, p.x);
        max_y = std::max(max_y, p.y);
    }
    return QRectF(QPointF(min_x, min_y), QPointF(max_x, max_y));
}

/// The union of two rectangles that may be degenerate (a point, a horizontal line), which
/// QRectF::united would drop.
QRectF unite(const QRectF& a, const QRectF& b, bool a_set) {
    if (!a_set) {
        return b;
    }
    const double left = std::min(a.left(), b.left());
    const double top = std::min(a.top(), b.top());
    const double right = std::max(a.right(), b.right());
    const double bottom = std::max(a.bottom(), b.bottom());
    return QRectF(QPointF(left, top), QPointF(right, bottom));
}

/// True when two rectangles share a point; unlike QRectF::intersects it accepts rectangles of
/// zero width or height (vertical and horizontal lines).
bool overlaps(const QRectF& a, const QRectF& b) {
    return a.left() <= b.right() && b.left() <= a.right() && a.top() <= b.bottom() &&
           b.top() <= a.bottom();
}

} // namespace

MapView::MapView(QQuickItem* parent) : QQuickPaintedItem(parent) {
    setAntialiasing(true);
    setFillColor(QColor(236, 240, 243));
    setAcceptedMouseButtons(Qt::LeftButton);
    setFlag(ItemHasContents, true);
}

MapView::~MapView() = default;

void MapView::setProject(ProjectModel* project) {
    if (m_project == project) {
        return;
    }
    if (ProjectModel* old = m_project.data(); old != nullptr) {
        disconnect(old, nullptr, this, nullptr);
        disconnect(old->layers(), nullptr, this, nullptr);
    }
    m_project = project;
    if (project != nullptr) {
        connect(project, &ProjectModel::projectChanged, this, [this] { reload(); });
        connect(project->layers(), &LayerListModel::visibilityChanged, this, [this] { update(); });
        connect(project->layers(), &QAbstractItemModel::modelReset, this, [this] { update(); });
        connect(project, &QObject::destroyed, this, [this] {
            clear_cache();
            emit featuresChanged();
            update();
        });
    }
    emit projectChanged();
    reload();
}

void MapView::clear_cache() {
    m_layers.clear();
    m_feature_count = 0;
    m_extent = QRectF();
    m_origin = QPointF();
    m_lonlat.reset();
}

std::optional<MapView::CachedFeature> MapView::cache_feature(const gridmap::Shape& shape) {
    CachedFeature cf;
    bool have_bounds = false;
    for (const std::vector<gridmap::XY>& part : shape.parts) {
        if (part.empty()) {
            continue;
        }
        cf.bounds = unite(cf.bounds, bounds_of(part), have_bounds);
        have_bounds = true;
        if (shape.kind == gridmap::GeometryKind::point) {
            for (const gridmap::XY& p : part) {
                cf.points.push_back({p.x, p.y});
            }
            continue;
        }
        cf.path.moveTo(part.front().x, part.front().y);
        for (std::size_t k = 1; k < part.size(); ++k) {
            cf.path.lineTo(part[k].x, part[k].y);
        }
        if (shape.kind == gridmap::GeometryKind::polygon) {
            cf.path.closeSubpath();
        }
    }
    if (!have_bounds) {
        return std::nullopt;
    }
    return cf;
}

bool MapView::reload() {
    clear_cache();
    m_zoom = 1.0;
    m_pan = QPointF();
    bool ok = true;
    try {
        const ProjectModel* model = m_project.data();
        const gridmap::Project* project = model != nullptr ? model->project() : nullptr;
        if (project != nullptr) {
            bool have_extent = false;
            QRectF extent;
            std::vector<CachedLayer> layers;
            int count = 0;
            for (const std::string_view name : drawn_layers()) {
                CachedLayer layer;
                layer.name = QString::fromUtf8(name.data(), static_cast<qsizetype>(name.size()));
                layer.style = layer_style(name);
                const gridmap::TableDef* def = gridmap::find_table(name);
                layer.kind = def != nullptr ? def->geometry : gridmap::GeometryKind::none;
                const std::vector<gridmap::DisplayFeature> features =
                    gridmap::read_display_features(*project, std::string(name));
                layer.features.reserve(features.size());
                for (const gridmap::DisplayFeature& f : features) {
                    std::optional<CachedFeature> cf = cache_feature(f.shape);
                    if (!cf) {
                        continue; // a feature without geometry draws nothing
                    }
                    extent = unite(extent, cf->bounds, have_extent);
                    have_extent = true;
                    layer.features.push_back(std::move(*cf));
                    ++count;
                }
                layers.push_back(std::move(layer));
            }
            // Cache metres relative to the centre of the data: small numbers keep precision
            // through the painter's transforms.
            const QPointF origin = have_extent ? extent.center() : QPointF();
            const QTransform to_relative = QTransform::fromTranslate(-origin.x(), -origin.y());
            for (CachedLayer& layer : layers) {
                for (CachedFeature& f : layer.features) {
                    f.path = to_relative.map(f.path);
                    f.path.setFillRule(Qt::OddEvenFill); // holes stay holes
                    f.bounds.translate(-origin);
                    for (QPointF& p : f.points) {
                        p -= origin;
                    }
                }
            }
            auto lonlat = std::make_unique<gridmap::LonLatTransform>(project->epsg());

            m_layers = std::move(layers);
            m_feature_count = count;
            m_extent = have_extent ? extent : QRectF();
            m_origin = origin;
            m_lonlat = std::move(lonlat);
        }
    } catch (const std::exception& e) {
        clear_cache();
        emit errorOccurred(tr("Cannot read the map layers: %1").arg(QString::fromUtf8(e.what())));
        ok = false;
    }
    emit featuresChanged();
    emit viewChanged();
    update();
    return ok;
}

void MapView::fitToData() {
    m_zoom = 1.0;
    m_pan = QPointF();
    emit viewChanged();
    update();
}

QTransform MapView::world_to_item() const {
    const double w = std::max(width() - 2 * margin_px, 1.0);
    const double h = std::max(height() - 2 * margin_px, 1.0);
    const double ew = std::max(m_extent.width(), min_extent_m);
    const double eh = std::max(m_extent.height(), min_extent_m);
    const double scale = std::min(w / ew, h / eh) * m_zoom;
    QTransform t;
    t.translate(width() / 2 + m_pan.x(), height() / 2 + m_pan.y());
    t.scale(scale, -scale); // north up
    return t;
}

QPointF MapView::lonLatToItem(double lon, double lat) {
    try {
        if (!m_lonlat || m_feature_count == 0) {
            emit errorOccurred(tr("No map is loaded."));
            return nan_point();
        }
        const gridmap::LonLatTransform::XY p = m_lonlat->to_projected({lon, lat});
        return world_to_item().map(QPointF(p.x, p.y) - m_origin);
    } catch (const std::exception& e) {
        emit errorOccurred(QString::fromUtf8(e.what()));
    }
    return nan_point();
}

QPointF MapView::itemToLonLat(double x, double y) {
    try {
        if (!m_lonlat || m_feature_count == 0) {
            emit errorOccurred(tr("No map is loaded."));
            return nan_point();
        }
        bool invertible = false;
        const QPointF w = world_to_item().inverted(&invertible).map(QPointF(x, y)) + m_origin;
        if (!invertible) {
            return nan_point();
        }
        const gridmap::LonLat ll = m_lonlat->to_lonlat({w.x(), w.y()});
        return {ll.lon, ll.lat};
    } catch (const std::exception& e) {
        emit errorOccurred(QString::fromUtf8(e.what()));
    }
    return nan_point();
}

QColor MapView::layerColor(const QString& layer) const {
    return legend_color(layer.toStdString());
}

bool MapView::is_layer_visible(const QString& name) const {
    const ProjectModel* model = m_project.data();
    return model != nullptr && model->layers()->is_visible(name);
}

void MapView::paint(QPainter* painter) {
    if (m_layers.empty() || m_feature_count == 0 || width() <= 0 || height() <= 0) {
        return;
    }
    const QTransform t = world_to_item();
    bool invertible = false;
    const QRectF visible_world = t.inverted(&invertible).mapRect(QRectF(0, 0, width(), height()));
    if (!invertible) {
        return;
    }
    painter->setRenderHint(QPainter::Antialiasing, antialiasing());
    for (const CachedLayer& layer : m_layers) {
        if (layer.features.empty() || !is_layer_visible(layer.name)) {
            continue;
        }
        const LayerStyle& s = layer.style;
        QPen pen(s.stroke, s.stroke_width_px, s.pen_style, Qt::RoundCap, Qt::RoundJoin);
        pen.setCosmetic(true); // width in pixels whatever the scale
        painter->save();
        if (layer.kind == gridmap::GeometryKind::point) {
            painter->setPen(pen);
            painter->setBrush(s.fill);
            const double r = s.point_radius_px;
            for (const CachedFeature& f : layer.features) {
                for (const QPointF& p : f.points) {
                    painter->drawEllipse(t.map(p), r, r);
                }
            }
        } else {
            painter->setWorldTransform(t, true);
            painter->setPen(pen);
            painter->setBrush(layer.kind == gridmap::GeometryKind::polygon ? QBrush(s.fill)
                                                                           : QBrush(Qt::NoBrush));
            for (const CachedFeature& f : layer.features) {
                if (overlaps(f.bounds, visible_world)) {
                    painter->drawPath(f.path);
                }
            }
        }
        painter->restore();
    }
}

void MapView::mousePressEvent(QMouseEvent* event) {
    m_dragging = true;
    m_drag_last = event->position();
    setCursor(Qt::ClosedHandCursor);
    event->accept();
}

void MapView::mouseMoveEvent(QMouseEvent* event) {
    if (!m_dragging) {
        event->ignore();
        return;
    }
    m_pan += event->position() - m_drag_last;
    m_drag_last = event->position();
    emit viewChanged();
    update();
    event->accept();
}

void MapView::mouseReleaseEvent(QMouseEvent* event) {
    m_dragging = false;
    unsetCursor();
    event->accept();
}

void MapView::mouseDoubleClickEvent(QMouseEvent* event) {
    fitToData();
    event->accept();
}

void MapView::wheelEvent(QWheelEvent* event) {
    const double steps = event->angleDelta().y() / 120.0;
    if (steps == 0) {
        event->ignore();
        return;
    }
    const double new_zoom = std::clamp(m_zoom * std::pow(1.25, steps), min_zoom, max_zoom);
    const double factor = new_zoom / m_zoom;
    // Keep the point under the cursor where it is.
    const QPointF centre(width() / 2, height() / 2);
    const QPointF cursor = event->position();
    m_pan = cursor - centre - (cursor - centre - m_pan) * factor;
    m_zoom = new_zoom;
    emit viewChanged();
    update();
    event->accept();
}

void MapView::geometryChange(const QRectF& new_geometry, const QRectF& old_geometry) {
    QQuickPaintedItem::geometryChange(new_geometry, old_geometry);
    update();
}

} // namespace gridmap::quick
