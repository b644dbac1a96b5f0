// Runner of the Qt Quick tests (tst_*.qml in this folder). Before the tests it builds two
// fixture projects and exposes them to QML as the context property `fixture`: a small one from
// data/*.geojson (a 200 m x 100 m community near 114.0E 30.5N, two cells, three buildings) and
// the hand-made map fixture of tests/data/map (every layer, themes, staff and residents), and
// the demo project (data/demo).
// Environment: GRIDMAP_EXPECT_GPU=1 makes the image tests insist on the GPU scene graph;
// GRIDMAP_UPDATE_REFERENCES=1 makes them write their reference images instead of comparing.
// GRIDMAP_TEST_PG_DESKTOP=postgresql://SUPERUSER@HOST:PORT/DB and GRIDMAP_TEST_PG_CONTROL (a
// command taking stop, start or terminate) give tst_pg_reconnect.qml a throwaway server it may
// stop and start (tests/qml/pg_desktop_test.sh); without them it is skipped.

#include "frame_pacer.hpp"
#include "geo/map_fixture.hpp"
#include "project_reader.hpp"
#include "project_writer.hpp"

#include <gridmap/copy.hpp>
#include <gridmap/crs.hpp>
#include <gridmap/demo.hpp>
#include <gridmap/import.hpp>
#include <gridmap/meeting.hpp>
#include <gridmap/project.hpp>
#include <gridmap/schema.hpp>

#include <QColor>
#include <QCoreApplication>
#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QImage>
#include <QObject>
#include <QProcess>
#include <QQmlContext>
#include <QQmlEngine>
#include <QQuickItem>
#include <QQuickWindow>
#include <QSemaphore>
#include <QSize>
#include <QString>
#include <QTemporaryDir>
#include <QThread>
#include <QThreadPool>
#include <QTimer>
#include <QUuid>
#include <QVariant>
#include <QVariantMap>
#include <QtQml/QQmlExtensionPlugin>
#include <QtQuickTest/quicktest.h>

#include <gdal_priv.h>
#include <ogr_spatialref.h>

#include <algorithm>
#include <atomic>
#include <cstdlib>
#include <exception>
#include <memory>
#include <stdexcept>
#include <vector>

Q_IMPORT_QML_PLUGIN(GridmapPlugin)

namespace {

/// {sameSize, bad (pixels where a channel differs by more than `tolerance`), total, maxDiff}
/// of two ARGB32 images; only sameSize when either is null or their sizes differ.
QVariantMap compare_pixels(const QImage& a, const QImage& b, int tolerance) {
    QVariantMap out{{"sameSize", !a.isNull() && !b.isNull() && a.size() == b.size()}};
    if (a.isNull() || b.isNull() || a.size() != b.size()) {
        return out;
    }
    int bad = 0;
    int max_diff = 0;
    for (int y = 0; y < a.height(); ++y) {
        const auto* pa = reinterpret_cast<const QRgb*>(a.constScanLine(y));
        const auto* pb = reinterpret_cast<const QRgb*>(b.constScanLine(y));
        for (int x = 0; x < a.width(); ++x) {
            const int d = std::max({std::abs(qRed(pa[x]) - qRed(pb[x])),
                                    std::abs(qGreen(pa[x]) - qGreen(pb[x])),
                                    std::abs(qBlue(pa[x]) - qBlue(pb[x]))});
            max_diff = std::max(max_diff, d);
            bad += d > tolerance ? 1 : 0;
        }
    }
    out.insert(QStringLiteral("bad"), bad);
    out.insert(QStringLiteral("total"), a.width() * a.height());
    out.insert(QStringLiteral("maxDiff"), max_diff);
    return out;
}

/// What the QML tests know about the fixture, and pixel access for Item.grabToImage results.
class Fixture : public QObject {
    Q_OBJECT
    Q_PROPERTY(QString projectPath MEMBER m_project_path CONSTANT)
    Q_PROPERTY(QString missingPath MEMBER m_missing_path CONSTANT)
    Q_PROPERTY(QString notAProjectPath MEMBER m_not_a_project_path CONSTANT)
    Q_PROPERTY(int epsg MEMBER m_epsg CONSTANT)
    Q_PROPERTY(int schemaVersion MEMBER m_schema_version CONSTANT)
    Q_PROPERTY(QString mapProjectPath MEMBER m_map_project_path CONSTANT)
    Q_PROPERTY(QString referenceDir MEMBER m_reference_dir CONSTANT)
    Q_PROPERTY(bool expectGpu MEMBER m_expect_gpu CONSTANT)
    Q_PROPERTY(bool updateReferences MEMBER m_update_references CONSTANT)
    Q_PROPERTY(QString basemapPath MEMBER m_basemap_path CONSTANT)
    /// The demo (data/demo) and the demo with a third snapshot S003 taken 2026-12-01 10:00,
    /// when nothing had changed since S002 (for the dashboard's arrows).
    Q_PROPERTY(QString demoProjectPath MEMBER m_demo_project_path CONSTANT)
    Q_PROPERTY(QString demoThirdSnapshotPath MEMBER m_demo_third_snapshot_path CONSTANT)
    /// The throwaway PostgreSQL database of tst_pg_reconnect.qml, "" when none is given.
    Q_PROPERTY(QString pgUrl READ pgUrl CONSTANT)

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
        m_dir = dir;
        m_map_project_path = QDir(dir).filePath(QStringLiteral("map.gpkg"));
        gridmap::test::build_map_fixture(m_map_project_path.toStdString(),
                                         QStringLiteral(GRIDMAP_TEST_DATA "/map").toStdString());
        m_reference_dir = QDir(data_dir).absolutePath();
        m_expect_gpu = qEnvironmentVariableIntValue("GRIDMAP_EXPECT_GPU") == 1;
        m_update_references = qEnvironmentVariableIntValue("GRIDMAP_UPDATE_REFERENCES") == 1;
        m_basemap_path = QDir(dir).filePath(QStringLiteral("basemap.tif"));
        write_basemap(m_basemap_path);
        m_demo_project_path = QDir(dir).filePath(QStringLiteral("demo.gpkg"));
        gridmap::build_demo_project(GRIDMAP_DEMO_DATA, m_demo_project_path.toStdString());
        m_demo_third_snapshot_path = copyProject(m_demo_project_path);
        gridmap::Project demo = gridmap::Project::open(m_demo_third_snapshot_path.toStdString());
        gridmap::take_snapshot(demo, "12月", gridmap::parse_time_text("2026-12-01T10:00:00+08:00"));
    }

    /// A GeoTIFF over the map fixture made with the GDAL API: EPSG:4547, 60 x 40 pixels of 5 m
    /// from (500000, 3300200); the west half (x < 150 m) cyan (30, 200, 220), the east half
    /// yellow (250, 220, 0). Throws std::runtime_error when GDAL fails.
    static void write_basemap(const QString& path) {
        GDALAllRegister();
        GDALDriver* driver = GetGDALDriverManager()->GetDriverByName("GTiff");
        GDALDatasetUniquePtr ds(
            driver->Create(path.toUtf8().constData(), 60, 40, 3, GDT_Byte, nullptr));
        if (!ds) {
            throw std::runtime_error("cannot create the basemap GeoTIFF");
        }
        double transform[6] = {500000, 5, 0, 3300200, 0, -5};
        ds->SetGeoTransform(transform);
        OGRSpatialReference srs;
        srs.importFromEPSG(4547);
        ds->SetSpatialRef(&srs);
        const int west[3] = {30, 200, 220};
        const int east[3] = {250, 220, 0};
        std::vector<GByte> pixels(60 * 40);
        for (int band = 0; band < 3; ++band) {
            for (int i = 0; i < 60 * 40; ++i) {
                pixels[static_cast<std::size_t>(i)] =
                    static_cast<GByte>(i % 60 < 30 ? west[band] : east[band]);
            }
            if (ds->GetRasterBand(band + 1)->RasterIO(GF_Write, 0, 0, 60, 40, pixels.data(), 60, 40,
                                                      GDT_Byte, 0, 0) != CE_None) {
                throw std::runtime_error("cannot write the basemap GeoTIFF");
            }
        }
    }

    /// A fresh copy of the project at `path` (a test may change it), or "" on failure.
    Q_INVOKABLE QString copyProject(const QString& path) const {
        const QString copy = QDir(m_dir).filePath(
            QStringLiteral("copy-%1.gpkg").arg(QUuid::createUuid().toString(QUuid::Id128)));
        return QFile::copy(path, copy) ? copy : QString();
    }

    static QString pgUrl() { return qEnvironmentVariable("GRIDMAP_TEST_PG_DESKTOP"); }

    /// The map fixture copied into schema `schema` of pgUrl (gridmap copy): its location, or ""
    /// (with a warning) when the copy fails.
    Q_INVOKABLE QString pgProject(const QString& schema) const {
        const QString location = pgUrl() + QStringLiteral("?schema=") + schema;
        try {
            gridmap::copy_project(m_map_project_path.toStdString(), location.toStdString());
        } catch (const std::exception& e) {
            qWarning("cannot copy the map fixture into PostgreSQL: %s", e.what());
            return {};
        }
        return location;
    }

    /// Runs GRIDMAP_TEST_PG_CONTROL with `action` (stop, start, terminate: the server stopped
    /// or started, or the desktop's connections ended by pg_terminate_backend). True when it
    /// succeeded.
    Q_INVOKABLE bool pgServer(const QString& action) const {
        const QString control = qEnvironmentVariable("GRIDMAP_TEST_PG_CONTROL");
        return !control.isEmpty() &&
               QProcess::execute(QStringLiteral("bash"), {control, action}) == 0;
    }

    /// The rows of `sql` on pgUrl as psql prints them unaligned ('|' between fields), trimmed;
    /// "ERROR: ..." when it fails.
    Q_INVOKABLE QString pgQuery(const QString& sql) const {
        QProcess psql;
        psql.start(QStringLiteral("psql"),
                   {QStringLiteral("-X"), QStringLiteral("-q"), QStringLiteral("-At"),
                    QStringLiteral("-d"), pgUrl(), QStringLiteral("-c"), sql});
        if (!psql.waitForFinished(30000) || psql.exitCode() != 0) {
            return QStringLiteral("ERROR: ") + QString::fromUtf8(psql.readAllStandardError());
        }
        return QString::fromUtf8(psql.readAllStandardOutput()).trimmed();
    }

    /// Writes `image` (an ItemGrabResult's image) to `path` as PNG.
    Q_INVOKABLE bool saveImage(const QVariant& image, const QString& path) const {
        return image.value<QImage>().save(path, "PNG");
    }

    /// Compares `image` with the PNG at `reference` pixel by pixel: {exists, sameSize, bad (the
    /// pixels where a channel differs by more than `tolerance`), total, maxDiff}.
    Q_INVOKABLE QVariantMap compareImages(const QVariant& image, const QString& reference,
                                          int tolerance) const {
        const QImage a = image.value<QImage>().convertToFormat(QImage::Format_ARGB32);
        const QImage b = QImage(reference).convertToFormat(QImage::Format_ARGB32);
        QVariantMap out = compare_pixels(a, b, tolerance);
        out.insert(QStringLiteral("exists"), !b.isNull());
        return out;
    }

    /// Compares two images (`image` of ItemGrabResults) pixel by pixel, as compareImages:
    /// {sameSize, bad (pixels where a channel differs by more than `tolerance`), total, maxDiff}.
    Q_INVOKABLE QVariantMap compareGrabs(const QVariant& first, const QVariant& second,
                                         int tolerance) const {
        return compare_pixels(first.value<QImage>().convertToFormat(QImage::Format_ARGB32),
                              second.value<QImage>().convertToFormat(QImage::Format_ARGB32),
                              tolerance);
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

    /// Sets (or with "" removes) GRIDMAP_USER, the acting person a project opens with. The
    /// runner starts with P3 (赵网格员 of the map fixture) so that windows do not ask.
    Q_INVOKABLE void setUser(const QString& id) const {
        if (id.isEmpty()) {
            qunsetenv("GRIDMAP_USER");
        } else {
            qputenv("GRIDMAP_USER", id.toUtf8());
        }
    }

    /// Makes every analysis job of the desktop (the map's read and theme, the dashboard:
    /// ProjectReader::call_analysis_hook) take `ms` longer, and counts where they run:
    /// analysisRuns(), analysisOnGuiThread(). 0 takes the delay away (the counting stays).
    Q_INVOKABLE void slowAnalysis(int ms) {
        QThread* gui = QCoreApplication::instance()->thread();
        gridmap::quick::ProjectReader::set_analysis_hook([this, ms, gui] {
            m_analysis_runs.fetch_add(1);
            if (QThread::currentThread() == gui) {
                m_analysis_on_gui.fetch_add(1);
            }
            if (ms > 0) {
                QThread::msleep(static_cast<unsigned long>(ms));
            }
        });
    }
    /// Makes every job of the project's writer (the desktop's edits: ProjectWriter's job hook)
    /// take `ms` longer, and counts where they run: writeRuns(), writesOnGuiThread().
    Q_INVOKABLE void slowWrites(int ms) {
        QThread* gui = QCoreApplication::instance()->thread();
        gridmap::quick::ProjectWriter::set_job_hook([this, ms, gui] {
            m_write_runs.fetch_add(1);
            if (QThread::currentThread() == gui) {
                m_writes_on_gui.fetch_add(1);
            }
            if (ms > 0) {
                QThread::msleep(static_cast<unsigned long>(ms));
            }
        });
    }
    Q_INVOKABLE int writeRuns() const { return m_write_runs.load(); }
    Q_INVOKABLE int writesOnGuiThread() const { return m_writes_on_gui.load(); }
    Q_INVOKABLE int analysisRuns() const { return m_analysis_runs.load(); }
    Q_INVOKABLE int analysisOnGuiThread() const { return m_analysis_on_gui.load(); }

    /// Starts measuring the GUI thread's stalls: a timer ticks every 2 ms and
    /// longestStallMs() is the largest gap between two ticks since.
    Q_INVOKABLE void startStallMeter() {
        m_longest_gap_ms = 0;
        m_heartbeat_clock.start();
        m_last_tick_ns = 0;
        if (!m_heartbeat) {
            m_heartbeat = std::make_unique<QTimer>();
            m_heartbeat->setTimerType(Qt::PreciseTimer);
            m_heartbeat->setInterval(2);
            QObject::connect(m_heartbeat.get(), &QTimer::timeout, [this] {
                const qint64 now = m_heartbeat_clock.nsecsElapsed();
                m_longest_gap_ms =
                    std::max(m_longest_gap_ms, static_cast<double>(now - m_last_tick_ns) / 1e6);
                m_last_tick_ns = now;
            });
        }
        m_heartbeat->start();
    }
    Q_INVOKABLE double longestStallMs() const { return m_longest_gap_ms; }

    /// Installs the desktop's frame pacer (gridmap::quick::pace_frames) on the window of `item`;
    /// pacedUpdates(): the update requests it has held back since.
    Q_INVOKABLE bool paceFrames(QObject* item) {
        auto* i = qobject_cast<QQuickItem*>(item);
        if (i == nullptr || i->window() == nullptr) {
            return false;
        }
        gridmap::quick::pace_frames(i->window());
        return true;
    }
    Q_INVOKABLE int pacedUpdates(QObject* item) const {
        auto* i = qobject_cast<QQuickItem*>(item);
        const auto* pacer = i != nullptr && i->window() != nullptr
                                ? i->window()->findChild<gridmap::quick::FramePacer*>(
                                      QString(), Qt::FindDirectChildrenOnly)
                                : nullptr;
        return pacer != nullptr ? pacer->heldBack() : -1;
    }

    /// Occupies every thread of QThreadPool::globalInstance() with a job that waits until
    /// releaseGlobalPool() or `ms` have passed, as another part of the program (or a library)
    /// with long jobs there would. globalPoolHeld(): all of them have started.
    Q_INVOKABLE void holdGlobalPool(int ms) {
        releaseGlobalPool();
        QThreadPool* pool = QThreadPool::globalInstance();
        m_pool_hold = std::make_shared<QSemaphore>(0);
        m_pool_held = std::make_shared<std::atomic<int>>(0);
        for (int i = 0; i < pool->maxThreadCount(); ++i) {
            pool->start([hold = m_pool_hold, held = m_pool_held, ms] {
                held->fetch_add(1);
                hold->tryAcquire(1, ms);
            });
        }
    }
    Q_INVOKABLE bool globalPoolHeld() const {
        return m_pool_held &&
               m_pool_held->load() >= QThreadPool::globalInstance()->maxThreadCount();
    }
    Q_INVOKABLE void releaseGlobalPool() {
        if (m_pool_hold) {
            m_pool_hold->release(QThreadPool::globalInstance()->maxThreadCount());
            m_pool_hold.reset();
        }
    }

    /// Size in pixels of `image`, the `image` of an ItemGrabResult; (0, 0) when it is none.
    Q_INVOKABLE QSize imageSize(const QVariant& image) const {
        return image.value<QImage>().size();
    }

private:
    std::atomic<int> m_write_runs{0};
    std::atomic<int> m_writes_on_gui{0};
    std::atomic<int> m_analysis_runs{0};
    std::atomic<int> m_analysis_on_gui{0};
    std::unique_ptr<QTimer> m_heartbeat;
    std::shared_ptr<QSemaphore> m_pool_hold;
    std::shared_ptr<std::atomic<int>> m_pool_held;
    QElapsedTimer m_heartbeat_clock;
    qint64 m_last_tick_ns = 0;
    double m_longest_gap_ms = 0;
    QString m_basemap_path;
    QString m_demo_project_path;
    QString m_demo_third_snapshot_path;
    QString m_dir;
    QString m_map_project_path;
    QString m_reference_dir;
    bool m_expect_gpu = false;
    bool m_update_references = false;
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
        // The acting person remembered per project (QSettings) goes to this run's folder, not
        // to the user's settings; P3 acts unless a test says otherwise.
        qputenv("XDG_CONFIG_HOME", QDir(m_dir->path()).filePath(QStringLiteral("config")).toUtf8());
        m_fixture.setUser(QStringLiteral("P3"));
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
