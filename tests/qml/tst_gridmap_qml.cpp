// Runner of the Qt Quick tests (tst_*.qml in this folder). Before the tests it builds a small
// fixture project from data/*.geojson (a 200 m x 100 m community near 114.0E 30.5N, two cells,
// three buildings) and exposes it to QML as the context property `fixture`.

#include <gridmap/crs.hpp>
#include <gridmap/import.hpp>
#include <gridmap/project.hpp>
#include <gridmap/schema.hpp>

#include <QColor>
#include <QDir>
#include <QImage>
#include <QObject>
#include <QQmlContext>
#include <QQmlEngine>
#include <QSize>
#include <QString>
#include <QTemporaryDir>
#include <QVariant>
#include <QtQml/QQmlExtensionPlugin>
#include <QtQuickTest/quicktest.h>

#include <exception>
#include <memory>

Q_IMPORT_QML_PLUGIN(GridmapPlugin)

namespace {

/// What the QML tests know about the fixture, and pixel access for Item.grabToImage results.
class Fixture : public QObject {
    Q_OBJECT
    Q_PROPERTY(QString projectPath MEMBER m_project_path CONSTANT)
    Q_PROPERTY(QString missingPath MEMBER m_missing_path CONSTANT)
    Q_PROPERTY(QString notAProjectPath MEMBER m_not_a_project_path CONSTANT)
    Q_PROPERTY(int epsg MEMBER m_epsg CONSTANT)
    Q_PROPERTY(int schemaVersion MEMBER m_schema_version CONSTANT)

public:
    /// Builds the fixture project in `dir` from the GeoJSON files in `data_dir`.
    /// Throws gridmap::Error when the import fails.
    void build(const QString& dir, const QString& data_dir) {
        m_project_path = QDir(dir).filePath(QStringLiteral("fixture.gpkg"));
        m_missing_path = QDir(dir).filePath(QStringLiteral("no-such-project.gpkg"));
        m_not_a_project_path = QDir(data_dir).filePath(QStringLiteral("building.geojson"));
        m_epsg = gridmap::default_working_epsg({114.001, 30.5});
        m_schema_version = gridmap::schema_version;

        gridmap::Project project = gridmap::Project::create(m_project_path.toStdString(), m_epsg);
        for (const char* table : {"community", "cell", "building"}) {
            gridmap::ImportOptions options;
            options.table = table;
            options.source =
                QDir(data_dir).filePath(QStringLiteral("%1.geojson").arg(table)).toStdString();
            gridmap::import_layer(project, options);
        }
    }

    /// Colour of pixel (x, y) of `image`, the `image` of an ItemGrabResult (Item.grabToImage),
    /// read inside the callback (the result is deleted after it); invalid when out of range.
    Q_INVOKABLE QColor pixel(const QVariant& image, int x, int y) const {
        const QImage img = image.value<QImage>();
        if (!img.valid(x, y)) {
            return {};
        }
        return img.pixelColor(x, y);
    }

    /// Size in pixels of `image`, the `image` of an ItemGrabResult; (0, 0) when it is none.
    Q_INVOKABLE QSize imageSize(const QVariant& image) const {
        return image.value<QImage>().size();
    }

private:
    QString m_project_path;
    QString m_missing_path;
    QString m_not_a_project_path;
    int m_epsg = 0;
    int m_schema_version = 0;
};

} // namespace

/// Qt Quick Test setup: builds the fixture once, gives every test engine the Gridmap module and
/// the `fixture` property.
class Setup : public QObject {
    Q_OBJECT

public slots:
    void applicationAvailable() {
        m_dir = std::make_unique<QTemporaryDir>();
        if (!m_dir->isValid()) {
            qFatal("cannot create a temporary directory");
        }
        try {
            m_fixture.build(m_dir->path(), QStringLiteral(GRIDMAP_QML_TEST_DATA));
        } catch (const std::exception& e) {
            qFatal("cannot build the fixture project: %s", e.what());
        }
    }

    void qmlEngineAvailable(QQmlEngine* engine) {
        engine->addImportPath(QStringLiteral("qrc:/"));
        engine->rootContext()->setContextProperty(QStringLiteral("fixture"), &m_fixture);
    }

    void cleanupTestCase() { m_dir.reset(); }

private:
    std::unique_ptr<QTemporaryDir> m_dir;
    Fixture m_fixture;
};

QUICK_TEST_MAIN_WITH_SETUP(gridmap_qml, Setup)

#include "tst_gridmap_qml.moc"
