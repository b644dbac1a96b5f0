#pragma once

#include "layer_list_model.hpp"
#include "project_reader.hpp"

#include <gridmap/project.hpp>

#include <QObject>
#include <QString>
#include <QTimer>
#include <QVariantMap>
#include <QtQml/qqmlregistration.h>

#include <optional>

namespace gridmap::quick {

/// The open Gridmap project for QML: its path, working CRS, schema version, spatial layers and
/// the map's remembered state. Opens read-write when the file is writable (older schemas are
/// migrated, and the layer panel, theme and basemap are stored in its settings table under
/// map.layers, map.theme and map.basemap), read-only otherwise (the state is then kept in
/// memory only). At most one project is open at a time. Errors never escape to QML: every
/// invokable returns false, sets errorString and emits errorOccurred.
class ProjectModel : public QObject {
    Q_OBJECT
    QML_ELEMENT
    Q_PROPERTY(bool isOpen READ isOpen NOTIFY projectChanged)
    Q_PROPERTY(QString path READ path NOTIFY projectChanged)
    Q_PROPERTY(QString fileName READ fileName NOTIFY projectChanged)
    Q_PROPERTY(QString crsName READ crsName NOTIFY projectChanged)
    Q_PROPERTY(int epsg READ epsg NOTIFY projectChanged)
    Q_PROPERTY(int schemaVersion READ schemaVersion NOTIFY projectChanged)
    Q_PROPERTY(QString errorString READ errorString NOTIFY errorStringChanged)
    Q_PROPERTY(gridmap::quick::LayerListModel* layers READ layers CONSTANT)
    Q_PROPERTY(bool writable READ writable NOTIFY projectChanged)
    Q_PROPERTY(QString mapTheme READ mapTheme WRITE setMapTheme NOTIFY mapThemeChanged)
    Q_PROPERTY(
        QString basemapSource READ basemapSource WRITE setBasemapSource NOTIFY basemapSourceChanged)
    Q_PROPERTY(int revision READ revision NOTIFY edited)
    Q_PROPERTY(QString actor READ actor NOTIFY actorChanged)
    Q_PROPERTY(QString actorName READ actorName NOTIFY actorChanged)
    Q_PROPERTY(QString actorRoles READ actorRoles NOTIFY actorChanged)
    Q_PROPERTY(QString connectionMessage READ connectionMessage NOTIFY connectionMessageChanged)

public:
    explicit ProjectModel(QObject* parent = nullptr);
    ~ProjectModel() override;

    bool isOpen() const { return m_project.has_value(); }
    /// Absolute path of the open project file, "" when none is open.
    QString path() const { return m_path; }
    /// File name of the open project without its folder, "" when none is open.
    QString fileName() const;
    /// Name of the working CRS ("CGCS2000 / 3-degree Gauss-Kruger CM 114E").
    QString crsName() const { return m_crs_name; }
    /// EPSG code of the working CRS, 0 when no project is open.
    int epsg() const { return m_epsg; }
    /// Schema version stored in the project, 0 when no project is open.
    int schemaVersion() const { return m_schema_version; }
    /// Message of the last failure, "" after a success.
    QString errorString() const { return m_error; }
    /// A project kept in PostgreSQL whose server went away: the message the window's banner
    /// shows until the server answers again (then the project reloads); "" otherwise.
    QString connectionMessage() const { return m_connection_message; }
    /// The spatial layers of the open project (empty when none is open).
    LayerListModel* layers() const { return m_layers; }
    /// Whether the project was opened read-write (the map's state is then stored in it).
    bool writable() const { return m_writable; }
    /// The map theme remembered by the project ("plain", "coverage", "issues"); "plain" for a
    /// project that remembers none.
    QString mapTheme() const { return m_map_theme; }
    /// Sets and stores the theme; an unknown name is refused with errorOccurred.
    void setMapTheme(const QString& theme);
    /// The basemap (a GDAL raster source) remembered by the project, "" for none.
    QString basemapSource() const { return m_basemap; }
    void setBasemapSource(const QString& source);

    /// How many edits were made since the project was opened: views that show the project's
    /// data bind to it to read again after every change.
    int revision() const { return m_revision; }

    /// The acting person (a person id of the project): who makes the changes of this window.
    /// Chosen when a project opens: GRIDMAP_USER when it names a person of the project, else
    /// the person last chosen for this project (QSettings, keyed by the project's path), else
    /// "" (the window then asks). Every edit of the desktop records it as `by`.
    QString actor() const { return m_actor; }
    QString actorName() const { return m_actor_name; }
    /// The acting person's roles in the user's language ("grid worker, party member"), "" for
    /// none.
    QString actorRoles() const { return m_actor_roles; }
    /// The persons of the project, by id: [{id, name, roles}] (roles as actorRoles; no phone).
    Q_INVOKABLE QVariantList persons() const;
    /// Makes person `id` the acting person and remembers it for this project. False
    /// (errorOccurred) for an id that is not a person of the open project.
    Q_INVOKABLE bool setActor(const QString& id);

    /// The open project for C++ readers (the map), or nullptr. Valid until the next
    /// projectChanged().
    const gridmap::Project* project() const { return m_project ? &*m_project : nullptr; }
    /// The open project for C++ editors (issues, assignments, repairs), or nullptr when none is
    /// open or it is read-only. After a change call notify_edited().
    gridmap::Project* editable_project() { return m_project && m_writable ? &*m_project : nullptr; }
    /// The reader of the open project (its own connection on the worker thread), for the
    /// analysis the views show; nullptr when none is open. Valid until the next
    /// projectChanged() (a job holds it while it runs).
    std::shared_ptr<ProjectReader> reader() const { return m_reader; }
    /// Tells the views (map, lists, layer counts, inspect panel) that the project's data
    /// changed: reads the layer counts again, raises revision and emits edited().
    void notify_edited();

    /// Opens the GeoPackage project at `pathOrUrl` (a local path or a file: URL) read-only and
    /// replaces the open one. On failure returns false, keeps the open project, sets
    /// errorString and emits errorOccurred (missing file, not a Gridmap project, newer schema).
    Q_INVOKABLE bool open(const QString& pathOrUrl);

    /// Closes the open project, if any (storing the layer panel first).
    Q_INVOKABLE void close();

    /// Stores the layer panel (map.layers) now instead of after the short delay that gathers
    /// slider moves. Returns false (errorOccurred) when the write fails; true when there is
    /// nothing to store or the project is read-only.
    Q_INVOKABLE bool saveMapState();

    /// The side panel's content for feature `key` of `layer`: {layer, layerTitle, key, title,
    /// facts: [{field, label, value}]} with labels and known values (states, kinds) in the
    /// user's language. Residents appear as counts only. An empty map (and errorOccurred) for
    /// an unknown feature or layer, or when no project is open.
    Q_INVOKABLE QVariantMap inspect(const QString& layer, const QString& key);

signals:
    /// A project was opened or closed: every property may have changed.
    void projectChanged();
    /// The data of the open project was edited (an issue pinned, an assignment made ...).
    void edited();
    void errorStringChanged();
    /// An invokable failed; `message` is one line for the user.
    void errorOccurred(const QString& message);
    void mapThemeChanged();
    void basemapSourceChanged();
    void actorChanged();
    void connectionMessageChanged();

private:
    /// Chooses the acting person of the project just opened (GRIDMAP_USER, then QSettings).
    void choose_actor();
    void set_actor(const QVariantMap& person);
    void set_error(const QString& message);
    /// Stores a settings value when the project is writable; false (errorOccurred) on failure.
    bool store_setting(const char* key, const QString& value);

    std::optional<gridmap::Project> m_project;
    std::shared_ptr<ProjectReader> m_reader;
    QString m_path;
    QString m_crs_name;
    int m_epsg = 0;
    int m_schema_version = 0;
    QString m_error;
    QString m_connection_message;
    LayerListModel* m_layers = nullptr;
    bool m_writable = false;
    QString m_map_theme = QStringLiteral("plain");
    QString m_basemap;
    QTimer m_save_timer; ///< gathers layer panel changes before they are stored
    /// Polls the project's SQLite data_version once a second: a commit by another program
    /// (requests arriving through `gridmap serve`, a CLI command) is shown at once.
    QTimer m_watch_timer;
    qint64 m_data_version = -1;
    int m_revision = 0;
    QString m_actor;
    QString m_actor_name;
    QString m_actor_roles;
};

} // namespace gridmap::quick
