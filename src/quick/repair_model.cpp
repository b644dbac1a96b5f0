#include "repair_model.hpp"
#include "error_text.hpp"
#include "model_access.hpp"

#include <gridmap/repair.hpp>

#include <QFile>
#include <QUrl>

#include <exception>

namespace gridmap::quick {

RepairModel::RepairModel(QObject* parent) : ProjectTool(parent) {}

void RepairModel::project_reset() {
    clear();
    m_last_id.clear();
    m_summary.clear();
    m_notify.clear();
    emit resultChanged();
}

QVariantMap RepairModel::addVertex(double x, double y) {
    const ProjectModel* model = m_project.data();
    const gridmap::Project* p = model != nullptr ? model->project() : nullptr;
    const MapItem* map = m_map.data();
    if (p == nullptr || map == nullptr) {
        return {};
    }
    if (m_finished) {
        fail(tr("The line is finished: save it, or clear it to draw another."));
        return {};
    }
    const QPointF world = map->itemToProjected(x, y);
    if (qIsNaN(world.x())) {
        return {};
    }
    QPointF vertex = world;
    bool snapped = false;
    try {
        const double tolerance_m = m_snap_px * map->metresPerPixel();
        if (const auto s = gridmap::snap_to_road(*p, {world.x(), world.y()}, tolerance_m)) {
            vertex = QPointF(s->x, s->y);
            snapped = true;
        }
    } catch (const std::exception& e) {
        // No road layer to snap to is no reason to refuse the vertex; say so once.
        set_error(error_text(e));
    }
    m_points.push_back(vertex);
    m_last_snapped = snapped;
    emit pointsChanged();
    return {{"x", vertex.x()}, {"y", vertex.y()}, {"snapped", snapped}};
}

void RepairModel::removeLastVertex() {
    if (!m_points.isEmpty()) {
        m_points.removeLast();
        m_finished = false;
        m_last_snapped = false;
        emit pointsChanged();
    }
}

bool RepairModel::finish() {
    if (m_points.size() < 2) {
        return fail(tr("Click at least two points of the segment on the map."));
    }
    m_finished = true;
    set_error({});
    emit pointsChanged();
    return true;
}

void RepairModel::clear() {
    m_points.clear();
    m_finished = false;
    m_last_snapped = false;
    emit pointsChanged();
}

QStringList RepairModel::workTypes() const {
    return {QStringLiteral("雨污分离"), QStringLiteral("沥青铺设"), QStringLiteral("刷黑"),
            QStringLiteral("填缝"), QStringLiteral("其他")};
}

QStringList RepairModel::states() const {
    return {QStringLiteral("planned"), QStringLiteral("active"), QStringLiteral("done")};
}

QString RepairModel::save(const QVariantMap& fields, double notifyDistanceM) {
    gridmap::Project* p = edit_project(m_project);
    if (p == nullptr) {
        fail(tr("No project is open for editing."));
        return {};
    }
    gridmap::NewRepairSegment in;
    in.road = fields.value(QStringLiteral("road")).toString().trimmed().toStdString();
    in.work_type = fields.value(QStringLiteral("workType")).toString().toStdString();
    in.state = fields.value(QStringLiteral("state")).toString().toStdString();
    in.start_date = fields.value(QStringLiteral("startDate")).toString().trimmed().toStdString();
    in.end_date = fields.value(QStringLiteral("endDate")).toString().trimmed().toStdString();
    const QString cost = fields.value(QStringLiteral("cost")).toString().trimmed();
    if (!cost.isEmpty()) {
        bool ok = false;
        const double value = cost.toDouble(&ok);
        if (!ok || value < 0) {
            fail(tr("The cost '%1' is not an amount of yuan.").arg(cost));
            return {};
        }
        in.cost = value;
    }
    for (const QVariant& v : m_points) {
        const QPointF pt = v.toPointF();
        in.vertices.push_back({pt.x(), pt.y()});
    }
    QString id;
    try {
        id = QString::fromStdString(gridmap::add_repair_segment(*p, in));
    } catch (const std::exception& e) {
        fail(error_text(e));
        return {};
    }
    m_last_id = id;
    m_notify_distance_m = notifyDistanceM;
    m_summary.clear();
    m_notify.clear();
    try {
        const auto summaries = gridmap::repair_summaries(*p, id.toStdString());
        if (!summaries.empty()) {
            const gridmap::RepairSummary& s = summaries.front();
            QVariantList cells;
            for (const gridmap::RepairCellLength& c : s.cells) {
                cells.push_back(
                    QVariantMap{{"cell", QString::fromStdString(c.cell)}, {"lengthM", c.length_m}});
            }
            QVariantList overlaps;
            for (const gridmap::RepairOverlap& o : s.overlaps) {
                overlaps.push_back(QVariantMap{{"other", QString::fromStdString(o.other)},
                                               {"lengthM", o.length_m}});
            }
            m_summary = {{"id", QString::fromStdString(s.id)},
                         {"road", QString::fromStdString(s.road)},
                         {"workType", QString::fromStdString(s.work_type)},
                         {"state", QString::fromStdString(s.state)},
                         {"lengthM", s.length_m},
                         {"outsideM", s.outside_m},
                         {"cells", cells},
                         {"overlaps", overlaps}};
        }
        for (const gridmap::NotifyRow& r :
             gridmap::repair_notify_list(*p, id.toStdString(), notifyDistanceM)) {
            m_notify.push_back(
                QVariantMap{{"building", QString::fromStdString(r.building)},
                            {"buildingName", QString::fromStdString(r.building_name)},
                            {"compound", QString::fromStdString(r.compound)},
                            {"cell", QString::fromStdString(r.cell)},
                            {"distanceM", r.distance_m},
                            {"households", static_cast<qlonglong>(r.households)},
                            {"captain", QString::fromStdString(r.building_captain_name)}});
        }
        set_error({});
    } catch (const std::exception& e) {
        fail(
            tr("Segment %1 was stored, but its summary cannot be read: %2").arg(id, error_text(e)));
    }
    clear();
    emit resultChanged();
    notify_edited(m_project);
    return id;
}

bool RepairModel::exportNotifyCsv(const QString& pathOrUrl) {
    const gridmap::Project* p = read_project(m_project);
    if (p == nullptr || m_last_id.isEmpty()) {
        return fail(tr("Save a repair segment first."));
    }
    const QString path =
        pathOrUrl.startsWith(QLatin1String("file:")) ? QUrl(pathOrUrl).toLocalFile() : pathOrUrl;
    try {
        const std::string csv = gridmap::notify_to_csv(
            gridmap::repair_notify_list(*p, m_last_id.toStdString(), m_notify_distance_m));
        QFile file(path);
        if (!file.open(QIODevice::WriteOnly | QIODevice::Truncate) ||
            file.write(csv.data(), static_cast<qint64>(csv.size())) !=
                static_cast<qint64>(csv.size())) {
            return fail(tr("%1: cannot write (%2)").arg(path, file.errorString()));
        }
    } catch (const std::exception& e) {
        return fail(error_text(e));
    }
    set_error({});
    return true;
}

} // namespace gridmap::quick
