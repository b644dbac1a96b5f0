#pragma once

#include "map_item.hpp"
#include "project_model.hpp"

#include <QDateTime>
#include <QPointer>
#include <QString>
#include <QTimeZone>
#include <QUrl>

#include <cstdint>
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

/// The acting person of the window (ProjectModel::actor), "" when none is chosen.
inline QString acting_person(const QPointer<ProjectModel>& model) {
    const ProjectModel* m = model.data();
    return m != nullptr ? m->actor() : QString();
}

/// `by` as given, or the acting person when it is empty: who an edit records.
inline std::string by_or_actor(const QString& by, const QPointer<ProjectModel>& model) {
    const QString given = by.trimmed();
    return (given.isEmpty() ? acting_person(model) : given).toStdString();
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

/// The one way the desktop shows a time: Beijing time (UTC+8, no daylight saving) as
/// "yyyy-MM-dd HH:mm" (or another Qt format), whatever the machine's time zone.
inline QString beijing_time(std::int64_t seconds,
                            const QString& format = QStringLiteral("yyyy-MM-dd HH:mm")) {
    return QDateTime::fromSecsSinceEpoch(seconds, QTimeZone(8 * 3600)).toString(format);
}

/// A stored date-time text (ISO 8601, UTC "...Z" as the project stores it, or with an offset)
/// in Beijing time; a text that is not a date-time (or a plain date) is returned as it is.
inline QString beijing_time_text(const QString& stored) {
    if (!stored.contains(QLatin1Char('T'))) {
        return stored;
    }
    const QDateTime t = QDateTime::fromString(stored, Qt::ISODateWithMs);
    return t.isValid() ? beijing_time(t.toSecsSinceEpoch()) : stored;
}

/// Today's date in Beijing ("yyyy-MM-dd").
inline QString beijing_date_today() {
    return beijing_time(QDateTime::currentSecsSinceEpoch(), QStringLiteral("yyyy-MM-dd"));
}

} // namespace gridmap::quick
