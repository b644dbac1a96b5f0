// gridmap-desktop: the Qt Quick application of Gridmap.
//
//   gridmap-desktop [--screenshot FILE | --benchmark-frames N] [--benchmark-actions]
//                   [PROJECT.gpkg]
//
// Language: Simplified Chinese when the system locale is Chinese, English otherwise;
// GRIDMAP_LANG=zh_CN or GRIDMAP_LANG=en forces one. GRIDMAP_USER=PERSON chooses the acting
// person. GRIDMAP_UI_STATE=FILE writes what the window shows to FILE five times a second (for
// scripted sessions: tests/desktop_session.sh).

#include "benchmark_actions.hpp"
#include "frame_pacer.hpp"
#include "gridmap/messages.hpp"
#include "gridmap/threads.hpp"

#include <QCommandLineParser>
#include <QElapsedTimer>
#include <QFile>
#include <QFont>
#include <QFontDatabase>
#include <QGuiApplication>
#include <QImage>
#include <QLocale>
#include <QOffscreenSurface>
#include <QOpenGLContext>
#include <QOpenGLFunctions>
#include <QQmlApplicationEngine>
#include <QQuickItem>
#include <QQuickWindow>
#include <QSaveFile>
#include <QSurfaceFormat>
#include <QTimer>
#include <QTranslator>
#include <QUrl>
#include <QtQml/QQmlExtensionPlugin>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <exception>
#include <iostream>
#include <memory>
#include <set>
#include <vector>

#include <sys/resource.h>

Q_IMPORT_QML_PLUGIN(GridmapPlugin)

namespace {

constexpr int exit_ok = 0;
constexpr int exit_failure = 1;
constexpr int exit_bad_input = 2;

/// The UI language: "zh_CN" or "en", from GRIDMAP_LANG or else the system locale.
QString ui_language() {
    const QString forced = qEnvironmentVariable("GRIDMAP_LANG").trimmed();
    if (forced.startsWith(QLatin1String("zh"), Qt::CaseInsensitive)) {
        return QStringLiteral("zh_CN");
    }
    if (forced.startsWith(QLatin1String("en"), Qt::CaseInsensitive)) {
        return QStringLiteral("en");
    }
    return QLocale::system().language() == QLocale::Chinese ? QStringLiteral("zh_CN")
                                                            : QStringLiteral("en");
}

/// Installs the embedded translation for `language` (":/i18n/gridmap_<language>.qm").
/// Returns false when it cannot be loaded; the UI then shows the English source strings.
bool install_translation(QGuiApplication& app, QTranslator& translator, const QString& language) {
    if (!translator.load(QStringLiteral(":/i18n/gridmap_%1.qm").arg(language))) {
        return false;
    }
    QLocale::setDefault(QLocale(language));
    return app.installTranslator(&translator);
}

/// Uses Noto Sans CJK SC (package fonts-noto-cjk) when it is installed.
void set_font(QGuiApplication& app) {
    const QString family = QStringLiteral("Noto Sans CJK SC");
    if (QFontDatabase::families().contains(family)) {
        QFont font = app.font();
        font.setFamily(family);
        app.setFont(font);
    }
}

/// Saves the window to `file` once the map shows everything (its `ready` property: the level of
/// detail built, labels and basemap drawn; at most 20 s, or GRIDMAP_SCREENSHOT_WAIT_MS), then
/// quits: exit code 0 when saved and
/// the project (if one was given) opened, 1 otherwise.
void screenshot_when_ready(QGuiApplication& app, QQuickWindow& window, const QString& file,
                           bool want_project) {
    const auto grab = [=, &app, &window] {
        auto* poll = new QTimer(&app);
        auto waited = std::make_shared<int>(0);
        QObject::connect(poll, &QTimer::timeout, &app, [=, &app, &window] {
            const auto* map = window.property("map").value<QObject*>();
            *waited += 100;
            // GRIDMAP_SCREENSHOT_WAIT_MS: a longer wait (a city of a million buildings).
            bool given = false;
            const int limit = qEnvironmentVariableIntValue("GRIDMAP_SCREENSHOT_WAIT_MS", &given);
            if (map != nullptr && !map->property("ready").toBool() &&
                *waited < (given ? limit : 20000)) {
                return;
            }
            poll->stop();
            poll->deleteLater();
            const QImage image = window.grabWindow();
            const bool saved = !image.isNull() && image.save(file);
            if (!saved) {
                std::cerr << "gridmap-desktop: cannot save a screenshot to " << file.toStdString()
                          << '\n';
            }
            const bool opened = !want_project || window.property("projectOpen").toBool();
            if (!opened) {
                std::cerr << "gridmap-desktop: "
                          << window.property("lastError").toString().toStdString() << '\n';
            }
            app.exit(saved && opened ? exit_ok : exit_failure);
        });
        poll->start(100);
    };
    QObject::connect(&window, &QQuickWindow::frameSwapped, &app, grab, Qt::SingleShotConnection);
}

/// User and system CPU time of the process so far, every thread, in milliseconds.
double process_cpu_ms() {
    rusage usage{};
    getrusage(RUSAGE_SELF, &usage);
    const auto ms = [](const timeval& t) {
        return static_cast<double>(t.tv_sec) * 1e3 + static_cast<double>(t.tv_usec) / 1e3;
    };
    return ms(usage.ru_utime) + ms(usage.ru_stime);
}

/// For scripts/bench: once the map is ready (at most 600 s: a city of a million
/// buildings takes minutes to read and mesh on llvmpipe), fits it to the data and performs
/// `steps` steps of pan and zoom (a cycle of 4 zooms in by 1.5 about the centre, 4 pans of
/// 80 x 40 px, 4 zooms out, 4 pans back), each timed from the call to the frame swapped after
/// it. Prints {"median_ms", "p95_ms", "max_ms", "frames", "cpu_ms_per_frame", "render_path",
/// "features"} (and with GRIDMAP_BENCHMARK_LOG set each frame's time on stderr) and quits:
/// exit code 0, or 1 when the map never got ready or a frame took over 10 s.
void benchmark_frames(QGuiApplication& app, QQuickWindow& window, int steps) {
    struct State {
        QElapsedTimer clock;
        std::vector<double> ms;
        double cpu_start_ms = 0; ///< CPU time of the process (every thread) at the first step
        int waited = 0;
        bool done = false;
        QObject* map = nullptr;
    };
    auto state = std::make_shared<State>();
    const auto finish = [state, &app](bool ok) {
        if (state->done) {
            return;
        }
        state->done = true;
        std::vector<double> ms = state->ms;
        std::sort(ms.begin(), ms.end());
        // Nearest rank: the smallest time that at least q of the frames do not exceed.
        const auto at = [&ms](double q) {
            if (ms.empty()) {
                return 0.0;
            }
            const auto rank =
                static_cast<std::size_t>(std::ceil(q * static_cast<double>(ms.size())));
            return ms[std::clamp<std::size_t>(rank, 1, ms.size()) - 1];
        };
        // CPU time of every thread (GUI, render, the rasteriser's) over the steps: on a loaded
        // machine it varies far less than the wall times of the frames.
        const double cpu_ms = process_cpu_ms() - state->cpu_start_ms;
        std::printf("{\"median_ms\": %.3f, \"p95_ms\": %.3f, \"max_ms\": %.3f, \"frames\": %zu, "
                    "\"cpu_ms_per_frame\": %.3f, \"render_path\": \"%s\", \"features\": %d}\n",
                    at(0.5), at(0.95), ms.empty() ? 0.0 : ms.back(), ms.size(),
                    ms.empty() ? 0.0 : cpu_ms / static_cast<double>(ms.size()),
                    state->map ? qPrintable(state->map->property("renderPath").toString()) : "",
                    state->map ? state->map->property("featureCount").toInt() : 0);
        std::fflush(stdout);
        app.exit(ok ? exit_ok : exit_failure);
    };
    const auto step = [state](int i) {
        const double cx = state->map->property("width").toDouble() / 2;
        const double cy = state->map->property("height").toDouble() / 2;
        state->clock.restart();
        switch ((i / 4) % 4) {
        case 0:
            QMetaObject::invokeMethod(state->map, "zoomBy", Q_ARG(double, 1.5), Q_ARG(double, cx),
                                      Q_ARG(double, cy));
            break;
        case 1:
            QMetaObject::invokeMethod(state->map, "panBy", Q_ARG(double, 80), Q_ARG(double, 40));
            break;
        case 2:
            QMetaObject::invokeMethod(state->map, "zoomBy", Q_ARG(double, 1 / 1.5),
                                      Q_ARG(double, cx), Q_ARG(double, cy));
            break;
        default:
            QMetaObject::invokeMethod(state->map, "panBy", Q_ARG(double, -80), Q_ARG(double, -40));
        }
    };
    auto* poll = new QTimer(&app);
    QObject::connect(poll, &QTimer::timeout, &app, [=, &app, &window] {
        state->map = window.property("map").value<QObject*>();
        state->waited += 100;
        if (state->map == nullptr || !state->map->property("ready").toBool()) {
            if (state->waited >= 600000) {
                poll->stop();
                finish(false);
            }
            return;
        }
        poll->stop();
        poll->deleteLater();
        QMetaObject::invokeMethod(state->map, "fitToData");
        QObject::connect(
            &window, &QQuickWindow::frameSwapped, &app,
            [=] {
                if (!state->clock.isValid()) {
                    return;
                }
                state->ms.push_back(static_cast<double>(state->clock.nsecsElapsed()) / 1e6);
                if (qEnvironmentVariableIsSet("GRIDMAP_BENCHMARK_LOG")) {
                    std::fprintf(stderr, "frame %zu: %.1f ms\n", state->ms.size(),
                                 state->ms.back());
                }
                state->clock.invalidate();
                if (static_cast<int>(state->ms.size()) >= steps) {
                    finish(true);
                    return;
                }
                step(static_cast<int>(state->ms.size()));
            },
            Qt::QueuedConnection);
        auto* watchdog = new QTimer(&app);
        QObject::connect(watchdog, &QTimer::timeout, &app, [=] {
            if (state->clock.isValid() && state->clock.elapsed() > 10000) {
                finish(false);
            }
        });
        watchdog->start(1000);
        state->cpu_start_ms = process_cpu_ms();
        step(0);
    });
    poll->start(100);
}

/// What an item shows: the first of its `value` (inspect facts), `text`, `displayText` (combo
/// boxes) and `fileName` (file dialog rows) that is not empty, on one line.
QString shown_text(const QQuickItem& item) {
    for (const char* name : {"value", "text", "displayText", "fileName"}) {
        const QString v = item.property(name).toString().simplified();
        if (!v.isEmpty()) {
            return v.left(120);
        }
    }
    return {};
}

/// One line per shown item that has an objectName (or is a button with a text: "button:TEXT"):
/// "item NAME CX CY W H ENABLED CHECKED TEXT" with its centre in screen pixels.
void describe_items(QQuickItem* item, QString& out) {
    if (item == nullptr || !item->isVisible()) {
        return;
    }
    QString name = item->objectName();
    if (name.isEmpty() && item->inherits("QQuickAbstractButton")) {
        const QString text = item->property("text").toString().simplified();
        if (!text.isEmpty()) {
            name = QStringLiteral("button:") +
                   QString(text).replace(QLatin1Char(' '), QLatin1Char('_'));
        }
    }
    if (!name.isEmpty() && item->width() > 0 && item->height() > 0) {
        const QPointF c = item->mapToGlobal(QPointF(item->width() / 2, item->height() / 2));
        out += QStringLiteral("item %1 %2 %3 %4 %5 %6 %7 %8\n")
                   .arg(name)
                   .arg(qRound(c.x()))
                   .arg(qRound(c.y()))
                   .arg(qRound(item->width()))
                   .arg(qRound(item->height()))
                   .arg(item->isEnabled() ? 1 : 0)
                   .arg(item->property("checked").toBool() ? 1 : 0)
                   .arg(shown_text(*item));
    }
    for (QQuickItem* child : item->childItems()) {
        describe_items(child, out);
    }
}

/// What the window shows, as lines a script can grep: "state KEY VALUE" (project, acting
/// person, tool, theme, selection, presenting, last error), "popup NAME 0|1" for every
/// named popup and dialog, and the items of describe_items.
QString describe_window(QQuickWindow& window) {
    QString out;
    const auto* map = window.property("map").value<QObject*>();
    const auto* project = window.property("project").value<QObject*>();
    const auto* presentation = window.property("presentation").value<QObject*>();
    const auto state = [&out](const char* key, const QVariant& value) {
        out += QStringLiteral("state %1 %2\n").arg(QLatin1String(key), value.toString());
    };
    state("open", window.property("projectOpen").toBool() ? 1 : 0);
    state("active", window.isActive() ? 1 : 0);
    if (project != nullptr) {
        state("actor", project->property("actor"));
        state("theme", project->property("mapTheme"));
    }
    if (map != nullptr) {
        state("tool", map->property("tool"));
        state("ready", map->property("ready").toBool() ? 1 : 0);
        state("selected", map->property("selectedKey"));
        state("features", map->property("featureCount"));
        state("reserved_right", map->property("reservedRight").toInt());
    }
    if (presentation != nullptr) {
        state("presenting", presentation->property("presenting").toBool() ? 1 : 0);
    }
    state("error", window.property("lastError").toString().simplified());
    std::set<QObject*> seen;
    QList<QObject*> objects = window.findChildren<QObject*>();
    if (QQuickItem* content = window.contentItem(); content != nullptr) {
        objects += content->findChildren<QObject*>();
    }
    for (QObject* o : objects) {
        if (o->objectName().isEmpty() || !seen.insert(o).second) {
            continue;
        }
        const char* shown = o->inherits("QQuickPopup")            ? "opened"
                            : o->inherits("QQuickAbstractDialog") ? "visible"
                                                                  : nullptr;
        if (shown != nullptr) {
            out += QStringLiteral("popup %1 %2\n")
                       .arg(o->objectName())
                       .arg(o->property(shown).toBool() ? 1 : 0);
        }
    }
    QQuickItem* root = window.contentItem();
    while (root != nullptr && root->parentItem() != nullptr) {
        root = root->parentItem();
    }
    describe_items(root, out);
    return out;
}

/// Writes describe_window to `file` (whole, never half-written) every 200 ms.
void write_ui_state(QGuiApplication& app, QQuickWindow& window, const QString& file) {
    auto* timer = new QTimer(&app);
    QObject::connect(timer, &QTimer::timeout, &app, [&window, file] {
        QSaveFile out(file);
        if (out.open(QIODevice::WriteOnly)) {
            out.write(describe_window(window).toUtf8());
            out.commit();
        }
    });
    timer->start(200);
}

/// Whether OpenGL here is a software rasteriser (Mesa's llvmpipe, softpipe, swrast): it pays
/// for every multisample in full, so multisampling is kept for real GPUs. Measured with
/// `--benchmark-frames` under Xvfb: 4x MSAA took 43 % of llvmpipe's pan and zoom time.
bool software_rasteriser() {
    QOffscreenSurface surface;
    surface.create();
    QOpenGLContext context;
    if (!surface.isValid() || !context.create() || !context.makeCurrent(&surface)) {
        return false;
    }
    const auto* renderer =
        reinterpret_cast<const char*>(context.functions()->glGetString(GL_RENDERER));
    const QString name = renderer != nullptr ? QString::fromLatin1(renderer) : QString();
    context.doneCurrent();
    return name.contains(QLatin1String("llvmpipe")) || name.contains(QLatin1String("softpipe")) ||
           name.contains(QLatin1String("swrast"));
}

/// Multisampled edges on a GPU (the software scene graph antialiases by itself).
/// GRIDMAP_MSAA=N chooses the sample count.
void set_multisampling() {
    bool given = false;
    int samples = qEnvironmentVariableIntValue("GRIDMAP_MSAA", &given);
    if (!given) {
        samples = software_rasteriser() ? 0 : 4;
    }
    QSurfaceFormat format = QSurfaceFormat::defaultFormat();
    format.setSamples(samples);
    QSurfaceFormat::setDefaultFormat(format);
}

int run(int argc, char** argv) {
    // Before any project is opened: SQLite without its process-wide allocation mutex.
    gridmap::prepare_for_threads();
    if (qEnvironmentVariableIsEmpty("QT_QUICK_CONTROLS_STYLE")) {
        qputenv("QT_QUICK_CONTROLS_STYLE", "Fusion");
    }
    QGuiApplication app(argc, argv);
    if (QGuiApplication::platformName() != QLatin1String("offscreen")) {
        set_multisampling();
    }
    QGuiApplication::setApplicationName(QStringLiteral("gridmap-desktop"));
    QGuiApplication::setApplicationDisplayName(QStringLiteral("Gridmap"));
    QGuiApplication::setOrganizationName(QStringLiteral("Gridmap"));
    QGuiApplication::setApplicationVersion(QStringLiteral(GRIDMAP_VERSION));

    QTranslator translator;
    const QString language = ui_language();
    if (language != QLatin1String("en") && !install_translation(app, translator, language)) {
        std::cerr << "gridmap-desktop: no translation for " << language.toStdString() << '\n';
    }
    set_font(app);

    QCommandLineParser parser;
    parser.setApplicationDescription(
        QCoreApplication::translate("main", "Gridmap: community grid governance map"));
    parser.addHelpOption();
    parser.addVersionOption();
    const QCommandLineOption screenshot_option(
        QStringLiteral("screenshot"),
        QCoreApplication::translate("main", "Save the window to FILE (PNG) once the map is drawn, "
                                            "then quit."),
        QStringLiteral("FILE"));
    parser.addOption(screenshot_option);
    const QCommandLineOption benchmark_option(
        QStringLiteral("benchmark-frames"),
        QCoreApplication::translate("main", "Pan and zoom N steps once the map is drawn, print "
                                            "the frame times as JSON, then quit."),
        QStringLiteral("N"));
    parser.addOption(benchmark_option);
    const QCommandLineOption actions_option(
        QStringLiteral("benchmark-actions"),
        QCoreApplication::translate(
            "main", "Open the project, assign 10 buildings, pin an issue and switch the theme, "
                    "print the longest stalls of the user interface as JSON (before the frame "
                    "times of --benchmark-frames), then quit."));
    parser.addOption(actions_option);
    parser.addPositionalArgument(
        QStringLiteral("project"),
        QCoreApplication::translate("main", "Gridmap project (.gpkg) to open."),
        QStringLiteral("[PROJECT.gpkg]"));
    parser.process(app);
    const QStringList args = parser.positionalArguments();
    if (args.size() > 1) {
        std::cerr << "gridmap-desktop: at most one project may be given\n";
        return exit_bad_input;
    }
    const QString project_path = args.isEmpty() ? QString() : args.front();
    const bool actions = parser.isSet(actions_option);
    if (actions && project_path.isEmpty()) {
        std::cerr << "gridmap-desktop: --benchmark-actions needs a project\n";
        return exit_bad_input;
    }

    QQmlApplicationEngine engine;
    engine.addImportPath(QStringLiteral("qrc:/"));
    // --benchmark-actions opens the project itself, while it measures.
    engine.setInitialProperties(
        {{QStringLiteral("initialPath"), actions ? QString() : project_path}});
    engine.load(QUrl(QStringLiteral("qrc:/Gridmap/Main.qml")));
    if (engine.rootObjects().isEmpty()) {
        std::cerr << "gridmap-desktop: the user interface failed to load\n";
        return exit_failure;
    }
    auto* window = qobject_cast<QQuickWindow*>(engine.rootObjects().front());
    if (window == nullptr) {
        std::cerr << "gridmap-desktop: the main QML object is not a window\n";
        return exit_failure;
    }
    // No GUI-thread wait for a frame being drawn (GRIDMAP_FRAME_PACING=0: the plain loop).
    gridmap::quick::pace_frames(window);
    if (const QString state_file = qEnvironmentVariable("GRIDMAP_UI_STATE");
        !state_file.isEmpty()) {
        write_ui_state(app, *window, state_file);
    }
    if (parser.isSet(benchmark_option)) {
        const int steps = parser.value(benchmark_option).toInt();
        if (steps <= 0) {
            std::cerr << "gridmap-desktop: --benchmark-frames expects a positive number\n";
            return exit_bad_input;
        }
        if (actions) {
            gridmap::desktop::benchmark_actions(app, *window, project_path, [&app, window, steps] {
                benchmark_frames(app, *window, steps);
            });
        } else {
            benchmark_frames(app, *window, steps);
        }
    } else if (actions) {
        gridmap::desktop::benchmark_actions(app, *window, project_path, {});
    } else if (parser.isSet(screenshot_option)) {
        screenshot_when_ready(app, *window, parser.value(screenshot_option),
                              !project_path.isEmpty());
    }
    return app.exec();
}

} // namespace

int main(int argc, char** argv) {
    try {
        return run(argc, argv);
    } catch (const std::exception& e) {
        const gridmap::Language language = ui_language() == QLatin1String("zh_CN")
                                               ? gridmap::Language::zh_CN
                                               : gridmap::Language::en;
        std::cerr << "gridmap-desktop: " << gridmap::localize(e.what(), language) << '\n';
    } catch (...) {
        std::cerr << "gridmap-desktop: unknown error\n";
    }
    return exit_failure;
}
