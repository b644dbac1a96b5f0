#pragma once

#include <gridmap/terms.hpp>

#include <QColor>
#include <QString>

#include <span>
#include <string>
#include <string_view>

namespace gridmap::render {

/// How the map draws one layer in the plain theme. Widths and radii are in device-independent
/// pixels and do not change with the zoom.
struct LayerStyle {
    QColor fill;   ///< polygon or point fill; transparent for lines
    QColor stroke; ///< outline of a polygon or point, colour of a line
    double stroke_width_px = 1.0;
    double point_radius_px = 0.0; ///< points only
    Qt::PenStyle pen_style = Qt::SolidLine;
};

/// The spatial layers the map draws, bottom to top: community, cell, compound, building, road,
/// repair_segment, service_point, issue.
std::span<const std::string_view> drawn_layers();

/// True when `layer` is one of drawn_layers().
bool is_drawn_layer(std::string_view layer);

/// The plain style of a layer; a neutral grey for a layer that has none.
LayerStyle layer_style(std::string_view layer);

/// The colour that represents a layer in the legend: the fill of opaque polygons and of points,
/// otherwise the stroke (lines, translucent polygons).
QColor legend_color(std::string_view layer);

/// The title of a layer in the user's language ("Buildings", or "楼栋" under the zh_CN
/// translation, context "Layer"). Unknown layers return their table name.
QString layer_title(std::string_view layer);

/// True when the UI speaks Chinese: the zh_CN translation is installed (desktop, `gridmap render
/// --lang zh_CN`, the monthly report).
bool chinese_ui();

/// The name of a coded value (gridmap/terms.hpp) in the UI's language: "次干路" or "secondary
/// road" for the road kind "secondary"; an unknown code as it is.
QString term_text(gridmap::Vocabulary vocabulary, const std::string& code);

/// The name of the working CRS in the UI's language (gridmap::crs_name_zh or crs_name).
QString crs_display_name(int epsg);

/// The map's background where nothing is drawn.
QColor background_color();

} // namespace gridmap::render
