// building_service_reach: every residential building is within the service reach of a service
// point (distance from the building's outline).

#include "gridmap/text.hpp"
#include "rules/rule.hpp"

#include <algorithm>
#include <cmath>
#include <unordered_map>

namespace gridmap::rules {

namespace {

void evaluate(Input& in, RuleResult& r) {
    const auto points = detail::geometries(in.s.service_points);
    const double reach = in.settings.service_reach_m;
    // The points in square buckets of side `bucket`; a building looks at the buckets its
    // box, grown by the reach, meets. Squared distances to the box decide when the answer
    // is certain (every point of the box within reach, or the box out of reach, with a
    // relative margin for rounding); GEOS decides the rest.
    const bool fast = reach > 0 && std::isfinite(reach);
    const double bucket = std::max(reach, 50.0);
    std::vector<double> px(points.size());
    std::vector<double> py(points.size());
    std::unordered_map<std::int64_t, std::vector<std::size_t>> buckets;
    auto bucket_of = [&](double v) {
        return static_cast<std::int64_t>(std::floor(v / bucket));
    };
    auto bucket_key = [](std::int64_t bx, std::int64_t by) {
        return bx * 4000037 + by;
    };
    for (std::size_t k = 0; k < points.size(); ++k) {
        GEOSGeomGetX_r(in.ctx, points[k], &px[k]);
        GEOSGeomGetY_r(in.ctx, points[k], &py[k]);
        if (fast) {
            buckets[bucket_key(bucket_of(px[k]), bucket_of(py[k]))].push_back(k);
        }
    }
    const double reach2 = reach * reach;
    std::vector<std::size_t> ids;
    detail::TreePtr tree = fast ? nullptr : detail::make_tree(in.ctx, points, ids);
    for (std::size_t bi = 0; bi < in.s.buildings.size(); ++bi) {
        const detail::Item& b = in.s.buildings[bi];
        if (!in.fact_of[bi] || !in.facts.residential[*in.fact_of[bi]]) {
            continue;
        }
        ++r.total;
        bool reached = false;
        if (!points.empty()) {
            double x0 = 0, y0 = 0, x1 = 0, y1 = 0;
            GEOSGeom_getXMin_r(in.ctx, b.geom.get(), &x0);
            GEOSGeom_getYMin_r(in.ctx, b.geom.get(), &y0);
            GEOSGeom_getXMax_r(in.ctx, b.geom.get(), &x1);
            GEOSGeom_getYMax_r(in.ctx, b.geom.get(), &y1);
            if (fast) {
                auto decide = [&](std::size_t k) {
                    const double nx = std::max({x0 - px[k], 0.0, px[k] - x1});
                    const double ny = std::max({y0 - py[k], 0.0, py[k] - y1});
                    if (nx * nx + ny * ny > reach2 * (1 + 1e-9)) {
                        return false;
                    }
                    const double fx = std::max(px[k] - x0, x1 - px[k]);
                    const double fy = std::max(py[k] - y0, y1 - py[k]);
                    if (fx * fx + fy * fy < reach2 * (1 - 1e-9)) {
                        return true;
                    }
                    return GEOSDistanceWithin_r(in.ctx, b.geom.get(), points[k], reach) == 1;
                };
                for (std::int64_t bx = bucket_of(x0 - reach);
                     !reached && bx <= bucket_of(x1 + reach); ++bx) {
                    for (std::int64_t by = bucket_of(y0 - reach);
                         !reached && by <= bucket_of(y1 + reach); ++by) {
                        auto it = buckets.find(bucket_key(bx, by));
                        if (it == buckets.end()) {
                            continue;
                        }
                        for (std::size_t k : it->second) {
                            if (decide(k)) {
                                reached = true;
                                break;
                            }
                        }
                    }
                }
            } else {
                detail::Geom box(in.ctx, GEOSGeom_createRectangle_r(in.ctx, x0 - reach, y0 - reach,
                                                                    x1 + reach, y1 + reach));
                for (std::size_t k : detail::query(in.ctx, tree.get(), box.get())) {
                    if (GEOSDistanceWithin_r(in.ctx, b.geom.get(), points[k], reach) == 1) {
                        reached = true;
                        break;
                    }
                }
            }
        }
        if (!reached) {
            std::string detail = "no service point";
            std::string detail_zh = "无服务点";
            if (!points.empty()) {
                double nearest = -1;
                for (const GEOSGeometry* pt : points) {
                    double d = 0;
                    GEOSDistance_r(in.ctx, b.geom.get(), pt, &d);
                    nearest = nearest < 0 ? d : std::min(nearest, d);
                }
                detail = "nearest service point " + fixed(nearest, 0) + " m";
                detail_zh = "最近服务点 " + fixed(nearest, 0) + " m";
            }
            r.uncovered.push_back({b.key, b.name, detail, in.wkt(b.geom.get()), detail_zh});
        }
    }
}

} // namespace

const Rule& building_service_reach() {
    static const Rule rule{{"building_service_reach",
                            "Residential buildings are within reach of a service point",
                            "住宅楼栋在服务点服务半径内",
                            "Every residential building is within the service reach of a service "
                            "point.",
                            "每栋住宅楼都在某个服务点的服务半径内。", RuleSubject::building, false},
                           &evaluate,
                           true,
                           "building service_point household"};
    return rule;
}

} // namespace gridmap::rules
