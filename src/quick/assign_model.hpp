#pragma once

#include "project_tool.hpp"

#include <QFutureWatcher>
#include <QObject>
#include <QPointer>
#include <QString>
#include <QStringList>
#include <QVariantList>
#include <QtQml/qqmlregistration.h>

#include <vector>

namespace gridmap::quick {

/// Assignments on the map (分工): a selection of buildings (click, shift-click, lasso) and the
/// assignment of a party group or a building captain to all of them through
/// gridmap::apply_assignments, one session per model (one per window), with undo of the last
/// change sets and the log of assignment_event. The coverage figures follow the map's theme,
/// which the map computes again after every change. Staff by name; no resident data.
/// The changes are written on the project's writer thread (ProjectModel::edit), never on the
/// GUI thread: assign and undo return true when the change is handed over, `saving` is true
/// until it is stored, and a refusal of the library arrives by editFailed and errorOccurred.
/// Errors never escape: invokables return false and emit errorOccurred.
class AssignModel : public ProjectTool {
    Q_OBJECT
    QML_ELEMENT
    Q_PROPERTY(QStringList selection READ selection NOTIFY selectionChanged)
    Q_PROPERTY(int residentialBuildings READ residentialBuildings NOTIFY figuresChanged)
    Q_PROPERTY(int withPartyGroup READ withPartyGroup NOTIFY figuresChanged)
    Q_PROPERTY(int withCaptain READ withCaptain NOTIFY figuresChanged)
    Q_PROPERTY(bool canUndo READ canUndo NOTIFY historyChanged)
    Q_PROPERTY(QString session READ session NOTIFY historyChanged)
    Q_PROPERTY(QVariantList log READ log NOTIFY historyChanged)
    Q_PROPERTY(QVariantList partyGroups READ partyGroups NOTIFY listsChanged)
    Q_PROPERTY(QVariantList people READ people NOTIFY listsChanged)
    Q_PROPERTY(bool saving READ saving NOTIFY savingChanged)

public:
    explicit AssignModel(QObject* parent = nullptr);

    /// What read_lists reads on the project's reader thread.
    struct Lists {
        QVariantList party_groups;
        QVariantList people;
        QVariantList log;
    };

    /// Ids of the selected buildings, in the order they were picked.
    QStringList selection() const { return m_selection; }
    /// Residential buildings, and those with a party group / a building captain (the map's
    /// coverage theme, computed by gridmap::compute_theme), counted on a pool thread when the
    /// map's data arrives (figuresChanged).
    int residentialBuildings() const { return m_residential; }
    int withPartyGroup() const { return m_party_group; }
    int withCaptain() const { return m_captain; }
    bool canUndo() const { return !m_undo_counts.empty(); }
    /// A change handed to the writer is not stored yet (assign and undo wait for it).
    bool saving() const { return m_saving; }
    /// The assignment session of this model ("" before the first change).
    QString session() const { return m_session; }
    /// The latest assignment events, newest first: [{at, by, action, role, person, target,
    /// note}] (at in Beijing time).
    QVariantList log() const { return m_log; }

    /// A click at item point (x, y) of the map: the building under it becomes the selection;
    /// with `toggle` (shift) it is added or removed. A click on no building clears the selection
    /// (but not with toggle). Returns the building id or "".
    Q_INVOKABLE QString clickAt(double x, double y, bool toggle);
    /// Selects the buildings that meet the polygon of working CRS points `points` (a lasso);
    /// with `add` they join the selection. Returns how many buildings the lasso met.
    Q_INVOKABLE int selectInPolygon(const QVariantList& points, bool add);
    /// Selects exactly these building ids (unknown ones are ignored).
    Q_INVOKABLE void setSelection(const QStringList& ids);
    Q_INVOKABLE void clearSelection();

    /// The party groups and people of the project: [{id, name}]. Read once per project (QML
    /// reads a list property again for every index: a query each time would be quadratic).
    QVariantList partyGroups() const { return m_party_groups; }
    QVariantList people() const { return m_people; }

    /// Assigns `who` (a party group id for role "party_group", a person id for
    /// "building_captain") to every selected building, by person `by` ("" = the project's acting
    /// person), on the writer's thread. True when handed over; when the library refuses it
    /// (nothing written) editFailed and errorOccurred say why. False at once (errorOccurred) with
    /// no selection, nobody chosen, no project open for editing or a change still being saved.
    Q_INVOKABLE bool assign(const QString& role, const QString& who, const QString& by);
    /// Takes back the last change set of this session (by the acting person), on the writer's
    /// thread as assign. False at once (errorOccurred) when there is nothing to undo.
    Q_INVOKABLE bool undo();

signals:
    void selectionChanged();
    void figuresChanged();
    void historyChanged();
    /// The project (and so its party groups and people) changed.
    void listsChanged();
    void savingChanged();
    /// A change of assign or undo was refused by the library (nothing written).
    void editFailed(const QString& message);

protected:
    void project_reset() override;
    void map_set(MapItem* map) override;

private:
    /// Reads the party groups, people and log on the reader's thread (listsChanged,
    /// historyChanged when they arrive).
    void read_lists();
    QFutureWatcher<Lists> m_lists_watcher;
    int m_lists_generation = 0;
    QVariantList m_party_groups;
    QVariantList m_people;
    void update_figures();

    QStringList m_selection;
    int m_residential = 0;
    int m_party_group = 0;
    int m_captain = 0;
    int m_figures_generation = 0;
    QString m_session;
    std::vector<std::size_t> m_undo_counts; ///< changes per change set, oldest first
    QVariantList m_log;
    bool m_saving = false;
    void set_saving(bool saving);
    /// The end of an edit handed to the writer: saving stops; a refusal (`error` not empty) is
    /// shown (editFailed, the error property) and true returned.
    bool edit_refused(const QString& error);
    /// A stored edit: the history (`log`, read after it) shown, the map told of the change.
    void edit_stored(QVariantList log);
};

} // namespace gridmap::quick
