#include "issue_model.hpp"
#include "error_text.hpp"
#include "gui_timing.hpp"
#include "map_style.hpp"
#include "model_access.hpp"

#include <QCoreApplication>
#include <QFile>
#include <QFileInfo>
#include <QMimeDatabase>
#include <QRegularExpression>
#include <QUrl>

#include <gridmap/error.hpp>

#include <algorithm>
#include <cmath>
#include <ctime>
#include <exception>
#include <map>
#include <optional>
#include <set>
#include <tuple>

namespace gridmap::quick {

namespace {

std::int64_t now_seconds() {
    return static_cast<std::int64_t>(std::time(nullptr));
}

/// Whether a row shows the same values (a diff of the list changes only the rows that differ).
bool same_row(const gridmap::IssueRecord& a, const gridmap::IssueRecord& b) {
    return a.id == b.id && a.category == b.category && a.small_class == b.small_class &&
           a.text == b.text && a.state == b.state && a.cell == b.cell && a.assignee == b.assignee &&
           a.assignee_name == b.assignee_name && a.reporter == b.reporter && a.rating == b.rating &&
           a.reported_at == b.reported_at && a.deadline == b.deadline &&
           a.updated_at == b.updated_at && a.address == b.address && a.x == b.x && a.y == b.y;
}

} // namespace

IssueModel::IssueModel(QObject* parent) : QAbstractListModel(parent) {
    connect(&m_load_watcher, &QFutureWatcher<std::vector<gridmap::IssueRecord>>::finished, this,
            [this] {
                QFuture<std::vector<gridmap::IssueRecord>> future = m_load_watcher.future();
                std::vector<gridmap::IssueRecord> rows;
                QString error;
                try {
                    if (future.resultCount() > 0) {
                        rows = future.takeResult();
                    }
                } catch (const std::exception& e) {
                    error = error_text(e);
                }
                if (m_load_again) {
                    start_load(); // an edit came meanwhile: read the newer state
                    return;
                }
                if (m_load_watcher.property("generation").toInt() == m_load_generation) {
                    if (error.isEmpty()) {
                        GuiTiming timing("IssueModel apply list");
                        m_all = std::move(rows);
                        apply_filter();
                    } else {
                        set_error(error);
                    }
                }
                m_loading = false;
                emit loadingChanged();
            });
}

void IssueModel::setProject(ProjectModel* project) {
    if (m_project == project) {
        return;
    }
    if (m_project) {
        disconnect(m_project, nullptr, this, nullptr);
    }
    m_project = project;
    if (project != nullptr) {
        connect(project, &ProjectModel::projectChanged, this, [this] {
            // Another project (or none): nothing of the old one stays listed meanwhile.
            ++m_load_generation;
            m_all.clear();
            apply_filter();
            reload();
        });
        connect(project, &ProjectModel::edited, this, &IssueModel::reload);
    }
    ++m_load_generation;
    m_all.clear();
    apply_filter();
    emit projectChanged();
    reload();
}

void IssueModel::setStateFilter(const QString& v) {
    if (m_state != v) {
        m_state = v;
        emit filterChanged();
        apply_filter();
    }
}

void IssueModel::setCategoryFilter(const QString& v) {
    if (m_category != v) {
        m_category = v;
        emit filterChanged();
        apply_filter();
    }
}

void IssueModel::setCellFilter(const QString& v) {
    if (m_cell != v) {
        m_cell = v;
        emit filterChanged();
        apply_filter();
    }
}

void IssueModel::setAssigneeFilter(const QString& v) {
    if (m_assignee != v) {
        m_assignee = v;
        emit filterChanged();
        apply_filter();
    }
}

void IssueModel::reload() {
    const ProjectModel* model = m_project.data();
    const std::shared_ptr<ProjectReader> reader = model != nullptr ? model->reader() : nullptr;
    if (!reader) {
        ++m_load_generation;
        m_all.clear();
        apply_filter();
        return;
    }
    if (!m_loading) {
        m_loading = true;
        emit loadingChanged();
    }
    if (m_load_watcher.isRunning()) {
        m_load_again = true; // the finished handler reads once more
        return;
    }
    start_load();
}

void IssueModel::start_load() {
    m_load_again = false;
    const ProjectModel* model = m_project.data();
    const std::shared_ptr<ProjectReader> reader = model != nullptr ? model->reader() : nullptr;
    if (!reader) {
        m_loading = false;
        emit loadingChanged();
        return;
    }
    m_load_watcher.setProperty("generation", m_load_generation);
    m_load_watcher.setFuture(reader->run([](const gridmap::Project& p) {
        gridmap::IssueFilter all;
        all.lonlat = false; // not shown
        return gridmap::list_issues(p, all);
    }));
}

void IssueModel::apply_filter() {
    std::vector<gridmap::IssueRecord> rows;
    for (const gridmap::IssueRecord& r : m_all) {
        if ((!m_state.isEmpty() && to_qstring(gridmap::to_string(r.state)) != m_state) ||
            (!m_category.isEmpty() && QString::fromStdString(r.category) != m_category) ||
            (!m_cell.isEmpty() && QString::fromStdString(r.cell.value_or("")) != m_cell) ||
            (!m_assignee.isEmpty() &&
             QString::fromStdString(r.assignee.value_or("")) != m_assignee)) {
            continue;
        }
        rows.push_back(r);
    }
    // The rows shown change only where they differ: the same ids at the start and at the end
    // stay (their values updated), the rows between are removed and inserted. A pin or a move
    // of one issue touches one row, and the list keeps its scroll position and current item.
    const int old_count = count();
    const int old_total = m_total;
    const std::size_t old_n = m_rows.size();
    const std::size_t new_n = rows.size();
    std::size_t prefix = 0;
    while (prefix < old_n && prefix < new_n && m_rows[prefix].id == rows[prefix].id) {
        ++prefix;
    }
    std::size_t suffix = 0;
    while (suffix < old_n - prefix && suffix < new_n - prefix &&
           m_rows[old_n - 1 - suffix].id == rows[new_n - 1 - suffix].id) {
        ++suffix;
    }
    bool changed = false;
    if (old_n - suffix > prefix) {
        changed = true;
        beginRemoveRows({}, static_cast<int>(prefix), static_cast<int>(old_n - suffix - 1));
        m_rows.erase(m_rows.begin() + static_cast<std::ptrdiff_t>(prefix),
                     m_rows.begin() + static_cast<std::ptrdiff_t>(old_n - suffix));
        endRemoveRows();
    }
    if (new_n - suffix > prefix) {
        changed = true;
        beginInsertRows({}, static_cast<int>(prefix), static_cast<int>(new_n - suffix - 1));
        m_rows.insert(m_rows.begin() + static_cast<std::ptrdiff_t>(prefix),
                      rows.begin() + static_cast<std::ptrdiff_t>(prefix),
                      rows.begin() + static_cast<std::ptrdiff_t>(new_n - suffix));
        endInsertRows();
    }
    for (std::size_t i = 0; i < new_n; ++i) {
        if (!same_row(m_rows[i], rows[i])) {
            changed = true;
            m_rows[i] = std::move(rows[i]);
            const QModelIndex at = index(static_cast<int>(i));
            emit dataChanged(at, at);
        }
    }
    if (!m_rows.empty()) {
        // "overdue" depends on the time of reading
        emit dataChanged(index(0), index(count() - 1), {OverdueRole});
    }
    m_total = static_cast<int>(m_all.size());
    if (count() != old_count || m_total != old_total) {
        emit countChanged();
    }
    if (changed) {
        ++m_list_revision;
        emit listChanged();
    }
}

void IssueModel::put_record(const gridmap::IssueRecord& record) {
    const auto it = std::find_if(m_all.begin(), m_all.end(),
                                 [&record](const auto& r) { return r.id == record.id; });
    if (it != m_all.end()) {
        *it = record;
    } else {
        // list_issues lists by id: a new id goes where the next read will put it
        const auto at = std::lower_bound(m_all.begin(), m_all.end(), record,
                                         [](const auto& a, const auto& b) { return a.id < b.id; });
        m_all.insert(at, record);
    }
    apply_filter();
}

int IssueModel::rowCount(const QModelIndex& parent) const {
    return parent.isValid() ? 0 : count();
}

QVariant IssueModel::data(const QModelIndex& index, int role) const {
    if (!index.isValid() || index.row() < 0 || index.row() >= count()) {
        return {};
    }
    const gridmap::IssueRecord& r = m_rows[static_cast<std::size_t>(index.row())];
    switch (role) {
    case IdRole:
    case Qt::DisplayRole:
        return QString::fromStdString(r.id);
    case CategoryRole:
        return QString::fromStdString(r.category);
    case SmallClassRole:
        return QString::fromStdString(r.small_class);
    case TextRole:
        return QString::fromStdString(r.text);
    case StateRole:
        return to_qstring(gridmap::to_string(r.state));
    case StateTitleRole:
        return stateTitle(to_qstring(gridmap::to_string(r.state)));
    case CellRole:
        return QString::fromStdString(r.cell.value_or(""));
    case AssigneeRole:
        return QString::fromStdString(r.assignee.value_or(""));
    case AssigneeNameRole:
        return QString::fromStdString(r.assignee_name);
    case OverdueRole:
        return r.overdue(now_seconds());
    case ReportedAtRole:
        return beijing_time(r.reported_at);
    case DeadlineRole:
        return r.deadline ? beijing_time(*r.deadline) : QString();
    case AddressRole:
        return QString::fromStdString(r.address);
    case NextStatesRole: {
        QStringList next;
        for (gridmap::IssueState s : gridmap::next_states(r.state)) {
            next.push_back(to_qstring(gridmap::to_string(s)));
        }
        return next;
    }
    case XRole:
        return r.x;
    case YRole:
        return r.y;
    default:
        return {};
    }
}

QHash<int, QByteArray> IssueModel::roleNames() const {
    return {{IdRole, "issueId"},
            {CategoryRole, "category"},
            {SmallClassRole, "smallClass"},
            {TextRole, "text"},
            {StateRole, "state"},
            {StateTitleRole, "stateTitle"},
            {CellRole, "cell"},
            {AssigneeRole, "assignee"},
            {AssigneeNameRole, "assigneeName"},
            {OverdueRole, "overdue"},
            {ReportedAtRole, "reportedAt"},
            {DeadlineRole, "deadline"},
            {AddressRole, "address"},
            {NextStatesRole, "nextStates"},
            {XRole, "x"},
            {YRole, "y"}};
}

QVariantMap IssueModel::get(int row) const {
    QVariantMap out;
    if (row < 0 || row >= count()) {
        return out;
    }
    const QModelIndex i = index(row);
    const auto names = roleNames();
    for (auto it = names.begin(); it != names.end(); ++it) {
        out.insert(QString::fromUtf8(it.value()), data(i, it.key()));
    }
    return out;
}

int IssueModel::indexOf(const QString& id) const {
    const std::string key = id.toStdString();
    for (std::size_t i = 0; i < m_rows.size(); ++i) {
        if (m_rows[i].id == key) {
            return static_cast<int>(i);
        }
    }
    return -1;
}

QVariantList IssueModel::categories() const {
    QVariantList out;
    for (const gridmap::IssueCategory& c : gridmap::issue_categories()) {
        out.push_back(QVariantMap{{"name", to_qstring(c.name)},
                                  {"code", to_qstring(c.service_code)},
                                  {"deadlineHours", c.deadline_hours}});
    }
    return out;
}

QStringList IssueModel::smallClasses(const QString& category) const {
    // From the one table of categories and small classes (gridmap::issue_categories).
    QStringList out;
    if (const gridmap::IssueCategory* c = gridmap::find_category(category.toStdString())) {
        for (std::string_view s : c->small_classes) {
            out.push_back(to_qstring(s));
        }
    }
    return out;
}

QStringList IssueModel::states() const {
    return {QStringLiteral("reported"), QStringLiteral("dispatched"), QStringLiteral("accepted"),
            QStringLiteral("resolved"), QStringLiteral("verified"),   QStringLiteral("rejected")};
}

QString IssueModel::stateTitle(const QString& state) const {
    return render::term_text(gridmap::Vocabulary::issue_state, state.toStdString());
}

QStringList IssueModel::cells() const {
    std::set<std::string> seen;
    for (const gridmap::IssueRecord& r : m_all) {
        if (r.cell) {
            seen.insert(*r.cell);
        }
    }
    QStringList out;
    for (const std::string& c : seen) {
        out.push_back(QString::fromStdString(c));
    }
    return out;
}

QVariantList IssueModel::assignees() const {
    std::map<std::string, std::string> seen;
    for (const gridmap::IssueRecord& r : m_all) {
        if (r.assignee) {
            seen.emplace(*r.assignee, r.assignee_name);
        }
    }
    QVariantList out;
    for (const auto& [id, name] : seen) {
        out.push_back(QVariantMap{{"id", QString::fromStdString(id)},
                                  {"name", QString::fromStdString(name)}});
    }
    return out;
}

QVariantList IssueModel::people() const {
    QVariantList out;
    try {
        if (const gridmap::Project* p = read_project(m_project)) {
            for (const gridmap::NamedEntry& e : gridmap::list_people(*p)) {
                out.push_back(QVariantMap{{"id", QString::fromStdString(e.id)},
                                          {"name", QString::fromStdString(e.name)}});
            }
        }
    } catch (const std::exception&) {
        // A project without a person table has nobody to list.
    }
    return out;
}

QVariantMap IssueModel::parsePlace(const QString& text) {
    QString t = text.trimmed();
    t.replace(QChar(0xFF0C), QLatin1Char(',')); // a full-width comma
    const QStringList parts =
        t.split(QRegularExpression(QStringLiteral("[,\\s]+")), Qt::SkipEmptyParts);
    bool ok_a = false;
    bool ok_b = false;
    const double a = parts.size() == 2 ? parts[0].toDouble(&ok_a) : 0.0;
    const double b = parts.size() == 2 ? parts[1].toDouble(&ok_b) : 0.0;
    if (!ok_a || !ok_b) {
        fail(
            tr("'%1' is not a place: type \"lon,lat\" in degrees or \"X,Y\" in metres.").arg(text));
        return {};
    }
    set_error({});
    if (std::abs(a) <= 180 && std::abs(b) <= 90) {
        return {{"lon", a}, {"lat", b}};
    }
    return {{"x", a}, {"y", b}};
}

void IssueModel::store_photo(gridmap::Project& project, const std::string& id,
                             const QString& path_or_url) {
    const QString path = local_path(path_or_url);
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly)) {
        throw gridmap::InputError(
            tr("%1: cannot read the photo (%2)").arg(path, file.errorString()).toStdString());
    }
    const QByteArray bytes = file.readAll();
    gridmap::IssuePhoto photo;
    photo.name = QFileInfo(path).fileName().toStdString();
    photo.mime = QMimeDatabase().mimeTypeForFileNameAndData(path, bytes).name().toStdString();
    photo.data.assign(bytes.constData(), static_cast<std::size_t>(bytes.size()));
    gridmap::add_issue_photo(project, id, photo);
}

namespace {

/// What the writer's job of addIssue gives back.
struct Added {
    QString error;       ///< refused: nothing written
    QString photo_error; ///< pinned, but a photo was not stored
    int photos = 0;
    gridmap::IssueRecord record;
    gridmap::Proposal proposal;
    QHash<QString, qint64> counts;
};

/// What the writer's job of setState gives back.
struct Changed {
    QString error;
    std::optional<gridmap::IssueRecord> record; ///< the issue as stored after the change
};

} // namespace

bool IssueModel::addIssue(const QVariantMap& fields) {
    GuiTiming timing("IssueModel::addIssue");
    ProjectModel* model = m_project.data();
    if (model == nullptr || !model->writer()) {
        return fail(tr("No project is open for editing."));
    }
    gridmap::NewIssue in;
    if (fields.contains(QStringLiteral("x")) && fields.contains(QStringLiteral("y"))) {
        in.xy = std::pair{fields.value(QStringLiteral("x")).toDouble(),
                          fields.value(QStringLiteral("y")).toDouble()};
    } else {
        in.lon = fields.value(QStringLiteral("lon")).toDouble();
        in.lat = fields.value(QStringLiteral("lat")).toDouble();
    }
    in.category = fields.value(QStringLiteral("category")).toString().trimmed().toStdString();
    in.small_class = fields.value(QStringLiteral("smallClass")).toString().trimmed().toStdString();
    in.text = fields.value(QStringLiteral("text")).toString().trimmed().toStdString();
    in.reporter = fields.value(QStringLiteral("reporter")).toString().trimmed().toStdString();
    in.by = acting_person(m_project).toStdString();
    in.address = fields.value(QStringLiteral("address")).toString().trimmed().toStdString();
    // Photos are looked for first: a missing file refuses the pin before anything is written.
    const QStringList photos = fields.value(QStringLiteral("photos")).toStringList();
    for (const QString& photo : photos) {
        const QString path = local_path(photo);
        if (!QFileInfo(path).isReadable()) {
            emit issueAddFailed(tr("%1: no such photo").arg(path));
            return fail(tr("%1: no such photo").arg(path));
        }
    }
    model->edit(
        [in, photos](gridmap::Project& p) {
            // A refused issue throws: ProjectModel::edit gives it to the answer as Added::error.
            // The photos and the counts after it are its own: the issue stays pinned.
            Added out;
            std::tie(out.record, out.proposal) = gridmap::add_issue(p, in);
            try {
                for (const QString& photo : photos) {
                    store_photo(p, out.record.id, photo);
                    ++out.photos;
                }
            } catch (const std::exception& e) {
                out.photo_error = error_text(e);
            }
            try {
                out.counts = ProjectModel::count_layers(p, {QStringLiteral("issue")});
            } catch (const std::exception&) {
                // the counts are read again with the next change
            }
            return out;
        },
        [this](Added r) {
            GuiTiming result_timing("IssueModel::addIssue result");
            if (!r.error.isEmpty()) {
                emit issueAddFailed(r.error);
                fail(r.error);
                return;
            }
            const QString id = QString::fromStdString(r.record.id);
            const QVariantMap out = {
                {"id", id},
                {"cell", QString::fromStdString(r.record.cell.value_or(""))},
                {"assignee", QString::fromStdString(r.proposal.assignee.value_or(""))},
                {"assigneeName", QString::fromStdString(r.proposal.assignee_name)},
                {"reason", QString::fromStdString(r.proposal.reason)},
                {"photos", r.photos},
                {"x", r.record.x},
                {"y", r.record.y}};
            if (r.photo_error.isEmpty()) {
                set_error({});
            } else {
                fail(tr("Issue %1 was pinned, but a photo was not stored: %2")
                         .arg(id, r.photo_error));
            }
            put_record(r.record);
            if (ProjectModel* m = m_project.data(); m != nullptr) {
                m->notify_edited(r.counts);
            }
            emit issueAdded(out);
            emit issueChanged(id);
        });
    return true;
}

bool IssueModel::addPhoto(const QString& id, const QString& pathOrUrl) {
    ProjectModel* model = m_project.data();
    if (model == nullptr || !model->writer()) {
        return fail(tr("No project is open for editing."));
    }
    const QString path = local_path(pathOrUrl);
    if (!QFileInfo(path).isReadable()) {
        return fail(tr("%1: no such photo").arg(path));
    }
    model->edit(
        [key = id.toStdString(), pathOrUrl](gridmap::Project& p) -> QString {
            store_photo(p, key, pathOrUrl); // a refusal throws: edit answers with its message
            return {};
        },
        [this, id](const QString& error) {
            if (!error.isEmpty()) {
                fail(error);
                return;
            }
            set_error({});
            emit issueChanged(id);
        });
    return true;
}

int IssueModel::photoCount(const QString& id) {
    const gridmap::Project* p = read_project(m_project);
    if (p == nullptr) {
        fail(tr("No project is open."));
        return -1;
    }
    try {
        return static_cast<int>(gridmap::issue_photos(*p, id.toStdString()).size());
    } catch (const std::exception& e) {
        fail(error_text(e));
    }
    return -1;
}

QVariantMap IssueModel::fieldProblems(const QString& category, const QString& smallClass,
                                      const QString& text) const {
    QVariantMap out;
    for (const gridmap::FieldProblem& p : gridmap::issue_field_problems(
             category.toStdString(), smallClass.toStdString(), text.toStdString())) {
        out.insert(QString::fromStdString(p.field), QString::fromStdString(p.message));
    }
    return out;
}

QStringList IssueModel::allowedStates(const QString& id) const {
    QStringList out;
    try {
        if (const gridmap::Project* p = read_project(m_project)) {
            for (gridmap::IssueState s : gridmap::next_states_for(
                     *p, id.toStdString(), acting_person(m_project).toStdString())) {
                out.push_back(to_qstring(gridmap::to_string(s)));
            }
        }
    } catch (const std::exception&) {
        // An unknown issue has no move to offer.
    }
    return out;
}

QVariantMap IssueModel::proposalAt(double x, double y) {
    const gridmap::Project* p = read_project(m_project);
    if (p == nullptr) {
        return {};
    }
    try {
        const gridmap::Proposal proposal = gridmap::propose_assignee_at(*p, x, y);
        return {{"assignee", QString::fromStdString(proposal.assignee.value_or(""))},
                {"assigneeName", QString::fromStdString(proposal.assignee_name)},
                {"reason", QString::fromStdString(proposal.reason)}};
    } catch (const std::exception&) {
        // No proposal for a place the project cannot place.
    }
    return {};
}

QVariantMap IssueModel::proposal(const QString& id) {
    const gridmap::Project* p = read_project(m_project);
    if (p == nullptr) {
        fail(tr("No project is open."));
        return {};
    }
    try {
        const gridmap::Proposal proposal = gridmap::propose_assignee(*p, id.toStdString());
        return {{"assignee", QString::fromStdString(proposal.assignee.value_or(""))},
                {"assigneeName", QString::fromStdString(proposal.assignee_name)},
                {"reason", QString::fromStdString(proposal.reason)}};
    } catch (const std::exception& e) {
        fail(error_text(e));
    }
    return {};
}

bool IssueModel::setState(const QString& id, const QString& to, const QString& by,
                          const QString& note, const QString& assignee, int rating) {
    ProjectModel* model = m_project.data();
    if (model == nullptr || !model->writer()) {
        return fail(tr("No project is open for editing."));
    }
    const auto state = gridmap::parse_issue_state(to.toStdString());
    if (!state) {
        return fail(tr("No issue state called '%1'.").arg(to));
    }
    // A move the flow does not allow from the state listed is refused here at once (the
    // library refuses it too, with who may, on the writer).
    const std::string key = id.toStdString();
    const auto listed =
        std::find_if(m_all.begin(), m_all.end(), [&key](const auto& r) { return r.id == key; });
    if (listed != m_all.end()) {
        const auto next = gridmap::next_states(listed->state);
        if (std::find(next.begin(), next.end(), *state) == next.end()) {
            // In the library's words (set_issue_state), so that it reads the same in either
            // language.
            std::string names;
            for (gridmap::IssueState s : next) {
                names += (names.empty() ? "" : ", ") + std::string(gridmap::to_string(s));
            }
            const std::string from(gridmap::to_string(listed->state));
            const QString message = error_text(gridmap::InputError(
                "issue " + key + ": cannot go from " + from + " to " +
                std::string(gridmap::to_string(*state)) + " (" +
                (names.empty() ? from + " is final" : "allowed: " + names) + ")"));
            emit stateChangeFailed(id, message);
            return fail(message);
        }
    }
    gridmap::StateChange change;
    change.to = *state;
    change.by = by_or_actor(by, m_project);
    change.note = note.trimmed().toStdString();
    change.assignee = assignee.trimmed().toStdString();
    if (rating > 0) {
        change.rating = rating;
    }
    model->edit(
        [key, change](gridmap::Project& p) {
            Changed out; // a refused change throws: edit answers with Changed::error
            out.record = gridmap::set_issue_state(p, key, change);
            return out;
        },
        [this, id](Changed r) {
            if (!r.error.isEmpty()) {
                emit stateChangeFailed(id, r.error);
                fail(r.error);
                return;
            }
            set_error({});
            if (r.record) {
                put_record(*r.record);
            }
            if (ProjectModel* m = m_project.data(); m != nullptr) {
                m->notify_edited(QHash<QString, qint64>{}); // no layer's count changed
            }
            emit issueChanged(id);
        });
    return true;
}

void IssueModel::set_error(const QString& message) {
    if (m_error != message) {
        m_error = message;
        emit errorStringChanged();
    }
}

bool IssueModel::fail(const QString& message) {
    set_error(message);
    emit errorOccurred(message);
    return false;
}

} // namespace gridmap::quick
