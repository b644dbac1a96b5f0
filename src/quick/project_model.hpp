#pragma once

#include "layer_list_model.hpp"
#include "project_reader.hpp"
#include "project_writer.hpp"

#include <gridmap/project.hpp>

#include <QFutureWatcher>
#include <QHash>
#include <QObject>
#include <QString>
#include <QTimer>
#include <QVariantMap>
#include <QtQml/qqmlregistration.h>

#include <exception>
#include <optional>
#include <utility>

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
    Q_PROPERTY(bool saving READ saving NOTIFY savingChanged)

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
    /// Read once per project state and kept until the next edit: opening a project asks for
    /// it several times (the acting person, the window, its dialog), and a city's 100,000 party
    /// groups are scanned for their leaders each time it is read.
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
    /// The writer of the open project (its own read-write connection on the writer thread),
    /// for the edits; nullptr when none is open or it is read-only.
    std::shared_ptr<ProjectWriter> writer() const { return m_writable ? m_writer : nullptr; }
    /// Whether edits handed to the writer (edit()) are still under way.
    bool saving() const { return m_edits_pending > 0; }

    /// Tells the views (map, lists, layer counts, inspect panel) that the project's data
    /// changed: raises revision and emits edited(); the layer counts are read again on the
    /// reader's thread.
    void notify_edited();
    /// The same after an edit whose job read the counts of the layers it changed (`counts`,
    /// from count_layers on the writer): they are shown at once, nothing is read again.
    void notify_edited(const QHash<QString, qint64>& counts);
    /// The rows of the drawn layers among `tables` (all drawn layers when empty), counted by
    /// SQL on `project` (gridmap::count_rows). For jobs on the reader or writer thread.
    static QHash<QString, qint64> count_layers(const gridmap::Project& project,
                                               const QStringList& tables = {});

    /// Runs an edit off the GUI thread: `job(gridmap::Project&)` on the writer thread, then
    /// `done(result)` here on the GUI thread (the models update from the result). `saving` is
    /// true meanwhile. A job that throws, or that could not run (the writer could not connect:
    /// the database is away), is reported by errorOccurred, and to `done` as a result whose
    /// `error` is the message (a result with a QString `error`, or a QString result), so that
    /// the view waiting for it hears the refusal. False (nothing runs) when no project is open
    /// for editing.
    template <typename Job, typename Done> bool edit(Job job, Done done) {
        const std::shared_ptr<ProjectWriter> w = writer();
        if (!w) {
            return false;
        }
        begin_edit();
        using Result = std::invoke_result_t<Job, gridmap::Project&>;
        auto shared_done = std::make_shared<Done>(std::move(done));
        w->run(std::move(job))
            .then(this,
                  [this, shared_done, opened = m_open_generation](Result result) mutable {
                      if (opened == m_open_generation) {
                          (*shared_done)(std::move(result)); // not for a project closed meanwhile
                      }
                      end_edit();
                  })
            .onFailed(this,
                      [this, shared_done, opened = m_open_generation](const std::exception& e) {
                          const QString message = edit_failed(e);
                          if (opened == m_open_generation) {
                              if constexpr (std::is_same_v<Result, QString>) {
                                  (*shared_done)(message);
                              } else if constexpr (requires(Result r) { r.error = message; }) {
                                  Result r{};
                                  r.error = message;
                                  (*shared_done)(std::move(r));
                              }
                          }
                          end_edit();
                      });
        return true;
    }

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
    void savingChanged();

private:
    /// Chooses the acting person of the project just opened (GRIDMAP_USER, then QSettings).
    void choose_actor();
    void set_actor(const QVariantMap& person);
    void set_error(const QString& message);
    /// Stores a settings value when the project is writable; false (errorOccurred) on failure.
    bool store_setting(const char* key, const QString& value);
    /// Stores a settings value through the writer (off the GUI thread); a failure is shown by
    /// errorOccurred when it comes back.
    void store_setting_later(const char* key, const QString& value);
    /// Reads the layer counts on the reader's thread and shows them when they arrive.
    void request_counts(const QStringList& tables = {});
    void begin_edit();
    void end_edit();
    /// Reports a failed edit (errorString, errorOccurred); returns the message.
    QString edit_failed(const std::exception& e);

    std::optional<gridmap::Project> m_project;
    std::shared_ptr<ProjectReader> m_reader;
    std::shared_ptr<ProjectWriter> m_writer;
    int m_edits_pending = 0;
    /// The layer counts read on the reader (request_counts).
    QFutureWatcher<QHash<QString, qint64>> m_counts_watcher;
    bool m_counts_again = false;
    int m_open_generation = 0; ///< raised when a project is opened or closed
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
    mutable std::optional<QVariantList> m_persons; ///< persons(), until the next edit
    QString m_actor;
    QString m_actor_name;
    QString m_actor_roles;
};

} // namespace gridmap::quick
