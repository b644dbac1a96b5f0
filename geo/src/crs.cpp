#include "gridmap/crs.hpp"

#include "detail/gdal.hpp"
#include "gridmap/error.hpp"
#include "gridmap/parse.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <map>
#include <mutex>
#include <vector>

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
    const auto n = parse_integer(code);
    if (!n || *n <= 0 || *n > std::numeric_limits<int>::max()) {
        throw InputError("CRS '" + text + "' has no EPSG code; give the working CRS as EPSG:n");
    }
    return static_cast<int>(*n);
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

namespace {
Extent compute_usable_extent(int epsg) {
    detail::ensure_gdal_registered();
    OGRSpatialReference target;
    {
        detail::GdalErrorCapture errors;
        if (target.importFromEPSG(epsg) != OGRERR_NONE) {
            throw InputError("unknown CRS EPSG:" + std::to_string(epsg));
        }
    }
    double west = -180;
    double south = -90;
    double east = 180;
    double north = 90;
    const char* area_name = nullptr;
    if (!target.GetAreaOfUse(&west, &south, &east, &north, &area_name) || west > east) {
        west = -180;
        east = 180;
        south = -90;
        north = 90;
    }
    constexpr double margin_deg = 3.0;
    west = std::max(-180.0, west - margin_deg);
    east = std::min(180.0, east + margin_deg);
    south = std::max(-89.0, south - margin_deg);
    north = std::min(89.0, north + margin_deg);
    const LonLatTransform transform(epsg);
    Extent e{std::numeric_limits<double>::max(), std::numeric_limits<double>::max(),
             std::numeric_limits<double>::lowest(), std::numeric_limits<double>::lowest()};
    constexpr int steps = 24;
    bool any = false;
    for (int i = 0; i <= steps; ++i) {
        for (int j = 0; j <= steps; ++j) {
            const double lon = west + (east - west) * i / steps;
            const double lat = south + (north - south) * j / steps;
            try {
                const auto p = transform.to_projected({lon, lat});
                if (std::isfinite(p.x) && std::isfinite(p.y)) {
                    e.min_x = std::min(e.min_x, p.x);
                    e.min_y = std::min(e.min_y, p.y);
                    e.max_x = std::max(e.max_x, p.x);
                    e.max_y = std::max(e.max_y, p.y);
                    any = true;
                }
            } catch (const LibraryError&) {
                // A corner outside the projection's domain: the others bound it.
            }
        }
    }
    if (!any) {
        throw InputError("EPSG:" + std::to_string(epsg) + " has no usable area of use");
    }
    return e;
}
} // namespace

std::string crs_name_zh(int epsg) {
    const auto cgcs = [](const char* band, const std::string& where) {
        return std::string("CGCS2000 ") + band + "高斯-克吕格 " + where;
    };
    if (epsg >= 4491 && epsg <= 4501) { // 6-degree zones 13-23, zone number in the easting
        return cgcs("6度带", "第" + std::to_string(epsg - 4491 + 13) + "带");
    }
    if (epsg >= 4502 && epsg <= 4512) { // 6-degree, central meridians 75E-135E
        return cgcs("6度带", "中央经线" + std::to_string(75 + (epsg - 4502) * 6) + "°E");
    }
    if (epsg >= 4513 && epsg <= 4533) { // 3-degree zones 25-45, zone number in the easting
        return cgcs("3度带", "第" + std::to_string(epsg - 4513 + 25) + "带");
    }
    if (epsg >= 4534 && epsg <= 4554) { // 3-degree, central meridians 75E-135E
        return cgcs("3度带", "中央经线" + std::to_string(75 + (epsg - 4534) * 3) + "°E");
    }
    if (epsg == 4490) {
        return "CGCS2000 地理坐标系";
    }
    if (epsg == 4326) {
        return "WGS 84 地理坐标系";
    }
    if ((epsg > 32600 && epsg <= 32660) || (epsg > 32700 && epsg <= 32760)) {
        return "WGS 84 UTM 第" + std::to_string(epsg % 100) + "带（" +
               (epsg < 32700 ? "北半球" : "南半球") + "）";
    }
    return crs_name(epsg);
}

Extent usable_extent(int epsg) {
    static std::mutex mutex;
    static std::map<int, Extent> cache;
    const std::lock_guard lock(mutex);
    if (const auto it = cache.find(epsg); it != cache.end()) {
        return it->second;
    }
    const Extent e = compute_usable_extent(epsg);
    cache.emplace(epsg, e);
    return e;
}

bool is_usable_coordinate(int epsg, double x, double y) {
    if (!std::isfinite(x) || !std::isfinite(y)) {
        return false;
    }
    const Extent e = usable_extent(epsg);
    return x >= e.min_x && x <= e.max_x && y >= e.min_y && y <= e.max_y;
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

namespace {

/// The free transforms per CRS. Reachable to the program's end (never destroyed: a thread may
/// give one back while the program exits).
struct TransformPool {
    std::mutex mutex;
    std::map<int, std::vector<std::unique_ptr<LonLatTransform>>> free;
};

TransformPool& transform_pool() {
    static auto* const pool = new TransformPool();
    return *pool;
}

} // namespace

LonLatLease::LonLatLease(int epsg, std::unique_ptr<LonLatTransform> t)
    : m_epsg(epsg), m_t(std::move(t)) {}

LonLatLease::LonLatLease(LonLatLease&& o) noexcept : m_epsg(o.m_epsg), m_t(std::move(o.m_t)) {}

LonLatLease::~LonLatLease() {
    if (m_t) {
        TransformPool& pool = transform_pool();
        const std::lock_guard lock(pool.mutex);
        pool.free[m_epsg].push_back(std::move(m_t));
    }
}

LonLatLease lend_lonlat_transform(int epsg) {
    TransformPool& pool = transform_pool();
    {
        const std::lock_guard lock(pool.mutex);
        auto& kept = pool.free[epsg];
        if (!kept.empty()) {
            std::unique_ptr<LonLatTransform> t = std::move(kept.back());
            kept.pop_back();
            return LonLatLease(epsg, std::move(t));
        }
    }
    return LonLatLease(epsg, std::make_unique<LonLatTransform>(epsg));
}

} // namespace gridmap
