#pragma once

#include "map_renderer.hpp"

#include <QHash>
#include <QString>

namespace gridmap::render {

/// Keys of the project's settings table under which the map remembers its state.
inline constexpr const char* layers_setting = "map.layers";   ///< JSON, layer_states_to_json
inline constexpr const char* theme_setting = "map.theme";     ///< a name of map_themes()
inline constexpr const char* basemap_setting = "map.basemap"; ///< a GDAL raster source

/// The layer panel as JSON: {"building": {"visible": true, "opacity": 0.8}, ...}.
QString layer_states_to_json(const QHash<QString, LayerState>& states);

/// The layer panel read back from JSON; entries that are not objects are skipped, missing
/// members keep their defaults (visible, opaque), opacities are clamped to 0..1. Returns an
/// empty table for text that is not a JSON object.
QHash<QString, LayerState> layer_states_from_json(const QString& json);

} // namespace gridmap::render
