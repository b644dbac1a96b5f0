#include "assign_model.hpp"
#include "gui_timing.hpp"
#include "model_access.hpp"
#include "worker_thread.hpp"

#include <gridmap/assign.hpp>
#include <gridmap/workorder.hpp>

#include <QPainterPath>
#include <QPolygonF>
#include <QtConcurrent/QtConcurrentRun>

#include <algorithm>
#include <exception>

namespace gridmap::quick {

namespace {

const QString building_layer = QStringLiteral("building");

QVariantList named_list(const std::vector<gridmap::NamedEntry>& entries) {
    QVariantList out;
    for (const gridmap::NamedEntry& e : entries) {
        out.push_back(QVariantMap{{"id", QString::fromStdString(e.id)},
                                  {"name", QString::fromStdString(e.name)}});
    }
    return out;
}

} // namespace

AssignModel::AssignModel(QObject* parent) : ProjectTool(parent) {
    connect(&m_lists_watcher, &QFutureWatcher<Lists>::finished, this, [this] {
        QFuture<Lists> future = m_lists_watcher.future();
        if (m_lists_watcher.property("generation").toInt() != m_lists_generation ||
            future.resultCount() == 0) {
            return; // another project's
        }
        GuiTiming timing("AssignModel lists arrived");
        Lists lists = future.takeResult();
        m_party_groups = std::move(lists.party_groups);
        m_people = std::move(lists.people);
        m_log = std::move(lists.log);
        emit listsChanged();
        emit historyChanged();
    });
}

void AssignModel::project_reset() {
    set_saving(false); // a change of the project before (its answer is not shown)
    m_session.clear();
    m_undo_counts.clear();
    clearSelection();
    read_lists();
    emit listsChanged();
    emit historyChanged();
}

void AssignModel::map_set(MapItem* map) {
    if (map != nullptr) {
        connect(map, &MapItem::featuresChanged, this, &AssignModel::update_figures);
    }
    update_figures();
}

void AssignModel::update_figures() {
    // Counted on a pool thread from the map's data (immutable, shared): a city's million
    // buildings took a third of a second on the GUI thread.
    struct Figures {
        int residential = 0;
        int party_group = 0;
        int captain = 0;
    };
    const int generation = ++m_figures_generation;
    const auto apply = [this, generation](Figures f) {
        if (generation != m_figures_generation) {
            return; // the map has newer data
        }
        if (f.residential != m_residential || f.party_group != m_party_group ||
            f.captain != m_captain) {
            m_residential = f.residential;
            m_party_group = f.party_group;
            m_captain = f.captain;
            emit figuresChanged();
        }
    };
    const auto data = map_data(m_map);
    if (!data) {
        apply({});
        return;
    }
    QtConcurrent::run(&work_pool(), [data] {
        Figures f;
        for (const gridmap::BuildingTheme& b : data->theme.buildings) {
            if (b.coverage() == gridmap::BuildingCoverage::not_required) {
                continue;
            }
            ++f.residential;
            f.party_group += b.has_party_group ? 1 : 0;
            f.captain += b.has_captain ? 1 : 0;
        }
        return f;
    }).then(this, apply);
}

QString AssignModel::clickAt(double x, double y, bool toggle) {
    const auto data = map_data(m_map);
    const render::MapLayer* layer = data ? data->layer(building_layer) : nullptr;
    if (layer == nullptr) {
        return {};
    }
    const MapItem* map = m_map.data();
    if (map == nullptr) {
        return {};
    }
    const QPointF world = map->view().to_world(QPointF(x, y));
    QString hit;
    for (const render::MapFeature& f : layer->features) {
        if (f.bounds.contains(world) && f.path.contains(world)) {
            hit = f.key;
            break;
        }
    }
    if (toggle) {
        if (hit.isEmpty()) {
            return {};
        }
        if (!m_selection.removeOne(hit)) {
            m_selection.push_back(hit);
        }
    } else {
        m_selection = hit.isEmpty() ? QStringList() : QStringList{hit};
    }
    emit selectionChanged();
    return hit;
}

int AssignModel::selectInPolygon(const QVariantList& points, bool add) {
    const auto data = map_data(m_map);
    const render::MapLayer* layer = data ? data->layer(building_layer) : nullptr;
    if (layer == nullptr || points.size() < 3) {
        return 0;
    }
    QPolygonF polygon;
    for (const QVariant& p : points) {
        polygon.push_back(p.toPointF() - data->origin);
    }
    QPainterPath lasso;
    lasso.addPolygon(polygon);
    lasso.closeSubpath();
    if (!add) {
        m_selection.clear();
    }
    int met = 0;
    for (const render::MapFeature& f : layer->features) {
        if (f.bounds.intersects(lasso.boundingRect()) && f.path.intersects(lasso)) {
            ++met;
            if (!m_selection.contains(f.key)) {
                m_selection.push_back(f.key);
            }
        }
    }
    emit selectionChanged();
    return met;
}

void AssignModel::setSelection(const QStringList& ids) {
    const auto data = map_data(m_map);
    const render::MapLayer* layer = data ? data->layer(building_layer) : nullptr;
    QStringList known;
    for (const QString& id : ids) {
        if (layer != nullptr && layer->index_of(id) >= 0 && !known.contains(id)) {
            known.push_back(id);
        }
    }
    m_selection = known;
    emit selectionChanged();
}

void AssignModel::clearSelection() {
    if (!m_selection.isEmpty()) {
        m_selection.clear();
        emit selectionChanged();
    }
}

namespace {

QVariantList log_of(const gridmap::Project& p);

/// Party groups, people and the log, read on the project's reader thread.
AssignModel::Lists read_lists_of(const gridmap::Project& p) {
    AssignModel::Lists out;
    try {
        out.party_groups = named_list(gridmap::list_party_groups(p));
    } catch (const std::exception&) {
        // No party group table yet: nothing to list.
    }
    try {
        out.people = named_list(gridmap::list_people(p));
    } catch (const std::exception&) {
        // No person table yet: nobody to list.
    }
    out.log = log_of(p);
    return out;
}

} // namespace

void AssignModel::read_lists() {
    ++m_lists_generation;
    m_party_groups.clear();
    m_people.clear();
    m_log.clear();
    const ProjectModel* model = m_project.data();
    const std::shared_ptr<ProjectReader> reader = model != nullptr ? model->reader() : nullptr;
    if (!reader) {
        return;
    }
    // A city has tens of thousands of party groups: read on the reader's thread, shown when
    // they arrive (listsChanged).
    m_lists_watcher.setProperty("generation", m_lists_generation);
    m_lists_watcher.setFuture(
        reader->run([](const gridmap::Project& p) { return read_lists_of(p); }));
}

namespace {

/// The latest assignment events, newest first (at most 100), for the panel's log.
QVariantList log_of(const gridmap::Project& p) {
    QVariantList log;
    try {
        const auto events = gridmap::assignment_events(p);
        const std::size_t first = events.size() > 100 ? events.size() - 100 : 0;
        for (std::size_t i = events.size(); i-- > first;) {
            const gridmap::AssignmentEventRecord& e = events[i];
            log.push_back(QVariantMap{
                {"at", beijing_time(e.at, QStringLiteral("yyyy-MM-dd HH:mm:ss"))},
                {"by", QString::fromStdString(e.by)},
                {"action", e.action == gridmap::AssignAction::assign ? QStringLiteral("assign")
                                                                     : QStringLiteral("unassign")},
                {"role", QString::fromStdString(e.role)},
                {"person", QString::fromStdString(e.person)},
                {"target", QString::fromStdString(e.target)},
                {"note", QString::fromStdString(e.note)},
                {"text", QString::fromStdString(gridmap::assignment_event_text(e))},
                {"session", QString::fromStdString(e.session)}});
        }
    } catch (const std::exception&) {
        // An older project without the log table: an empty log.
    }
    return log;
}

/// What the writer's job of assign or undo gives back.
struct AssignDone {
    QString error;        ///< refused: nothing written
    bool nothing = false; ///< the selection reaches nothing the role applies to
    QString session;
    std::size_t assigned = 0;
    QVariantList log; ///< read after the change
};

} // namespace

bool AssignModel::edit_refused(const QString& error) {
    set_saving(false);
    if (error.isEmpty()) {
        return false;
    }
    emit editFailed(error);
    fail(error);
    return true;
}

void AssignModel::edit_stored(QVariantList log) {
    set_error({});
    m_log = std::move(log);
    emit historyChanged();
    if (ProjectModel* m = m_project.data(); m != nullptr) {
        m->notify_edited(QHash<QString, qint64>{}); // no layer's count changed
    }
}

void AssignModel::set_saving(bool saving) {
    if (m_saving != saving) {
        m_saving = saving;
        emit savingChanged();
    }
}

bool AssignModel::assign(const QString& role, const QString& who, const QString& by) {
    GuiTiming timing("AssignModel::assign");
    ProjectModel* model = m_project.data();
    if (model == nullptr || !model->writer()) {
        return fail(tr("No project is open for editing."));
    }
    if (m_selection.isEmpty()) {
        return fail(tr("Select buildings on the map first (click, shift-click or lasso)."));
    }
    if (who.trimmed().isEmpty()) {
        return fail(tr("Choose whom to assign."));
    }
    if (m_saving) {
        return fail(tr("The last change is still being saved."));
    }
    std::vector<std::string> buildings;
    for (const QString& b : m_selection) {
        buildings.push_back(b.toStdString());
    }
    gridmap::AssignOptions options;
    options.by = by_or_actor(by, m_project);
    options.session = m_session.toStdString();
    set_saving(true);
    model->edit(
        [role = role.toStdString(), person = who.trimmed().toStdString(), buildings,
         options](gridmap::Project& p) {
            // A refusal of the library throws: ProjectModel::edit gives it to the answer as
            // AssignDone::error.
            AssignDone out;
            // The selected buildings, or what the role reaches from them: their compounds,
            // cells, units or households.
            std::vector<gridmap::AssignmentChange> changes;
            for (std::string& target : gridmap::targets_of_buildings(p, role, buildings)) {
                gridmap::AssignmentChange c;
                c.role = role;
                c.person = person;
                c.target = std::move(target);
                changes.push_back(std::move(c));
            }
            if (changes.empty()) {
                out.nothing = true;
                return out;
            }
            const gridmap::AssignResult r = gridmap::apply_assignments(p, changes, options);
            out.session = QString::fromStdString(r.session);
            out.assigned = r.assigned;
            out.log = log_of(p);
            return out;
        },
        [this](AssignDone r) {
            if (r.nothing) {
                r.error = tr("The selected buildings have nothing this role applies to (no "
                             "compound, cell, units or households).");
            }
            if (edit_refused(r.error)) {
                return;
            }
            m_session = r.session;
            if (r.assigned > 0) {
                m_undo_counts.push_back(r.assigned);
            }
            edit_stored(std::move(r.log));
        });
    return true;
}

bool AssignModel::undo() {
    ProjectModel* model = m_project.data();
    if (model == nullptr || !model->writer()) {
        return fail(tr("No project is open for editing."));
    }
    if (m_undo_counts.empty()) {
        return fail(tr("Nothing to undo in this session."));
    }
    if (m_saving) {
        return fail(tr("The last change is still being saved."));
    }
    gridmap::AssignOptions options;
    options.by = acting_person(m_project).toStdString();
    set_saving(true);
    model->edit(
        [session = m_session.toStdString(), n = m_undo_counts.back(),
         options](gridmap::Project& p) {
            gridmap::undo_assignments(p, session, n, options); // a refusal throws (edit)
            AssignDone out;
            out.log = log_of(p);
            return out;
        },
        [this](AssignDone r) {
            if (edit_refused(r.error)) {
                return;
            }
            m_undo_counts.pop_back();
            edit_stored(std::move(r.log));
        });
    return true;
}

} // namespace gridmap::quick
