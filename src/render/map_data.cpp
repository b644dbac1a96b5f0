#include "map_data.hpp"

#include "map_style.hpp"

#include <gridmap/crs.hpp>
#include <gridmap/schema.hpp>

#include <QFileInfo>
#include <QLineF>

#include <algorithm>
#include <cmath>
#include <limits>
#include <numbers>

namespace gridmap::render {

namespace {

QString qstr(const std::string& s) {
    return QString::fromStdString(s);
}

/// The middle of the longest segment of the longest part, and its angle kept upright.
void place_line_label(MapFeature& f) {
    double best = -1;
    for (const auto& part : f.shape.parts) {
        for (std::size_t i = 0; i + 1 < part.size(); ++i) {
            const QLineF seg(part[i].x, part[i].y, part[i + 1].x, part[i + 1].y);
            if (seg.length() > best) {
                best = seg.length();
                f.label_point = seg.center();
                double angle = std::atan2(seg.dy(), seg.dx()) * 180.0 / std::numbers::pi;
                if (angle > 90) {
                    angle -= 180;
                } else if (angle < -90) {
                    angle += 180;
                }
                f.label_angle = angle;
            }
        }
    }
}

} // namespace

int MapLayer::index_of(const QString& key) const {
    for (std::size_t i = 0; i < features.size(); ++i) {
        if (features[i].key == key) {
            return static_cast<int>(i);
        }
    }
    return -1;
}

const MapLayer* MapData::layer(const QString& name) const {
    const int i = layer_index(name);
    return i < 0 ? nullptr : &layers[static_cast<std::size_t>(i)];
}

int MapData::layer_index(const QString& name) const {
    for (std::size_t i = 0; i < layers.size(); ++i) {
        if (layers[i].name == name) {
            return static_cast<int>(i);
        }
    }
    return -1;
}

QPointF interior_point(const QPainterPath& path) {
    const QRectF b = path.boundingRect();
    const double y = b.center().y();
    // Crossings of the horizontal line y with every edge of every subpath.
    std::vector<double> xs;
    QPointF start;
    QPointF prev;
    const auto edge = [&xs, y](QPointF a, QPointF c) {
        if ((a.y() <= y) != (c.y() <= y)) {
            xs.push_back(a.x() + (y - a.y()) * (c.x() - a.x()) / (c.y() - a.y()));
        }
    };
    for (int i = 0; i < path.elementCount(); ++i) {
        const QPainterPath::Element e = path.elementAt(i);
        const QPointF p(e.x, e.y);
        if (e.isMoveTo()) {
            if (i > 0) {
                edge(prev, start);
            }
            start = p;
        } else {
            edge(prev, p);
        }
        prev = p;
    }
    edge(prev, start);
    std::sort(xs.begin(), xs.end());
    double best = -1;
    QPointF out = b.center();
    for (std::size_t i = 0; i + 1 < xs.size(); i += 2) {
        if (xs[i + 1] - xs[i] > best) {
            best = xs[i + 1] - xs[i];
            out = QPointF((xs[i] + xs[i + 1]) / 2, y);
        }
    }
    return out;
}

MapFeature make_feature(const gridmap::Shape& shape, QPointF origin) {
    MapFeature f;
    f.shape.kind = shape.kind;
    f.shape.ring_starts_polygon = shape.ring_starts_polygon;
    double x0 = std::numeric_limits<double>::infinity();
    double y0 = x0;
    double x1 = -x0;
    double y1 = -x0;
    for (const auto& part : shape.parts) {
        std::vector<gridmap::XY> rel;
        rel.reserve(part.size());
        for (const gridmap::XY& p : part) {
            rel.push_back({p.x - origin.x(), p.y - origin.y()});
            x0 = std::min(x0, rel.back().x);
            y0 = std::min(y0, rel.back().y);
            x1 = std::max(x1, rel.back().x);
            y1 = std::max(y1, rel.back().y);
        }
        if (rel.empty()) {
            continue;
        }
        if (shape.kind == gridmap::GeometryKind::point) {
            for (const auto& p : rel) {
                f.points.push_back({p.x, p.y});
            }
        } else {
            f.path.moveTo(rel.front().x, rel.front().y);
            for (std::size_t k = 1; k < rel.size(); ++k) {
                f.path.lineTo(rel[k].x, rel[k].y);
            }
            if (shape.kind == gridmap::GeometryKind::polygon) {
                f.path.closeSubpath();
            }
        }
        f.shape.parts.push_back(std::move(rel));
    }
    f.path.setFillRule(Qt::OddEvenFill);
    if (x0 <= x1) {
        f.bounds = QRectF(QPointF(x0, y0), QPointF(x1, y1));
    }
    switch (shape.kind) {
    case gridmap::GeometryKind::polygon:
        f.label_point = interior_point(f.path);
        break;
    case gridmap::GeometryKind::line:
        place_line_label(f);
        break;
    default:
        f.label_point = f.points.isEmpty() ? f.bounds.center() : f.points.front();
        break;
    }
    return f;
}

std::shared_ptr<const MapData> load_map_data(const gridmap::Project& project) {
    auto data = std::make_shared<MapData>();
    data->path = qstr(project.path());
    data->epsg = project.epsg();
    if (data->epsg > 0) {
        data->crs_name = crs_display_name(data->epsg);
    }
    data->theme = gridmap::compute_theme(project);

    // First pass: the features in absolute coordinates, for the extent.
    std::vector<std::pair<QString, std::vector<gridmap::DisplayFeature>>> raw;
    double x0 = std::numeric_limits<double>::infinity();
    double y0 = x0;
    double x1 = -x0;
    double y1 = -x0;
    for (const std::string_view name : drawn_layers()) {
        auto features = gridmap::read_display_features(project, std::string(name));
        for (const auto& f : features) {
            for (const auto& part : f.shape.parts) {
                for (const auto& p : part) {
                    x0 = std::min(x0, p.x);
                    y0 = std::min(y0, p.y);
                    x1 = std::max(x1, p.x);
                    y1 = std::max(y1, p.y);
                }
            }
        }
        raw.emplace_back(QString::fromUtf8(name.data(), static_cast<qsizetype>(name.size())),
                         std::move(features));
    }
    const bool have_extent = x0 <= x1;
    data->origin = have_extent ? QPointF((x0 + x1) / 2, (y0 + y1) / 2) : QPointF();
    if (have_extent) {
        data->extent = QRectF(QPointF(x0, y0) - data->origin, QPointF(x1, y1) - data->origin);
    }

    for (auto& [name, features] : raw) {
        MapLayer layer;
        layer.name = name;
        const gridmap::TableDef* def = gridmap::find_table(name.toStdString());
        layer.kind = def != nullptr ? def->geometry : gridmap::GeometryKind::none;
        layer.features.reserve(features.size());
        for (const auto& df : features) {
            bool empty = true;
            for (const auto& part : df.shape.parts) {
                empty = empty && part.empty();
            }
            if (empty) {
                continue; // a feature without geometry draws nothing
            }
            MapFeature f = make_feature(df.shape, data->origin);
            f.key = qstr(df.key);
            f.name = df.name.empty() ? f.key : qstr(df.name);
            if (name == QLatin1String("building")) {
                const gridmap::BuildingTheme* b = data->theme.building(df.key);
                f.label = b != nullptr && !b->number.empty() ? qstr(b->number) : QString();
            } else if (name == QLatin1String("road") || name == QLatin1String("compound")) {
                f.label = df.name.empty() ? QString() : f.name;
            } else if (name == QLatin1String("cell")) {
                f.label = f.name;
            }
            layer.features.push_back(std::move(f));
            ++data->feature_count;
        }
        data->layers.push_back(std::move(layer));
    }
    for (const gridmap::TilingProblem& t : data->theme.tiling) {
        MapFeature f = make_feature(t.shape, data->origin);
        f.key = t.overlap ? qstr(t.cell_a + "/" + t.cell_b) : qstr(t.community);
        f.name = f.key;
        data->tiling.push_back(std::move(f));
    }
    return data;
}

QRectF community_extent(const MapData& data, double margin_share) {
    QRectF r;
    if (const MapLayer* c = data.layer(QStringLiteral("community"))) {
        for (const auto& f : c->features) {
            r = r.isNull() ? f.bounds : r.united(f.bounds);
        }
    }
    if (r.isNull()) {
        r = data.extent;
    }
    if (r.isNull()) {
        return r;
    }
    const double m = std::max(r.width(), r.height()) * margin_share;
    return r.adjusted(-m, -m, m, m);
}

} // namespace gridmap::render
