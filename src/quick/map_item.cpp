#include "map_item.hpp"

#include "error_text.hpp"
#include "frame_pacer.hpp"
#include "gui_timing.hpp"
#include "map_style.hpp"
#include "page.hpp"
#include "worker_thread.hpp"

#include <QCursor>
#include <QElapsedTimer>
#include <QMatrix4x4>
#include <QMouseEvent>
#include <QPainter>
#include <QQuickWindow>
#include <QSGFlatColorMaterial>
#include <QSGGeometryNode>
#include <QSGImageNode>
#include <QSGOpacityNode>
#include <QSGRectangleNode>
#include <QSGRendererInterface>
#include <QSGTextureMaterial>
#include <QSGTransformNode>
#include <QSGVertexColorMaterial>
#include <QThreadPool>
#include <QWheelEvent>
#include <QtConcurrent/QtConcurrentRun>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <exception>
#include <limits>
#include <numbers>
#include <utility>

namespace gridmap::quick {

namespace {

constexpr double margin_px = 16.0;
constexpr double min_extent_m = 50.0; ///< a single point still gets a sensible scale
constexpr double min_zoom = 0.05;
constexpr double max_zoom = 5000.0;
constexpr double drag_threshold_px = 4.0;

QPointF nan_point() {
    const double nan = std::numeric_limits<double>::quiet_NaN();
    return {nan, nan};
}

/// True when two rectangles share a point (zero width or height allowed).
bool overlaps(const QRectF& a, const QRectF& b) {
    return a.left() <= b.right() && b.left() <= a.right() && a.top() <= b.bottom() &&
           b.top() <= a.bottom();
}

double distance_to_segment(QPointF p, QPointF a, QPointF b) {
    const QPointF d = b - a;
    const double len2 = QPointF::dotProduct(d, d);
    double t = len2 > 0 ? QPointF::dotProduct(p - a, d) / len2 : 0.0;
    t = std::clamp(t, 0.0, 1.0);
    const QPointF q = a + t * d;
    return std::hypot(p.x() - q.x(), p.y() - q.y());
}

/// The vertex colour material for batches whose colours are all opaque: without the blending
/// flag the renderer draws them in its opaque pass, front to back with the depth buffer, so
/// what they hide (the background under the community, the community under its buildings) is
/// never shaded, and they are not blended. The picture is the same: an opaque colour blended
/// over anything is that colour. Under a layer opacity below 1 they are blended as before.
class OpaqueVertexColorMaterial : public QSGVertexColorMaterial {
public:
    OpaqueVertexColorMaterial() { setFlag(Blending, false); }
};

/// A geometry node of one mesh batch, coloured per feature.
template <typename ColorOf>
QSGGeometryNode* make_geometry_node(const gridmap::MeshBatch& batch, ColorOf color_of) {
    auto* g = new QSGGeometry(
        QSGGeometry::defaultAttributes_ColoredPoint2D(), static_cast<int>(batch.vertex_count()),
        static_cast<int>(batch.indices.size()), QSGGeometry::UnsignedShortType);
    g->setDrawingMode(QSGGeometry::DrawTriangles);
    QSGGeometry::ColoredPoint2D* v = g->vertexDataAsColoredPoint2D();
    bool opaque = true;
    for (const gridmap::MeshPart& part : batch.parts) {
        const QColor c = color_of(part.feature);
        const int a = c.alpha();
        opaque = opaque && a == 255;
        // The vertex colour material expects premultiplied colours.
        const auto r = static_cast<uchar>(c.red() * a / 255);
        const auto gr = static_cast<uchar>(c.green() * a / 255);
        const auto b = static_cast<uchar>(c.blue() * a / 255);
        for (std::uint32_t k = part.first_vertex; k < part.first_vertex + part.vertex_count; ++k) {
            v[k].set(batch.xy[2 * k], batch.xy[2 * k + 1], r, gr, b, static_cast<uchar>(a));
        }
    }
    std::copy(batch.indices.begin(), batch.indices.end(), g->indexDataAsUShort());
    auto* node = new QSGGeometryNode;
    node->setGeometry(g);
    node->setFlag(QSGNode::OwnsGeometry);
    node->setMaterial(opaque ? new OpaqueVertexColorMaterial : new QSGVertexColorMaterial);
    node->setFlag(QSGNode::OwnsMaterial);
    return node;
}

template <typename ColorOf>
void add_mesh(QSGNode* parent, const gridmap::Mesh& mesh, ColorOf color_of, int& count,
              int& largest) {
    for (const gridmap::MeshBatch& b : mesh.batches) {
        if (b.indices.empty()) {
            continue;
        }
        parent->appendChildNode(make_geometry_node(b, color_of));
        ++count;
        largest = std::max(largest, static_cast<int>(b.vertex_count()));
    }
}

/// Moves the result out of a finished job: the watcher's future would otherwise keep a copy
/// (of a city's features or meshes) until the next job, and free it on the GUI thread then.
template <typename T> T take_result(QFutureWatcher<T>& watcher) {
    QFuture<T> future = watcher.future();
    return future.resultCount() > 0 ? future.takeResult() : T{};
}

/// Frees `value` (the last reference to a city's features or meshes: a million of them take
/// a while) on a pool thread instead of the GUI thread.
template <typename T> void release_later(T value) {
    work_pool().start([v = std::move(value)]() mutable { T gone = std::move(v); });
}

QMatrix4x4 to_matrix(const QTransform& t) {
    return QMatrix4x4(t);
}

/// The squares of `label_tile_px` device pixels of a label image that hold a pixel that is
/// not transparent (labels cover a few percent of the map): only those are drawn, instead of
/// blending the whole image over the map on every frame.
constexpr int label_tile_px = 32;
std::vector<QRect> label_tiles(const QImage& image) {
    std::vector<QRect> out;
    const int w = image.width();
    const int h = image.height();
    for (int ty = 0; ty < h; ty += label_tile_px) {
        const int th = std::min(label_tile_px, h - ty);
        for (int tx = 0; tx < w; tx += label_tile_px) {
            const int tw = std::min(label_tile_px, w - tx);
            bool used = false;
            for (int y = ty; y < ty + th && !used; ++y) {
                const auto* line = reinterpret_cast<const QRgb*>(image.constScanLine(y));
                for (int x = tx; x < tx + tw && !used; ++x) {
                    used = qAlpha(line[x]) != 0;
                }
            }
            if (used) {
                out.emplace_back(tx, ty, tw, th);
            }
        }
    }
    if (out.size() * 4 > 65535) { // 16-bit indices: the whole image in one quad
        out.assign(1, QRect(0, 0, w, h));
    }
    return out;
}

/// The label tiles as textured quads in item coordinates (device pixels / `dpr`).
QSGGeometry* label_geometry(const std::vector<QRect>& tiles, QSize image_size, double dpr) {
    auto* g = new QSGGeometry(QSGGeometry::defaultAttributes_TexturedPoint2D(),
                              static_cast<int>(tiles.size() * 4),
                              static_cast<int>(tiles.size() * 6), QSGGeometry::UnsignedShortType);
    g->setDrawingMode(QSGGeometry::DrawTriangles);
    QSGGeometry::TexturedPoint2D* v = g->vertexDataAsTexturedPoint2D();
    quint16* index = g->indexDataAsUShort(); // label_tiles keeps to 16,383 tiles
    const auto iw = static_cast<float>(image_size.width());
    const auto ih = static_cast<float>(image_size.height());
    const auto scale = static_cast<float>(1.0 / dpr);
    quint16 k = 0;
    for (const QRect& r : tiles) {
        const auto x0 = static_cast<float>(r.left());
        const auto y0 = static_cast<float>(r.top());
        const auto x1 = static_cast<float>(r.left() + r.width());
        const auto y1 = static_cast<float>(r.top() + r.height());
        v[0].set(x0 * scale, y0 * scale, x0 / iw, y0 / ih);
        v[1].set(x1 * scale, y0 * scale, x1 / iw, y0 / ih);
        v[2].set(x1 * scale, y1 * scale, x1 / iw, y1 / ih);
        v[3].set(x0 * scale, y1 * scale, x0 / iw, y1 / ih);
        v += 4;
        for (const int i : {0, 1, 2, 0, 2, 3}) {
            *index++ = static_cast<quint16>(k + i);
        }
        k = static_cast<quint16>(k + 4);
    }
    return g;
}

/// Gives an image node a texture of `image`, deleting the one it had (Nodes deletes the last).
void set_image(QSGImageNode* node, QQuickWindow* window, const QImage& image) {
    QSGTexture* old = node->texture();
    node->setTexture(window->createTextureFromImage(image));
    node->setFiltering(QSGTexture::Linear);
    delete old;
}

} // namespace

/// The scene graph of the map. On the software backend: one image node. On a GPU backend:
/// background, basemap, the world transform with a subtree per layer, selection, labels.
class MapItem::Nodes : public QSGNode {
public:
    ~Nodes() override {
        for (QSGImageNode* n : {software, basemap, raster}) {
            if (n != nullptr) {
                delete n->texture();
            }
        }
        delete label_texture;
    }
    // Software.
    QSGImageNode* software = nullptr;
    // GPU.
    QSGRectangleNode* background = nullptr;
    QSGTransformNode* basemap_transform = nullptr;
    QSGOpacityNode* basemap_opacity = nullptr;
    QSGImageNode* basemap = nullptr;
    const QImage* basemap_source = nullptr;
    qint64 basemap_key = -1;
    // The raster of a far-out view, placed under its own transform.
    QSGTransformNode* raster_transform = nullptr;
    QSGOpacityNode* raster_opacity = nullptr;
    QSGImageNode* raster = nullptr;
    qint64 raster_key = -1;
    QSGTransformNode* world = nullptr;
    QSGNode* layers = nullptr;
    std::vector<QSGOpacityNode*> layer_nodes;
    QSGNode* selection = nullptr;
    // What the selection subtree was built for.
    QString selection_layer;
    QString selection_key;
    const render::MapData* selection_data = nullptr;
    double selection_scale = 0;
    QSGTransformNode* label_transform = nullptr;
    QSGOpacityNode* label_opacity = nullptr;
    QSGGeometryNode* labels = nullptr; ///< the label tiles, with the first label image
    QSGTexture* label_texture = nullptr;
    QTransform label_view; ///< world -> pixel of the view the label image was drawn for
    qint64 label_key = -1; ///< cacheKey of the label image uploaded
    // What the layer subtrees were built from.
    const MapMeshes* built_meshes = nullptr;
    const render::StyleTable* built_styles = nullptr;
    bool built_points_in_image = false; ///< the point layers got no nodes (in the raster)
    int node_count = 0;
    int largest = 0;
};

MapItem::MapItem(QQuickItem* parent) : QQuickItem(parent), m_fill(render::background_color()) {
    keep_global_pool();
    setFlag(ItemHasContents, true);
    setClip(true);
    setAcceptedMouseButtons(Qt::LeftButton);
    setAcceptHoverEvents(true);
    m_settle_timer.setSingleShot(true);
    m_settle_timer.setInterval(150);
    bool given = false;
    const int threshold = qEnvironmentVariableIntValue("GRIDMAP_RASTER_FEATURES", &given);
    if (given) {
        m_raster_threshold = std::max(threshold, 0);
    }
    const int points = qEnvironmentVariableIntValue("GRIDMAP_RASTER_POINTS", &given);
    if (given) {
        m_raster_points = std::max(points, 0);
    }
    connect(&m_settle_timer, &QTimer::timeout, this, [this] {
        m_settled = true;
        ensure_meshes();
        ensure_basemap();
        ensure_raster();
        update();
    });
    connect(&m_raster_watcher, &QFutureWatcher<MapRaster>::finished, this, [this] {
        MapRaster result = take_result(m_raster_watcher);
        if (GuiTiming::threshold_ms() >= 0) {
            std::fprintf(stderr, "map: raster %dx%d drawn in %.1f ms (pool thread)\n",
                         result.image.width(), result.image.height(), result.draw_ms);
        }
        if (m_raster_watcher.property("epoch").toInt() == m_raster_epoch &&
            !result.image.isNull()) {
            // Shown even when the view or the data moved on meanwhile: it is newer than the
            // one on screen, and the next one is drawn at once (ensure_raster below).
            m_raster_origin = m_raster_watcher.property("origin").toPointF();
            release_later(std::exchange(m_raster, std::move(result)));
            update();
        }
        ensure_raster();
        update_ready();
    });
    connect(&m_mesh_watcher, &QFutureWatcher<std::shared_ptr<const MapMeshes>>::finished, this,
            [this] {
                const auto result = take_result(m_mesh_watcher);
                const int generation = m_mesh_watcher.property("generation").toInt();
                if (generation == m_generation && result) {
                    m_meshes = result;
                    cache_meshes(result);
                    update();
                }
                ensure_meshes(); // the zoom may have moved on meanwhile
                update_busy();
            });
    connect(&m_load_watcher, &QFutureWatcher<Loaded>::finished, this,
            [this] { apply_loaded(take_result(m_load_watcher)); });
    connect(&m_style_watcher, &QFutureWatcher<std::shared_ptr<const render::StyleTable>>::finished,
            this, [this] {
                const auto styles = take_result(m_style_watcher);
                if (m_style_watcher.property("generation").toInt() == m_generation && styles &&
                    styles->theme() == m_theme) {
                    m_styles = styles;
                    m_labels_dirty = true;
                    invalidate_raster();
                    ensure_meshes();
                    update();
                } else if (m_data && (!m_styles || m_styles->theme() != m_theme)) {
                    restyle();
                }
                update_busy();
                update_ready();
            });
    connect(&m_label_watcher, &QFutureWatcher<LabelImage>::finished, this, [this] {
        LabelImage result = take_result(m_label_watcher);
        if (!m_labels_dirty) {
            // Shown even when the view moved on meanwhile: it follows under a transform until
            // the next one is drawn.
            m_label_image = std::move(result.image);
            m_label_view = result.view;
            m_label_tiles = std::move(result.tiles);
        }
        update(); // the frame asks for the next image if this one is not current
    });
    connect(&m_basemap_watcher, &QFutureWatcher<BasemapImage>::finished, this, [this] {
        const BasemapImage result = m_basemap_watcher.result();
        if (result.source != m_basemap_source) {
            ensure_basemap(); // the source changed meanwhile
            return;
        }
        if (!result.error.isEmpty()) {
            emit errorOccurred(tr("Cannot draw the basemap: %1").arg(result.error));
            return; // no retry: the same request would fail again
        }
        m_basemap_image = result.image;
        m_basemap_world = result.world;
        m_labels_dirty = true;
        update();
        ensure_basemap();
    });
}

MapItem::~MapItem() {
    if (m_wanted_generation) {
        m_wanted_generation->store(-1); // a read not started yet is skipped
    }
    m_load_watcher.disconnect(this);
    m_label_watcher.disconnect(this);
    m_style_watcher.disconnect(this);
    m_mesh_watcher.disconnect(this);
    m_basemap_watcher.disconnect(this);
    m_raster_watcher.disconnect(this);
}

void MapItem::setProject(ProjectModel* project) {
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
        connect(project, &ProjectModel::edited, this, [this] { refresh(); });
        const auto layers_changed = [this] {
            m_labels_dirty = true;
            invalidate_raster();
            emit layersChanged();
            update();
        };
        connect(project->layers(), &LayerListModel::visibilityChanged, this, layers_changed);
        connect(project->layers(), &LayerListModel::opacityChanged, this, layers_changed);
        connect(project->layers(), &QAbstractItemModel::modelReset, this, layers_changed);
        connect(project, &QObject::destroyed, this, [this] {
            m_data.reset();
            m_meshes.reset();
            m_mesh_cache.clear();
            m_raster = MapRaster{};
            ++m_raster_epoch;
            emit featuresChanged();
            update();
        });
    }
    emit projectChanged();
    reload();
}

bool MapItem::reload() {
    return load(false);
}

bool MapItem::refresh() {
    return load(true);
}

void MapItem::setTool(const QString& tool) {
    if (m_tool != tool) {
        m_tool = tool;
        emit toolChanged();
    }
}

QPointF MapItem::itemToProjected(double x, double y) const {
    if (!m_data) {
        return {qQNaN(), qQNaN()};
    }
    return view().to_world(QPointF(x, y)) + m_data->origin;
}

bool MapItem::load(bool keep_view) {
    ++m_generation;
    ++m_load_generation;
    if (m_wanted_generation) {
        m_wanted_generation->store(m_load_generation);
    }
    const ProjectModel* model = m_project.data();
    std::shared_ptr<ProjectReader> reader = model != nullptr ? model->reader() : nullptr;
    // A refresh keeps the view only when there is one; a reload (another project) never.
    const bool keep = keep_view && (m_data || (m_loading && m_load_keep));
    m_load_keep = keep;
    if (!keep) {
        // Another project (or none): nothing of the old one stays on screen meanwhile.
        const bool had_selection = !m_selected_key.isEmpty();
        drop_data();
        m_lonlat.reset();
        m_zoom = 1.0;
        m_centre = QPointF();
        m_selected_layer.clear();
        m_selected_key.clear();
        m_pending_key.clear();
        m_pending_view = 0;
        m_basemap_image = QImage();
        m_basemap_world = QRectF();
        m_fitted = true;
        release_later(std::exchange(m_raster, MapRaster{}));
        ++m_raster_epoch;
        if (had_selection) {
            emit selectionChanged();
        }
        m_labels_dirty = true;
        emit featuresChanged();
        fitToData();
    }
    if (!reader) {
        m_loading = false;
        m_load_again = false;
        update_busy();
        update_ready();
        return true;
    }
    m_loading = true;
    update_busy();
    set_ready(false);
    if (m_load_watcher.isRunning()) {
        m_load_again = true; // the finished handler reads once more
        return true;
    }
    start_load();
    return true;
}

void MapItem::start_load() {
    const ProjectModel* model = m_project.data();
    std::shared_ptr<ProjectReader> reader = model != nullptr ? model->reader() : nullptr;
    m_load_again = false;
    if (!reader) {
        m_loading = false;
        update_busy();
        return;
    }
    if (!m_wanted_generation) {
        m_wanted_generation = std::make_shared<std::atomic<int>>(m_load_generation);
    }
    m_wanted_generation->store(m_load_generation);
    const std::shared_ptr<std::atomic<int>> wanted = m_wanted_generation;
    const int generation = m_load_generation;
    const render::Theme theme = m_theme;
    m_load_watcher.setFuture(
        reader->run([wanted, generation, theme](const gridmap::Project& project) -> Loaded {
            Loaded out;
            out.generation = generation;
            out.theme = theme;
            if (wanted->load() != generation) {
                return out; // an edit came after this read was asked for: read the newer state
            }
            try {
                ProjectReader::call_analysis_hook();
                auto data = render::load_map_data(project);
                out.styles = std::make_shared<render::StyleTable>(*data, theme);
                out.density = std::make_shared<FeatureDensity>(*data, false);
                out.point_density = std::make_shared<FeatureDensity>(*data, true);
                out.data = std::move(data);
            } catch (const std::exception& e) {
                out.error = error_text(e);
            }
            return out;
        }));
}

void MapItem::apply_loaded(Loaded loaded) {
    if (loaded.generation != m_load_generation || m_load_again) {
        if (m_loading) {
            start_load();
        }
        return;
    }
    m_loading = false;
    const bool keep = m_load_keep && m_data;
    // The view's centre in working CRS metres, kept across a refresh (the origin may move).
    const QPointF centre = keep ? m_centre + m_data->origin : QPointF();
    const QString selected_layer = m_selected_layer;
    const QString selected_key = m_selected_key;
    const bool had_selection = !m_selected_key.isEmpty();
    // A refresh keeps the CRS: its transform (PROJ takes a while to make one) is kept too.
    const int old_epsg = m_data ? m_data->epsg : 0;
    std::unique_ptr<gridmap::LonLatTransform> old_lonlat = std::move(m_lonlat);
    drop_data();
    m_selected_layer.clear();
    m_selected_key.clear();
    if (!loaded.error.isEmpty() || !loaded.data) {
        emit errorOccurred(tr("Cannot read the map layers: %1").arg(loaded.error));
        m_pending_key.clear();
        m_pending_view = 0;
    } else {
        try {
            std::unique_ptr<gridmap::LonLatTransform> lonlat;
            if (loaded.data->epsg > 0 && old_lonlat && old_epsg == loaded.data->epsg) {
                lonlat = std::move(old_lonlat);
            } else if (loaded.data->epsg > 0) {
                lonlat = std::make_unique<gridmap::LonLatTransform>(loaded.data->epsg);
            }
            m_lonlat = std::move(lonlat);
        } catch (const std::exception& e) {
            emit errorOccurred(tr("Cannot read the map layers: %1").arg(error_text(e)));
        }
        // Styles of the old theme when the theme changed while the data was read: restyle()
        // below makes the new ones off the GUI thread.
        m_styles = loaded.styles;
        m_density = loaded.density;
        m_point_density = loaded.point_density;
        m_centre = keep ? centre - loaded.data->origin : loaded.data->extent.center();
        m_fitted = !keep;
        if (const render::MapLayer* sel = loaded.data->layer(selected_layer);
            keep && sel != nullptr && sel->index_of(selected_key) >= 0) {
            m_selected_layer = selected_layer;
            m_selected_key = selected_key;
        }
        m_data = std::move(loaded.data);
    }
    m_basemap_image = QImage();
    m_basemap_world = QRectF();
    if (had_selection && m_selected_key.isEmpty()) {
        emit selectionChanged();
    }
    m_labels_dirty = true;
    invalidate_raster();
    emit featuresChanged();
    if (m_fitted) {
        fitToData(); // clear of the reserved strip
    } else {
        view_changed();
    }
    apply_pending();
    if (m_data && m_styles && m_styles->theme() != m_theme) {
        restyle();
    }
    update_busy();
}

void MapItem::drop_data() {
    release_later(std::move(m_data));
    release_later(std::move(m_styles));
    release_later(std::move(m_meshes));
    release_later(std::exchange(m_mesh_cache, {}));
    release_later(std::move(m_density));
    release_later(std::move(m_point_density));
    m_data.reset();
    m_density.reset();
    m_point_density.reset();
    m_styles.reset();
    m_meshes.reset();
    m_mesh_cache.clear();
}

void MapItem::apply_pending() {
    const QString layer = m_pending_layer;
    const QString key = m_pending_key;
    const int view = m_pending_view;
    m_pending_key.clear();
    m_pending_view = 0;
    if (key.isEmpty()) {
        return;
    }
    if (!select(layer, key)) {
        return;
    }
    if (view == 1) {
        showFeature(layer, key);
    } else if (view == 2) {
        zoomToFeature(layer, key);
    }
}

bool MapItem::may_arrive(const QString& layer, const QString& key) const {
    const render::MapLayer* l = m_data ? m_data->layer(layer) : nullptr;
    return m_loading && (l == nullptr || l->index_of(key) < 0);
}

void MapItem::update_busy() {
    // Flags, not QFutureWatcher::isRunning: a job that finished is not done before its
    // result was taken on the GUI thread.
    const bool styling = m_data && (!m_styles || m_styles->theme() != m_theme);
    const bool meshing = m_gpu && m_data && m_mesh_watcher.isRunning();
    const bool busy = m_loading || styling || meshing;
    if (busy != m_busy) {
        m_busy = busy;
        emit busyChanged();
    }
}

QRectF MapItem::extent() const {
    if (!m_data || m_data->extent.isNull()) {
        return {};
    }
    return m_data->extent.translated(m_data->origin);
}

double MapItem::fit_scale() const {
    if (!m_data) {
        return 1.0;
    }
    return render::MapView::fit(m_data->extent, QSizeF(width(), height()), margin_px, min_extent_m)
        .scale;
}

render::MapView MapItem::view() const {
    render::MapView v;
    v.centre = m_centre;
    v.scale = fit_scale() * m_zoom;
    v.size = QSizeF(width(), height());
    return v;
}

double MapItem::metresPerPixel() const {
    return m_data ? 1.0 / view().scale : 0.0;
}

double MapItem::scaleBarPixels() const {
    return m_data ? render::scale_bar(metresPerPixel(), 120).pixels : 0.0;
}

QString MapItem::scaleBarText() const {
    return m_data ? render::scale_bar(metresPerPixel(), 120).label : QString();
}

render::RenderOptions MapItem::render_options() const {
    render::RenderOptions o;
    o.theme = m_theme;
    o.labels = m_labels;
    o.styles = m_styles.get();
    o.selected_layer = m_selected_layer;
    o.selected_key = m_selected_key;
    if (const ProjectModel* p = m_project.data()) {
        o.layers = p->layers()->states();
    }
    return o;
}

bool MapItem::layer_shown(const QString& name) const {
    const ProjectModel* p = m_project.data();
    if (p == nullptr) {
        return false;
    }
    const int row = p->layers()->indexOf(name);
    if (row < 0) {
        return false;
    }
    const QVariantMap r = p->layers()->get(row);
    return r.value(QStringLiteral("visible")).toBool() &&
           r.value(QStringLiteral("opacity")).toDouble() > 0;
}

void MapItem::view_changed() {
    m_settled = false;
    m_settle_timer.start();
    emit viewChanged();
    // While the view moves, the meshes at hand are scaled by the transform (line widths err a
    // little); a new level is meshed once the view settles, or at once when it is cached.
    if (!m_meshes) {
        ensure_meshes();
    } else {
        use_cached_meshes(lod_for_scale(view().scale), raster_mode());
    }
    ensure_raster();
    set_ready(false);
    update();
}

void MapItem::set_ready(bool ready) {
    if (m_ready != ready) {
        m_ready = ready;
        emit readyChanged();
    }
}

void MapItem::update_ready() {
    bool ready = m_settled && !m_render_path.isEmpty() && !m_basemap_watcher.isRunning() &&
                 !m_loading && !(m_data && (!m_styles || m_styles->theme() != m_theme));
    if (!m_basemap_source.isEmpty() && m_basemap && m_data) {
        ready =
            ready && !m_basemap_image.isNull() && m_basemap_world.contains(view().visible_world());
    }
    if (m_gpu && m_data) {
        const bool raster = raster_mode();
        ready = ready && m_meshes && m_meshes->lod == lod_for_scale(view().scale) &&
                m_meshes->theme == m_theme &&
                (raster || (!m_meshes->points_only && meshes_cover(*m_meshes))) &&
                !m_mesh_watcher.isRunning() && (!m_labels || m_labels_current) &&
                (!raster || raster_current());
    }
    set_ready(ready);
}

void MapItem::ensure_meshes() {
    if (!m_gpu || !m_data || !m_styles || m_styles->theme() != m_theme || width() <= 0 ||
        height() <= 0) {
        return; // new styles are on their way (restyle)
    }
    const int lod = lod_for_scale(view().scale);
    // A far-out view needs the point layers alone: the raster shows the rest.
    const bool points = raster_mode();
    if (m_meshes && m_meshes->lod == lod && m_meshes->theme == m_theme &&
        (points || (!m_meshes->points_only && meshes_cover(*m_meshes)))) {
        return;
    }
    if (use_cached_meshes(lod, points)) {
        update();
        return;
    }
    if (m_mesh_watcher.isRunning()) {
        return; // the finished handler calls again
    }
    m_mesh_watcher.setProperty("generation", m_generation);
    std::shared_ptr<const render::MapData> data = m_data;
    std::shared_ptr<const render::StyleTable> styles = m_styles;
    const QRectF region = points ? QRectF() : mesh_region();
    m_mesh_watcher.setFuture(QtConcurrent::run(&work_pool(), [data, styles, lod, points, region] {
        QElapsedTimer clock;
        clock.start();
        auto meshes = build_map_meshes(*data, *styles, lod, points, region);
        if (GuiTiming::threshold_ms() >= 0) {
            std::fprintf(stderr, "map: meshes of level %d%s built in %.1f ms (pool thread)\n", lod,
                         points ? " (points only)" : "",
                         static_cast<double>(clock.nsecsElapsed()) / 1e6);
        }
        return meshes;
    }));
    update_busy();
}

namespace {
/// The mesh cache's key: levels in order, the meshes of the point layers alone after the whole.
int mesh_key(int lod, bool points_only) {
    return lod * 2 + (points_only ? 1 : 0);
}
} // namespace

bool MapItem::use_cached_meshes(int lod, bool points) {
    auto it = m_mesh_cache.find(mesh_key(lod, false));
    if (it != m_mesh_cache.end() && !meshes_cover(*it->second)) {
        it = m_mesh_cache.end(); // of another part of a large city
    }
    if (it == m_mesh_cache.end() && points) {
        it = m_mesh_cache.find(mesh_key(lod, true));
    }
    if (it == m_mesh_cache.end()) {
        return false;
    }
    m_meshes = it->second;
    return true;
}

void MapItem::cache_meshes(const std::shared_ptr<const MapMeshes>& meshes) {
    // A 100k-building city's level is tens of MB; the point layers' alone are small.
    constexpr std::size_t kept = 6;
    const int key = mesh_key(meshes->lod, meshes->points_only);
    m_mesh_cache[key] = meshes;
    while (m_mesh_cache.size() > kept) {
        // Drop the level farthest from this one.
        const auto first = m_mesh_cache.begin();
        const auto last = std::prev(m_mesh_cache.end());
        m_mesh_cache.erase(key - first->first > last->first - key ? first : last);
    }
}

bool MapItem::raster_mode() const {
    if (!m_gpu || !m_data || !m_density || m_raster_threshold <= 0 || width() <= 0 ||
        height() <= 0) {
        return false;
    }
    return m_density->count_in(view().visible_world()) > m_raster_threshold;
}

QRectF MapItem::mesh_region() const {
    if (!m_density || m_raster_threshold <= 0 || m_density->total() <= 4LL * m_raster_threshold) {
        return {};
    }
    const QRectF v = view().visible_world();
    return v.adjusted(-v.width() / 2, -v.height() / 2, v.width() / 2, v.height() / 2);
}

bool MapItem::meshes_cover(const MapMeshes& meshes) const {
    return meshes.points_only || meshes.region.isNull() ||
           meshes.region.contains(view().visible_world());
}

bool MapItem::raster_points() const {
    return m_point_density && raster_mode() &&
           m_point_density->count_in(view().visible_world()) > m_raster_points;
}

bool MapItem::raster_current() const {
    if (m_raster.image.isNull() || m_raster.generation != m_raster_generation || !m_data ||
        m_raster_origin != m_data->origin || m_raster_watcher.isRunning() ||
        m_raster.points != raster_points()) {
        return false;
    }
    const render::MapView v = view();
    return std::abs(v.scale / m_raster.scale - 1) < 1e-9 &&
           m_raster.world.contains(v.visible_world());
}

void MapItem::invalidate_raster() {
    ++m_raster_generation;
    update();
}

void MapItem::setRasterThreshold(int features) {
    features = std::max(features, 0);
    if (features != m_raster_threshold) {
        m_raster_threshold = features;
        emit rasterThresholdChanged();
        view_changed();
    }
}

void MapItem::setRasterPointThreshold(int points) {
    points = std::max(points, 0);
    if (points != m_raster_points) {
        m_raster_points = points;
        emit rasterThresholdChanged();
        view_changed();
    }
}

void MapItem::ensure_raster() {
    if (!m_gpu || !m_data || !m_styles || m_styles->theme() != m_theme || width() <= 0 ||
        height() <= 0 || window() == nullptr || m_raster_watcher.isRunning()) {
        return;
    }
    // Wanted for a far-out view, and for a nearer one until its meshes are there (the view
    // came from far out: the raster stands in for them meanwhile).
    const bool meshes_here = m_meshes && !m_meshes->points_only && meshes_cover(*m_meshes);
    if (!raster_mode() && (meshes_here || m_raster.image.isNull())) {
        return;
    }
    const render::MapView v = view();
    const bool points = raster_points();
    if (!m_raster.image.isNull() && m_raster.generation == m_raster_generation &&
        m_raster_origin == m_data->origin && m_raster.points == points) {
        if (raster_current()) {
            return;
        }
        // Stretched under the transform while the view moves, as long as it covers the view
        // and its scale is within a factor 2 of the view's.
        const double ratio = v.scale / m_raster.scale;
        if (!m_settled && ratio <= 2 && ratio >= 0.5 &&
            m_raster.world.contains(v.visible_world())) {
            return;
        }
    }
    RasterRequest request;
    request.view = v;
    request.dpr = window()->effectiveDevicePixelRatio();
    request.generation = m_raster_generation;
    request.points = points;
    if (const ProjectModel* p = m_project.data()) {
        request.layers = p->layers()->states();
    }
    // Opaque over the background, unless a basemap shows through.
    request.background = m_basemap_source.isEmpty() ? m_fill : QColor();
    std::shared_ptr<const render::MapData> data = m_data;
    std::shared_ptr<const render::StyleTable> styles = m_styles;
    m_raster_watcher.setProperty("epoch", m_raster_epoch);
    m_raster_watcher.setProperty("origin", m_data->origin);
    m_raster_watcher.setFuture(QtConcurrent::run(&work_pool(), [data, styles, request] {
        return draw_map_raster(*data, *styles, request);
    }));
}

void MapItem::ensure_basemap() {
    if (!m_basemap || !m_data || m_data->epsg <= 0 || width() <= 0 || height() <= 0 ||
        m_basemap_watcher.isRunning()) {
        return;
    }
    const render::MapView v = view();
    const QRectF visible = v.visible_world();
    if (!m_basemap_image.isNull() && m_basemap_world.contains(visible) &&
        m_basemap_world.width() < visible.width() * 3) {
        return; // the image in hand covers the view at a resolution close enough
    }
    // Half a screen of margin around the view, so that panning finds the basemap there.
    const QRectF world = visible.adjusted(-visible.width() / 2, -visible.height() / 2,
                                          visible.width() / 2, visible.height() / 2);
    const double dpr = window() != nullptr ? window()->effectiveDevicePixelRatio() : 1.0;
    const int w = std::min(4096, static_cast<int>(std::ceil(width() * 2 * dpr)));
    const int h = std::min(4096, static_cast<int>(std::ceil(height() * 2 * dpr)));
    const gridmap::Extent e{world.left() + m_data->origin.x(), world.top() + m_data->origin.y(),
                            world.right() + m_data->origin.x(),
                            world.bottom() + m_data->origin.y()};
    std::shared_ptr<gridmap::Basemap> basemap = m_basemap;
    const int epsg = m_data->epsg;
    const QString source = m_basemap_source;
    m_basemap_watcher.setFuture(
        QtConcurrent::run(&work_pool(), [basemap, epsg, e, w, h, world, source]() -> BasemapImage {
            BasemapImage out;
            out.source = source;
            out.world = world;
            try {
                const gridmap::RgbaImage img = basemap->render(epsg, e, w, h);
                out.image = QImage(img.rgba.data(), img.width, img.height, img.width * 4,
                                   QImage::Format_RGBA8888)
                                .convertToFormat(QImage::Format_RGBA8888_Premultiplied);
            } catch (const std::exception& ex) {
                out.error = error_text(ex);
            }
            return out;
        }));
}

void MapItem::ensure_labels() {
    if (!m_gpu || !m_labels || !m_data || !m_settled || width() <= 0 || height() <= 0 ||
        m_label_watcher.isRunning() || window() == nullptr) {
        return;
    }
    const render::MapView v = view();
    const QTransform t = v.world_to_pixel();
    if (!m_labels_dirty && !m_label_image.isNull() && m_label_view == t) {
        return;
    }
    m_labels_dirty = false;
    render::RenderOptions o = render_options();
    o.features = false;
    o.basemap = QImage(); // labels only
    // The styles and data stay alive with the job (the options point at the styles).
    std::shared_ptr<const render::StyleTable> styles = m_styles;
    std::shared_ptr<const render::MapData> data = m_data;
    o.styles = styles.get();
    const double dpr = window()->effectiveDevicePixelRatio();
    const QSize size(static_cast<int>(std::ceil(width() * dpr)),
                     static_cast<int>(std::ceil(height() * dpr)));
    m_label_watcher.setFuture(QtConcurrent::run(&work_pool(), [data, styles, o, v, t, dpr, size] {
        LabelImage out;
        out.view = t;
        out.image = QImage(size, QImage::Format_ARGB32_Premultiplied);
        out.image.setDevicePixelRatio(dpr);
        out.image.fill(Qt::transparent);
        {
            QPainter p(&out.image);
            render::render_map(p, *data, v, o);
        }
        out.tiles = label_tiles(out.image);
        return out;
    }));
}

void MapItem::fitToData() {
    m_zoom = 1.0;
    m_centre = m_data ? m_data->extent.center() : QPointF();
    if (m_data && m_reserved_right > 0 && width() > m_reserved_right) {
        // The data whole in the part of the map left of the reserved strip.
        const render::MapView v = render::MapView::fit(
            m_data->extent, QSizeF(width() - m_reserved_right, height()), margin_px, min_extent_m);
        m_zoom = std::clamp(v.scale / fit_scale(), min_zoom, max_zoom);
        m_centre = v.centre + QPointF(m_reserved_right / 2 / (fit_scale() * m_zoom), 0);
    }
    view_changed();
    m_fitted = true;
}

void MapItem::setReservedRight(double px) {
    px = std::max(px, 0.0);
    if (px == m_reserved_right) {
        return;
    }
    m_reserved_right = px;
    emit reservedRightChanged();
    if (m_fitted && m_data) {
        fitToData();
    }
}

void MapItem::zoomBy(double factor, double x, double y) {
    if (!m_data || !(factor > 0)) {
        return;
    }
    const double new_zoom = std::clamp(m_zoom * factor, min_zoom, max_zoom);
    m_fitted = false;
    const render::MapView before = view();
    const QPointF anchor = before.to_world(QPointF(x, y));
    m_zoom = new_zoom;
    // Keep the world point under (x, y) where it is.
    const render::MapView after = view();
    m_centre += anchor - after.to_world(QPointF(x, y));
    view_changed();
}

void MapItem::zoomIn() {
    zoomBy(2.0, width() / 2, height() / 2);
}

void MapItem::zoomOut() {
    zoomBy(0.5, width() / 2, height() / 2);
}

void MapItem::panBy(double dx, double dy) {
    if (!m_data) {
        return;
    }
    const double s = view().scale;
    m_fitted = false;
    m_centre += QPointF(-dx / s, dy / s);
    view_changed();
}

bool MapItem::show_rect(const QRectF& world, double min_size_m) {
    if (!m_data || width() <= 0 || height() <= 0) {
        return false;
    }
    const double free_w = width() > m_reserved_right ? width() - m_reserved_right : width();
    const render::MapView v =
        render::MapView::fit(world, QSizeF(free_w, height()), 40.0, min_size_m);
    m_zoom = std::clamp(v.scale / fit_scale(), min_zoom, max_zoom);
    // Centred in the part of the map left of the reserved strip.
    m_centre = v.centre + QPointF((width() - free_w) / 2 / (fit_scale() * m_zoom), 0);
    m_fitted = false;
    view_changed();
    return true;
}

bool MapItem::zoomToLayer(const QString& layer) {
    const render::MapLayer* l = m_data ? m_data->layer(layer) : nullptr;
    if (l == nullptr || l->features.empty()) {
        emit errorOccurred(tr("The layer '%1' has nothing to show.").arg(layer));
        return false;
    }
    QRectF r;
    for (const auto& f : l->features) {
        r = r.isNull() ? f.bounds
                       : QRectF(QPointF(std::min(r.left(), f.bounds.left()),
                                        std::min(r.top(), f.bounds.top())),
                                QPointF(std::max(r.right(), f.bounds.right()),
                                        std::max(r.bottom(), f.bounds.bottom())));
    }
    return show_rect(r, 30.0);
}

bool MapItem::zoomToFeature(const QString& layer, const QString& key) {
    if (may_arrive(layer, key)) {
        m_pending_layer = layer;
        m_pending_key = key;
        m_pending_view = 2;
        return true;
    }
    const render::MapLayer* l = m_data ? m_data->layer(layer) : nullptr;
    const int i = l != nullptr ? l->index_of(key) : -1;
    if (i < 0) {
        emit errorOccurred(tr("No feature '%1' in layer '%2'.").arg(key, layer));
        return false;
    }
    return show_rect(l->features[static_cast<std::size_t>(i)].bounds, 60.0);
}

bool MapItem::showFeature(const QString& layer, const QString& key) {
    if (may_arrive(layer, key)) {
        m_pending_layer = layer;
        m_pending_key = key;
        m_pending_view = 1;
        return true;
    }
    const render::MapLayer* l = m_data ? m_data->layer(layer) : nullptr;
    const int i = l != nullptr ? l->index_of(key) : -1;
    if (i < 0) {
        emit errorOccurred(tr("No feature '%1' in layer '%2'.").arg(key, layer));
        return false;
    }
    const QRectF bounds = l->features[static_cast<std::size_t>(i)].bounds;
    // Corners, not QRectF::contains(QRectF): a point's bounds are empty.
    const QRectF shown = view().visible_world();
    if (!shown.contains(bounds.topLeft()) || !shown.contains(bounds.bottomRight())) {
        m_centre = bounds.center();
        view_changed();
    }
    return true;
}

bool MapItem::zoomToSelection() {
    if (m_selected_key.isEmpty()) {
        return false;
    }
    return zoomToFeature(m_selected_layer, m_selected_key);
}

bool MapItem::select(const QString& layer, const QString& key) {
    if (may_arrive(layer, key)) {
        m_pending_layer = layer;
        m_pending_key = key;
        m_pending_view = 0;
        return true;
    }
    const render::MapLayer* l = m_data ? m_data->layer(layer) : nullptr;
    if (l == nullptr || l->index_of(key) < 0) {
        emit errorOccurred(tr("No feature '%1' in layer '%2'.").arg(key, layer));
        return false;
    }
    if (m_selected_layer != layer || m_selected_key != key) {
        m_selected_layer = layer;
        m_selected_key = key;
        m_labels_dirty = true;
        emit selectionChanged();
        update();
    }
    return true;
}

void MapItem::clearSelection() {
    if (!m_selected_key.isEmpty()) {
        m_selected_layer.clear();
        m_selected_key.clear();
        emit selectionChanged();
        update();
    }
}

QVariantMap MapItem::featureAt(double x, double y) const {
    if (!m_data) {
        return {};
    }
    const render::MapView v = view();
    const QPointF world = v.to_world(QPointF(x, y));
    const double px = 1.0 / v.scale;
    const QPointF item(x, y);
    // Top to bottom: the reverse of the drawing order.
    for (auto it = m_data->layers.rbegin(); it != m_data->layers.rend(); ++it) {
        const render::MapLayer& layer = *it;
        if (!layer_shown(layer.name)) {
            continue;
        }
        const std::size_t li = static_cast<std::size_t>(&layer - m_data->layers.data());
        for (std::size_t fi = layer.features.size(); fi-- > 0;) {
            const render::MapFeature& f = layer.features[fi];
            bool hit = false;
            if (layer.kind == gridmap::GeometryKind::point) {
                const double r = std::max(6.0, m_styles ? m_styles->at(li, fi).radius_px + 2 : 6.0);
                for (const QPointF& p : f.points) {
                    const QPointF off = v.to_pixel(p) - item;
                    hit = hit || std::hypot(off.x(), off.y()) <= r;
                }
            } else if (layer.kind == gridmap::GeometryKind::line) {
                const double tol = 5.0 * px;
                if (!overlaps(f.bounds.adjusted(-tol, -tol, tol, tol), QRectF(world, world))) {
                    continue;
                }
                for (const auto& part : f.shape.parts) {
                    for (std::size_t k = 0; k + 1 < part.size() && !hit; ++k) {
                        hit = distance_to_segment(world, {part[k].x, part[k].y},
                                                  {part[k + 1].x, part[k + 1].y}) <= tol;
                    }
                }
            } else {
                hit = overlaps(f.bounds, QRectF(world, world)) && f.path.contains(world);
            }
            if (hit) {
                return {{"layer", layer.name}, {"key", f.key}, {"name", f.name}};
            }
        }
    }
    return {};
}

QVariantList MapItem::search(const QString& text, int limit) const {
    QVariantList out;
    const QString needle = text.trimmed();
    if (!m_data || needle.isEmpty()) {
        return out;
    }
    struct Hit {
        int rank; // 0 exact, 1 prefix, 2 contains
        int layer_rank;
        QVariantMap row;
    };
    std::vector<Hit> hits;
    const QStringList layers{QStringLiteral("cell"), QStringLiteral("compound"),
                             QStringLiteral("building"), QStringLiteral("road"),
                             QStringLiteral("issue")};
    for (int lr = 0; lr < layers.size(); ++lr) {
        const render::MapLayer* l = m_data->layer(layers[lr]);
        if (l == nullptr) {
            continue;
        }
        const QString title = render::layer_title(layers[lr].toStdString());
        for (const auto& f : l->features) {
            int rank = 3;
            for (const QString& s : {f.name, f.key, f.label}) {
                if (s.isEmpty()) {
                    continue;
                }
                if (s.compare(needle, Qt::CaseInsensitive) == 0) {
                    rank = std::min(rank, 0);
                } else if (s.startsWith(needle, Qt::CaseInsensitive)) {
                    rank = std::min(rank, 1);
                } else if (s.contains(needle, Qt::CaseInsensitive)) {
                    rank = std::min(rank, 2);
                }
            }
            if (rank < 3) {
                hits.push_back({rank,
                                lr,
                                {{"layer", layers[lr]},
                                 {"layerTitle", title},
                                 {"key", f.key},
                                 {"name", f.name},
                                 {"x", f.label_point.x() + m_data->origin.x()},
                                 {"y", f.label_point.y() + m_data->origin.y()}}});
            }
        }
    }
    std::stable_sort(hits.begin(), hits.end(), [](const Hit& a, const Hit& b) {
        return a.rank != b.rank ? a.rank < b.rank : a.layer_rank < b.layer_rank;
    });
    for (const Hit& h : hits) {
        if (static_cast<int>(out.size()) >= limit) {
            break;
        }
        out.push_back(h.row);
    }
    return out;
}

QPointF MapItem::lonLatToItem(double lon, double lat) {
    try {
        if (!m_lonlat || !m_data || m_data->feature_count == 0) {
            emit errorOccurred(tr("No map is loaded."));
            return nan_point();
        }
        const gridmap::LonLatTransform::XY p = m_lonlat->to_projected({lon, lat});
        return projectedToItem(p.x, p.y);
    } catch (const std::exception& e) {
        emit errorOccurred(error_text(e));
    }
    return nan_point();
}

QPointF MapItem::itemToLonLat(double x, double y) {
    try {
        if (!m_lonlat || !m_data || m_data->feature_count == 0) {
            emit errorOccurred(tr("No map is loaded."));
            return nan_point();
        }
        const QPointF w = view().to_world(QPointF(x, y)) + m_data->origin;
        const gridmap::LonLat ll = m_lonlat->to_lonlat({w.x(), w.y()});
        return {ll.lon, ll.lat};
    } catch (const std::exception& e) {
        emit errorOccurred(error_text(e));
    }
    return nan_point();
}

QPointF MapItem::projectedToItem(double x, double y) const {
    if (!m_data) {
        return nan_point();
    }
    return view().to_pixel(QPointF(x, y) - m_data->origin);
}

QColor MapItem::layerColor(const QString& layer) const {
    return render::legend_color(layer.toStdString());
}

void MapItem::setFillColor(const QColor& color) {
    if (m_fill != color) {
        m_fill = color;
        invalidate_raster();
        emit fillColorChanged();
        update();
    }
}

QVariantList MapItem::themes() {
    QVariantList out;
    for (render::Theme t : render::all_themes()) {
        out.push_back(QVariantMap{{QStringLiteral("value"), render::theme_name(t)},
                                  {QStringLiteral("text"), render::theme_title(t)}});
    }
    return out;
}

void MapItem::setTheme(const QString& theme) {
    render::Theme t = m_theme;
    if (!render::theme_from_name(theme, t)) {
        emit errorOccurred(tr("No map theme called '%1'.").arg(theme));
        return;
    }
    if (t == m_theme) {
        return;
    }
    m_theme = t;
    ++m_generation;
    release_later(std::exchange(m_mesh_cache, {}));
    m_labels_dirty = true;
    emit themeChanged();
    set_ready(false);
    restyle();
    update_busy();
    update();
}

void MapItem::restyle() {
    if (!m_data) {
        return;
    }
    if (m_style_watcher.isRunning()) {
        return; // its finished handler calls again when the theme moved on
    }
    m_style_watcher.setProperty("generation", m_generation);
    std::shared_ptr<const render::MapData> data = m_data;
    const render::Theme theme = m_theme;
    m_style_watcher.setFuture(QtConcurrent::run(&work_pool(), [data, theme] {
        return std::shared_ptr<const render::StyleTable>(
            std::make_shared<render::StyleTable>(*data, theme));
    }));
    update_busy();
}

void MapItem::setLabelsVisible(bool visible) {
    if (m_labels != visible) {
        m_labels = visible;
        m_labels_dirty = true;
        emit labelsVisibleChanged();
        update();
    }
}

void MapItem::setBasemapSource(const QString& source) {
    if (m_basemap_source == source) {
        return;
    }
    m_basemap_source = source;
    invalidate_raster(); // transparent over a basemap, opaque without
    m_basemap.reset();
    m_basemap_image = QImage();
    m_basemap_world = QRectF();
    if (!source.isEmpty()) {
        try {
            m_basemap =
                std::make_shared<gridmap::Basemap>(gridmap::Basemap::open(source.toStdString()));
        } catch (const std::exception& e) {
            emit errorOccurred(tr("Cannot open the basemap: %1").arg(error_text(e)));
        }
    }
    emit basemapSourceChanged();
    set_ready(false);
    ensure_basemap();
    update();
}

QString MapItem::basemapDescription() const {
    return m_basemap ? QString::fromStdString(m_basemap->description()) : QString();
}

void MapItem::setBasemapOpacity(double opacity) {
    opacity = std::clamp(opacity, 0.0, 1.0);
    if (m_basemap_opacity != opacity) {
        m_basemap_opacity = opacity;
        emit basemapOpacityChanged();
        update();
    }
}

void MapItem::set_cursor(QPointF item_point) {
    if (!m_data || !m_lonlat) {
        if (m_cursor_valid) {
            m_cursor_valid = false;
            emit cursorChanged();
        }
        return;
    }
    try {
        const QPointF w = view().to_world(item_point) + m_data->origin;
        const gridmap::LonLat ll = m_lonlat->to_lonlat({w.x(), w.y()});
        m_cursor_world = w;
        m_cursor_lonlat = QPointF(ll.lon, ll.lat);
        m_cursor_valid = true;
    } catch (const std::exception&) {
        m_cursor_valid = false;
    }
    emit cursorChanged();
}

void MapItem::mousePressEvent(QMouseEvent* event) {
    m_skip_release = false;
    m_pressed = true;
    m_dragging = false;
    m_press_pos = event->position();
    m_press_centre = m_centre;
    event->accept();
}

void MapItem::mouseMoveEvent(QMouseEvent* event) {
    set_cursor(event->position());
    if (!m_pressed) {
        event->ignore();
        return;
    }
    const QPointF moved = event->position() - m_press_pos;
    if (!m_dragging && std::hypot(moved.x(), moved.y()) < drag_threshold_px) {
        event->accept();
        return;
    }
    if (!m_dragging) {
        m_dragging = true;
        setCursor(Qt::ClosedHandCursor);
    }
    if (m_data) {
        const double s = view().scale;
        m_centre = m_press_centre + QPointF(-moved.x() / s, moved.y() / s);
        view_changed();
    }
    event->accept();
}

void MapItem::mouseReleaseEvent(QMouseEvent* event) {
    if (m_skip_release) {
        m_skip_release = false;
    } else if (m_pressed && !m_dragging && m_tool != QLatin1String("browse")) {
        const QPointF w = itemToProjected(event->position().x(), event->position().y());
        emit mapClicked(event->position().x(), event->position().y(), w.x(), w.y(),
                        static_cast<int>(event->modifiers()));
    } else if (m_pressed && !m_dragging) {
        const QVariantMap hit = featureAt(event->position().x(), event->position().y());
        if (hit.isEmpty()) {
            clearSelection();
            emit featureClicked({}, {});
        } else {
            const QString layer = hit.value(QStringLiteral("layer")).toString();
            const QString key = hit.value(QStringLiteral("key")).toString();
            select(layer, key);
            emit featureClicked(layer, key);
        }
    }
    m_pressed = false;
    m_dragging = false;
    unsetCursor();
    event->accept();
}

void MapItem::mouseDoubleClickEvent(QMouseEvent* event) {
    if (m_tool != QLatin1String("browse")) {
        const QPointF w = itemToProjected(event->position().x(), event->position().y());
        m_skip_release = true;
        emit mapDoubleClicked(event->position().x(), event->position().y(), w.x(), w.y(),
                              static_cast<int>(event->modifiers()));
        event->accept();
        return;
    }
    zoomBy(2.0, event->position().x(), event->position().y());
    event->accept();
}

void MapItem::hoverEnterEvent(QHoverEvent* event) {
    set_cursor(event->position());
    event->accept();
}

void MapItem::hoverMoveEvent(QHoverEvent* event) {
    set_cursor(event->position());
    event->accept();
}

void MapItem::hoverLeaveEvent(QHoverEvent* event) {
    if (m_cursor_valid) {
        m_cursor_valid = false;
        emit cursorChanged();
    }
    event->accept();
}

void MapItem::wheelEvent(QWheelEvent* event) {
    const double steps = event->angleDelta().y() / 120.0;
    if (steps == 0) {
        event->ignore();
        return;
    }
    zoomBy(std::pow(1.25, steps), event->position().x(), event->position().y());
    event->accept();
}

void MapItem::geometryChange(const QRectF& new_geometry, const QRectF& old_geometry) {
    QQuickItem::geometryChange(new_geometry, old_geometry);
    if (new_geometry.size() != old_geometry.size()) {
        if (m_fitted && m_data && m_reserved_right > 0) {
            fitToData(); // still clear of the reserved strip
        } else {
            view_changed();
        }
    }
}

void MapItem::itemChange(ItemChange change, const ItemChangeData& value) {
    QQuickItem::itemChange(change, value);
    if (change != ItemSceneChange || value.window == nullptr) {
        return;
    }
    QQuickWindow* w = value.window;
    const auto check_backend = [this, w] {
        const QSGRendererInterface* ri = w->rendererInterface();
        const bool gpu = ri != nullptr && ri->graphicsApi() != QSGRendererInterface::Software &&
                         ri->graphicsApi() != QSGRendererInterface::Unknown;
        if (gpu != m_gpu) {
            m_gpu = gpu;
            ensure_meshes();
            update();
        }
    };
    connect(w, &QQuickWindow::sceneGraphInitialized, this, check_backend, Qt::QueuedConnection);
    // The map asks for frames often while a city is read and drawn: its window's update
    // requests wait while a frame is drawn (FramePacer), so that the GUI thread does not.
    pace_frames(w);
    if (w->isSceneGraphInitialized()) {
        check_backend();
    }
}

QSGNode* MapItem::updatePaintNode(QSGNode* old, UpdatePaintNodeData*) {
    // On the render thread while the GUI thread waits for the sync: its time is GUI stall.
    GuiTiming timing("MapItem::updatePaintNode (render thread, GUI waits)");
    auto* nodes = static_cast<Nodes*>(old);
    QQuickWindow* win = window();
    if (win == nullptr || width() <= 0 || height() <= 0) {
        delete nodes;
        return nullptr;
    }
    const QSGRendererInterface* ri = win->rendererInterface();
    const bool software = ri == nullptr || ri->graphicsApi() == QSGRendererInterface::Software;
    if (nodes == nullptr) {
        nodes = new Nodes;
    }
    const render::MapView v = view();
    const render::RenderOptions o = render_options();
    QString path;
    bool labels_current = true;
    if (software) {
        // The whole map with the shared QPainter renderer, as gridmap render draws it.
        path = QStringLiteral("software");
        if (nodes->software == nullptr) {
            nodes->software = win->createImageNode();
            nodes->appendChildNode(nodes->software);
        }
        const double dpr = win->effectiveDevicePixelRatio();
        QImage image(static_cast<int>(std::ceil(width() * dpr)),
                     static_cast<int>(std::ceil(height() * dpr)),
                     QImage::Format_ARGB32_Premultiplied);
        image.setDevicePixelRatio(dpr);
        image.fill(m_fill);
        if (m_data) {
            render::RenderOptions so = o;
            so.basemap = m_basemap_image;
            so.basemap_world = m_basemap_world;
            so.basemap_opacity = m_basemap_opacity;
            QPainter p(&image);
            render::render_map(p, *m_data, v, so);
        }
        set_image(nodes->software, win, image);
        nodes->software->setRect(boundingRect());
    } else {
        path = QStringLiteral("gpu");
        if (nodes->world == nullptr) {
            nodes->background = win->createRectangleNode();
            nodes->appendChildNode(nodes->background);
            nodes->basemap_transform = new QSGTransformNode;
            nodes->basemap_opacity = new QSGOpacityNode;
            nodes->basemap_transform->appendChildNode(nodes->basemap_opacity);
            nodes->appendChildNode(nodes->basemap_transform);
            nodes->raster_transform = new QSGTransformNode;
            nodes->raster_opacity = new QSGOpacityNode;
            nodes->raster_transform->appendChildNode(nodes->raster_opacity);
            nodes->appendChildNode(nodes->raster_transform);
            nodes->world = new QSGTransformNode;
            nodes->layers = new QSGNode;
            nodes->selection = new QSGNode;
            nodes->world->appendChildNode(nodes->layers);
            nodes->world->appendChildNode(nodes->selection);
            nodes->appendChildNode(nodes->world);
            nodes->label_transform = new QSGTransformNode;
            nodes->label_opacity = new QSGOpacityNode;
            nodes->label_transform->appendChildNode(nodes->label_opacity);
            nodes->appendChildNode(nodes->label_transform);
        }
        nodes->background->setRect(boundingRect());
        nodes->background->setColor(m_fill);
        const QTransform t = v.world_to_pixel();
        nodes->world->setMatrix(to_matrix(t));
        nodes->basemap_transform->setMatrix(to_matrix(t));

        // Basemap: an image placed in the world, mirrored (the world's y points north).
        const qint64 basemap_key = m_basemap_image.isNull() ? -1 : m_basemap_image.cacheKey();
        if (basemap_key != nodes->basemap_key) {
            nodes->basemap_key = basemap_key;
            if (nodes->basemap != nullptr) {
                nodes->basemap_opacity->removeChildNode(nodes->basemap);
                delete nodes->basemap->texture();
                delete nodes->basemap;
                nodes->basemap = nullptr;
            }
            if (basemap_key >= 0) {
                nodes->basemap = win->createImageNode();
                set_image(nodes->basemap, win, m_basemap_image);
                nodes->basemap->setRect(m_basemap_world);
                nodes->basemap->setTextureCoordinatesTransform(QSGImageNode::MirrorVertically);
                nodes->basemap_opacity->appendChildNode(nodes->basemap);
            }
        }
        nodes->basemap_opacity->setOpacity(m_basemap_opacity);

        // Layers: rebuilt when the meshes or the styles change, or whether the points are in
        // the raster, else only their opacity.
        const MapMeshes* meshes = m_data ? m_meshes.get() : nullptr;
        const render::StyleTable* styles = m_data ? m_styles.get() : nullptr;
        // The raster of the layers other than points: shown for a far-out view, and for a
        // nearer one until its meshes are there; those layers' meshes are then hidden (a
        // hidden opacity node's subtree is not drawn).
        const bool full_meshes = meshes != nullptr && !meshes->points_only && meshes_cover(*meshes);
        const bool show_raster =
            m_data && !m_raster.image.isNull() && (raster_mode() || !full_meshes);
        // A far-out view whose first image is still being drawn, with the points in it: the
        // point meshes (20,000 symbols at 1M buildings, 250 ms a frame on llvmpipe, which the
        // GUI thread waits for) are not drawn meanwhile; the image brings them.
        const bool points_coming = !show_raster && m_data && raster_mode() && raster_points();
        // While the points are in the image their meshes get no nodes at all: making the
        // geometry of 20,000 hidden symbols took 18 ms of this sync after every edit at 1M.
        const bool points_in_image = points_coming || (show_raster && m_raster.points);
        if (meshes != nodes->built_meshes || styles != nodes->built_styles ||
            points_in_image != nodes->built_points_in_image) {
            while (QSGNode* child = nodes->layers->firstChild()) {
                nodes->layers->removeChildNode(child);
                delete child; // QSGOpacityNode deletes nothing itself: free the subtree
            }
            nodes->layer_nodes.clear();
            nodes->node_count = 0;
            nodes->largest = 0;
            if (meshes != nullptr && styles != nullptr &&
                meshes->layers.size() == m_data->layers.size()) {
                for (std::size_t li = 0; li < m_data->layers.size(); ++li) {
                    auto* opacity = new QSGOpacityNode;
                    opacity->setFlag(QSGNode::OwnedByParent, true);
                    if (points_in_image && !raster_layer(m_data->layers[li])) {
                        nodes->layers->appendChildNode(opacity);
                        nodes->layer_nodes.push_back(opacity);
                        continue;
                    }
                    const LayerMeshes& lm = meshes->layers[li];
                    const auto style = [styles,
                                        li](std::uint32_t f) -> const render::FeatureStyle& {
                        return styles->at(li, f);
                    };
                    add_mesh(
                        opacity, lm.fill, [&](std::uint32_t f) { return style(f).fill; },
                        nodes->node_count, nodes->largest);
                    add_mesh(
                        opacity, lm.dots, [&](std::uint32_t f) { return style(f).fill; },
                        nodes->node_count, nodes->largest);
                    add_mesh(
                        opacity, lm.outline, [&](std::uint32_t f) { return style(f).stroke; },
                        nodes->node_count, nodes->largest);
                    add_mesh(
                        opacity, lm.emphasis, [&](std::uint32_t f) { return style(f).emphasis; },
                        nodes->node_count, nodes->largest);
                    for (const SymbolMeshes& sm : lm.symbols) {
                        add_mesh(
                            opacity, sm.halo, [&](std::uint32_t f) { return style(f).stroke; },
                            nodes->node_count, nodes->largest);
                        add_mesh(
                            opacity, sm.fill, [&](std::uint32_t f) { return style(f).fill; },
                            nodes->node_count, nodes->largest);
                    }
                    if (m_data->layers[li].name == QLatin1String("cell") &&
                        render::shows_tiling(styles->theme())) {
                        const auto tiling = [this](std::uint32_t f) {
                            return render::tiling_style(m_data->theme.tiling[f].overlap);
                        };
                        add_mesh(
                            opacity, meshes->tiling_fill,
                            [&](std::uint32_t f) { return tiling(f).fill; }, nodes->node_count,
                            nodes->largest);
                        add_mesh(
                            opacity, meshes->tiling_outline,
                            [&](std::uint32_t f) { return tiling(f).stroke; }, nodes->node_count,
                            nodes->largest);
                    }
                    nodes->layers->appendChildNode(opacity);
                    nodes->layer_nodes.push_back(opacity);
                }
            }
            nodes->built_meshes = meshes;
            nodes->built_styles = styles;
            nodes->built_points_in_image = points_in_image;
        }
        const qint64 raster_key = show_raster ? m_raster.image.cacheKey() : -1;
        if (raster_key != nodes->raster_key) {
            nodes->raster_key = raster_key;
            if (nodes->raster != nullptr) {
                nodes->raster_opacity->removeChildNode(nodes->raster);
                delete nodes->raster->texture();
                delete nodes->raster;
                nodes->raster = nullptr;
            }
            if (raster_key >= 0) {
                nodes->raster = win->createImageNode();
                set_image(nodes->raster, win, m_raster.image);
                nodes->raster->setRect(m_raster.item_rect);
                nodes->raster_opacity->appendChildNode(nodes->raster);
            }
        }
        if (show_raster) {
            // Item pixels of the raster's view -> its world (the data it was drawn from may
            // have another origin) -> this view's item pixels.
            const QPointF shift = m_raster_origin - m_data->origin;
            nodes->raster_transform->setMatrix(to_matrix(
                m_raster.view.inverted() * QTransform::fromTranslate(shift.x(), shift.y()) * t));
        }
        for (std::size_t li = 0; li < nodes->layer_nodes.size(); ++li) {
            const render::LayerState st = o.state(m_data->layers[li].name);
            const bool in_raster =
                points_coming ||
                (show_raster && (m_raster.points || raster_layer(m_data->layers[li])));
            nodes->layer_nodes[li]->setOpacity(st.visible && !in_raster ? st.opacity : 0.0);
        }

        // Selection: a halo and a line around the selected feature, at the current scale. Built
        // again when the selection or the data changes, or the scale once the view has settled;
        // while the view moves it follows under the transform as the layers do. (A node added
        // under the world transform makes the renderer upload the batches under it again: on
        // every frame of a pan that cost more than drawing the frame.)
        const bool selection_changed = nodes->selection_layer != m_selected_layer ||
                                       nodes->selection_key != m_selected_key ||
                                       nodes->selection_data != m_data.get() ||
                                       (m_settled && nodes->selection_scale != v.scale);
        if (selection_changed) {
            nodes->selection_layer = m_selected_layer;
            nodes->selection_key = m_selected_key;
            nodes->selection_data = m_data.get();
            nodes->selection_scale = v.scale;
        }
        const double selection_scale = nodes->selection_scale;
        while (selection_changed && nodes->selection->firstChild() != nullptr) {
            QSGNode* child = nodes->selection->firstChild();
            nodes->selection->removeChildNode(child);
            delete child;
        }
        if (const render::MapLayer* sel =
                selection_changed && m_data ? m_data->layer(m_selected_layer) : nullptr) {
            const int fi = sel->index_of(m_selected_key);
            if (fi >= 0) {
                const render::MapFeature& f = sel->features[static_cast<std::size_t>(fi)];
                gridmap::Shape ring;
                const gridmap::Shape* shape = &f.shape;
                if (sel->kind == gridmap::GeometryKind::point) {
                    ring.kind = gridmap::GeometryKind::polygon;
                    for (const QPointF& p : f.points) {
                        std::vector<gridmap::XY> r;
                        for (int k = 0; k <= 32; ++k) {
                            const double a = 2 * std::numbers::pi * k / 32;
                            r.push_back({p.x() + 10 / selection_scale * std::cos(a),
                                         p.y() + 10 / selection_scale * std::sin(a)});
                        }
                        ring.parts.push_back(std::move(r));
                        ring.ring_starts_polygon.push_back(true);
                    }
                    shape = &ring;
                }
                const std::vector<const gridmap::Shape*> one{shape};
                int unused_count = 0;
                int unused_largest = 0;
                add_mesh(
                    nodes->selection, gridmap::mesh_lines(one, 6.0 / selection_scale, {}),
                    [](std::uint32_t) { return QColor(255, 255, 255, 230); }, unused_count,
                    unused_largest);
                add_mesh(
                    nodes->selection, gridmap::mesh_lines(one, 3.0 / selection_scale, {}),
                    [](std::uint32_t) { return QColor(0, 172, 193); }, unused_count,
                    unused_largest);
            }
        }

        // Labels: drawn by the shared renderer when the view has settled; meanwhile the last
        // image follows the map under a transform.
        const bool want_labels = m_labels && m_data;
        nodes->label_transform->setMatrix(QMatrix4x4());
        nodes->label_opacity->setOpacity(want_labels ? 1.0 : 0.0);
        if (!want_labels) {
            labels_current = true;
        } else {
            // The label image is drawn on a pool thread (ensure_labels) once the view settles;
            // here it is only uploaded, and follows the map under a transform meanwhile.
            const qint64 key = m_label_image.isNull() ? -1 : m_label_image.cacheKey();
            if (key != nodes->label_key) {
                nodes->label_key = key;
                if (key >= 0) {
                    if (nodes->labels == nullptr) {
                        nodes->labels = new QSGGeometryNode;
                        auto* material = new QSGTextureMaterial;
                        material->setFiltering(QSGTexture::Linear);
                        nodes->labels->setMaterial(material);
                        nodes->labels->setFlag(QSGNode::OwnsMaterial);
                        nodes->labels->setFlag(QSGNode::OwnsGeometry);
                        nodes->label_opacity->appendChildNode(nodes->labels);
                    }
                    QSGTexture* texture = win->createTextureFromImage(m_label_image);
                    texture->setFiltering(QSGTexture::Linear);
                    static_cast<QSGTextureMaterial*>(nodes->labels->material())
                        ->setTexture(texture);
                    delete nodes->label_texture;
                    nodes->label_texture = texture;
                    nodes->labels->setGeometry(label_geometry(m_label_tiles, m_label_image.size(),
                                                              m_label_image.devicePixelRatio()));
                    nodes->labels->markDirty(QSGNode::DirtyGeometry | QSGNode::DirtyMaterial);
                    nodes->label_view = m_label_view;
                }
            }
            if (nodes->labels != nullptr) {
                bool invertible = false;
                const QTransform back = nodes->label_view.inverted(&invertible);
                nodes->label_transform->setMatrix(to_matrix(invertible ? back * t : QTransform()));
            }
            labels_current = nodes->labels != nullptr && nodes->label_view == t &&
                             !m_labels_dirty && !m_label_watcher.isRunning();
        }
    }
    // Tell the GUI thread what this frame showed.
    const int shown_lod = !software && m_meshes ? m_meshes->lod : lod_for_scale(v.scale);
    const int node_count = nodes->node_count;
    const int largest = nodes->largest;
    const bool raster_shown = nodes->raster_key >= 0;
    QMetaObject::invokeMethod(
        this,
        [this, path, labels_current, shown_lod, node_count, largest, raster_shown] {
            const bool path_changed = m_render_path != path;
            m_render_path = path;
            m_raster_shown = raster_shown;
            m_labels_current = labels_current;
            m_shown_lod = shown_lod;
            m_node_count = node_count;
            m_largest_batch = largest;
            if (path_changed) {
                emit renderPathChanged();
            }
            ensure_labels();
            ensure_raster();
            update_ready();
            emit readyChanged();
        },
        Qt::QueuedConnection);
    return nodes;
}

} // namespace gridmap::quick
