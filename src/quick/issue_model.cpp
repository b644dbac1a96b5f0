#include "issue_model.hpp"
#include "error_text.hpp"
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
#include <set>

namespace gridmap::quick {

namespace {

std::int64_t now_seconds() {
    return static_cast<std::int64_t>(std::time(nullptr));
}

} // namespace

IssueModel::IssueModel(QObject* parent) : QAbstractListModel(parent) {}

void IssueModel::setProject(ProjectModel* project) {
    if (m_project == project) {
        return;
    }
    if (m_project) {
        disconnect(m_project, nullptr, this, nullptr);
    }
    m_project = project;
    if (project != nullptr) {
        connect(project, &ProjectModel::projectChanged, this, &IssueModel::reload);
        connect(project, &ProjectModel::edited, this, &IssueModel::reload);
    }
    emit projectChanged();
    reload();
}

void IssueModel::setStateFilter(const QString& v) {
    if (m_state != v) {
        m_state = v;
        emit filterChanged();
        reload();
    }
}

void IssueModel::setCategoryFilter(const QString& v) {
    if (m_category != v) {
        m_category = v;
        emit filterChanged();
        reload();
    }
}

void IssueModel::setCellFilter(const QString& v) {
    if (m_cell != v) {
        m_cell = v;
        emit filterChanged();
        reload();
    }
}

void IssueModel::setAssigneeFilter(const QString& v) {
    if (m_assignee != v) {
        m_assignee = v;
        emit filterChanged();
        reload();
    }
}

void IssueModel::reload() {
    beginResetModel();
    m_all.clear();
    m_rows.clear();
    try {
        const gridmap::Project* p = read_project(m_project);
        if (p != nullptr) {
            gridmap::IssueFilter all;
            all.lonlat = false; // not shown, and PROJ would take a while on this thread
            m_all = gridmap::list_issues(*p, all);
        }
    } catch (const std::exception& e) {
        set_error(error_text(e));
    }
    for (const gridmap::IssueRecord& r : m_all) {
        if ((!m_state.isEmpty() && to_qstring(gridmap::to_string(r.state)) != m_state) ||
            (!m_category.isEmpty() && QString::fromStdString(r.category) != m_category) ||
            (!m_cell.isEmpty() && QString::fromStdString(r.cell.value_or("")) != m_cell) ||
            (!m_assignee.isEmpty() &&
             QString::fromStdString(r.assignee.value_or("")) != m_assignee)) {
            continue;
        }
        m_rows.push_back(r);
    }
    m_total = static_cast<int>(m_all.size());
    endResetModel();
    emit countChanged();
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

QVariantMap IssueModel::addIssue(const QVariantMap& fields) {
    gridmap::Project* p = edit_project(m_project);
    if (p == nullptr) {
        fail(tr("No project is open for editing."));
        return {};
    }
    QString message;
    QVariantMap out;
    try {
        gridmap::NewIssue in;
        if (fields.contains(QStringLiteral("x")) && fields.contains(QStringLiteral("y"))) {
            in.xy = std::pair{fields.value(QStringLiteral("x")).toDouble(),
                              fields.value(QStringLiteral("y")).toDouble()};
        } else {
            in.lon = fields.value(QStringLiteral("lon")).toDouble();
            in.lat = fields.value(QStringLiteral("lat")).toDouble();
        }
        in.category = fields.value(QStringLiteral("category")).toString().trimmed().toStdString();
        in.small_class =
            fields.value(QStringLiteral("smallClass")).toString().trimmed().toStdString();
        in.text = fields.value(QStringLiteral("text")).toString().trimmed().toStdString();
        in.reporter = fields.value(QStringLiteral("reporter")).toString().trimmed().toStdString();
        in.by = acting_person(m_project).toStdString();
        in.address = fields.value(QStringLiteral("address")).toString().trimmed().toStdString();
        // Photos are read first: a missing file refuses the pin before anything is written.
        const QStringList photos = fields.value(QStringLiteral("photos")).toStringList();
        for (const QString& photo : photos) {
            const QString path = local_path(photo);
            if (!QFileInfo(path).isReadable()) {
                throw gridmap::InputError(tr("%1: no such photo").arg(path).toStdString());
            }
        }
        const auto [record, proposal] = gridmap::add_issue(*p, in);
        int stored = 0;
        try {
            for (const QString& photo : photos) {
                store_photo(*p, record.id, photo);
                ++stored;
            }
        } catch (const std::exception& e) {
            message = tr("Issue %1 was pinned, but a photo was not stored: %2")
                          .arg(QString::fromStdString(record.id), error_text(e));
        }
        out = {{"id", QString::fromStdString(record.id)},
               {"cell", QString::fromStdString(record.cell.value_or(""))},
               {"assignee", QString::fromStdString(proposal.assignee.value_or(""))},
               {"assigneeName", QString::fromStdString(proposal.assignee_name)},
               {"reason", QString::fromStdString(proposal.reason)},
               {"photos", stored},
               {"x", record.x},
               {"y", record.y}};
    } catch (const std::exception& e) {
        fail(error_text(e));
        return {};
    }
    if (message.isEmpty()) {
        set_error({});
    } else {
        fail(message);
    }
    notify_edited(m_project);
    emit issueChanged(out.value(QStringLiteral("id")).toString());
    return out;
}

bool IssueModel::addPhoto(const QString& id, const QString& pathOrUrl) {
    gridmap::Project* p = edit_project(m_project);
    if (p == nullptr) {
        return fail(tr("No project is open for editing."));
    }
    try {
        store_photo(*p, id.toStdString(), pathOrUrl);
    } catch (const std::exception& e) {
        return fail(error_text(e));
    }
    set_error({});
    emit issueChanged(id);
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
    gridmap::Project* p = edit_project(m_project);
    if (p == nullptr) {
        return fail(tr("No project is open for editing."));
    }
    const auto state = gridmap::parse_issue_state(to.toStdString());
    if (!state) {
        return fail(tr("No issue state called '%1'.").arg(to));
    }
    try {
        gridmap::StateChange change;
        change.to = *state;
        change.by = by_or_actor(by, m_project);
        change.note = note.trimmed().toStdString();
        change.assignee = assignee.trimmed().toStdString();
        if (rating > 0) {
            change.rating = rating;
        }
        gridmap::set_issue_state(*p, id.toStdString(), change);
    } catch (const std::exception& e) {
        return fail(error_text(e));
    }
    set_error({});
    notify_edited(m_project);
    emit issueChanged(id);
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
