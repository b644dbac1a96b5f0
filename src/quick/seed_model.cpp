#include "seed_model.hpp"
#include "model_access.hpp"
#include "project_model.hpp"
#include "project_reader.hpp"

#include "seed_report.hpp"

#include <gridmap/seed.hpp>

#include <QDateTime>
#include <QFile>

#include <exception>
#include <utility>

namespace gridmap::quick {

namespace {

QString rate_text(const gridmap::Rate& r) {
    return QStringLiteral("%1/%2 (%3%)")
        .arg(r.numerator)
        .arg(r.denominator)
        .arg(QString::number(r.share() * 100.0, 'f', 1));
}

QVariantMap counts_map(const std::map<std::string, std::int64_t>& m) {
    QVariantMap out;
    for (const auto& [k, v] : m) {
        out.insert(QString::fromStdString(k), static_cast<qlonglong>(v));
    }
    return out;
}

} // namespace

SeedModel::SeedModel(QObject* parent) : ProjectTool(parent) {
    m_month = beijing_time(QDateTime::currentSecsSinceEpoch(), QStringLiteral("yyyy-MM"));
    connect(&m_watcher, &QFutureWatcher<Loaded>::finished, this, [this] {
        QFuture<Loaded> future = m_watcher.future();
        Loaded f = future.resultCount() > 0 ? future.takeResult() : Loaded{};
        if (f.generation != m_generation || m_again) {
            start_load(); // an edit came meanwhile: read the newer state
            return;
        }
        m_summary = std::move(f.summary);
        m_cells = std::move(f.cells);
        m_places = std::move(f.places);
        m_ranking = std::move(f.ranking);
        m_low_cells = std::move(f.low_cells);
        m_overdue_buildings = std::move(f.overdue_buildings);
        if (f.error.isEmpty()) {
            set_error({});
        } else {
            fail(f.error);
        }
        m_pending = false;
        emit refreshed();
        emit busyChanged();
    });
}

void SeedModel::setMonth(const QString& month) {
    if (month != m_month) {
        m_month = month;
        emit monthChanged();
        refresh();
    }
}

void SeedModel::project_reset() {
    refresh();
}

void SeedModel::project_edited() {
    refresh();
}

namespace {

/// Everything the panel shows, read from `p` (on the worker thread).
SeedModel::Loaded load(const gridmap::Project& p, const std::string& month, double threshold) {
    SeedModel::Loaded out;
    const std::int64_t now = QDateTime::currentSecsSinceEpoch();
    const gridmap::MonthVisits mv = gridmap::month_visits(p, month);
    const gridmap::CareCounts care = gridmap::care_counts(p, now);
    const gridmap::PointsNotice notice = gridmap::points_notice(p, month);
    out.summary = {{"visits", static_cast<qlonglong>(mv.visits)},
                   {"households", static_cast<qlonglong>(mv.households)},
                   {"members", static_cast<qlonglong>(mv.members)},
                   {"issues", static_cast<qlonglong>(mv.issues)},
                   {"byKind", counts_map(mv.by_kind)},
                   {"careEntries", static_cast<qlonglong>(care.entries)},
                   {"careHouseholds", static_cast<qlonglong>(care.households)},
                   {"careUnpaired", static_cast<qlonglong>(care.unpaired)},
                   {"careDue", static_cast<qlonglong>(care.due)},
                   {"careByTag", counts_map(care.by_tag)},
                   {"patrols", static_cast<qlonglong>(gridmap::month_patrols(p, month))},
                   {"checkin", rate_text(notice.checkin)},
                   {"pairing", rate_text(notice.pairing)},
                   {"patrolling", rate_text(notice.patrolling)},
                   {"visitIntervalDays", gridmap::visit_interval_days(p)},
                   {"careVisitDays", gridmap::care_visit_days(p)}};
    for (const gridmap::CellVisits& c : gridmap::visit_coverage_by_cell(p, now)) {
        const QString cell = QString::fromStdString(c.cell);
        out.cells.push_back(QVariantMap{{"cell", cell},
                                        {"households", static_cast<qlonglong>(c.households)},
                                        {"visited", static_cast<qlonglong>(c.visited)},
                                        {"share", c.share()}});
        if (c.households > 0 && c.share() < threshold) {
            out.low_cells << cell;
        }
    }
    qlonglong overdue = 0;
    for (const gridmap::PlaceStatus& s : gridmap::key_place_status(p, now)) {
        overdue += s.overdue ? 1 : 0;
        if (s.overdue && !s.building.empty()) {
            out.overdue_buildings << QString::fromStdString(s.building);
        }
        out.places.push_back(
            QVariantMap{{"id", QString::fromStdString(s.id)},
                        {"name", QString::fromStdString(s.name)},
                        {"kind", QString::fromStdString(s.kind)},
                        {"building", QString::fromStdString(s.building)},
                        {"patrolDays", s.patrol_days},
                        {"lastPatrol", QString::fromStdString(s.last_patrol)},
                        {"daysSince", s.days_since ? QVariant(static_cast<qlonglong>(*s.days_since))
                                                   : QVariant()},
                        {"overdue", s.overdue}});
    }
    out.summary.insert(QStringLiteral("places"), static_cast<qlonglong>(out.places.size()));
    out.summary.insert(QStringLiteral("placesOverdue"), overdue);
    int rank = 0;
    for (const gridmap::MemberPoints& m : notice.members) {
        if (++rank > 20) {
            break;
        }
        out.ranking.push_back(
            QVariantMap{{"rank", rank},
                        {"person", QString::fromStdString(m.person)},
                        {"name", QString::fromStdString(m.name)},
                        {"group", QString::fromStdString(m.branch.empty() ? m.unit : m.branch)},
                        {"points", static_cast<qlonglong>(m.points)}});
    }
    return out;
}

} // namespace

void SeedModel::refresh() {
    ++m_generation;
    if (m_pending) {
        m_again = true; // the finished handler reads once more
        return;
    }
    start_load();
}

void SeedModel::start_load() {
    const bool was_busy = m_pending;
    m_again = false;
    ProjectModel* model = m_project.data();
    std::shared_ptr<ProjectReader> reader = model != nullptr ? model->reader() : nullptr;
    if (!reader) {
        m_pending = false;
        m_summary.clear();
        m_cells.clear();
        m_places.clear();
        m_ranking.clear();
        m_low_cells.clear();
        m_overdue_buildings.clear();
        emit refreshed();
        if (was_busy) {
            emit busyChanged();
        }
        return;
    }
    m_pending = true;
    const int generation = m_generation;
    const std::string month = m_month.toStdString();
    const double threshold = m_threshold;
    m_watcher.setFuture(reader->run([generation, month, threshold](const Project& project) {
        Loaded f;
        try {
            ProjectReader::call_analysis_hook();
            f = load(project, month, threshold);
        } catch (const std::exception& e) {
            f = Loaded{};
            f.error = QString::fromUtf8(e.what());
        }
        f.generation = generation;
        return f;
    }));
    if (!was_busy) {
        emit busyChanged();
    }
}

QStringList SeedModel::visitKinds() const {
    return {QStringLiteral("入户走访"), QStringLiteral("摸排"), QStringLiteral("帮扶"),
            QStringLiteral("宣传")};
}

std::optional<std::string> SeedModel::write_as_acting(
    const QString& no_person,
    const std::function<std::string(gridmap::Project&, const std::string&)>& write) {
    gridmap::Project* p = edit_project(m_project);
    if (p == nullptr) {
        fail(tr("No project is open for editing."));
        return std::nullopt;
    }
    const std::string by = acting_person(m_project).toStdString();
    if (by.empty()) {
        fail(no_person);
        return std::nullopt;
    }
    std::string written;
    try {
        written = write(*p, by);
    } catch (const std::exception& e) {
        fail(QString::fromUtf8(e.what()));
        return std::nullopt;
    }
    set_error({});
    notify_edited(m_project);
    return written;
}

/// The date field of an entry form: today (Beijing time) when left empty.
static std::string date_or_today(const QVariantMap& fields) {
    const QString date = fields.value(QStringLiteral("date")).toString().trimmed();
    return (date.isEmpty() ? beijing_date_today() : date).toStdString();
}

template <class Entry>
QString SeedModel::add_as_acting(const QString& no_person, Entry entry,
                                 std::string (*add)(gridmap::Project&, const Entry&)) {
    const auto id = write_as_acting(no_person, [&](gridmap::Project& p, const std::string& by) {
        entry.person = by;
        return add(p, entry);
    });
    return id ? QString::fromStdString(*id) : QString();
}

QString SeedModel::addVisit(const QVariantMap& fields) {
    gridmap::NewVisit v;
    v.household = fields.value(QStringLiteral("household")).toString().trimmed().toStdString();
    v.building = fields.value(QStringLiteral("building")).toString().trimmed().toStdString();
    v.kind = fields.value(QStringLiteral("kind")).toString().toStdString();
    v.date = date_or_today(fields);
    v.findings = fields.value(QStringLiteral("findings")).toString().toStdString();
    return add_as_acting(tr("Choose who you are (the acting person) before recording a visit."),
                         std::move(v), &gridmap::add_visit);
}

QString SeedModel::addPatrol(const QVariantMap& fields) {
    gridmap::NewPatrol x;
    x.place = fields.value(QStringLiteral("place")).toString().trimmed().toStdString();
    x.date = date_or_today(fields);
    x.findings = fields.value(QStringLiteral("findings")).toString().toStdString();
    return add_as_acting(tr("Choose who you are (the acting person) before recording a patrol."),
                         std::move(x), &gridmap::add_patrol);
}

QStringList SeedModel::careTags() const {
    QStringList out;
    for (const std::string& t : gridmap::care_tag_names()) {
        out << QString::fromStdString(t);
    }
    return out;
}

bool SeedModel::mayChangeCare() const {
    const gridmap::Project* p = read_project(m_project);
    if (p == nullptr) {
        return false;
    }
    try {
        return gridmap::may_change_care_register(*p, acting_person(m_project).toStdString());
    } catch (const std::exception&) {
        return false;
    }
}

bool SeedModel::addCareTag(const QVariantMap& fields) {
    return write_as_acting(
               tr("Choose who you are (the acting person) before changing the care register."),
               [&](gridmap::Project& p, const std::string& by) {
                   gridmap::add_care_tag(
                       p,
                       fields.value(QStringLiteral("household")).toString().trimmed().toStdString(),
                       "", fields.value(QStringLiteral("tag")).toString().toStdString(),
                       fields.value(QStringLiteral("since")).toString().trimmed().toStdString(),
                       by);
                   return std::string();
               })
        .has_value();
}

QVariantList SeedModel::loadCare() {
    const gridmap::Project* p = read_project(m_project);
    if (p == nullptr) {
        return {};
    }
    QVariantList out;
    try {
        const auto entries = gridmap::list_care(*p, acting_person(m_project).toStdString(),
                                                QDateTime::currentSecsSinceEpoch());
        for (const gridmap::CareEntry& e : entries) {
            QStringList paired;
            for (const std::string& m : e.paired) {
                paired << QString::fromStdString(m);
            }
            out.push_back(QVariantMap{{"household", QString::fromStdString(e.household)},
                                      {"person", QString::fromStdString(e.person)},
                                      {"tag", QString::fromStdString(e.tag)},
                                      {"building", QString::fromStdString(e.building)},
                                      {"cell", QString::fromStdString(e.cell)},
                                      {"paired", paired.join(QStringLiteral(", "))},
                                      {"lastVisit", QString::fromStdString(e.last_visit)},
                                      {"due", e.due}});
        }
        set_error({});
    } catch (const std::exception& e) {
        fail(QString::fromUtf8(e.what()));
        return {};
    }
    return out;
}

int SeedModel::exportSweepPlan(const QString& pathOrUrl) {
    const gridmap::Project* p = read_project(m_project);
    if (p == nullptr) {
        fail(tr("No project is open."));
        return 0;
    }
    const std::string person = acting_person(m_project).toStdString();
    if (person.empty()) {
        fail(tr("Choose who you are (the acting person) before printing a sweep plan."));
        return 0;
    }
    int pages = 0;
    try {
        const auto stops = gridmap::sweep_plan(*p, person, QDateTime::currentSecsSinceEpoch());
        pages = render::write_sweep_plan_pdf(*p, person, stops, local_path(pathOrUrl),
                                             beijing_date_today(),
                                             gridmap::language_from_environment());
    } catch (const std::exception& e) {
        fail(QString::fromUtf8(e.what()));
        return 0;
    }
    set_error({});
    return pages;
}

bool SeedModel::exportPoints(const QString& pathOrUrl) {
    const gridmap::Project* p = read_project(m_project);
    if (p == nullptr) {
        return fail(tr("No project is open."));
    }
    const QString path = local_path(pathOrUrl);
    try {
        if (path.endsWith(QLatin1String(".pdf"), Qt::CaseInsensitive)) {
            render::write_points_pdf(*p, m_month.toStdString(), path, beijing_date_today());
        } else {
            const std::string csv =
                gridmap::points_notice_csv(gridmap::points_notice(*p, m_month.toStdString()));
            QFile f(path);
            if (!f.open(QIODevice::WriteOnly) ||
                f.write(csv.data(), static_cast<qint64>(csv.size())) !=
                    static_cast<qint64>(csv.size())) {
                return fail(tr("Cannot write %1.").arg(path));
            }
        }
    } catch (const std::exception& e) {
        return fail(QString::fromUtf8(e.what()));
    }
    set_error({});
    return true;
}

} // namespace gridmap::quick
