#include "cli/qt_app.hpp"

#include <QCoreApplication>

#include <iostream>

namespace gridmap::cli {

namespace {

std::string g_command = "gridmap";

void quiet_qt_messages(QtMsgType type, const QMessageLogContext&, const QString& message) {
    if (type == QtCriticalMsg || type == QtFatalMsg || qEnvironmentVariableIsSet("GRIDMAP_DEBUG")) {
        std::cerr << g_command << ": Qt: " << message.toStdString() << '\n';
    }
}

} // namespace

std::unique_ptr<QGuiApplication> offscreen_gui_app(const std::string& command) {
    if (qEnvironmentVariableIsEmpty("QT_QPA_PLATFORM")) {
        qputenv("QT_QPA_PLATFORM", "offscreen");
    }
    g_command = command;
    qInstallMessageHandler(quiet_qt_messages);
    static int qt_argc = 1;
    static char qt_name[] = "gridmap";
    static char* qt_argv[] = {qt_name, nullptr};
    if (QCoreApplication::instance() != nullptr) {
        return nullptr;
    }
    return std::make_unique<QGuiApplication>(qt_argc, qt_argv);
}

} // namespace gridmap::cli
