#pragma once

#include "project_tool.hpp"

#include <QFutureWatcher>
#include <QObject>
#include <QString>
#include <QStringList>
#include <QVariantList>
#include <QVariantMap>
#include <QtQml/qqmlregistration.h>

#include <functional>
#include <optional>
#include <string>

namespace gridmap {
class Project;
}

namespace gridmap::quick {

/// The seed's work in the desktop (gridmap/seed.hpp): the month's visits, visit coverage per
/// cell, the care register's counts (never households or names), key places and their patrol
/// state, the points ranking; and the visit entry form. The care register's entries are read
/// only through `loadCare`, which geo refuses to anyone but a grid worker or a paired member.
/// Errors never escape: invokables return "" or false and emit errorOccurred.
///
/// The figures are read off the GUI thread (ProjectReader, like the map and the dashboard):
/// refresh() starts the read and returns; `refreshed` arrives when the figures are in (busy
/// meanwhile). An edit meanwhile reads them once more.
class SeedModel : public ProjectTool {
    Q_OBJECT
    QML_ELEMENT
    Q_PROPERTY(QString month READ month WRITE setMonth NOTIFY monthChanged)
    Q_PROPERTY(QVariantMap summary READ summary NOTIFY refreshed)
    Q_PROPERTY(QVariantList cells READ cells NOTIFY refreshed)
    Q_PROPERTY(QVariantList places READ places NOTIFY refreshed)
    Q_PROPERTY(QVariantList ranking READ ranking NOTIFY refreshed)
    Q_PROPERTY(QStringList lowCoverageCells READ lowCoverageCells NOTIFY refreshed)
    Q_PROPERTY(QStringList overduePlaceBuildings READ overduePlaceBuildings NOTIFY refreshed)
    Q_PROPERTY(double coverageThreshold MEMBER m_threshold NOTIFY refreshed)
    Q_PROPERTY(bool busy READ busy NOTIFY busyChanged)
    Q_PROPERTY(bool mayChangeCare READ mayChangeCare NOTIFY refreshed)

public:
    explicit SeedModel(QObject* parent = nullptr);

    /// "yyyy-MM" (default: this month in Beijing).
    QString month() const { return m_month; }
    void setMonth(const QString& month);
    /// {visits, households, members, issues, byKind: {kind: n}, careEntries, careHouseholds,
    /// careUnpaired, careDue, careByTag: {tag: n}, places, placesOverdue, patrols, checkin,
    /// pairing, patrolling (rates "59/67 (88.1%)"), visitIntervalDays, careVisitDays}
    QVariantMap summary() const { return m_summary; }
    /// [{cell, households, visited, share}] by cell code.
    QVariantList cells() const { return m_cells; }
    /// [{id, name, kind, building, patrolDays, lastPatrol, daysSince, overdue}] by id.
    QVariantList places() const { return m_places; }
    /// The month's points: [{rank, person, name, group, points}], the first 20.
    QVariantList ranking() const { return m_ranking; }
    /// The map overlay: cells whose visit coverage is below coverageThreshold (default 0.8),
    /// and the buildings of overdue key places.
    QStringList lowCoverageCells() const { return m_low_cells; }
    QStringList overduePlaceBuildings() const { return m_overdue_buildings; }
    /// Whether the figures are being read.
    bool busy() const { return m_pending; }
    /// Whether the acting person may tag households in the care register (geo's rule:
    /// a grid worker).
    bool mayChangeCare() const;

    /// Reads everything again, on the project reader's thread.
    Q_INVOKABLE void refresh();
    /// The kinds of a visit (入户走访, 摸排, 帮扶, 宣传).
    Q_INVOKABLE QStringList visitKinds() const;
    /// Records a visit by the acting person: fields {household, building, kind, date
    /// (yyyy-MM-dd, "" = today), findings}. Returns the new id, "" when refused.
    Q_INVOKABLE QString addVisit(const QVariantMap& fields);
    /// Records a patrol of a key place by the acting person: fields {place, date (yyyy-MM-dd,
    /// "" = today), findings}. Returns the new id, "" when refused.
    Q_INVOKABLE QString addPatrol(const QVariantMap& fields);
    /// The tags of the care register.
    Q_INVOKABLE QStringList careTags() const;
    /// Tags a household in the care register, entered by the acting person (geo refuses
    /// anyone but a grid worker): fields {household, tag, since (yyyy-MM-dd or "")}. False
    /// when refused.
    Q_INVOKABLE bool addCareTag(const QVariantMap& fields);
    /// The care register as the acting person may see it: [{household, person, tag, building,
    /// cell, paired, lastVisit, due}]; empty and errorOccurred when geo refuses.
    Q_INVOKABLE QVariantList loadCare();
    /// Writes the acting person's sweep plan (扫楼: their paired households by building in
    /// walking order) as an A4 PDF, in the UI's language, without residents' names or phones.
    /// Returns the number of pages, 0 when refused.
    Q_INVOKABLE int exportSweepPlan(const QString& pathOrUrl);
    /// Writes the month's points notice as CSV or PDF (by the extension). False when refused.
    Q_INVOKABLE bool exportPoints(const QString& pathOrUrl);

signals:
    void monthChanged();
    void refreshed();
    void busyChanged();

protected:
    void project_reset() override;
    void project_edited() override;

public:
    /// The figures read on the worker thread.
    struct Loaded {
        int generation = 0;
        QString error;
        QVariantMap summary;
        QVariantList cells;
        QVariantList places;
        QVariantList ranking;
        QStringList low_cells;
        QStringList overdue_buildings;
    };

private:
    void start_load();
    /// Writes with `write` as the acting person on the editable project; says why not (no
    /// project, `no_person`, or geo's refusal) and gives nothing, else refreshes and gives what
    /// `write` gave.
    std::optional<std::string>
    write_as_acting(const QString& no_person,
                    const std::function<std::string(gridmap::Project&, const std::string&)>& write);
    /// A visit or patrol `entry` written by `add` (gridmap/seed.hpp) with the acting person as
    /// its `person`: the new id, or empty with the reason shown (write_as_acting).
    template <class Entry>
    QString add_as_acting(const QString& no_person, Entry entry,
                          std::string (*add)(gridmap::Project&, const Entry&));

    QFutureWatcher<Loaded> m_watcher;
    int m_generation = 0;
    bool m_pending = false;
    bool m_again = false;
    QString m_month;
    QVariantMap m_summary;
    QVariantList m_cells;
    QVariantList m_places;
    QVariantList m_ranking;
    QStringList m_low_cells;
    QStringList m_overdue_buildings;
    double m_threshold = 0.8;
};

} // namespace gridmap::quick
