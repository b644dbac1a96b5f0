#include "project_model.hpp"
#include "error_text.hpp"
#include "gui_timing.hpp"
#include "model_access.hpp"

#include "map_settings.hpp"
#include "map_style.hpp"

#include <gridmap/access.hpp>
#include <gridmap/assign.hpp>
#include <gridmap/changes.hpp>
#include <gridmap/crs.hpp>
#include <gridmap/database_fault.hpp>
#include <gridmap/inspect.hpp>
#include <gridmap/row_counts.hpp>
#include <gridmap/schema.hpp>
#include <gridmap/workorder.hpp>

#include <QCoreApplication>
#include <QFileInfo>
#include <QSettings>
#include <QUrl>
#include <QVariantList>

#include <exception>
#include <functional>
#include <map>
#include <memory>
#include <set>
#include <string>

namespace gridmap::quick {

namespace {

using render::is_drawn_layer;
using render::layer_title;
using render::legend_color;

QString geometry_name(gridmap::GeometryKind kind) {
    switch (kind) {
    case gridmap::GeometryKind::point:
        return QStringLiteral("point");
    case gridmap::GeometryKind::line:
        return QStringLiteral("line");
    case gridmap::GeometryKind::polygon:
        return QStringLiteral("polygon");
    case gridmap::GeometryKind::none:
        break;
    }
    return {};
}

/// The spatial tables the map draws, in schema order.
std::vector<const gridmap::TableDef*> drawn_tables() {
    std::vector<const gridmap::TableDef*> out;
    for (const gridmap::TableDef& def : gridmap::schema_tables()) {
        if (def.geometry != gridmap::GeometryKind::none && is_drawn_layer(def.name)) {
            out.push_back(&def);
        }
    }
    return out;
}

/// The layer panel's rows of the drawn tables, with no count yet (0: the counts are read on
/// the reader's thread, ProjectModel::request_counts).
QList<LayerRow> layer_rows() {
    QList<LayerRow> rows;
    for (const gridmap::TableDef* def : drawn_tables()) {
        const std::string name(def->name);
        LayerRow row;
        row.name = QString::fromStdString(name);
        row.title = layer_title(name);
        row.title_zh = to_qstring(def->title_zh);
        row.geometry = geometry_name(def->geometry);
        row.count = 0;
        row.visible = true;
        row.color = legend_color(name);
        rows.push_back(std::move(row));
    }
    return rows;
}

/// The label of a fact of gridmap::inspect_feature in the user's language (context "Inspect").
QString fact_label(const std::string& field) {
    static const std::pair<const char*, const char*> labels[] = {
        {"number", QT_TRANSLATE_NOOP("Inspect", "Number")},
        {"compound", QT_TRANSLATE_NOOP("Inspect", "Compound")},
        {"cell", QT_TRANSLATE_NOOP("Inspect", "Grid cell")},
        {"kind", QT_TRANSLATE_NOOP("Inspect", "Kind")},
        {"floors", QT_TRANSLATE_NOOP("Inspect", "Floors")},
        {"party_groups", QT_TRANSLATE_NOOP("Inspect", "Party group")},
        {"building_captain", QT_TRANSLATE_NOOP("Inspect", "Building captain")},
        {"unit_captains", QT_TRANSLATE_NOOP("Inspect", "Unit captains")},
        {"units", QT_TRANSLATE_NOOP("Inspect", "Units")},
        {"households", QT_TRANSLATE_NOOP("Inspect", "Households")},
        {"code", QT_TRANSLATE_NOOP("Inspect", "Code")},
        {"community", QT_TRANSLATE_NOOP("Inspect", "Community")},
        {"grid_worker", QT_TRANSLATE_NOOP("Inspect", "Grid worker")},
        {"buildings", QT_TRANSLATE_NOOP("Inspect", "Buildings")},
        {"issues_open", QT_TRANSLATE_NOOP("Inspect", "Open issues")},
        {"issues_total", QT_TRANSLATE_NOOP("Inspect", "All issues")},
        {"compound_captain", QT_TRANSLATE_NOOP("Inspect", "Compound captain")},
        {"street", QT_TRANSLATE_NOOP("Inspect", "Street")},
        {"cells", QT_TRANSLATE_NOOP("Inspect", "Grid cells")},
        {"compounds", QT_TRANSLATE_NOOP("Inspect", "Compounds")},
        {"repair_segments", QT_TRANSLATE_NOOP("Inspect", "Repair segments")},
        {"road", QT_TRANSLATE_NOOP("Inspect", "Road")},
        {"work_type", QT_TRANSLATE_NOOP("Inspect", "Work")},
        {"state", QT_TRANSLATE_NOOP("Inspect", "State")},
        {"start_date", QT_TRANSLATE_NOOP("Inspect", "Start")},
        {"end_date", QT_TRANSLATE_NOOP("Inspect", "End")},
        {"length_m", QT_TRANSLATE_NOOP("Inspect", "Length (m)")},
        {"category", QT_TRANSLATE_NOOP("Inspect", "Category")},
        {"small_class", QT_TRANSLATE_NOOP("Inspect", "Class")},
        {"address", QT_TRANSLATE_NOOP("Inspect", "Address")},
        {"text", QT_TRANSLATE_NOOP("Inspect", "Description")},
        {"reported_at", QT_TRANSLATE_NOOP("Inspect", "Reported")},
        {"deadline", QT_TRANSLATE_NOOP("Inspect", "Deadline")},
        {"assignee", QT_TRANSLATE_NOOP("Inspect", "Assignee")},
    };
    for (const auto& [id, text] : labels) {
        if (field == id) {
            return QCoreApplication::translate("Inspect", text);
        }
    }
    return QString::fromStdString(field);
}

/// Coded values (states, kinds) in the user's language (gridmap/terms.hpp); others as they are.
QString fact_value(const QString& layer, const std::string& field, const std::string& value) {
    using gridmap::Vocabulary;
    if (field == "reported_at" || field == "deadline" || field == "updated_at") {
        return beijing_time_text(QString::fromStdString(value));
    }
    if (field == "state") {
        return render::term_text(layer == QLatin1String("repair_segment") ? Vocabulary::repair_state
                                                                          : Vocabulary::issue_state,
                                 value);
    }
    if (field == "kind") {
        return render::term_text(layer == QLatin1String("road") ? Vocabulary::road_kind
                                 : layer == QLatin1String("service_point")
                                     ? Vocabulary::service_kind
                                     : Vocabulary::building_kind,
                                 value);
    }
    return QString::fromStdString(value);
}

/// Roles in the user's language, in a fixed order, joined by ", ".
QString role_titles(const std::set<std::string>& roles) {
    static const std::pair<const char*, const char*> titles[] = {
        {"grid_worker", QT_TRANSLATE_NOOP("Roles", "grid worker")},
        {"compound_captain", QT_TRANSLATE_NOOP("Roles", "compound captain")},
        {"building_captain", QT_TRANSLATE_NOOP("Roles", "building captain")},
        {"unit_captain", QT_TRANSLATE_NOOP("Roles", "unit captain")},
        {"party_group_leader", QT_TRANSLATE_NOOP("Roles", "party group leader")},
        {"party_member", QT_TRANSLATE_NOOP("Roles", "party member")},
    };
    QStringList out;
    std::set<std::string> known;
    for (const auto& [role, title] : titles) {
        known.insert(role);
        if (roles.count(role) != 0) {
            out << QCoreApplication::translate("Roles", title);
        }
    }
    for (const std::string& role : roles) {
        if (known.count(role) == 0) {
            out << QString::fromStdString(role);
        }
    }
    return out.join(QStringLiteral(", "));
}

/// The QSettings key of the acting person of the project at `path` (absolute).
QString actor_key(const QString& path) {
    return QStringLiteral("actingPerson/") + QString::fromLatin1(QUrl::toPercentEncoding(path));
}

/// The writer's job that stores one setting of the project: "" when stored; a refusal throws
/// (edit answers with its message, store_setting catches it).
std::function<QString(gridmap::Project&)> setting_job(const char* key, const QString& value) {
    return [key = std::string(key), value = value.toStdString()](gridmap::Project& p) -> QString {
        p.set_setting(key, value);
        return {};
    };
}

} // namespace

ProjectModel::ProjectModel(QObject* parent) : QObject(parent), m_layers(new LayerListModel(this)) {
    // A project kept in PostgreSQL: another editor's commit shows within a second or two.
    // When the server goes away the message says so, and goes when it is back.
    auto* watch = new QTimer(this);
    watch->setInterval(1000);
    const auto set_connection_message = [this](const QString& message) {
        if (m_connection_message != message) {
            m_connection_message = message;
            emit connectionMessageChanged();
        }
    };
    connect(watch, &QTimer::timeout, this, [this, set_connection_message] {
        if (!m_project) {
            set_connection_message({});
            return;
        }
        try {
            if (gridmap::poll_changes(*m_project)) {
                if (!m_connection_message.isEmpty()) {
                    set_connection_message({});
                    set_error({});
                }
                notify_edited();
            }
        } catch (const gridmap::ConnectionLostError& e) {
            set_connection_message(error_text(e));
            set_error(error_text(e));
        } catch (const std::exception& e) {
            set_error(error_text(e));
        }
    });
    watch->start();
    m_save_timer.setSingleShot(true);
    m_save_timer.setInterval(400);
    connect(&m_save_timer, &QTimer::timeout, this, [this] {
        if (m_project) {
            // Not waited for: a slider's moves are stored off the GUI thread.
            store_setting_later(render::layers_setting,
                                render::layer_states_to_json(m_layers->states()));
        }
    });
    m_watch_timer.setInterval(1000);
    connect(&m_watch_timer, &QTimer::timeout, this, [this] {
        if (!m_project || m_edits_pending > 0) {
            return; // an edit of ours under way: its own refresh reads what came meanwhile
        }
        try {
            const qint64 v = gridmap::external_data_version(*m_project);
            if (v != m_data_version) {
                m_data_version = v;
                notify_edited(); // another program committed: the map and lists read again
            }
        } catch (const std::exception&) {
            // the project is busy or gone: try again at the next tick
        }
    });
    connect(&m_counts_watcher, &QFutureWatcher<QHash<QString, qint64>>::finished, this, [this] {
        QFuture<QHash<QString, qint64>> future = m_counts_watcher.future();
        QHash<QString, qint64> counts;
        try {
            counts = future.resultCount() > 0 ? future.takeResult() : QHash<QString, qint64>{};
        } catch (const std::exception& e) {
            set_error(error_text(e));
        }
        if (m_counts_watcher.property("generation").toInt() == m_open_generation) {
            m_layers->set_counts(counts);
        }
        if (m_counts_again) {
            request_counts(); // an edit came meanwhile
        }
    });
    connect(m_layers, &LayerListModel::stateChanged, this, [this] {
        if (m_writable) {
            m_save_timer.start();
        }
    });
}

ProjectModel::~ProjectModel() {
    if (m_save_timer.isActive()) {
        m_save_timer.stop();
        saveMapState();
    }
    m_counts_watcher.disconnect(this);
    if (m_writer) {
        // The edits handed over are finished before the window goes (their results are not
        // shown any more).
        m_writer->finish();
    }
}

void ProjectModel::store_setting_later(const char* key, const QString& value) {
    edit(setting_job(key, value), [this](const QString& error) {
        if (!error.isEmpty()) {
            setting_not_stored(error);
        }
    });
}

bool ProjectModel::store_setting(const char* key, const QString& value) {
    if (!m_project || !m_writable) {
        return true;
    }
    // Through the writer (every write of the desktop goes through its one connection), and
    // waited for: the caller (Save, closing the project) wants it stored.
    QString error;
    try {
        error = m_writer->run_and_wait(setting_job(key, value));
    } catch (const std::exception& e) {
        error = error_text(e);
    }
    if (error.isEmpty()) {
        return true;
    }
    setting_not_stored(error);
    return false;
}

void ProjectModel::setting_not_stored(const QString& error) {
    const QString message = tr("Cannot store the map settings in the project: %1").arg(error);
    set_error(message);
    emit errorOccurred(message);
}

bool ProjectModel::saveMapState() {
    m_save_timer.stop();
    if (!m_project) {
        return true;
    }
    return store_setting(render::layers_setting, render::layer_states_to_json(m_layers->states()));
}

void ProjectModel::setMapTheme(const QString& theme) {
    GuiTiming timing("ProjectModel::setMapTheme");
    render::Theme t = render::Theme::plain;
    if (!render::theme_from_name(theme, t)) {
        const QString message = tr("No map theme called '%1'.").arg(theme);
        set_error(message);
        emit errorOccurred(message);
        return;
    }
    if (m_map_theme == theme) {
        return;
    }
    m_map_theme = theme;
    store_setting_later(render::theme_setting, theme);
    emit mapThemeChanged();
}

void ProjectModel::setBasemapSource(const QString& source) {
    if (m_basemap == source) {
        return;
    }
    m_basemap = source;
    store_setting_later(render::basemap_setting, source);
    emit basemapSourceChanged();
}

QVariantMap ProjectModel::inspect(const QString& layer, const QString& key) {
    const auto fail = [this](const QString& message) {
        set_error(message);
        emit errorOccurred(message);
        return QVariantMap();
    };
    if (!m_project) {
        return fail(tr("No project is open."));
    }
    try {
        const auto facts =
            gridmap::inspect_feature(*m_project, layer.toStdString(), key.toStdString());
        if (!facts) {
            return fail(tr("No feature '%1' in layer '%2'.").arg(key, layer));
        }
        QVariantList list;
        for (const gridmap::Fact& f : facts->facts) {
            list.push_back(QVariantMap{{"field", QString::fromStdString(f.field)},
                                       {"label", fact_label(f.field)},
                                       {"value", fact_value(layer, f.field, f.value)}});
        }
        return {{"layer", layer},
                {"layerTitle", layer_title(layer.toStdString())},
                {"key", key},
                {"title", QString::fromStdString(facts->title)},
                {"facts", list}};
    } catch (const std::exception& e) {
        return fail(error_text(e));
    }
}

void ProjectModel::notify_edited() {
    GuiTiming timing("ProjectModel::notify_edited");
    m_persons.reset();
    request_counts();
    ++m_revision;
    emit edited();
}

void ProjectModel::notify_edited(const QHash<QString, qint64>& counts) {
    GuiTiming timing("ProjectModel::notify_edited(counts)");
    m_persons.reset();
    m_layers->set_counts(counts);
    ++m_revision;
    emit edited();
}

QHash<QString, qint64> ProjectModel::count_layers(const gridmap::Project& project,
                                                  const QStringList& tables) {
    std::vector<std::string> names;
    for (const gridmap::TableDef* def : drawn_tables()) {
        const QString name = to_qstring(def->name);
        if (tables.isEmpty() || tables.contains(name)) {
            names.emplace_back(def->name);
        }
    }
    const std::vector<std::int64_t> counts = gridmap::count_rows(project, names);
    QHash<QString, qint64> out;
    for (std::size_t i = 0; i < names.size(); ++i) {
        out.insert(QString::fromStdString(names[i]), counts[i]);
    }
    return out;
}

void ProjectModel::request_counts(const QStringList& tables) {
    if (!m_reader) {
        return;
    }
    if (m_counts_watcher.isRunning()) {
        m_counts_again = true; // read once more when the one under way is done
        return;
    }
    m_counts_again = false;
    m_counts_watcher.setProperty("generation", m_open_generation);
    m_counts_watcher.setFuture(
        m_reader->run([tables](const gridmap::Project& p) { return count_layers(p, tables); }));
}

void ProjectModel::begin_edit() {
    if (m_edits_pending++ == 0) {
        emit savingChanged();
    }
}

void ProjectModel::end_edit() {
    if (m_project && m_watch_timer.isActive()) {
        // The writer's commits are not another program's: the data version moves on without
        // a second refresh (this one, or the edit's own notify_edited, reads them).
        try {
            m_data_version = gridmap::external_data_version(*m_project);
        } catch (const std::exception&) {
            // busy: the next tick compares again
        }
    }
    if (--m_edits_pending == 0) {
        emit savingChanged();
    }
}

QVariantList ProjectModel::persons() const {
    if (m_persons) {
        return *m_persons;
    }
    GuiTiming timing("ProjectModel::persons");
    QVariantList out;
    if (!m_project) {
        return out;
    }
    try {
        const auto roles = gridmap::person_roles(*m_project);
        for (const gridmap::NamedEntry& e : gridmap::list_people(*m_project)) {
            const auto it = roles.find(e.id);
            out.push_back(
                QVariantMap{{"id", QString::fromStdString(e.id)},
                            {"name", QString::fromStdString(e.name)},
                            {"roles", it != roles.end() ? role_titles(it->second) : QString()}});
        }
    } catch (const std::exception&) {
        // A project without a person table has nobody to list.
    }
    m_persons = out;
    return out;
}

void ProjectModel::set_actor(const QVariantMap& person) {
    const QString id = person.value(QStringLiteral("id")).toString();
    const QString name = person.value(QStringLiteral("name")).toString();
    const QString roles = person.value(QStringLiteral("roles")).toString();
    if (id == m_actor && name == m_actor_name && roles == m_actor_roles) {
        return;
    }
    m_actor = id;
    m_actor_name = name;
    m_actor_roles = roles;
    emit actorChanged();
}

bool ProjectModel::setActor(const QString& id) {
    if (m_project) {
        try {
            gridmap::require_acting_person(*m_project, id.trimmed().toStdString());
        } catch (const std::exception& e) {
            const QString message = error_text(e);
            set_error(message);
            emit errorOccurred(message);
            return false;
        }
    }
    for (const QVariant& v : persons()) {
        const QVariantMap person = v.toMap();
        if (person.value(QStringLiteral("id")).toString() == id.trimmed()) {
            QSettings().setValue(actor_key(m_path), person.value(QStringLiteral("id")));
            set_actor(person);
            set_error({});
            return true;
        }
    }
    const QString message = tr("'%1' is not a person of this project.").arg(id);
    set_error(message);
    emit errorOccurred(message);
    return false;
}

void ProjectModel::choose_actor() {
    const QString forced = qEnvironmentVariable("GRIDMAP_USER").trimmed();
    const QString remembered = QSettings().value(actor_key(m_path)).toString();
    const QVariantList people = persons();
    const auto find = [&people](const QString& id) {
        for (const QVariant& v : people) {
            if (v.toMap().value(QStringLiteral("id")).toString() == id) {
                return v.toMap();
            }
        }
        return QVariantMap();
    };
    // A GRIDMAP_USER that names nobody of this project is passed over: the window asks.
    QVariantMap person = forced.isEmpty() ? QVariantMap() : find(forced);
    if (person.isEmpty() && !remembered.isEmpty()) {
        person = find(remembered);
    }
    set_actor(person);
}

QString ProjectModel::fileName() const {
    return m_path.isEmpty() ? QString() : QFileInfo(m_path).fileName();
}

bool ProjectModel::open(const QString& pathOrUrl) {
    GuiTiming timing("ProjectModel::open");
    const auto fail = [this](const QString& message) {
        set_error(message);
        emit errorOccurred(message);
        return false;
    };
    try {
        // A project kept in PostgreSQL: postgresql://USER@HOST:PORT/DB?schema=NAME or PG:...
        const QString trimmed = pathOrUrl.trimmed();
        const bool database = trimmed.startsWith(QStringLiteral("postgresql://")) ||
                              trimmed.startsWith(QStringLiteral("postgres://")) ||
                              trimmed.startsWith(QStringLiteral("PG:"), Qt::CaseInsensitive);
        const QString file = database ? trimmed : local_path(pathOrUrl);
        if (file.isEmpty()) {
            return fail(tr("No project file given."));
        }
        if (!database && !QFileInfo(file).isFile()) {
            return fail(tr("%1: no such file").arg(file));
        }
        // Everything is read before anything changes, so a failure leaves the model as it was.
        // Read-write, so that an older schema is migrated; a file we may not write is still
        // shown, read-only.
        const bool writable = database || QFileInfo(file).isWritable();
        std::optional<GuiTiming> step(std::in_place, "ProjectModel::open Project::open");
        gridmap::Project project = gridmap::Project::open(
            file.toStdString(),
            writable ? gridmap::Project::Access::read_write : gridmap::Project::Access::read_only);
        // No layer count and no extent here (GDAL counts a table without a stored count row by
        // row: the households of a city took a third of a second): the counts are read on the
        // reader's thread below.
        step.emplace("ProjectModel::open crs");
        const int epsg = project.epsg();
        const int schema_version = project.schema_version();
        const QString crs = render::crs_display_name(epsg);
        step.emplace("ProjectModel::open settings");
        QList<LayerRow> rows = layer_rows();
        // The map's state as the project remembers it.
        if (auto json = project.setting(render::layers_setting)) {
            const auto states = render::layer_states_from_json(QString::fromStdString(*json));
            for (LayerRow& row : rows) {
                if (auto it = states.find(row.name); it != states.end()) {
                    row.visible = it->visible;
                    row.opacity = it->opacity;
                }
            }
        }
        QString theme = QStringLiteral("plain");
        if (auto stored = project.setting(render::theme_setting)) {
            render::Theme t = render::Theme::plain;
            if (render::theme_from_name(QString::fromStdString(*stored), t)) {
                theme = render::theme_name(t);
            }
        }
        const QString basemap =
            QString::fromStdString(project.setting(render::basemap_setting).value_or(""));

        if (m_save_timer.isActive()) {
            saveMapState(); // the old project's panel
        }
        if (m_writer) {
            // The old project's edits are stored before it goes (opened again, it shows them).
            m_writer->finish();
        }
        m_project.reset();
        m_persons.reset();
        m_project.emplace(std::move(project));
        m_path = database ? file : QFileInfo(file).absoluteFilePath();
        if (database) {
            m_watch_timer.stop(); // a database tells its changes (poll_changes above)
        } else {
            m_data_version = gridmap::external_data_version(*m_project);
            m_watch_timer.start();
        }
        m_reader = ProjectReader::create(m_path);
        m_writer = ProjectWriter::create(m_path);
        ++m_open_generation;
        m_counts_watcher.setProperty("generation", -1); // the old project's counts are dropped
        m_counts_again = false;
        if (epsg > 0) {
            // The CRS's usable extent (kept for the process), which the first pinned issue
            // checks its place against: PROJ takes tens of milliseconds to work it out, here on
            // the reader's thread instead of the GUI thread at that first pin.
            (void)m_reader->run([epsg](const gridmap::Project&) {
                try {
                    gridmap::usable_extent(epsg);
                } catch (const std::exception&) {
                    // an unusable CRS is refused where it is used
                }
                return 0;
            });
        }
        m_crs_name = crs;
        m_epsg = epsg;
        m_schema_version = schema_version;
        m_writable = writable;
        const bool theme_changed = m_map_theme != theme;
        const bool basemap_changed = m_basemap != basemap;
        m_map_theme = theme;
        m_basemap = basemap;
        step.emplace("ProjectModel::open layers");
        m_layers->set_rows(std::move(rows));
        m_revision = 0;
        set_error({});
        if (!m_connection_message.isEmpty()) { // the banner was about the project before
            m_connection_message.clear();
            emit connectionMessageChanged();
        }
        step.emplace("ProjectModel::open choose_actor");
        choose_actor();
        request_counts(); // first on the reader, before the views' reads of projectChanged
        step.emplace("ProjectModel::open projectChanged");
        emit projectChanged();
        step.reset();
        if (theme_changed) {
            emit mapThemeChanged();
        }
        if (basemap_changed) {
            emit basemapSourceChanged();
        }
        return true;
    } catch (const std::exception& e) {
        return fail(error_text(e));
    } catch (...) {
        return fail(tr("Unknown error while opening %1").arg(pathOrUrl));
    }
}

void ProjectModel::close() {
    if (!m_project) {
        return;
    }
    if (m_save_timer.isActive()) {
        saveMapState();
    }
    m_watch_timer.stop();
    if (m_writer) {
        // The edits handed over are stored before the project goes (opened again, it shows
        // them).
        m_writer->finish();
    }
    m_project.reset();
    m_persons.reset();
    m_reader.reset();
    m_writer.reset();
    ++m_open_generation;
    m_writable = false;
    m_path.clear();
    m_crs_name.clear();
    m_epsg = 0;
    m_schema_version = 0;
    m_layers->set_rows({});
    set_actor({});
    emit projectChanged();
}

void ProjectModel::set_error(const QString& message) {
    if (m_error != message) {
        m_error = message;
        emit errorStringChanged();
    }
}

} // namespace gridmap::quick
