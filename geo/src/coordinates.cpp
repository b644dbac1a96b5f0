#include "gridmap/coordinates.hpp"

#include <algorithm>
#include <cmath>
#include <numbers>

// The GCJ-02 offset is the published closed-form approximation used by every open
// implementation (Krasovsky 1940 ellipsoid constants). Its inverses are solved by fixed-point
// iteration, which converges to well below a millimetre in a few steps inside China.

namespace gridmap {

namespace {

constexpr double pi = std::numbers::pi;
constexpr double krasovsky_a = 6378245.0;
constexpr double krasovsky_ee = 0.00669342162296594323;
constexpr double bd_x_pi = pi * 3000.0 / 180.0;

double offset_lat(double x, double y) {
    double r =
        -100.0 + 2.0 * x + 3.0 * y + 0.2 * y * y + 0.1 * x * y + 0.2 * std::sqrt(std::fabs(x));
    r += (20.0 * std::sin(6.0 * x * pi) + 20.0 * std::sin(2.0 * x * pi)) * 2.0 / 3.0;
    r += (20.0 * std::sin(y * pi) + 40.0 * std::sin(y / 3.0 * pi)) * 2.0 / 3.0;
    r += (160.0 * std::sin(y / 12.0 * pi) + 320.0 * std::sin(y * pi / 30.0)) * 2.0 / 3.0;
    return r;
}

double offset_lon(double x, double y) {
    double r = 300.0 + x + 2.0 * y + 0.1 * x * x + 0.1 * x * y + 0.1 * std::sqrt(std::fabs(x));
    r += (20.0 * std::sin(6.0 * x * pi) + 20.0 * std::sin(2.0 * x * pi)) * 2.0 / 3.0;
    r += (20.0 * std::sin(x * pi) + 40.0 * std::sin(x / 3.0 * pi)) * 2.0 / 3.0;
    r += (150.0 * std::sin(x / 12.0 * pi) + 300.0 * std::sin(x / 30.0 * pi)) * 2.0 / 3.0;
    return r;
}

/// Iteratively inverts `forward`: finds p with forward(p) == target, starting from `guess`.
template <class Forward> LonLat invert(LonLat target, Forward forward, LonLat guess) {
    LonLat p = guess;
    for (int i = 0; i < 30; ++i) {
        const LonLat f = forward(p);
        const double dlon = f.lon - target.lon;
        const double dlat = f.lat - target.lat;
        p.lon -= dlon;
        p.lat -= dlat;
        if (std::fabs(dlon) < 1e-12 && std::fabs(dlat) < 1e-12) {
            break;
        }
    }
    return p;
}

} // namespace

bool is_outside_china(LonLat p) {
    return p.lon < 72.004 || p.lon > 137.8347 || p.lat < 0.8293 || p.lat > 55.8271;
}

LonLat wgs84_to_gcj02(LonLat wgs) {
    if (is_outside_china(wgs)) {
        return wgs;
    }
    const double dlat0 = offset_lat(wgs.lon - 105.0, wgs.lat - 35.0);
    const double dlon0 = offset_lon(wgs.lon - 105.0, wgs.lat - 35.0);
    const double rad_lat = wgs.lat / 180.0 * pi;
    double magic = std::sin(rad_lat);
    magic = 1 - krasovsky_ee * magic * magic;
    const double sqrt_magic = std::sqrt(magic);
    const double dlat =
        (dlat0 * 180.0) / ((krasovsky_a * (1 - krasovsky_ee)) / (magic * sqrt_magic) * pi);
    const double dlon = (dlon0 * 180.0) / (krasovsky_a / sqrt_magic * std::cos(rad_lat) * pi);
    return {wgs.lon + dlon, wgs.lat + dlat};
}

LonLat gcj02_to_wgs84(LonLat gcj) {
    if (is_outside_china(gcj)) {
        return gcj;
    }
    return invert(gcj, wgs84_to_gcj02, gcj);
}

LonLat gcj02_to_bd09(LonLat gcj) {
    const double x = gcj.lon;
    const double y = gcj.lat;
    const double z = std::sqrt(x * x + y * y) + 0.00002 * std::sin(y * bd_x_pi);
    const double theta = std::atan2(y, x) + 0.000003 * std::cos(x * bd_x_pi);
    return {z * std::cos(theta) + 0.0065, z * std::sin(theta) + 0.006};
}

LonLat bd09_to_gcj02(LonLat bd) {
    // The closed-form approximate inverse is a good first guess; iteration removes its error.
    const double x = bd.lon - 0.0065;
    const double y = bd.lat - 0.006;
    const double z = std::sqrt(x * x + y * y) - 0.00002 * std::sin(y * bd_x_pi);
    const double theta = std::atan2(y, x) - 0.000003 * std::cos(x * bd_x_pi);
    return invert(bd, gcj02_to_bd09, LonLat{z * std::cos(theta), z * std::sin(theta)});
}

LonLat wgs84_to_bd09(LonLat wgs) {
    return gcj02_to_bd09(wgs84_to_gcj02(wgs));
}

LonLat bd09_to_wgs84(LonLat bd) {
    return gcj02_to_wgs84(bd09_to_gcj02(bd));
}

double distance_m(LonLat a, LonLat b) {
    constexpr double earth_r = 6371000.0;
    const double lat1 = a.lat * pi / 180.0;
    const double lat2 = b.lat * pi / 180.0;
    const double dlat = lat2 - lat1;
    const double dlon = (b.lon - a.lon) * pi / 180.0;
    const double h = std::sin(dlat / 2) * std::sin(dlat / 2) +
                     std::cos(lat1) * std::cos(lat2) * std::sin(dlon / 2) * std::sin(dlon / 2);
    return 2 * earth_r * std::asin(std::min(1.0, std::sqrt(h)));
}

} // namespace gridmap
