#pragma once

#include "project_model.hpp"

#include <gridmap/workorder.hpp>

#include <QAbstractListModel>
#include <QFutureWatcher>
#include <QPointer>
#include <QString>
#include <QStringList>
#include <QVariantList>
#include <QVariantMap>
#include <QtQml/qqmlregistration.h>

#include <vector>

namespace gridmap::quick {

/// The issues (work orders, 三单) of a ProjectModel's project for QML: a filtered list and the
/// edits of the work-order flow (pin a new issue, attach photos, move it to a next state), all
/// through gridmap/workorder.hpp. Shows staff by name and never a resident's name or phone.
/// Nothing here reads or writes the project on the GUI thread for the list and the edits: the
/// list is read on the project's reader thread and applied as a change of the rows it differs
/// in; the edits run on its writer thread (ProjectModel::edit) and their results arrive by
/// signal (issueAdded, issueChanged) or, when refused, by errorOccurred and issueAddFailed /
/// stateChangeFailed with the library's message (e.g. "... is not inside any community").
/// Errors never escape: every invokable returns false or an empty map, sets errorString and
/// emits errorOccurred.
class IssueModel : public QAbstractListModel {
    Q_OBJECT
    QML_ELEMENT
    Q_PROPERTY(
        gridmap::quick::ProjectModel* project READ project WRITE setProject NOTIFY projectChanged)
    Q_PROPERTY(int count READ count NOTIFY countChanged)
    Q_PROPERTY(int total READ total NOTIFY countChanged)
    Q_PROPERTY(QString stateFilter READ stateFilter WRITE setStateFilter NOTIFY filterChanged)
    Q_PROPERTY(
        QString categoryFilter READ categoryFilter WRITE setCategoryFilter NOTIFY filterChanged)
    Q_PROPERTY(QString cellFilter READ cellFilter WRITE setCellFilter NOTIFY filterChanged)
    Q_PROPERTY(
        QString assigneeFilter READ assigneeFilter WRITE setAssigneeFilter NOTIFY filterChanged)
    Q_PROPERTY(QString errorString READ errorString NOTIFY errorStringChanged)
    Q_PROPERTY(bool loading READ loading NOTIFY loadingChanged)
    Q_PROPERTY(int listRevision READ listRevision NOTIFY listChanged)

public:
    enum Role {
        IdRole = Qt::UserRole + 1,
        CategoryRole,
        SmallClassRole,
        TextRole,
        StateRole,
        StateTitleRole,
        CellRole,
        AssigneeRole,
        AssigneeNameRole,
        OverdueRole,
        ReportedAtRole,
        DeadlineRole,
        AddressRole,
        NextStatesRole,
        XRole,
        YRole,
    };
    Q_ENUM(Role)

    explicit IssueModel(QObject* parent = nullptr);

    ProjectModel* project() const { return m_project; }
    void setProject(ProjectModel* project);

    /// Rows shown (after the filters) and issues in the project.
    int count() const { return static_cast<int>(m_rows.size()); }
    int total() const { return m_total; }

    /// Filters; "" shows all. State: a state name (reported ...); category: its Chinese name;
    /// cell: a cell code; assignee: a person id.
    QString stateFilter() const { return m_state; }
    void setStateFilter(const QString& v);
    QString categoryFilter() const { return m_category; }
    void setCategoryFilter(const QString& v);
    QString cellFilter() const { return m_cell; }
    void setCellFilter(const QString& v);
    QString assigneeFilter() const { return m_assignee; }
    void setAssigneeFilter(const QString& v);

    QString errorString() const { return m_error; }

    int rowCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role) const override;
    QHash<int, QByteArray> roleNames() const override;

    /// Reads the issues again (on the reader's thread; `loading` meanwhile).
    Q_INVOKABLE void reload();
    /// Whether the list is being read.
    bool loading() const { return m_loading; }
    /// Raised whenever a row shown was added, removed or changed (views that show one row by
    /// get() bind to it); count and total change only with the number of rows.
    int listRevision() const { return m_list_revision; }
    /// The row's values as a map (the role names), empty when out of range.
    Q_INVOKABLE QVariantMap get(int row) const;
    /// The row of issue `id` among the shown rows, or -1.
    Q_INVOKABLE int indexOf(const QString& id) const;

    /// The categories: [{name, code, deadlineHours}] (names are the Chinese class names).
    Q_INVOKABLE QVariantList categories() const;
    /// The small classes of a category, from the one table (gridmap::issue_categories).
    Q_INVOKABLE QStringList smallClasses(const QString& category) const;
    /// Every state name, in flow order.
    Q_INVOKABLE QStringList states() const;
    /// A state's title in the user's language (context "Inspect", as the side panel).
    Q_INVOKABLE QString stateTitle(const QString& state) const;
    /// The cells and assignees (person ids) that occur in the issues, for the filters.
    Q_INVOKABLE QStringList cells() const;
    Q_INVOKABLE QVariantList assignees() const;
    /// The people of the project: [{id, name}] (staff and party members; no phones).
    Q_INVOKABLE QVariantList people() const;

    /// Parses a typed place: "lon,lat" in degrees (|lon| <= 180, |lat| <= 90) or "X,Y" in
    /// working CRS metres. Returns {lon, lat} or {x, y}, or an empty map (errorOccurred).
    Q_INVOKABLE QVariantMap parsePlace(const QString& text);

    /// Pins a new issue. `fields`: x, y (working CRS metres) or lon, lat (degrees); category,
    /// smallClass, text, reporter (person id), address; photos (a list of local paths or file:
    /// URLs, stored in the project); entered by the acting person (NewIssue::by). Written on the
    /// writer's thread: true when handed over, then issueAdded({id, cell, assignee,
    /// assigneeName, reason, photos, x, y}) once stored, or issueAddFailed(message) and
    /// errorOccurred when the library refused it (nothing is written). False at once (and
    /// errorOccurred) for what is refused before anything is read: no project open for editing,
    /// a photo file that is missing.
    Q_INVOKABLE bool addIssue(const QVariantMap& fields);
    /// Stores a photo file of issue `id` in the project. False (errorOccurred) when refused.
    Q_INVOKABLE bool addPhoto(const QString& id, const QString& pathOrUrl);
    /// Number of photos stored for issue `id` (-1 on error).
    Q_INVOKABLE int photoCount(const QString& id);
    /// The problems of the required fields by the one rule of add_issue and the CLI
    /// (gridmap::issue_field_problems): {field: message} for "text", "category",
    /// "small_class"; empty when all is well.
    Q_INVOKABLE QVariantMap fieldProblems(const QString& category, const QString& smallClass,
                                          const QString& text) const;
    /// The states the acting person may move issue `id` to now (gridmap::next_states_for):
    /// the buttons of the issue panel. Empty for someone without a role on it.
    Q_INVOKABLE QStringList allowedStates(const QString& id) const;
    /// Who should take an issue pinned at (x, y) in working CRS metres
    /// (gridmap::propose_assignee_at): {assignee, assigneeName, reason}, {} when unknown.
    Q_INVOKABLE QVariantMap proposalAt(double x, double y);
    /// Who should take issue `id` (gridmap::propose_assignee, as `gridmap issue show` says):
    /// {assignee, assigneeName, reason}; assignee "" when nobody answers for its place.
    Q_INVOKABLE QVariantMap proposal(const QString& id);
    /// Moves issue `id` to state `to` by person `by` ("" = the project's acting person), with a
    /// note, an assignee (dispatched) and a rating 1-5 (verified; 0 = none). Written on the
    /// writer's thread: true when handed over, then issueChanged(id) with the row updated, or
    /// stateChangeFailed(id, message) and errorOccurred when the library refused it (who may,
    /// gridmap::actor_may). False at once (errorOccurred) for a state that is not a next state of
    /// the issue's state as listed (gridmap::next_states) or an unknown state name.
    Q_INVOKABLE bool setState(const QString& id, const QString& to, const QString& by,
                              const QString& note, const QString& assignee, int rating);

signals:
    void projectChanged();
    void countChanged();
    void filterChanged();
    void errorStringChanged();
    /// An invokable failed; `message` is one line for the user.
    void errorOccurred(const QString& message);
    /// An issue was added or changed (the map and other views are told through the project).
    void issueChanged(const QString& id);
    /// addIssue's issue is stored: {id, cell, assignee, assigneeName, reason, photos, x, y}.
    void issueAdded(const QVariantMap& result);
    /// addIssue's issue was refused (nothing written).
    void issueAddFailed(const QString& message);
    /// setState's change of issue `id` was refused (nothing written).
    void stateChangeFailed(const QString& id, const QString& message);
    void loadingChanged();
    void listChanged();

private:
    void set_error(const QString& message);
    bool fail(const QString& message);
    /// Shows the rows of m_all that pass the filters, as the changes from the rows shown.
    void apply_filter();
    /// Puts a record read after an edit into m_all (replacing the one with its id).
    void put_record(const gridmap::IssueRecord& record);
    void start_load();
    /// Stores a photo file of an issue (on the writer's thread).
    static void store_photo(gridmap::Project& project, const std::string& id, const QString& path);

    QPointer<ProjectModel> m_project;
    std::vector<gridmap::IssueRecord> m_all;
    std::vector<gridmap::IssueRecord> m_rows;
    int m_total = 0;
    QFutureWatcher<std::vector<gridmap::IssueRecord>> m_load_watcher;
    bool m_loading = false;
    int m_list_revision = 0;
    bool m_load_again = false;
    int m_load_generation = 0;
    QString m_state;
    QString m_category;
    QString m_cell;
    QString m_assignee;
    QString m_error;
};

} // namespace gridmap::quick
