#pragma once

#include "gridmap/coordinates.hpp"
#include "gridmap/project.hpp"

#include <memory>
#include <string>

namespace gridmap {

/// The default working CRS for data centred on (lon, lat), as an EPSG code: inside China the
/// CGCS2000 3-degree Gauss-Kruger zone with the nearest central meridian (EPSG:4534 for 75°E
/// ... EPSG:4554 for 135°E, e.g. EPSG:4547 for 114°E); elsewhere the WGS84 UTM zone
/// (EPSG:326nn north, 327nn south).
int default_working_epsg(LonLat centre);

/// Validates a CRS given by the user ("EPSG:4547", "4547", a WKT or PROJ string) and returns
/// its EPSG code. Throws InputError when unknown, geographic (not metric) or not projected.
int parse_working_crs(const std::string& text);

/// A human-readable name of an EPSG CRS ("CGCS2000 / 3-degree Gauss-Kruger CM 114E").
std::string crs_name(int epsg);

/// The Chinese name of an EPSG CRS for the Chinese UI and reports: CGCS2000 Gauss-Kruger zones
/// ("CGCS2000 3度带高斯-克吕格 中央经线114°E" for EPSG:4547, "... 第38带" for EPSG:4526), CGCS2000
/// and WGS 84 geographic, WGS 84 UTM ("WGS 84 UTM 第50带（北半球）"); crs_name(epsg) otherwise.
std::string crs_name_zh(int epsg);

/// Where coordinates of the projected CRS `epsg` mean something, in its own metres: the CRS's
/// area of use from the EPSG database, widened by 3 degrees on every side (data just across a
/// Gauss-Kruger zone edge is still fine), projected. Every command that stores coordinates
/// refuses those outside it (1e200, lon/lat read as metres, a wrong CRS), so no command later
/// meets numbers GEOS or the renderer cannot handle. Cached per code; throws InputError for an
/// unknown code.
Extent usable_extent(int epsg);

/// Whether (x, y), metres in EPSG `epsg`, are finite and inside `usable_extent(epsg)`.
bool is_usable_coordinate(int epsg, double x, double y);

/// Transforms lon/lat (WGS84, traditional GIS order) to and from a projected CRS.
class LonLatTransform {
public:
    /// Throws InputError when the EPSG code is unknown.
    explicit LonLatTransform(int epsg);
    ~LonLatTransform();
    LonLatTransform(LonLatTransform&&) noexcept;
    LonLatTransform& operator=(LonLatTransform&&) noexcept;

    struct XY {
        double x = 0;
        double y = 0;
    };
    /// lon/lat degrees -> projected metres. Throws LibraryError when PROJ fails.
    XY to_projected(LonLat p) const;
    /// projected metres -> lon/lat degrees. Throws LibraryError when PROJ fails.
    LonLat to_lonlat(XY p) const;

private:
    struct Impl;
    std::unique_ptr<Impl> m_impl;
};

/// A transform of one CRS lent from the program's pool of made transforms: PROJ takes tens of
/// milliseconds to make one (most of listing a thousand issues, or of a server's GET), and one
/// transform may be used by one thread at a time. The lease gives it back when destroyed, so
/// a program holds at most as many transforms per CRS as threads using them at once, however
/// many threads come and go (a server's connections).
class LonLatLease {
public:
    ~LonLatLease();
    LonLatLease(LonLatLease&&) noexcept;
    LonLatLease& operator=(LonLatLease&&) = delete;
    LonLatLease(const LonLatLease&) = delete;
    LonLatLease& operator=(const LonLatLease&) = delete;
    const LonLatTransform& operator*() const { return *m_t; }
    const LonLatTransform* operator->() const { return m_t.get(); }

private:
    friend LonLatLease lend_lonlat_transform(int epsg);
    LonLatLease(int epsg, std::unique_ptr<LonLatTransform> t);

    int m_epsg;
    std::unique_ptr<LonLatTransform> m_t;
};

/// Lends a transform of `epsg` from the pool (making one when none is free). Throws as
/// LonLatTransform's constructor does.
LonLatLease lend_lonlat_transform(int epsg);

} // namespace gridmap
