#pragma once

#include "project_tool.hpp"

#include <QObject>
#include <QPointer>
#include <QString>
#include <QStringList>
#include <QVariantList>
#include <QVariantMap>
#include <QtQml/qqmlregistration.h>

namespace gridmap::quick {

/// Drawing a road repair segment (道路维修) on the map: vertices clicked on the map and snapped
/// to the road layer (gridmap::snap_to_road within `snapPixels` pixels at the current zoom),
/// stored with its attributes by gridmap::add_repair_segment; then its length per cell,
/// overlaps with other active segments and the buildings to notify (household counts, never
/// names) from gridmap/repair.hpp, and the notify list as CSV. Errors never escape: invokables
/// return false or an empty map and emit errorOccurred.
class RepairModel : public ProjectTool {
    Q_OBJECT
    QML_ELEMENT
    Q_PROPERTY(QVariantList points READ points NOTIFY pointsChanged)
    Q_PROPERTY(bool lastSnapped READ lastSnapped NOTIFY pointsChanged)
    Q_PROPERTY(bool finished READ finished NOTIFY pointsChanged)
    Q_PROPERTY(double snapPixels MEMBER m_snap_px NOTIFY snapPixelsChanged)
    Q_PROPERTY(QString lastId READ lastId NOTIFY resultChanged)
    Q_PROPERTY(QVariantMap summary READ summary NOTIFY resultChanged)
    Q_PROPERTY(QVariantList notifyRows READ notifyRows NOTIFY resultChanged)

public:
    explicit RepairModel(QObject* parent = nullptr);

    /// The vertices drawn so far (QPointF, working CRS metres).
    QVariantList points() const { return m_points; }
    /// Whether the last vertex was snapped to a road.
    bool lastSnapped() const { return m_last_snapped; }
    /// Whether the line is finished (no more vertices; ready to save).
    bool finished() const { return m_finished; }
    /// The segment saved last: its id, summary {id, road, workType, state, lengthM, outsideM,
    /// cells: [{cell, lengthM}], overlaps: [{other, lengthM}]} and notify list [{building,
    /// buildingName, compound, cell, distanceM, households, captain}].
    QString lastId() const { return m_last_id; }
    QVariantMap summary() const { return m_summary; }
    QVariantList notifyRows() const { return m_notify; }

    /// Adds a vertex at item point (x, y), snapped to the nearest road within snapPixels.
    /// Returns {x, y, snapped}; empty when the line is finished or nothing is loaded.
    Q_INVOKABLE QVariantMap addVertex(double x, double y);
    Q_INVOKABLE void removeLastVertex();
    /// Ends the line; false (errorOccurred) with fewer than two vertices.
    Q_INVOKABLE bool finish();
    /// Forgets the line.
    Q_INVOKABLE void clear();
    /// The work types and states the project accepts.
    Q_INVOKABLE QStringList workTypes() const;
    Q_INVOKABLE QStringList states() const;
    /// Stores the finished line with `fields` {road, workType, state, startDate, endDate, cost
    /// (text, "" = none)} and reads its summary and notify list (within `notifyDistanceM`).
    /// Returns the new id, "" when refused (errorString says why; nothing is written).
    Q_INVOKABLE QString save(const QVariantMap& fields, double notifyDistanceM = 50.0);
    /// Writes the notify list of the last segment as CSV to `pathOrUrl`. False (errorOccurred).
    Q_INVOKABLE bool exportNotifyCsv(const QString& pathOrUrl);

signals:
    void pointsChanged();
    void snapPixelsChanged();
    void resultChanged();

protected:
    void project_reset() override;

private:
    QVariantList m_points;
    bool m_last_snapped = false;
    bool m_finished = false;
    double m_snap_px = 10.0;
    QString m_last_id;
    QVariantMap m_summary;
    QVariantList m_notify;
    double m_notify_distance_m = 50.0;
};

} // namespace gridmap::quick
