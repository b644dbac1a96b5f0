#include "gridmap/features.hpp"

#include "detail/project_impl.hpp"
#include "detail/sqlite.hpp"
#include "gridmap/error.hpp"

#include <ogr_geometry.h>

#include <algorithm>

namespace gridmap {

namespace {

std::vector<XY> points_of(const OGRSimpleCurve& curve) {
    std::vector<XY> out;
    out.reserve(static_cast<std::size_t>(curve.getNumPoints()));
    for (const OGRPoint& p : curve) {
        out.push_back({p.getX(), p.getY()});
    }
    return out;
}

void add_geometry(const OGRGeometry& g, Shape& s) {
    switch (wkbFlatten(g.getGeometryType())) {
    case wkbPoint:
        s.parts.push_back({{g.toPoint()->getX(), g.toPoint()->getY()}});
        break;
    case wkbLineString:
        s.parts.push_back(points_of(*g.toLineString()));
        break;
    case wkbPolygon: {
        bool first = true;
        for (const OGRLinearRing* ring : *g.toPolygon()) {
            s.parts.push_back(points_of(*ring));
            s.ring_starts_polygon.push_back(first);
            first = false;
        }
        break;
    }
    case wkbMultiPoint:
    case wkbMultiLineString:
    case wkbMultiPolygon:
    case wkbGeometryCollection:
        for (const OGRGeometry* part : *g.toGeometryCollection()) {
            add_geometry(*part, s);
        }
        break;
    default:
        break;
    }
}

/// A feature without a geometry: fine when its blob is NULL or an empty geometry; a damaged
/// project (ProjectError naming the feature) when the blob holds bytes GDAL could not read.
void refuse_damaged_geometry(const detail::ProjectImpl& p, const std::string& table,
                             const std::string& key, std::int64_t fid) {
    sqlite3* db = detail::sqlite_handle(p);
    detail::Statement s(db, "SELECT geom FROM \"" + table + "\" WHERE fid = ?");
    s.bind(1, fid);
    if (s.step() && detail::gpkg_blob_has_geometry(s.blob(0))) {
        detail::throw_damaged_geometry(db, table, key, fid);
    }
}

} // namespace

std::vector<DisplayFeature> read_display_features(const Project& project,
                                                  const std::string& table) {
    const TableDef* def = find_table(table);
    if (def == nullptr || def->geometry == GeometryKind::none) {
        throw InputError("'" + table + "' is not a spatial layer");
    }
    std::vector<DisplayFeature> out;
    const detail::ProjectImpl& p = project.impl();
    OGRLayer* layer = p.ds->GetLayerByName(table.c_str());
    if (layer == nullptr) {
        return out;
    }
    const std::string key(def->key);
    const bool has_name = find_field(*def, "name") != nullptr;
    layer->ResetReading();
    for (auto& f : *layer) {
        DisplayFeature d;
        d.fid = f->GetFID();
        d.key = f->GetFieldAsString(key.c_str());
        d.name = has_name ? f->GetFieldAsString("name") : d.key;
        d.shape.kind = def->geometry;
        if (const OGRGeometry* g = f->GetGeometryRef()) {
            add_geometry(*g, d.shape);
        } else {
            refuse_damaged_geometry(p, table, d.key, d.fid);
        }
        out.push_back(std::move(d));
    }
    // In fid order, as a GeoPackage gives them (PostgreSQL returns rows in storage order, which
    // updates change): the drawing order, and so the map, is the same on both stores.
    std::stable_sort(out.begin(), out.end(), [](const DisplayFeature& a, const DisplayFeature& b) {
        return a.fid < b.fid;
    });
    return out;
}

} // namespace gridmap
