#include "project_model.hpp"

#include "layer_style.hpp"

#include <gridmap/crs.hpp>
#include <gridmap/schema.hpp>

#include <QFileInfo>
#include <QUrl>

#include <exception>

namespace gridmap::quick {

namespace {

QString to_qstring(std::string_view s) {
    return QString::fromUtf8(s.data(), static_cast<qsizetype>(s.size()));
}

/// A local path from what QML hands over: a plain path or a file: URL (FileDialog).
QString local_path(const QString& path_or_url) {
    if (path_or_url.startsWith(QLatin1String("file:"))) {
        return QUrl(path_or_url).toLocalFile();
    }
    return path_or_url;
}

QString geometry_name(gridmap::GeometryKind kind) {
    switch (kind) {
    case gridmap::GeometryKind::point:
        return QStringLiteral("point");
    case gridmap::GeometryKind::line:
        return QStringLiteral("line");
    case gridmap::GeometryKind::polygon:
        return QStringLiteral("polygon");
    case gridmap::GeometryKind::none:
        break;
    }
    return {};
}

QList<LayerRow> layer_rows(const gridmap::ProjectInfo& info) {
    QList<LayerRow> rows;
    for (const gridmap::LayerInfo& layer : info.layers) {
        const gridmap::TableDef* def = gridmap::find_table(layer.name);
        if (def == nullptr || def->geometry == gridmap::GeometryKind::none ||
            !is_drawn_layer(layer.name)) {
            continue;
        }
        LayerRow row;
        row.name = QString::fromStdString(layer.name);
        row.title = layer_title(layer.name);
        row.title_zh = to_qstring(def->title_zh);
        row.geometry = geometry_name(def->geometry);
        row.count = layer.count;
        row.visible = true;
        row.color = legend_color(layer.name);
        rows.push_back(std::move(row));
    }
    return rows;
}

} // namespace

ProjectModel::ProjectModel(QObject* parent) : QObject(parent), m_layers(new LayerListModel(this)) {}

ProjectModel::~ProjectModel() = default;

QString ProjectModel::fileName() const {
    return m_path.isEmpty() ? QString() : QFileInfo(m_path).fileName();
}

bool ProjectModel::open(const QString& pathOrUrl) {
    const auto fail = [this](const QString& message) {
        set_error(message);
        emit errorOccurred(message);
        return false;
    };
    try {
        const QString file = local_path(pathOrUrl);
        if (file.isEmpty()) {
            return fail(tr("No project file given."));
        }
        if (!QFileInfo(file).isFile()) {
            return fail(tr("%1: no such file").arg(file));
        }
        // Everything is read before anything changes, so a failure leaves the model as it was.
        // Read-write, so that an older schema is migrated; a file we may not write is still
        // shown, read-only.
        const bool writable = QFileInfo(file).isWritable();
        gridmap::Project project = gridmap::Project::open(
            file.toStdString(),
            writable ? gridmap::Project::Access::read_write : gridmap::Project::Access::read_only);
        const gridmap::ProjectInfo info = project.info();
        QString crs = QString::fromStdString(info.crs_name);
        if (crs.isEmpty()) {
            crs = QString::fromStdString(gridmap::crs_name(info.epsg));
        }
        QList<LayerRow> rows = layer_rows(info);

        m_project.reset();
        m_project.emplace(std::move(project));
        m_path = QFileInfo(file).absoluteFilePath();
        m_crs_name = crs;
        m_epsg = info.epsg;
        m_schema_version = info.schema_version;
        m_layers->set_rows(std::move(rows));
        set_error({});
        emit projectChanged();
        return true;
    } catch (const std::exception& e) {
        return fail(QString::fromUtf8(e.what()));
    } catch (...) {
        return fail(tr("Unknown error while opening %1").arg(pathOrUrl));
    }
}

void ProjectModel::close() {
    if (!m_project) {
        return;
    }
    m_project.reset();
    m_path.clear();
    m_crs_name.clear();
    m_epsg = 0;
    m_schema_version = 0;
    m_layers->set_rows({});
    emit projectChanged();
}

void ProjectModel::set_error(const QString& message) {
    if (m_error != message) {
        m_error = message;
        emit errorStringChanged();
    }
}

} // namespace gridmap::quick
