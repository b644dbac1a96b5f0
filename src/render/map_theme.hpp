#pragma once

#include "map_data.hpp"

#include <QColor>
#include <QList>
#include <QString>

#include <functional>
#include <string>

namespace gridmap::render {

/// What the map colours by: the themes are declared once, in gridmap/theme.hpp (map_themes()).
using Theme = gridmap::MapTheme;

/// The theme's name: "plain", "coverage", "issues", "coverage_party_group", ...
QString theme_name(Theme theme);
/// The theme called `name`, or nullopt-like: false when unknown (theme unchanged).
bool theme_from_name(const QString& name, Theme& theme);
/// Every theme, in menu order.
QList<Theme> all_themes();
/// The theme's title in the user's language (context "Theme").
QString theme_title(Theme theme);
/// Whether `theme` draws the gaps and overlaps of cells (the themes about cells).
bool shows_tiling(Theme theme);

/// The point symbol of an issue category: a regular polygon of `sides` corners, the first at
/// `rotation_deg` counter-clockwise from east (32 sides: a disc).
struct CategorySymbol {
    int sides = 32;
    double rotation_deg = 0;
};
/// The symbol of `category`: each category of gridmap::issue_categories() has its own shape
/// (the issues theme colours by state); any other category an octagon.
CategorySymbol category_symbol(const std::string& category);

/// How one feature is drawn. Widths and radii in device-independent pixels.
struct FeatureStyle {
    QColor fill = Qt::transparent;   ///< transparent: not filled
    QColor stroke = Qt::transparent; ///< transparent: no outline
    double stroke_width_px = 1.0;
    Qt::PenStyle pen_style = Qt::SolidLine;
    double radius_px = 0.0;    ///< points: circumradius of the symbol
    int sides = 32;            ///< points: corners of the symbol (32: a disc)
    double rotation_deg = 0.0; ///< points: of the first corner, counter-clockwise from east
    /// An extra outline over the normal one (cut buildings in the coverage theme).
    QColor emphasis = Qt::transparent; ///< transparent: none
    double emphasis_width_px = 0.0;
};

/// The style of feature `feature` of layer `layer` of `data` under `theme`. The software
/// painter and the scene-graph map both draw with it, so the two paths agree.
FeatureStyle feature_style(const MapData& data, int layer, int feature, Theme theme);

/// Style of a gap (overlap = false) or an overlap of cells, drawn in the coverage theme.
FeatureStyle tiling_style(bool overlap);

/// One line of a legend.
struct LegendEntry {
    enum class Symbol { fill, line, point, outline, heading };
    Symbol symbol = Symbol::fill;
    FeatureStyle style;
    QString text;
};

/// Layer visibility for the legend: returns true when the layer called `name` is shown.
using LayerShown = std::function<bool(const QString& name)>;

/// The legend of `theme` for `data`: the visible layers (plain), the status classes with
/// their meaning (coverage: the household target range of the project), the issue states and
/// the categories present (issues). Texts in the user's language (context "Legend").
QList<LegendEntry> legend_entries(const MapData& data, Theme theme, const LayerShown& shown);

/// The label of a cell in `theme`: its name, its code, then its households (coverage) or its
/// open and closed issues (issues).
QString cell_label(const MapData& data, const MapFeature& cell, Theme theme);

} // namespace gridmap::render
