#include "map_meshes.hpp"

#include "map_style.hpp"

#include <cmath>
#include <map>
#include <tuple>

namespace gridmap::quick {

namespace {

/// Buildings smaller than this on screen (their larger side, pixels) are drawn as dots.
constexpr double dot_px = 3.0;

/// A shape that meshes to nothing (for features drawn otherwise).
const gridmap::Shape empty;

std::vector<const gridmap::Shape*> shapes_of(const render::MapLayer& layer) {
    std::vector<const gridmap::Shape*> out;
    out.reserve(layer.features.size());
    for (const auto& f : layer.features) {
        out.push_back(&f.shape);
    }
    return out;
}

/// Renumbers the parts of a mesh built from a subset of the features back to feature indexes.
void remap(gridmap::Mesh& mesh, const std::vector<std::uint32_t>& features) {
    for (auto& b : mesh.batches) {
        for (auto& part : b.parts) {
            part.feature = features[part.feature];
        }
    }
}

} // namespace

int lod_for_scale(double scale) {
    return static_cast<int>(std::floor(std::log2(std::max(scale, 1e-9)) * 2.0));
}

double scale_for_lod(int lod) {
    return std::pow(2.0, lod / 2.0);
}

std::shared_ptr<const MapMeshes> build_map_meshes(const render::MapData& data,
                                                  const render::StyleTable& styles, int lod,
                                                  bool points_only, const QRectF& region) {
    auto out = std::make_shared<MapMeshes>();
    out->lod = lod;
    out->points_only = points_only;
    out->region = region;
    // Build for the middle of the level's range, so widths err by at most 19 % either way.
    out->scale = scale_for_lod(lod) * std::sqrt(std::sqrt(2.0));
    out->theme = styles.theme();
    const double px = 1.0 / out->scale; // a pixel in metres
    gridmap::MeshOptions options;
    options.simplify_m = px / 3;
    out->layers.resize(data.layers.size());
    for (std::size_t li = 0; li < data.layers.size(); ++li) {
        const render::MapLayer& layer = data.layers[li];
        LayerMeshes& m = out->layers[li];
        if (layer.features.empty() || (points_only && layer.kind != gridmap::GeometryKind::point)) {
            continue;
        }
        auto shapes = shapes_of(layer);
        // Outside the region: meshed to nothing (no fill, dot, outline or emphasis).
        std::vector<bool> outside(layer.features.size(), false);
        if (!region.isNull() && layer.kind != gridmap::GeometryKind::point) {
            for (std::size_t fi = 0; fi < layer.features.size(); ++fi) {
                const QRectF& b = layer.features[fi].bounds;
                outside[fi] = b.left() > region.right() || b.right() < region.left() ||
                              b.top() > region.bottom() || b.bottom() < region.top();
                if (outside[fi]) {
                    shapes[fi] = &empty;
                }
            }
        }
        const render::LayerStyle base = render::layer_style(layer.name.toStdString());
        const bool buildings = layer.name == QLatin1String("building");
        if (buildings) {
            // Buildings under dot_px on screen are drawn as a dot of their fill colour instead
            // of a triangulated fill and an outline (a dozen triangles each): at city scale
            // most of them are, and the dots keep the theme's colours at a sixth of the
            // triangles.
            std::vector<gridmap::Shape> dots;
            std::vector<std::uint32_t> dotted;
            for (std::size_t fi = 0; fi < layer.features.size(); ++fi) {
                const QRectF& b = layer.features[fi].bounds;
                if (!outside[fi] && std::max(b.width(), b.height()) < dot_px * px) {
                    gridmap::Shape dot;
                    dot.kind = gridmap::GeometryKind::point;
                    dot.parts.push_back({{b.center().x(), b.center().y()}});
                    dots.push_back(std::move(dot));
                    dotted.push_back(static_cast<std::uint32_t>(fi));
                    shapes[fi] = &empty; // no fill, no outline
                }
            }
            if (!dots.empty()) {
                std::vector<const gridmap::Shape*> dot_shapes;
                dot_shapes.reserve(dots.size());
                for (const auto& d : dots) {
                    dot_shapes.push_back(&d);
                }
                // A square of dot_px / 2 on a side: one pixel or more, two triangles.
                gridmap::Mesh d = gridmap::mesh_points(
                    dot_shapes, 0.5 * dot_px / std::sqrt(2.0) * px, 4, 45.0, options);
                remap(d, dotted);
                m.dots = std::move(d);
            }
        }
        if (layer.kind == gridmap::GeometryKind::polygon) {
            m.fill = gridmap::mesh_polygons(shapes, options);
        }
        if (layer.kind != gridmap::GeometryKind::point && base.stroke_width_px > 0) {
            const double w = base.stroke_width_px * px;
            const bool dashed = base.pen_style == Qt::DashLine;
            // Qt's dash pattern: 4 widths drawn, 2 left out.
            m.outline =
                gridmap::mesh_lines(shapes, w, options, dashed ? 4 * w : 0, dashed ? 2 * w : 0);
        }
        // Emphasised outlines, grouped by width.
        std::map<double, std::vector<std::uint32_t>> emphasised;
        for (std::size_t fi = 0; fi < layer.features.size(); ++fi) {
            const render::FeatureStyle& s = styles.at(li, fi);
            if (!outside[fi] && s.emphasis.alpha() > 0 && s.emphasis_width_px > 0) {
                emphasised[s.emphasis_width_px].push_back(static_cast<std::uint32_t>(fi));
            }
        }
        for (const auto& [width, features] : emphasised) {
            std::vector<const gridmap::Shape*> sub;
            for (auto f : features) {
                sub.push_back(shapes[f]);
            }
            gridmap::Mesh e = gridmap::mesh_lines(sub, width * px, options);
            remap(e, features);
            for (auto& b : e.batches) {
                m.emphasis.batches.push_back(std::move(b));
            }
        }
        if (layer.kind == gridmap::GeometryKind::point) {
            std::map<std::tuple<int, double, double, double>, std::vector<std::uint32_t>> groups;
            for (std::size_t fi = 0; fi < layer.features.size(); ++fi) {
                const render::FeatureStyle& s = styles.at(li, fi);
                if (s.radius_px > 0) {
                    groups[{s.sides, s.rotation_deg, s.radius_px, s.stroke_width_px}].push_back(
                        static_cast<std::uint32_t>(fi));
                }
            }
            for (const auto& [key, features] : groups) {
                const auto& [sides, rotation, radius, stroke] = key;
                std::vector<const gridmap::Shape*> sub;
                for (auto f : features) {
                    sub.push_back(shapes[f]);
                }
                SymbolMeshes sm;
                sm.sides = sides;
                sm.rotation_deg = rotation;
                sm.radius_px = radius;
                sm.halo =
                    gridmap::mesh_points(sub, (radius + stroke / 2) * px, sides, rotation, options);
                sm.fill = gridmap::mesh_points(sub, std::max(radius - stroke / 2, 0.5) * px, sides,
                                               rotation, options);
                remap(sm.halo, features);
                remap(sm.fill, features);
                m.symbols.push_back(std::move(sm));
            }
        }
    }
    if (!data.tiling.empty() && !points_only) {
        std::vector<const gridmap::Shape*> shapes;
        for (const auto& f : data.tiling) {
            shapes.push_back(&f.shape);
        }
        out->tiling_fill = gridmap::mesh_polygons(shapes, options);
        out->tiling_outline = gridmap::mesh_lines(shapes, 1.5 * px, options);
    }
    return out;
}

} // namespace gridmap::quick
