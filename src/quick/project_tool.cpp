#include "project_tool.hpp"

namespace gridmap::quick {

ProjectTool::ProjectTool(QObject* parent) : QObject(parent) {}

void ProjectTool::setProject(ProjectModel* project) {
    if (m_project == project) {
        return;
    }
    if (m_project) {
        disconnect(m_project, nullptr, this, nullptr);
    }
    m_project = project;
    if (project != nullptr) {
        connect(project, &ProjectModel::projectChanged, this, [this] { project_reset(); });
        connect(project, &ProjectModel::edited, this, [this] { project_edited(); });
    }
    emit projectChanged();
    project_reset();
}

void ProjectTool::setMap(MapItem* map) {
    if (m_map == map) {
        return;
    }
    if (m_map) {
        disconnect(m_map, nullptr, this, nullptr);
    }
    m_map = map;
    map_set(map);
    emit mapChanged();
}

bool ProjectTool::fail(const QString& message) {
    set_error(message);
    emit errorOccurred(message);
    return false;
}

void ProjectTool::set_error(const QString& message) {
    if (m_error != message) {
        m_error = message;
        emit errorStringChanged();
    }
}

} // namespace gridmap::quick
