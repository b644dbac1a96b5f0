#include "gridmap/crs.hpp"

#include "detail/gdal.hpp"
#include "gridmap/error.hpp"

#include <cmath>

namespace gridmap {

int default_working_epsg(LonLat c) {
    const bool in_china = c.lon >= 73.0 && c.lon <= 136.5 && c.lat >= 3.0 && c.lat <= 54.0;
    if (in_china) {
        // CGCS2000 3-degree Gauss-Kruger CM zones: EPSG:4534 (75°E) ... EPSG:4554 (135°E).
        const int cm = static_cast<int>(std::lround(c.lon / 3.0)) * 3;
        const int clamped = cm < 75 ? 75 : (cm > 135 ? 135 : cm);
        return 4534 + (clamped - 75) / 3;
    }
    int zone = static_cast<int>(std::floor((c.lon + 180.0) / 6.0)) + 1;
    zone = zone < 1 ? 1 : (zone > 60 ? 60 : zone);
    return (c.lat >= 0 ? 32600 : 32700) + zone;
}

int parse_working_crs(const std::string& text) {
    detail::ensure_gdal_registered();
    OGRSpatialReference srs;
    detail::GdalErrorCapture errors;
    if (srs.SetFromUserInput(text.c_str()) != OGRERR_NONE) {
        throw InputError("unknown CRS '" + text + "'");
    }
    if (!srs.IsProjected()) {
        throw InputError("CRS '" + text +
                         "' is not projected; the working CRS must be metric and projected "
                         "(e.g. EPSG:4547)");
    }
    if (std::fabs(srs.GetLinearUnits() - 1.0) > 1e-9) {
        throw InputError("CRS '" + text + "' is not in metres");
    }
    srs.AutoIdentifyEPSG();
    const char* auth = srs.GetAuthorityName(nullptr);
    const char* code = srs.GetAuthorityCode(nullptr);
    if (auth == nullptr || code == nullptr || std::string(auth) != "EPSG") {
        throw InputError("CRS '" + text + "' has no EPSG code; give the working CRS as EPSG:n");
    }
    return std::stoi(code);
}

std::string crs_name(int epsg) {
    detail::ensure_gdal_registered();
    OGRSpatialReference srs;
    detail::GdalErrorCapture errors;
    if (srs.importFromEPSG(epsg) != OGRERR_NONE) {
        return "EPSG:" + std::to_string(epsg);
    }
    const char* name = srs.GetName();
    return name != nullptr ? name : "EPSG:" + std::to_string(epsg);
}

struct LonLatTransform::Impl {
    detail::TransformPtr forward;
    detail::TransformPtr inverse;
};

LonLatTransform::LonLatTransform(int epsg) : m_impl(std::make_unique<Impl>()) {
    detail::ensure_gdal_registered();
    const OGRSpatialReference wgs = detail::srs_from_epsg(4326);
    const OGRSpatialReference target = detail::srs_from_epsg(epsg);
    m_impl->forward.reset(OGRCreateCoordinateTransformation(&wgs, &target));
    m_impl->inverse.reset(OGRCreateCoordinateTransformation(&target, &wgs));
    if (!m_impl->forward || !m_impl->inverse) {
        throw LibraryError("no transformation between EPSG:4326 and EPSG:" + std::to_string(epsg));
    }
}

LonLatTransform::~LonLatTransform() = default;
LonLatTransform::LonLatTransform(LonLatTransform&&) noexcept = default;
LonLatTransform& LonLatTransform::operator=(LonLatTransform&&) noexcept = default;

LonLatTransform::XY LonLatTransform::to_projected(LonLat p) const {
    double x = p.lon;
    double y = p.lat;
    if (!m_impl->forward->Transform(1, &x, &y)) {
        throw LibraryError("cannot project lon/lat " + std::to_string(p.lon) + ", " +
                           std::to_string(p.lat));
    }
    return {x, y};
}

LonLat LonLatTransform::to_lonlat(XY p) const {
    double x = p.x;
    double y = p.y;
    if (!m_impl->inverse->Transform(1, &x, &y)) {
        throw LibraryError("cannot unproject " + std::to_string(p.x) + ", " + std::to_string(p.y));
    }
    return {x, y};
}

} // namespace gridmap
