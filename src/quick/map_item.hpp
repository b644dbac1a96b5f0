#pragma once

#include "map_data.hpp"
#include "map_meshes.hpp"
#include "map_raster.hpp"
#include "map_renderer.hpp"
#include "project_model.hpp"

#include <gridmap/basemap.hpp>
#include <gridmap/crs.hpp>

#include <QFutureWatcher>
#include <QImage>
#include <QPointF>
#include <QPointer>
#include <QQuickItem>
#include <QRect>
#include <QRectF>
#include <QTimer>
#include <QTransform>
#include <QVariantList>
#include <QVariantMap>
#include <QtQml/qqmlregistration.h>

#include <atomic>
#include <map>
#include <memory>
#include <optional>
#include <vector>

namespace gridmap::quick {

/// The map: a Qt Quick item drawing a ProjectModel's project with the scene graph.
///
/// - On a GPU scene graph (OpenGL, Vulkan ...) features are triangulated once per level of
///   detail (gridmap::mesh_polygons, off the GUI thread) into geometry nodes of at most 65,535
///   vertices, one per (layer, kind, batch), under one transform node: pan and zoom change
///   only that transform; a new level of detail is built in the background when the zoom has
///   changed by a factor of sqrt(2). Labels are drawn by the shared QPainter renderer into an
///   image when the view settles; only its squares that hold a label are drawn.
/// - On the software scene graph (QT_QUICK_BACKEND=software, the offscreen platform) the item
///   paints the whole map with the shared renderer (src/render, as `gridmap render` does) into
///   an image node.
///
/// Drag pans, the wheel and pinch zoom about the cursor, a click selects the feature under it
/// (selectionChanged), a double click zooms in. Shows no personal data.
class MapItem : public QQuickItem {
    Q_OBJECT
    QML_NAMED_ELEMENT(MapView)
    Q_PROPERTY(
        gridmap::quick::ProjectModel* project READ project WRITE setProject NOTIFY projectChanged)
    Q_PROPERTY(int featureCount READ featureCount NOTIFY featuresChanged)
    Q_PROPERTY(QRectF extent READ extent NOTIFY featuresChanged)
    Q_PROPERTY(double zoom READ zoom NOTIFY viewChanged)
    Q_PROPERTY(double metresPerPixel READ metresPerPixel NOTIFY viewChanged)
    Q_PROPERTY(double scaleBarPixels READ scaleBarPixels NOTIFY viewChanged)
    Q_PROPERTY(QString scaleBarText READ scaleBarText NOTIFY viewChanged)
    Q_PROPERTY(QColor fillColor READ fillColor WRITE setFillColor NOTIFY fillColorChanged)
    Q_PROPERTY(QString theme READ theme WRITE setTheme NOTIFY themeChanged)
    Q_PROPERTY(QString themeTitle READ themeTitle NOTIFY themeChanged)
    Q_PROPERTY(QVariantList themes READ themes CONSTANT)
    Q_PROPERTY(
        double reservedRight READ reservedRight WRITE setReservedRight NOTIFY reservedRightChanged)
    Q_PROPERTY(
        bool labelsVisible READ labelsVisible WRITE setLabelsVisible NOTIFY labelsVisibleChanged)
    Q_PROPERTY(QString selectedLayer READ selectedLayer NOTIFY selectionChanged)
    Q_PROPERTY(QString selectedKey READ selectedKey NOTIFY selectionChanged)
    Q_PROPERTY(bool cursorValid READ cursorValid NOTIFY cursorChanged)
    Q_PROPERTY(double cursorLon READ cursorLon NOTIFY cursorChanged)
    Q_PROPERTY(double cursorLat READ cursorLat NOTIFY cursorChanged)
    Q_PROPERTY(double cursorX READ cursorX NOTIFY cursorChanged)
    Q_PROPERTY(double cursorY READ cursorY NOTIFY cursorChanged)
    Q_PROPERTY(
        QString basemapSource READ basemapSource WRITE setBasemapSource NOTIFY basemapSourceChanged)
    Q_PROPERTY(QString basemapDescription READ basemapDescription NOTIFY basemapSourceChanged)
    Q_PROPERTY(double basemapOpacity READ basemapOpacity WRITE setBasemapOpacity NOTIFY
                   basemapOpacityChanged)
    Q_PROPERTY(QString renderPath READ renderPath NOTIFY renderPathChanged)
    Q_PROPERTY(bool ready READ ready NOTIFY readyChanged)
    Q_PROPERTY(int levelOfDetail READ levelOfDetail NOTIFY readyChanged)
    Q_PROPERTY(int geometryNodeCount READ geometryNodeCount NOTIFY readyChanged)
    Q_PROPERTY(int largestBatchVertices READ largestBatchVertices NOTIFY readyChanged)
    Q_PROPERTY(QString tool READ tool WRITE setTool NOTIFY toolChanged)
    Q_PROPERTY(bool busy READ busy NOTIFY busyChanged)
    Q_PROPERTY(int rasterThreshold READ rasterThreshold WRITE setRasterThreshold NOTIFY
                   rasterThresholdChanged)
    Q_PROPERTY(int rasterPointThreshold READ rasterPointThreshold WRITE setRasterPointThreshold
                   NOTIFY rasterThresholdChanged)
    Q_PROPERTY(bool rasterShown READ rasterShown NOTIFY readyChanged)

public:
    explicit MapItem(QQuickItem* parent = nullptr);
    ~MapItem() override;

    /// The project whose layers are drawn (not owned), or nullptr.
    ProjectModel* project() const { return m_project; }
    /// Sets the project to draw and reads its geometry.
    void setProject(ProjectModel* project);

    /// Number of features over all drawn layers.
    int featureCount() const { return m_data ? m_data->feature_count : 0; }
    /// Bounding box of the features, working CRS metres (y = northing); null when empty.
    QRectF extent() const;
    /// Zoom relative to the fitted view (1 = the whole data extent fits).
    double zoom() const { return m_zoom; }
    /// Metres on the ground per pixel of the item, 0 when nothing is loaded.
    double metresPerPixel() const;
    /// The scale bar for the current zoom: a round length at most 120 pixels long.
    double scaleBarPixels() const;
    QString scaleBarText() const;

    /// The background where nothing is drawn.
    QColor fillColor() const { return m_fill; }
    void setFillColor(const QColor& color);

    /// The theme's name, one of gridmap::map_themes() ("plain", "coverage", "issues", ...).
    QString theme() const { return render::theme_name(m_theme); }
    /// Sets the theme; an unknown name is refused with errorOccurred.
    void setTheme(const QString& theme);
    QString themeTitle() const { return render::theme_title(m_theme); }
    /// Pixels on the right that fitting the map (fitToData, zoomTo...) keeps free of features:
    /// the legend's place. Changing it while the map shows the fitted data fits it again.
    double reservedRight() const { return m_reserved_right; }
    void setReservedRight(double px);
    /// Every map theme in menu order (gridmap::map_themes()): {value: name, text: title}.
    static QVariantList themes();

    bool labelsVisible() const { return m_labels; }
    void setLabelsVisible(bool visible);

    QString selectedLayer() const { return m_selected_layer; }
    QString selectedKey() const { return m_selected_key; }

    /// The last position of the mouse over the map: WGS84 lon/lat (CGCS2000 within
    /// centimetres) and working CRS metres.
    bool cursorValid() const { return m_cursor_valid; }
    double cursorLon() const { return m_cursor_lonlat.x(); }
    double cursorLat() const { return m_cursor_lonlat.y(); }
    double cursorX() const { return m_cursor_world.x(); }
    double cursorY() const { return m_cursor_world.y(); }

    /// A GDAL raster shown under the layers ("" = none). Opening errors go to errorOccurred;
    /// the map then shows no basemap.
    QString basemapSource() const { return m_basemap_source; }
    void setBasemapSource(const QString& source);
    QString basemapDescription() const;
    double basemapOpacity() const { return m_basemap_opacity; }
    void setBasemapOpacity(double opacity);

    /// "software" or "gpu": how the last frame was drawn ("" before the first frame).
    QString renderPath() const { return m_render_path; }
    /// True when the last frame showed everything asked for: the level of detail of the zoom,
    /// the labels and the basemap of the current view (used by tests and screenshots).
    bool ready() const { return m_ready; }
    int levelOfDetail() const { return m_shown_lod; }
    /// Geometry nodes of the last GPU frame, and the most vertices one of them has.
    int geometryNodeCount() const { return m_node_count; }
    int largestBatchVertices() const { return m_largest_batch; }

    /// What a click does: "browse" (the default) selects the feature under it; any other tool
    /// ("pin", "select", "draw") leaves the selection alone and emits mapClicked, and a double
    /// click emits mapDoubleClicked instead of zooming. Dragging pans with every tool.
    QString tool() const { return m_tool; }
    void setTool(const QString& tool);

    /// True while the map reads the project or computes its theme, styles or meshes (off the
    /// GUI thread): the window shows a busy indicator.
    bool busy() const { return m_busy; }

    /// Far-out views as one image (GPU path): when more than this many features of the layers
    /// other than points (cells, compounds, buildings, roads ...) are in view (FeatureDensity),
    /// those layers are drawn into an image on a pool thread (draw_map_raster) at the view's
    /// scale with half a view of margin on each side, and shown as one textured quad under the
    /// view's transform while the view moves; the image is drawn again when the view has
    /// settled, leaves it, or the scale changes by more than 2x, and when the data, theme,
    /// styles, layer switches or background change. No frame waits for it: the last image is
    /// shown stretched meanwhile. Points (issues), the selection and the labels stay as they
    /// are, unless more than 2,000 points (GRIDMAP_RASTER_POINTS) are in view: then they are
    /// in the image too. 0 = never. Default 50,000, or the environment's
    /// GRIDMAP_RASTER_FEATURES.
    int rasterThreshold() const { return m_raster_threshold; }
    void setRasterThreshold(int features);
    /// Points in a far-out view over which the raster holds the point symbols too (default
    /// 2,000, or GRIDMAP_RASTER_POINTS).
    int rasterPointThreshold() const { return m_raster_points; }
    void setRasterPointThreshold(int points);
    /// True when the last GPU frame showed the raster instead of the layers' meshes.
    bool rasterShown() const { return m_raster_shown; }

    /// Re-reads the project off the GUI thread (ProjectReader): the features arrive a moment
    /// later (featuresChanged; busy meanwhile). Returns true; a read that fails empties the map
    /// and emits errorOccurred when it ends.
    Q_INVOKABLE bool reload();
    /// Re-reads the project after an edit, off the GUI thread, keeping the view and the
    /// selection (when the selected feature still exists): the theme is computed again. Until
    /// the new data arrives the map shows the data it has. Edits that come while a read runs
    /// are gathered into one more read; a result older than the last edit is dropped. Returns
    /// true, as reload().
    Q_INVOKABLE bool refresh();
    /// Shows the whole data extent again.
    Q_INVOKABLE void fitToData();
    /// Zooms in or out by a factor 2 about the centre of the item.
    Q_INVOKABLE void zoomIn();
    Q_INVOKABLE void zoomOut();
    /// Zooms by `factor` keeping the item point (x, y) in place.
    Q_INVOKABLE void zoomBy(double factor, double x, double y);
    /// Moves the map by (dx, dy) pixels.
    Q_INVOKABLE void panBy(double dx, double dy);
    /// Shows the whole of a layer. False (errorOccurred) for an unknown or empty layer.
    Q_INVOKABLE bool zoomToLayer(const QString& layer);
    /// Shows a feature (a point at a street-level scale). False (errorOccurred) when unknown.
    Q_INVOKABLE bool zoomToFeature(const QString& layer, const QString& key);
    /// Shows the selected feature. False when nothing is selected.
    Q_INVOKABLE bool zoomToSelection();
    /// Brings feature `key` of `layer` into view at the current scale: the map pans to centre
    /// it only when it is not already wholly shown. False (errorOccurred) for an unknown one.
    Q_INVOKABLE bool showFeature(const QString& layer, const QString& key);
    /// Selects a feature (highlighted; selectionChanged). False (errorOccurred) when unknown.
    /// While the map reads the project again (busy), a feature it does not know yet (an issue
    /// just pinned) is selected when the data arrives, and true is returned; zoomToFeature and
    /// showFeature wait for it in the same way.
    Q_INVOKABLE bool select(const QString& layer, const QString& key);
    Q_INVOKABLE void clearSelection();
    /// The topmost visible feature at item point (x, y): {layer, key, name}; empty when none.
    /// Points and lines are hit within a few pixels.
    Q_INVOKABLE QVariantMap featureAt(double x, double y) const;
    /// Features of cells, compounds, buildings, roads and issues whose name, key or label
    /// contains `text` (case-insensitive), exact and prefix matches first, at most `limit`:
    /// [{layer, layerTitle, key, name, x, y}] with (x, y) a point inside the feature (on a line,
    /// or the point itself) in the working CRS: a typed address finds its building.
    Q_INVOKABLE QVariantList search(const QString& text, int limit = 50) const;

    /// Item coordinates (pixels, y down) of a WGS84 lon/lat in degrees. Returns (NaN, NaN) and
    /// emits errorOccurred when nothing is loaded or the transform fails.
    Q_INVOKABLE QPointF lonLatToItem(double lon, double lat);
    /// WGS84 lon/lat in degrees (x = lon, y = lat) of an item point in pixels. Returns
    /// (NaN, NaN) and emits errorOccurred when nothing is loaded or the transform fails.
    Q_INVOKABLE QPointF itemToLonLat(double x, double y);
    /// Item coordinates of a working CRS point (metres).
    Q_INVOKABLE QPointF projectedToItem(double x, double y) const;
    /// Working CRS metres of an item point in pixels; (NaN, NaN) when nothing is loaded.
    Q_INVOKABLE QPointF itemToProjected(double x, double y) const;
    /// The colour a layer is drawn with in the plain theme (the fill of polygons and points,
    /// the stroke of lines), as in the legend.
    Q_INVOKABLE QColor layerColor(const QString& layer) const;

    /// The map data, view and options, for the decorations (legend) and tests.
    std::shared_ptr<const render::MapData> data() const { return m_data; }
    render::MapView view() const;
    render::RenderOptions render_options() const;

signals:
    void projectChanged();
    void reservedRightChanged();
    /// The features changed (project opened, closed or reloaded).
    void featuresChanged();
    /// The view was panned or zoomed.
    void viewChanged();
    void fillColorChanged();
    void themeChanged();
    void labelsVisibleChanged();
    void selectionChanged();
    void cursorChanged();
    void basemapSourceChanged();
    void basemapOpacityChanged();
    void renderPathChanged();
    void readyChanged();
    /// A layer's switch or opacity changed.
    void layersChanged();
    /// A click selected a feature (or nothing: empty layer and key).
    void featureClicked(const QString& layer, const QString& key);
    void toolChanged();
    void busyChanged();
    void rasterThresholdChanged();
    /// A click with a tool other than "browse": item pixels, working CRS metres and the
    /// keyboard modifiers (Qt.ShiftModifier ...).
    void mapClicked(double x, double y, double worldX, double worldY, int modifiers);
    /// A double click with a tool other than "browse" (its second click emits no mapClicked).
    void mapDoubleClicked(double x, double y, double worldX, double worldY, int modifiers);
    /// An invokable failed; `message` is one line for the user.
    void errorOccurred(const QString& message);

protected:
    QSGNode* updatePaintNode(QSGNode* old, UpdatePaintNodeData* data) override;
    void mousePressEvent(QMouseEvent* event) override;
    void mouseMoveEvent(QMouseEvent* event) override;
    void mouseReleaseEvent(QMouseEvent* event) override;
    void mouseDoubleClickEvent(QMouseEvent* event) override;
    void hoverEnterEvent(QHoverEvent* event) override;
    void hoverMoveEvent(QHoverEvent* event) override;
    void hoverLeaveEvent(QHoverEvent* event) override;
    void wheelEvent(QWheelEvent* event) override;
    void geometryChange(const QRectF& new_geometry, const QRectF& old_geometry) override;
    void itemChange(ItemChange change, const ItemChangeData& value) override;

private:
    class Nodes;
    /// A basemap warped for part of the world, by a background job.
    struct BasemapImage {
        QImage image;
        QRectF world; ///< relative metres, y up
        QString source;
        QString error;
    };

    /// Scale (pixels per metre) at which the data fits the item.
    double fit_scale() const;
    void view_changed();
    void set_ready(bool ready);
    void update_ready();
    /// Starts building the meshes of the current level of detail when the GPU path needs them.
    void ensure_meshes();
    /// Starts warping the basemap for the current view.
    void ensure_basemap();
    /// Starts drawing the label image of the current view (GPU path) on a pool thread when
    /// the view has settled and the image in hand is not of it.
    void ensure_labels();
    void set_cursor(QPointF item_point);
    bool show_rect(const QRectF& world, double min_extent_m);
    bool layer_shown(const QString& name) const;
    bool load(bool keep_view);
    /// What a read of the project off the GUI thread hands back.
    struct Loaded {
        std::shared_ptr<const render::MapData> data;
        std::shared_ptr<const render::StyleTable> styles;
        std::shared_ptr<const FeatureDensity> density;
        std::shared_ptr<const FeatureDensity> point_density;
        render::Theme theme = render::Theme::plain;
        QString error;
        int generation = 0;
    };
    /// Starts reading the project on the reader's thread (or notes that one more read is due).
    void start_load();
    /// Takes the data of a finished read (GUI thread).
    void apply_loaded(Loaded loaded);
    /// Applies the selection and the zoom asked for while the data was being read.
    void apply_pending();
    void update_busy();
    /// Lets go of the data, styles and meshes (freed on a pool thread).
    void drop_data();
    /// Computes the styles of the current theme off the GUI thread.
    void restyle();
    /// Whether `key` of `layer` may still arrive with the read under way.
    bool may_arrive(const QString& layer, const QString& key) const;

    QPointer<ProjectModel> m_project;
    std::shared_ptr<const render::MapData> m_data;
    std::shared_ptr<const render::StyleTable> m_styles;
    std::unique_ptr<gridmap::LonLatTransform> m_lonlat;
    QPointF m_centre; ///< relative metres
    double m_zoom = 1.0;
    double m_reserved_right = 0.0;
    bool m_fitted = true; ///< the view is fitToData's, not moved since
    QColor m_fill;
    render::Theme m_theme = render::Theme::plain;
    bool m_labels = true;
    QString m_selected_layer;
    QString m_selected_key;
    QString m_tool = QStringLiteral("browse");
    bool m_skip_release = false; ///< the release after a double click is no click

    // Pointer interaction.
    bool m_pressed = false;
    bool m_dragging = false;
    QPointF m_press_pos;
    QPointF m_press_centre;
    bool m_cursor_valid = false;
    QPointF m_cursor_lonlat;
    QPointF m_cursor_world;

    // The project read off the GUI thread (ProjectReader::run).
    QFutureWatcher<Loaded> m_load_watcher;
    int m_load_generation = 0; ///< bumped by every load(): older reads are dropped
    bool m_load_again = false; ///< an edit came while a read ran: read once more
    bool m_load_keep = true;   ///< the read under way keeps the view (a refresh)
    bool m_loading = false;    ///< a read is under way or due
    std::shared_ptr<std::atomic<int>> m_wanted_generation; ///< the reader skips stale reads
    // Asked for while the data was read: selection and a view change (1 show, 2 zoom).
    QString m_pending_layer;
    QString m_pending_key;
    int m_pending_view = 0;
    QFutureWatcher<std::shared_ptr<const render::StyleTable>> m_style_watcher;
    bool m_busy = false;

    // GPU path: meshes of a level of detail, built in the background.
    std::atomic<bool> m_gpu{false};
    std::shared_ptr<const MapMeshes> m_meshes;
    QFutureWatcher<std::shared_ptr<const MapMeshes>> m_mesh_watcher;
    int m_generation = 0; ///< bumped when data or theme change: older results are dropped
    /// The meshes of the levels built lately (of this generation): zooming back to a level
    /// shows it at once instead of meshing the whole map again.
    std::map<int, std::shared_ptr<const MapMeshes>> m_mesh_cache;
    void cache_meshes(const std::shared_ptr<const MapMeshes>& meshes);
    /// Shows the cached meshes of level `lod` (with `points`, meshes of the point layers alone
    /// will do); false when there are none.
    bool use_cached_meshes(int lod, bool points);

    // Far-out views as one image (rasterThreshold).
    int m_raster_threshold = 50000;
    std::shared_ptr<const FeatureDensity> m_density;       ///< of the raster's layers
    std::shared_ptr<const FeatureDensity> m_point_density; ///< of the point layers
    /// Points in a far-out view over which the raster draws the point symbols too (each is
    /// some 60 triangles a frame; symbols of thousands cover one another at that scale).
    int m_raster_points = 2000;
    MapRaster m_raster;          ///< the latest image (null: none)
    QPointF m_raster_origin;     ///< MapData::origin of the data it was drawn from
    int m_raster_generation = 0; ///< bumped when what the image shows changes
    int m_raster_epoch = 0;      ///< bumped when another project is read: older images drop
    bool m_raster_shown = false; ///< the last frame showed it
    QFutureWatcher<MapRaster> m_raster_watcher;
    /// Whether the current view is drawn as a raster: more than m_raster_threshold features
    /// of the raster's layers in view, on the GPU path.
    bool raster_mode() const;
    /// The region to mesh for the current view: null (everything) but for a city of more than
    /// 4 x rasterThreshold features, where it is the view and half a view around it.
    QRectF mesh_region() const;
    /// Whether `meshes` show every feature of the current view (their region covers it).
    bool meshes_cover(const MapMeshes& meshes) const;
    /// Whether the raster of the current view holds the point symbols too: a far-out view with
    /// more than m_raster_points of them.
    bool raster_points() const;
    /// The image in hand shows the current state at the current scale and covers the view.
    bool raster_current() const;
    /// Starts drawing the raster of the current view on a pool thread when it is needed.
    void ensure_raster();
    /// What the raster shows changed (data, styles, layers, background): draw it again.
    void invalidate_raster();
    // Labels (GPU path) and basemap wait until the view settles.
    QTimer m_settle_timer;
    bool m_settled = true;

    // Basemap.
    std::shared_ptr<gridmap::Basemap> m_basemap;
    QString m_basemap_source;
    double m_basemap_opacity = 1.0;
    QImage m_basemap_image;
    QRectF m_basemap_world;
    QFutureWatcher<BasemapImage> m_basemap_watcher;

    // What the last frame showed.
    QString m_render_path;
    bool m_ready = false;
    int m_shown_lod = 0;
    int m_node_count = 0;
    int m_largest_batch = 0;
    struct LabelImage {
        QImage image;
        QTransform view;          ///< world -> pixel of the view it was drawn for
        std::vector<QRect> tiles; ///< the parts of the image (device pixels) with labels
    };
    QFutureWatcher<LabelImage> m_label_watcher;
    QImage m_label_image; ///< the latest label image (GPU path)
    QTransform m_label_view;
    std::vector<QRect> m_label_tiles; ///< LabelImage::tiles of m_label_image
    bool m_labels_current = false;    ///< the GPU label image matches the view
    bool m_labels_dirty = true;       ///< the GPU label image must be drawn again
};

} // namespace gridmap::quick
