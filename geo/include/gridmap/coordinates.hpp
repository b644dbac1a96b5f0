#pragma once

/// Conversions between WGS84/CGCS2000 longitude-latitude and the obfuscated coordinate systems
/// used by Chinese web maps: GCJ-02 (Amap/Gaode, Tencent, Google China) and BD-09 (Baidu).
/// PROJ does not know these systems. All angles in decimal degrees; points outside China are
/// returned unchanged (the offset is only applied inside China, as the web maps do).
/// CGCS2000 and WGS84 differ by centimetres and are treated as the same here.

namespace gridmap {

struct LonLat {
    double lon = 0;
    double lat = 0;
};

/// True when the point lies outside the rectangle in which GCJ-02 applies its offset.
bool is_outside_china(LonLat p);

/// WGS84 -> GCJ-02 (closed-form, exact by definition).
LonLat wgs84_to_gcj02(LonLat wgs);
/// GCJ-02 -> WGS84, iterative inverse of wgs84_to_gcj02; error below 1 mm.
LonLat gcj02_to_wgs84(LonLat gcj);
/// GCJ-02 -> BD-09 (closed-form).
LonLat gcj02_to_bd09(LonLat gcj);
/// BD-09 -> GCJ-02, iterative inverse of gcj02_to_bd09; error below 1 mm.
LonLat bd09_to_gcj02(LonLat bd);
/// WGS84 -> BD-09.
LonLat wgs84_to_bd09(LonLat wgs);
/// BD-09 -> WGS84.
LonLat bd09_to_wgs84(LonLat bd);

/// Great-circle distance in metres on a sphere of radius 6,371,000 m.
double distance_m(LonLat a, LonLat b);

} // namespace gridmap
