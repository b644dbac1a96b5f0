#pragma once

#include "map_item.hpp"
#include "project_model.hpp"

#include <QObject>
#include <QPointer>
#include <QString>
#include <QtQml/qqmlregistration.h>

namespace gridmap::quick {

/// What the editing and meeting models (AssignModel, RepairModel, MeetingModel) share: the
/// project and map they work on, and how they report a refusal. Errors never escape them:
/// an invokable that is refused returns false (or "") and emits errorOccurred; errorString
/// holds the last message until the next success clears it.
class ProjectTool : public QObject {
    Q_OBJECT
    QML_ANONYMOUS
    Q_PROPERTY(
        gridmap::quick::ProjectModel* project READ project WRITE setProject NOTIFY projectChanged)
    Q_PROPERTY(gridmap::quick::MapItem* map READ map WRITE setMap NOTIFY mapChanged)
    Q_PROPERTY(QString errorString READ errorString NOTIFY errorStringChanged)

public:
    ProjectModel* project() const { return m_project; }
    void setProject(ProjectModel* project);
    MapItem* map() const { return m_map; }
    void setMap(MapItem* map);
    QString errorString() const { return m_error; }

signals:
    void projectChanged();
    void mapChanged();
    void errorStringChanged();
    void errorOccurred(const QString& message);

protected:
    explicit ProjectTool(QObject* parent = nullptr);

    /// Called when the project is set and whenever it is opened again or closed.
    virtual void project_reset() {}
    /// Called after any edit of the project (an issue pinned, an assignment, ...).
    virtual void project_edited() {}
    /// Called when the map is set (connect to its signals here).
    virtual void map_set(MapItem* /*map*/) {}

    /// Sets errorString, emits errorOccurred and returns false.
    bool fail(const QString& message);
    /// Sets errorString (empty: the last action succeeded).
    void set_error(const QString& message);

    QPointer<ProjectModel> m_project;
    QPointer<MapItem> m_map;

private:
    QString m_error;
};

} // namespace gridmap::quick
