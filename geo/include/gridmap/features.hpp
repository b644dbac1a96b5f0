#pragma once

#include "gridmap/project.hpp"
#include "gridmap/schema.hpp"

#include <cstdint>
#include <string>
#include <vector>

namespace gridmap {

struct XY {
    double x = 0;
    double y = 0;
};

/// A feature's geometry as plain coordinates in the working CRS (metres).
/// polygon: `parts` are rings, `ring_starts_polygon[i]` marks the exterior ring of each polygon;
/// line: `parts` are line strings; point: one part with one point.
struct Shape {
    GeometryKind kind = GeometryKind::none;
    std::vector<std::vector<XY>> parts;
    std::vector<bool> ring_starts_polygon;
};

/// One feature for display: its key, its name (or code) and its shape. No personal data.
struct DisplayFeature {
    std::int64_t fid = 0;
    std::string key;
    std::string name;
    Shape shape;
};

/// Reads every feature of a spatial table for drawing. Throws InputError for an unknown or
/// non-spatial table; returns nothing before the first spatial import.
std::vector<DisplayFeature> read_display_features(const Project& project, const std::string& table);

} // namespace gridmap
