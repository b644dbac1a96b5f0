#pragma once

#include "project_tool.hpp"

#include <QFutureWatcher>
#include <QHash>
#include <QObject>
#include <QPointer>
#include <QString>
#include <QVariantList>
#include <QVariantMap>
#include <QtQml/qqmlregistration.h>

#include <cstdint>
#include <optional>

namespace gridmap::quick {

/// Presentation mode for QML (issue 7): the saved views of the project as slides (the map
/// zooms to a view's extent and shows its theme and layers), the dashboard figures (coverage
/// shares of the community, compounds and cells, open and overdue issues, repair progress,
/// pledges, the change since the previous snapshot; never residents' names or phones), and
/// exports of the current view or of every saved view as PNG or PDF through the shared
/// renderer (title, date, scale bar, north arrow, legend, data-source line). Errors never
/// escape: invokables return false and emit errorOccurred.
class MeetingModel : public ProjectTool {
    Q_OBJECT
    QML_ELEMENT
    Q_PROPERTY(QVariantList views READ views NOTIFY viewsChanged)
    Q_PROPERTY(int count READ count NOTIFY viewsChanged)
    Q_PROPERTY(int currentIndex READ currentIndex NOTIFY currentChanged)
    Q_PROPERTY(QVariantMap currentView READ currentView NOTIFY currentChanged)
    Q_PROPERTY(QVariantMap dashboard READ dashboard NOTIFY dashboardChanged)
    Q_PROPERTY(bool busy READ busy NOTIFY busyChanged)

public:
    explicit MeetingModel(QObject* parent = nullptr);

    /// The saved views by position: [{id, title, theme, layers (list), minX, minY, maxX, maxY}]
    /// (working CRS metres).
    QVariantList views() const { return m_views; }
    int count() const { return static_cast<int>(m_views.size()); }
    /// The view shown last, -1 before the first.
    int currentIndex() const { return m_current; }
    QVariantMap currentView() const;
    /// The figures of the current month as of now (dashboard_figures: the same functions as
    /// the monthly report and snapshots): {communityName, asOf ("YYYY-MM-DD"), community:
    /// [{metric, text, changeText ("2026-10-25 8 → 2026-11-25 9"), changeValues ("8 → 9"),
    /// change (only when the value changed)}], areas: [{scope, target, name, party_group,
    /// building_captain, unit_captain, grid_worker, household_pairing}], openTotal, overdue,
    /// openByState: [{state, title, count}], openByCategory: [{category, count}], handling:
    /// {resolved, withDeadline, onTime, onTimePercent, averageDays}, trend: [{month, reported,
    /// atEnd: {open, overdue, resolved}, handling}], attention: [{id, category, cell, stateTitle,
    /// reported, overdue, idleDays}], cellRanking: [{code, name, gridWorker, coverage,
    /// handlingRank, atEnd, handling}] (by coverage), workerRanking: [{person, name, cells,
    /// coverage, handlingRank, atEnd, handling}], repairs: {plannedKm, doneKm, activeKm, share},
    /// pledges: [{title, percent, text, state}], hasDelta, deltaFrom, deltaTo (dates)}. Shares as
    /// text ("87.5%"), no personal data.
    ///
    /// The figures are computed off the GUI thread (ProjectReader) and arrive a moment after
    /// refresh() (dashboardChanged; busy meanwhile); they follow every edit while presenting or
    /// once refresh() or pinNow() asked for them. A computation overtaken by an edit is dropped.
    QVariantMap dashboard() const { return m_dashboard; }
    /// True while the dashboard is being computed.
    bool busy() const { return m_dashboard_pending; }

    /// Reads the views again and starts computing the dashboard. False (errorOccurred) when
    /// the views cannot be read; a failure of the dashboard is reported when it arrives.
    Q_INVOKABLE bool refresh();
    /// Computes the dashboard as of a fixed moment (ISO 8601, Beijing time without an offset)
    /// instead of the clock; "" goes back to the clock. False (errorOccurred) when unreadable.
    Q_INVOKABLE bool pinNow(const QString& moment);
    /// Remembers the map's theme and layer switches (restored by end()) and shows the first
    /// view, if any.
    Q_INVOKABLE void begin();
    /// Restores the theme and the layer switches of begin().
    Q_INVOKABLE void end();
    /// Shows view `index`: the map zooms to its extent and takes its theme and layers. False
    /// (errorOccurred) when out of range or no map.
    Q_INVOKABLE bool showView(int index);
    /// The next or previous view (stays at the last or first).
    Q_INVOKABLE bool next();
    Q_INVOKABLE bool previous();
    /// Stores a saved view {title, minX, minY, maxX, maxY, theme, layers (list, empty = all)}
    /// after the others; returns its id, "" when refused (errorOccurred: empty title or
    /// extent, unknown theme or layer, read-only project).
    Q_INVOKABLE QString addView(const QVariantMap& view);
    /// Stores what the map shows now (extent, theme, visible layers) as a saved view titled
    /// `title`; returns its id or "".
    Q_INVOKABLE QString saveCurrentView(const QString& title);
    /// Writes what the map shows now as PNG or PDF (by the extension) with the view's title (or
    /// `title`), the date, scale bar, north arrow, legend and data-source line.
    Q_INVOKABLE bool exportCurrent(const QString& pathOrUrl, const QString& title = QString());
    /// Writes every saved view: a PDF of one page per view, or for a .png path one PNG per view
    /// ("name-V01.png", ...). Returns the number of pages or files, 0 on failure.
    Q_INVOKABLE int exportAll(const QString& pathOrUrl);

signals:
    void viewsChanged();
    void currentChanged();
    void dashboardChanged();
    void busyChanged();

protected:
    void project_reset() override;
    void project_edited() override;

private:
    QString source_line() const;
    /// Reads the saved views (a small table, on the GUI thread's connection).
    bool read_views();
    /// Starts computing the dashboard on the reader (or notes that one more is due).
    void request_dashboard();
    void start_dashboard();
    struct Figures {
        QVariantMap dashboard;
        QString error;
        int generation = 0;
    };
    QFutureWatcher<Figures> m_dashboard_watcher;
    int m_dashboard_generation = 0;
    bool m_dashboard_again = false;
    bool m_dashboard_pending = false; ///< a computation was started and its result not taken
    bool m_dashboard_wanted = false;  ///< presenting, or asked for by refresh() / pinNow()

    QVariantList m_views;
    int m_current = -1;
    QVariantMap m_dashboard;
    std::optional<std::int64_t> m_now; ///< pinNow; empty = the clock
    bool m_presenting = false;
    QString m_saved_theme;
    QHash<QString, gridmap::render::LayerState> m_saved_layers;
};

} // namespace gridmap::quick
