#pragma once

#include "map_item.hpp"
#include "project_model.hpp"

#include <QPointer>
#include <QString>
#include <QUrl>

#include <memory>
#include <string_view>

/// What the editing models (issues, assignments, repairs, meetings) share: access to the
/// project and the map behind their QPointers, and the text conversions at the QML boundary.
/// Each pointer is read once: GCC's -Wnull-dereference cannot follow a QPointer that is checked
/// and then dereferenced.

namespace gridmap::quick {

inline const gridmap::Project* read_project(const QPointer<ProjectModel>& model) {
    const ProjectModel* m = model.data();
    return m != nullptr ? m->project() : nullptr;
}

inline gridmap::Project* edit_project(const QPointer<ProjectModel>& model) {
    ProjectModel* m = model.data();
    return m != nullptr ? m->editable_project() : nullptr;
}

/// Tells the project model (and through it the map and the lists) that the project changed.
inline void notify_edited(const QPointer<ProjectModel>& model) {
    if (ProjectModel* m = model.data(); m != nullptr) {
        m->notify_edited();
    }
}

inline std::shared_ptr<const render::MapData> map_data(const QPointer<MapItem>& map) {
    const MapItem* m = map.data();
    return m != nullptr ? m->data() : nullptr;
}

inline QString to_qstring(std::string_view s) {
    return QString::fromUtf8(s.data(), static_cast<qsizetype>(s.size()));
}

/// A local path from what QML hands over: a plain path or a file: URL (FileDialog).
inline QString local_path(const QString& path_or_url) {
    if (path_or_url.startsWith(QLatin1String("file:"))) {
        return QUrl(path_or_url).toLocalFile();
    }
    return path_or_url;
}

} // namespace gridmap::quick
