#pragma once

#include <QGuiApplication>

#include <memory>
#include <string>

namespace gridmap::cli {

/// The Qt Gui application the drawing commands (render, report --monthly) need, without a
/// display: the offscreen platform has fonts (fontconfig) and no windows. Qt's own notes
/// (XDG_RUNTIME_DIR not set, font fallbacks ...) are noise on a command line: only its errors
/// are printed, prefixed with `command`, unless GRIDMAP_DEBUG is set. Returns null when an
/// application exists already (tests).
std::unique_ptr<QGuiApplication> offscreen_gui_app(const std::string& command);

} // namespace gridmap::cli
