#include "map_data.hpp"

#include "map_style.hpp"

#include <gridmap/crs.hpp>
#include <gridmap/schema.hpp>

#include <QFileInfo>
#include <QLineF>

#include <algorithm>
#include <cmath>
#include <future>
#include <limits>
#include <numbers>
#include <optional>

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

QPainterPath path_of(const gridmap::Shape& shape) {
    QPainterPath path;
    for (const auto& part : shape.parts) {
        if (part.empty()) {
            continue;
        }
        path.moveTo(part.front().x, part.front().y);
        for (std::size_t k = 1; k < part.size(); ++k) {
            path.lineTo(part[k].x, part[k].y);
        }
        if (shape.kind == gridmap::GeometryKind::polygon) {
            path.closeSubpath();
        }
    }
    path.setFillRule(Qt::OddEvenFill);
    return path;
}

namespace {

/// Takes `shape` (working CRS metres) into `f` relative to `origin`, in place, and derives the
/// path, bounds and label point from it. Empty parts are dropped.
void set_shape(MapFeature& f, gridmap::Shape&& shape, QPointF origin) {
    f.shape.kind = shape.kind;
    f.shape.ring_starts_polygon = std::move(shape.ring_starts_polygon);
    f.shape.parts.clear();
    f.shape.parts.reserve(shape.parts.size());
    double x0 = std::numeric_limits<double>::infinity();
    double y0 = x0;
    double x1 = -x0;
    double y1 = -x0;
    for (auto& rel : shape.parts) {
        for (gridmap::XY& p : rel) {
            p = {p.x - origin.x(), p.y - origin.y()};
            x0 = std::min(x0, p.x);
            y0 = std::min(y0, p.y);
            x1 = std::max(x1, p.x);
            y1 = std::max(y1, p.y);
        }
        if (rel.empty()) {
            continue;
        }
        if (shape.kind == gridmap::GeometryKind::point) {
            for (const auto& p : rel) {
                f.points.push_back({p.x, p.y});
            }
        }
        f.shape.parts.push_back(std::move(rel));
    }
    if (shape.kind != gridmap::GeometryKind::point) {
        f.path = path_of(f.shape);
    }
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
}

} // namespace

MapFeature make_feature(const gridmap::Shape& shape, QPointF origin) {
    MapFeature f;
    set_shape(f, gridmap::Shape(shape), origin);
    return f;
}

namespace {

/// Above this many buildings the theme is computed before the layers are read, not beside
/// them: the check of a million buildings peaks near 1.8 GB on its own, and the layers then
/// read would add theirs to it.
constexpr std::int64_t concurrent_theme_limit = 300000;

/// Reads the drawn layers of `project` into `data`, then sets the origin and extent and makes
/// every shape relative to the origin.
void read_layers(const gridmap::Project& project, MapData& data) {
    double x0 = std::numeric_limits<double>::infinity();
    double y0 = x0;
    double x1 = -x0;
    double y1 = -x0;
    // One layer at a time: its features read, their shapes moved (still in absolute
    // coordinates) into the drawable features and the rest of what was read freed before the
    // next layer is read, so that at most one layer is held twice.
    for (const std::string_view layer_name : drawn_layers()) {
        const QString name =
            QString::fromUtf8(layer_name.data(), static_cast<qsizetype>(layer_name.size()));
        std::vector<gridmap::DisplayFeature> features =
            gridmap::read_display_features(project, std::string(layer_name));
        MapLayer layer;
        layer.name = name;
        const gridmap::TableDef* def = gridmap::find_table(layer_name);
        layer.kind = def != nullptr ? def->geometry : gridmap::GeometryKind::none;
        layer.features.reserve(features.size());
        for (auto& df : features) {
            bool empty = true;
            for (const auto& part : df.shape.parts) {
                for (const auto& p : part) {
                    x0 = std::min(x0, p.x);
                    y0 = std::min(y0, p.y);
                    x1 = std::max(x1, p.x);
                    y1 = std::max(y1, p.y);
                }
                empty = empty && part.empty();
            }
            if (empty) {
                continue; // a feature without geometry draws nothing
            }
            MapFeature f;
            f.shape = std::move(df.shape);
            f.key = qstr(df.key);
            f.name = df.name.empty() ? f.key : qstr(df.name);
            if (name == QLatin1String("road") || name == QLatin1String("compound")) {
                f.label = df.name.empty() ? QString() : f.name;
            } else if (name == QLatin1String("cell")) {
                f.label = f.name;
            }
            layer.features.push_back(std::move(f));
            ++data.feature_count;
        }
        data.layers.push_back(std::move(layer));
    }
    // The extent of everything gives the origin, then every shape is made relative to it in
    // place.
    const bool have_extent = x0 <= x1;
    data.origin = have_extent ? QPointF((x0 + x1) / 2, (y0 + y1) / 2) : QPointF();
    if (have_extent) {
        data.extent = QRectF(QPointF(x0, y0) - data.origin, QPointF(x1, y1) - data.origin);
    }
    for (MapLayer& layer : data.layers) {
        for (MapFeature& f : layer.features) {
            gridmap::Shape absolute = std::move(f.shape);
            set_shape(f, std::move(absolute), data.origin);
        }
    }
}

/// A second read-only connection to the project, for reading its layers beside the theme;
/// nullopt when it cannot be opened (the layers are then read after the theme).
std::optional<gridmap::Project> second_connection(const gridmap::Project& project) {
    try {
        return gridmap::Project::open(project.path(), gridmap::Project::Access::read_only);
    } catch (const std::exception&) {
        return std::nullopt;
    }
}

} // namespace

std::shared_ptr<const MapData> load_map_data(const gridmap::Project& project) {
    auto data = std::make_shared<MapData>();
    data->path = qstr(project.path());
    data->epsg = project.epsg();
    if (data->epsg > 0) {
        data->crs_name = crs_display_name(data->epsg);
    }

    // The theme (every coverage rule: the work of `gridmap check`) and the layers are
    // independent: below concurrent_theme_limit buildings the theme is computed on a second
    // thread on this connection (which may keep a current analysis) while this thread reads the
    // layers through a second connection.
    std::optional<gridmap::Project> reader;
    if (project.count("building") <= concurrent_theme_limit) {
        reader = second_connection(project);
    }
    if (reader) {
        std::future<gridmap::ThemeData> theme =
            std::async(std::launch::async, [&project] { return gridmap::compute_theme(project); });
        try {
            read_layers(*reader, *data);
        } catch (...) {
            theme.wait(); // it reads `project`, which the caller may close when this throws
            throw;
        }
        data->theme = theme.get();
        reader.reset();
    } else {
        data->theme = gridmap::compute_theme(project);
        read_layers(project, *data);
    }
    // Building numbers, from the theme.
    for (MapLayer& layer : data->layers) {
        if (layer.name != QLatin1String("building")) {
            continue;
        }
        for (MapFeature& f : layer.features) {
            const gridmap::BuildingTheme* b = data->theme.building(f.key.toStdString());
            if (b != nullptr && !b->number.empty()) {
                f.label = qstr(b->number);
            }
        }
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
