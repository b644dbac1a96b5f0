#pragma once

#include "gridmap/messages.hpp"

#include <QLocale>
#include <QString>

#include <exception>

namespace gridmap::quick {

/// The message of an exception from geo/ in the UI's language: Chinese when the application
/// runs in Chinese (src/desktop sets the default QLocale to the UI language), the English
/// message as geo/ built it otherwise (gridmap/messages.hpp).
inline QString error_text(const std::exception& e) {
    const gridmap::Language language =
        QLocale().language() == QLocale::Chinese ? gridmap::Language::zh_CN : gridmap::Language::en;
    return QString::fromStdString(gridmap::localize(e.what(), language));
}

} // namespace gridmap::quick
