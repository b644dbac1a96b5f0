#pragma once

#include "layer_list_model.hpp"

#include <gridmap/project.hpp>

#include <QObject>
#include <QString>
#include <QtQml/qqmlregistration.h>

#include <optional>

namespace gridmap::quick {

/// The open Gridmap project for QML: its path, working CRS, schema version and spatial layers.
/// Opens read-only; at most one project is open at a time. Errors never escape to QML: every
/// invokable returns false, sets errorString and emits errorOccurred.
class ProjectModel : public QObject {
    Q_OBJECT
    QML_ELEMENT
    Q_PROPERTY(bool isOpen READ isOpen NOTIFY projectChanged)
    Q_PROPERTY(QString path READ path NOTIFY projectChanged)
    Q_PROPERTY(QString fileName READ fileName NOTIFY projectChanged)
    Q_PROPERTY(QString crsName READ crsName NOTIFY projectChanged)
    Q_PROPERTY(int epsg READ epsg NOTIFY projectChanged)
    Q_PROPERTY(int schemaVersion READ schemaVersion NOTIFY projectChanged)
    Q_PROPERTY(QString errorString READ errorString NOTIFY errorStringChanged)
    Q_PROPERTY(gridmap::quick::LayerListModel* layers READ layers CONSTANT)

public:
    explicit ProjectModel(QObject* parent = nullptr);
    ~ProjectModel() override;

    bool isOpen() const { return m_project.has_value(); }
    /// Absolute path of the open project file, "" when none is open.
    QString path() const { return m_path; }
    /// File name of the open project without its folder, "" when none is open.
    QString fileName() const;
    /// Name of the working CRS ("CGCS2000 / 3-degree Gauss-Kruger CM 114E").
    QString crsName() const { return m_crs_name; }
    /// EPSG code of the working CRS, 0 when no project is open.
    int epsg() const { return m_epsg; }
    /// Schema version stored in the project, 0 when no project is open.
    int schemaVersion() const { return m_schema_version; }
    /// Message of the last failure, "" after a success.
    QString errorString() const { return m_error; }
    /// The spatial layers of the open project (empty when none is open).
    LayerListModel* layers() const { return m_layers; }

    /// The open project for C++ readers (the map), or nullptr. Valid until the next
    /// projectChanged().
    const gridmap::Project* project() const { return m_project ? &*m_project : nullptr; }

    /// Opens the GeoPackage project at `pathOrUrl` (a local path or a file: URL) read-only and
    /// replaces the open one. On failure returns false, keeps the open project, sets
    /// errorString and emits errorOccurred (missing file, not a Gridmap project, newer schema).
    Q_INVOKABLE bool open(const QString& pathOrUrl);

    /// Closes the open project, if any.
    Q_INVOKABLE void close();

signals:
    /// A project was opened or closed: every property may have changed.
    void projectChanged();
    void errorStringChanged();
    /// An invokable failed; `message` is one line for the user.
    void errorOccurred(const QString& message);

private:
    void set_error(const QString& message);

    std::optional<gridmap::Project> m_project;
    QString m_path;
    QString m_crs_name;
    int m_epsg = 0;
    int m_schema_version = 0;
    QString m_error;
    LayerListModel* m_layers = nullptr;
};

} // namespace gridmap::quick
