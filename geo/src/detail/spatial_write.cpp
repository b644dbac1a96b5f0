#include "detail/spatial_write.hpp"

#include "detail/analysis.hpp"
#include "gridmap/error.hpp"

#include <ogr_geometry.h>

#include <ctime>

namespace gridmap::detail {

namespace {

ProjectImpl& writable(ProjectImpl& p) {
    p.require_writable();
    return p;
}

void set_text_fields(OGRFeature& f, const std::vector<std::pair<std::string, std::string>>& fields,
                     const std::string& where) {
    for (const auto& [name, value] : fields) {
        const int i = f.GetFieldIndex(name.c_str());
        if (i < 0) {
            throw LibraryError(where + ": no field '" + name + "'");
        }
        if (value.empty()) {
            f.SetFieldNull(i);
        } else {
            f.SetField(i, value.c_str());
        }
    }
}

} // namespace

SpatialWrite::SpatialWrite(ProjectImpl& p) : m_p(writable(p)), m_tx(*p.ds) {}

void SpatialWrite::insert_polygon(std::string_view table,
                                  const std::vector<std::pair<std::string, std::string>>& fields,
                                  GEOSContextHandle_t ctx, const GEOSGeometry* geom) {
    OGRLayer* layer = m_p.layer(table);
    const std::string where = m_p.path + ": " + std::string(table);
    FeaturePtr f(OGRFeature::CreateFeature(layer->GetLayerDefn()));
    set_text_fields(*f, fields, where);
    OGRGeometry* g = OGRGeometryFactory::createFromGEOS(ctx, const_cast<GEOSGeometry*>(geom));
    if (g == nullptr) {
        throw LibraryError(where + ": cannot convert a GEOS geometry");
    }
    f->SetGeometryDirectly(OGRGeometryFactory::forceToMultiPolygon(g));
    if (layer->CreateFeature(f.get()) != OGRERR_NONE) {
        throw LibraryError(where + ": cannot write a feature: " + CPLGetLastErrorMsg());
    }
}

void SpatialWrite::insert_row(std::string_view table,
                              const std::vector<std::pair<std::string, std::string>>& fields,
                              const std::vector<std::string>& now_fields) {
    OGRLayer* layer = m_p.layer(table);
    const std::string where = m_p.path + ": " + std::string(table);
    FeaturePtr f(OGRFeature::CreateFeature(layer->GetLayerDefn()));
    set_text_fields(*f, fields, where);
    const std::time_t now = std::time(nullptr);
    std::tm utc{};
    gmtime_r(&now, &utc);
    for (const std::string& name : now_fields) {
        // GeoPackage stores date-times in UTC (TZFlag 100).
        f->SetField(name.c_str(), utc.tm_year + 1900, utc.tm_mon + 1, utc.tm_mday, utc.tm_hour,
                    utc.tm_min, static_cast<float>(utc.tm_sec), 100);
    }
    if (layer->CreateFeature(f.get()) != OGRERR_NONE) {
        throw LibraryError(where + ": cannot write a row: " + CPLGetLastErrorMsg());
    }
}

void SpatialWrite::update_fields(std::string_view table, std::int64_t fid,
                                 const std::vector<std::pair<std::string, std::string>>& fields) {
    OGRLayer* layer = m_p.layer(table);
    const std::string where = m_p.path + ": " + std::string(table) + " fid " + std::to_string(fid);
    FeaturePtr f(layer->GetFeature(static_cast<GIntBig>(fid)));
    if (!f) {
        throw LibraryError(where + ": no such feature");
    }
    set_text_fields(*f, fields, where);
    if (layer->SetFeature(f.get()) != OGRERR_NONE) {
        throw LibraryError(where + ": cannot update: " + CPLGetLastErrorMsg());
    }
}

void SpatialWrite::delete_feature(std::string_view table, std::int64_t fid) {
    OGRLayer* layer = m_p.layer(table);
    if (layer->DeleteFeature(static_cast<GIntBig>(fid)) != OGRERR_NONE) {
        throw LibraryError(m_p.path + ": " + std::string(table) + ": cannot delete fid " +
                           std::to_string(fid) + ": " + CPLGetLastErrorMsg());
    }
}

void SpatialWrite::commit() {
    update_assignment(m_p);
    m_tx.commit();
}

} // namespace gridmap::detail
