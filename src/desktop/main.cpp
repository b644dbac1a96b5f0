// gridmap-desktop: the Qt Quick application of Gridmap.
//
//   gridmap-desktop [--screenshot FILE] [PROJECT.gpkg]
//
// Language: Simplified Chinese when the system locale is Chinese, English otherwise;
// GRIDMAP_LANG=zh_CN or GRIDMAP_LANG=en forces one.

#include <QCommandLineParser>
#include <QFont>
#include <QFontDatabase>
#include <QGuiApplication>
#include <QImage>
#include <QLocale>
#include <QQmlApplicationEngine>
#include <QQuickWindow>
#include <QSurfaceFormat>
#include <QTimer>
#include <QTranslator>
#include <QUrl>
#include <QtQml/QQmlExtensionPlugin>

#include <cstdio>
#include <exception>
#include <iostream>
#include <memory>

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
/// detail built, labels and basemap drawn; at most 20 s), then quits: exit code 0 when saved and
/// the project (if one was given) opened, 1 otherwise.
void screenshot_when_ready(QGuiApplication& app, QQuickWindow& window, const QString& file,
                           bool want_project) {
    const auto grab = [=, &app, &window] {
        auto* poll = new QTimer(&app);
        auto waited = std::make_shared<int>(0);
        QObject::connect(poll, &QTimer::timeout, &app, [=, &app, &window] {
            const auto* map = window.property("map").value<QObject*>();
            *waited += 100;
            if (map != nullptr && !map->property("ready").toBool() && *waited < 20000) {
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

int run(int argc, char** argv) {
    if (qEnvironmentVariableIsEmpty("QT_QUICK_CONTROLS_STYLE")) {
        qputenv("QT_QUICK_CONTROLS_STYLE", "Fusion");
    }
    // Multisampled edges on the GPU path (the software path antialiases by itself).
    QSurfaceFormat format = QSurfaceFormat::defaultFormat();
    format.setSamples(4);
    QSurfaceFormat::setDefaultFormat(format);
    QGuiApplication app(argc, argv);
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

    QQmlApplicationEngine engine;
    engine.addImportPath(QStringLiteral("qrc:/"));
    engine.setInitialProperties({{QStringLiteral("initialPath"), project_path}});
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
    if (parser.isSet(screenshot_option)) {
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
        std::cerr << "gridmap-desktop: " << e.what() << '\n';
    } catch (...) {
        std::cerr << "gridmap-desktop: unknown error\n";
    }
    return exit_failure;
}
