#include "map_style.hpp"

#include <gridmap/crs.hpp>

#include <QCoreApplication>

#include <algorithm>
#include <array>

namespace gridmap::render {

namespace {

struct LayerEntry {
    std::string_view name;
    const char* title; ///< English source text, context "Layer"
    LayerStyle style;
};

// The order is the drawing order, bottom to top.
const std::array<LayerEntry, 8>& entries() {
    static const std::array<LayerEntry, 8> table{{
        {"community",
         QT_TRANSLATE_NOOP("Layer", "Community"),
         {QColor(244, 240, 228), QColor(140, 109, 70), 2.5, 0.0, Qt::SolidLine}},
        {"cell",
         QT_TRANSLATE_NOOP("Layer", "Grid cells"),
         {QColor(74, 144, 217, 46), QColor(47, 109, 181), 1.5, 0.0, Qt::DashLine}},
        {"compound",
         QT_TRANSLATE_NOOP("Layer", "Compounds"),
         {QColor(156, 204, 101, 110), QColor(85, 139, 47), 1.2, 0.0, Qt::SolidLine}},
        {"building",
         QT_TRANSLATE_NOOP("Layer", "Buildings"),
         {QColor(224, 123, 57), QColor(138, 74, 31), 1.0, 0.0, Qt::SolidLine}},
        {"road",
         QT_TRANSLATE_NOOP("Layer", "Roads"),
         {QColor(Qt::transparent), QColor(127, 140, 141), 4.0, 0.0, Qt::SolidLine}},
        {"repair_segment",
         QT_TRANSLATE_NOOP("Layer", "Road repair segments"),
         {QColor(Qt::transparent), QColor(216, 27, 96), 3.0, 0.0, Qt::SolidLine}},
        {"service_point",
         QT_TRANSLATE_NOOP("Layer", "Service points"),
         {QColor(46, 125, 50), QColor(Qt::white), 1.5, 5.5, Qt::SolidLine}},
        {"issue",
         QT_TRANSLATE_NOOP("Layer", "Issues"),
         {QColor(198, 40, 40), QColor(Qt::white), 1.5, 5.0, Qt::SolidLine}},
    }};
    return table;
}

const LayerEntry* find_entry(std::string_view layer) {
    const auto& all = entries();
    const auto it = std::find_if(all.begin(), all.end(),
                                 [layer](const LayerEntry& e) { return e.name == layer; });
    return it == all.end() ? nullptr : &*it;
}

} // namespace

std::span<const std::string_view> drawn_layers() {
    static const std::array<std::string_view, 8> names = [] {
        std::array<std::string_view, 8> out{};
        std::transform(entries().begin(), entries().end(), out.begin(),
                       [](const LayerEntry& e) { return e.name; });
        return out;
    }();
    return names;
}

bool is_drawn_layer(std::string_view layer) {
    return find_entry(layer) != nullptr;
}

LayerStyle layer_style(std::string_view layer) {
    if (const LayerEntry* e = find_entry(layer)) {
        return e->style;
    }
    return {QColor(200, 200, 200, 120), QColor(110, 110, 110), 1.0, 4.0, Qt::SolidLine};
}

QColor legend_color(std::string_view layer) {
    const LayerStyle s = layer_style(layer);
    // A pale, translucent fill says little in a small swatch: use the outline then.
    return s.fill.alpha() < 128 ? s.stroke : s.fill;
}

QString layer_title(std::string_view layer) {
    if (const LayerEntry* e = find_entry(layer)) {
        return QCoreApplication::translate("Layer", e->title);
    }
    return QString::fromUtf8(layer.data(), static_cast<qsizetype>(layer.size()));
}

QColor background_color() {
    return {236, 240, 243};
}

bool chinese_ui() {
    // The zh_CN translation maps this message to "zh_CN"; no translation leaves "en".
    return QCoreApplication::translate("Language", "en") == QLatin1String("zh_CN");
}

QString term_text(gridmap::Vocabulary vocabulary, const std::string& code) {
    return QString::fromStdString(chinese_ui() ? gridmap::term_zh(vocabulary, code)
                                               : gridmap::term_en(vocabulary, code));
}

QString crs_display_name(int epsg) {
    return QString::fromStdString(chinese_ui() ? gridmap::crs_name_zh(epsg)
                                               : gridmap::crs_name(epsg));
}

} // namespace gridmap::render
