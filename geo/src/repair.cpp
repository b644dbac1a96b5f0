#include "gridmap/repair.hpp"

#include "detail/analysis.hpp"
#include "detail/gdal.hpp"
#include "detail/geos.hpp"
#include "detail/project_impl.hpp"
#include "detail/sqlite.hpp"
#include "gridmap/crs.hpp"
#include "gridmap/error.hpp"
#include "gridmap/parse.hpp"
#include "gridmap/text.hpp"

#include <algorithm>
#include <array>
#include <cmath>
#include <cstdio>
#include <map>

namespace gridmap {

namespace {

using detail::Geom;
using detail::Statement;

constexpr std::array<std::string_view, 5> work_types{"雨污分离", "沥青铺设", "刷黑", "填缝",
                                                     "其他"};
constexpr std::array<std::string_view, 3> repair_states{"planned", "active", "done"};

/// Shared length (m) above which two segments overlap: the rule of `gridmap check`
/// (active_repairs_do_not_overlap) uses the same threshold.
constexpr double overlap_threshold_m = 1.0;

template <std::size_t N>
bool one_of(const std::array<std::string_view, N>& names, const std::string& v) {
    return std::find(names.begin(), names.end(), v) != names.end();
}

template <std::size_t N> std::string joined(const std::array<std::string_view, N>& names) {
    std::string s;
    for (std::string_view n : names) {
        s += (s.empty() ? "" : ", ") + std::string(n);
    }
    return s;
}

bool valid_date(const std::string& d) {
    int y = 0;
    int m = 0;
    int day = 0;
    char tail = 0;
    if (d.size() != 10 || std::sscanf(d.c_str(), "%4d-%2d-%2d%c", &y, &m, &day, &tail) != 3 ||
        d[4] != '-' || d[7] != '-') {
        return false;
    }
    static constexpr std::array<int, 12> days{31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    if (m < 1 || m > 12 || day < 1 || day > days[static_cast<std::size_t>(m - 1)]) {
        return false;
    }
    const bool leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
    return !(m == 2 && day == 29 && !leap);
}

/// Calls fn(statement) for the rows of `table` whose R-tree box meets [x0,x1] x [y0,y1]; the
/// statement's columns are those of `columns`, then the geometry blob.
template <class Fn>
void rows_in_box(sqlite3* db, const std::string& table, const std::string& columns, double x0,
                 double y0, double x1, double y1, Fn fn) {
    const auto box = detail::box_filter_sql(db, table);
    if (!box) {
        return;
    }
    Statement s(db, "SELECT " + columns + ", t.geom FROM \"" + table + "\" t " + *box);
    s.bind(1, x1);
    s.bind(2, x0);
    s.bind(3, y1);
    s.bind(4, y0);
    while (s.step()) {
        fn(s);
    }
}

struct Segment {
    std::string id;
    std::string road;
    std::string work_type;
    std::string state;
    double outside_m = 0;
    Geom geom;
};

std::vector<Segment> read_segments(const detail::ProjectImpl& p, GEOSContextHandle_t ctx) {
    std::vector<Segment> out;
    if (!p.has_feature_tables()) {
        return out;
    }
    sqlite3* db = detail::sqlite_handle(p);
    detail::WkbReaderPtr reader(GEOSWKBReader_create_r(ctx), detail::WkbReaderDeleter{ctx});
    Statement s(db, "SELECT id, road, work_type, state, outside_m, geom, fid FROM repair_segment "
                    "ORDER BY id");
    while (s.step()) {
        Segment seg;
        seg.id = s.text(0);
        seg.road = s.text(1);
        seg.work_type = s.text(2);
        seg.state = s.text(3);
        seg.outside_m = s.real(4);
        seg.geom = Geom(ctx, detail::gpkg_blob_to_geos(ctx, reader.get(), s.blob(5)));
        if (!seg.geom && detail::gpkg_blob_has_geometry(s.blob(5))) {
            detail::throw_damaged_geometry(db, "repair_segment", seg.id, s.integer(6));
        }
        out.push_back(std::move(seg));
    }
    return out;
}

double length_of(GEOSContextHandle_t ctx, const GEOSGeometry* g) {
    double l = 0;
    if (g == nullptr || GEOSLength_r(ctx, g, &l) != 1) {
        return 0;
    }
    return l;
}

} // namespace

std::optional<XY> snap_to_road(const Project& project, XY p, double tolerance_m) {
    const detail::ProjectImpl& impl = project.impl();
    if (!(tolerance_m > 0) || !std::isfinite(p.x) || !std::isfinite(p.y) ||
        !impl.has_feature_tables()) {
        return std::nullopt;
    }
    sqlite3* db = detail::sqlite_handle(impl);
    detail::GeosContext ctx;
    detail::WkbReaderPtr reader(GEOSWKBReader_create_r(ctx), detail::WkbReaderDeleter{ctx});
    Geom point(ctx, GEOSGeom_createPointFromXY_r(ctx, p.x, p.y));
    std::optional<std::pair<double, XY>> vertex;
    std::optional<std::pair<double, XY>> edge;
    rows_in_box(db, "road", "t.fid", p.x - tolerance_m, p.y - tolerance_m, p.x + tolerance_m,
                p.y + tolerance_m, [&](const Statement& s) {
                    Geom g(ctx, detail::gpkg_blob_to_geos(ctx, reader.get(), s.blob(1)));
                    if (!g) {
                        return;
                    }
                    const int parts = GEOSGetNumGeometries_r(ctx, g.get());
                    for (int i = 0; i < parts; ++i) {
                        const GEOSGeometry* line = GEOSGetGeometryN_r(ctx, g.get(), i);
                        const GEOSCoordSequence* seq = GEOSGeom_getCoordSeq_r(ctx, line);
                        unsigned int n = 0;
                        if (seq == nullptr || GEOSCoordSeq_getSize_r(ctx, seq, &n) != 1) {
                            continue;
                        }
                        for (unsigned int k = 0; k < n; ++k) {
                            XY v;
                            GEOSCoordSeq_getXY_r(ctx, seq, k, &v.x, &v.y);
                            const double d = std::hypot(v.x - p.x, v.y - p.y);
                            if (d <= tolerance_m && (!vertex || d < vertex->first)) {
                                vertex = std::make_pair(d, v);
                            }
                        }
                    }
                    GEOSCoordSequence* nearest = GEOSNearestPoints_r(ctx, g.get(), point.get());
                    if (nearest != nullptr) {
                        XY e;
                        GEOSCoordSeq_getXY_r(ctx, nearest, 0, &e.x, &e.y);
                        GEOSCoordSeq_destroy_r(ctx, nearest);
                        const double d = std::hypot(e.x - p.x, e.y - p.y);
                        if (d <= tolerance_m && (!edge || d < edge->first)) {
                            edge = std::make_pair(d, e);
                        }
                    }
                });
    if (vertex) {
        return vertex->second;
    }
    if (edge) {
        return edge->second;
    }
    return std::nullopt;
}

std::string add_repair_segment(Project& project, const NewRepairSegment& in) {
    const detail::ProjectImpl& p = detail::writable(project);
    if (!p.has_feature_tables()) {
        throw InputError(p.path + ": the project has no community yet; import one first");
    }
    detail::Transaction tx(*p.ds); // the write lock, before the id is chosen
    sqlite3* db = detail::sqlite_handle(p);
    const std::string id =
        in.id.empty() ? detail::next_numbered_id(db, "repair_segment", 'R', 3) : in.id;
    const std::string label = "repair segment " + id;
    std::vector<std::string> problems;
    {
        Statement s(db, "SELECT 1 FROM repair_segment WHERE id = ?");
        s.bind(1, id);
        if (s.step()) {
            problems.push_back("field 'id': '" + id + "' is already in use");
        }
    }
    std::vector<XY> vertices;
    for (std::size_t i = 0; i < in.vertices.size(); ++i) {
        const XY v = in.vertices[i];
        if (!is_usable_coordinate(p.epsg, v.x, v.y)) {
            problems.push_back(
                "vertex " + std::to_string(i + 1) + " (" + fixed(v.x, 2) + ", " + fixed(v.y, 2) +
                ") is outside the area of the working CRS EPSG:" + std::to_string(p.epsg));
            continue;
        }
        if (vertices.empty() || vertices.back().x != v.x || vertices.back().y != v.y) {
            vertices.push_back(v);
        }
    }
    if (vertices.size() < 2) {
        problems.push_back("a segment needs at least two distinct vertices (" +
                           std::to_string(vertices.size()) + " given)");
    }
    if (!one_of(work_types, in.work_type)) {
        problems.push_back("field 'work_type': '" + in.work_type + "' is not one of " +
                           joined(work_types));
    }
    if (!one_of(repair_states, in.state)) {
        problems.push_back("field 'state': '" + in.state + "' is not one of " +
                           joined(repair_states));
    }
    for (const auto& [field, value] :
         {std::pair{"start_date", &in.start_date}, std::pair{"end_date", &in.end_date}}) {
        if (!value->empty() && !valid_date(*value)) {
            problems.push_back(std::string("field '") + field + "': '" + *value +
                               "' is not a date (YYYY-MM-DD)");
        }
    }
    if (valid_date(in.start_date) && valid_date(in.end_date) && in.end_date < in.start_date) {
        problems.push_back("field 'end_date': " + in.end_date + " is before the start " +
                           in.start_date);
    }
    if (in.cost && (!std::isfinite(*in.cost) || *in.cost < 0)) {
        problems.push_back("field 'cost': " + fixed(*in.cost, 2) +
                           " is not a cost (a number, 0 or more)");
    }
    if (!problems.empty()) {
        if (problems.size() == 1) {
            throw InputError(label + ": " + problems.front() + "; nothing was written");
        }
        std::string msg =
            label + ": " + std::to_string(problems.size()) + " problems; nothing was written:";
        for (const std::string& pr : problems) {
            msg += "\n  " + pr;
        }
        throw InputError(msg);
    }
    OGRLayer* layer = p.layer("repair_segment");
    detail::FeaturePtr f(OGRFeature::CreateFeature(layer->GetLayerDefn()));
    f->SetField("id", id.c_str());
    for (const auto& [field, value] :
         {std::pair{"road", &in.road}, std::pair{"work_type", &in.work_type},
          std::pair{"state", &in.state}, std::pair{"start_date", &in.start_date},
          std::pair{"end_date", &in.end_date}}) {
        if (!value->empty()) {
            f->SetField(field, value->c_str());
        }
    }
    if (in.cost) {
        f->SetField("cost", *in.cost);
    }
    auto* line = new OGRLineString();
    for (const XY& v : vertices) {
        line->addPoint(v.x, v.y);
    }
    auto* multi = new OGRMultiLineString();
    multi->addGeometryDirectly(line);
    f->SetGeometryDirectly(multi);
    if (layer->CreateFeature(f.get()) != OGRERR_NONE) {
        throw LibraryError(p.path + ": cannot write " + label + ": " + CPLGetLastErrorMsg());
    }
    detail::update_assignment(p, "repair_segment");
    tx.commit();
    return id;
}

std::vector<RepairSummary> repair_summaries(const Project& project, const std::string& id) {
    const detail::ProjectImpl& p = project.impl();
    detail::GeosContext ctx;
    const std::vector<Segment> segments = read_segments(p, ctx);
    std::vector<RepairSummary> out;
    if (!id.empty() && std::none_of(segments.begin(), segments.end(),
                                    [&](const Segment& s) { return s.id == id; })) {
        throw InputError("no repair segment with id '" + id + "'");
    }
    if (segments.empty()) {
        return out;
    }
    std::map<std::string, std::vector<RepairCellLength>> cells;
    {
        Statement s(detail::sqlite_handle(p), "SELECT repair_segment, cell, length_m FROM "
                                              "repair_segment_cell ORDER BY repair_segment, cell");
        while (s.step()) {
            cells[s.text(0)].push_back({s.text(1), s.real(2)});
        }
    }
    // The 1 m corridor of each planned or active segment (flat ends: a segment that continues
    // another shares nothing).
    std::vector<Geom> corridors(segments.size());
    for (std::size_t i = 0; i < segments.size(); ++i) {
        const Segment& s = segments[i];
        if ((s.state == "planned" || s.state == "active") && s.geom) {
            corridors[i] =
                Geom(ctx, GEOSBufferWithStyle_r(ctx, s.geom.get(), 1.0, 8, GEOSBUF_CAP_FLAT,
                                                GEOSBUF_JOIN_ROUND, 5.0));
        }
    }
    for (std::size_t i = 0; i < segments.size(); ++i) {
        const Segment& s = segments[i];
        if (!id.empty() && s.id != id) {
            continue;
        }
        RepairSummary r;
        r.id = s.id;
        r.road = s.road;
        r.work_type = s.work_type;
        r.state = s.state;
        r.length_m = length_of(ctx, s.geom.get());
        r.outside_m = s.outside_m;
        if (auto c = cells.find(s.id); c != cells.end()) {
            r.cells = c->second;
        }
        for (std::size_t j = 0; j < segments.size(); ++j) {
            if (j == i || !corridors[j] || !s.geom) {
                continue;
            }
            Geom shared(ctx, GEOSIntersection_r(ctx, s.geom.get(), corridors[j].get()));
            const double l = length_of(ctx, shared.get());
            if (l > overlap_threshold_m) {
                r.overlaps.push_back({segments[j].id, l});
            }
        }
        out.push_back(std::move(r));
    }
    return out;
}

std::vector<NotifyRow> repair_notify_list(const Project& project, const std::string& segment_id,
                                          double distance_m) {
    if (!(distance_m > 0) || !std::isfinite(distance_m)) {
        throw InputError("distance " + fixed(distance_m, 1) + ": expected metres, more than 0");
    }
    const detail::ProjectImpl& p = project.impl();
    detail::GeosContext ctx;
    std::vector<Segment> segments = read_segments(p, ctx);
    auto seg = std::find_if(segments.begin(), segments.end(),
                            [&](const Segment& s) { return s.id == segment_id; });
    if (seg == segments.end()) {
        throw InputError("no repair segment with id '" + segment_id + "'");
    }
    std::vector<NotifyRow> out;
    if (!seg->geom) {
        return out;
    }
    double x0 = 0;
    double y0 = 0;
    double x1 = 0;
    double y1 = 0;
    GEOSGeom_getXMin_r(ctx, seg->geom.get(), &x0);
    GEOSGeom_getYMin_r(ctx, seg->geom.get(), &y0);
    GEOSGeom_getXMax_r(ctx, seg->geom.get(), &x1);
    GEOSGeom_getYMax_r(ctx, seg->geom.get(), &y1);
    sqlite3* db = detail::sqlite_handle(p);
    detail::WkbReaderPtr reader(GEOSWKBReader_create_r(ctx), detail::WkbReaderDeleter{ctx});
    rows_in_box(db, "building", "t.id, t.name, t.compound, t.cell", x0 - distance_m,
                y0 - distance_m, x1 + distance_m, y1 + distance_m, [&](const Statement& s) {
                    Geom g(ctx, detail::gpkg_blob_to_geos(ctx, reader.get(), s.blob(4)));
                    if (!g && detail::gpkg_blob_has_geometry(s.blob(4))) {
                        detail::throw_damaged_geometry(db, "building", s.text(0), -1);
                    }
                    double d = 0;
                    if (!g || GEOSDistance_r(ctx, seg->geom.get(), g.get(), &d) != 1 ||
                        d > distance_m) {
                        return;
                    }
                    NotifyRow r;
                    r.building = s.text(0);
                    r.building_name = s.text(1);
                    r.compound = s.text(2);
                    r.cell = s.text(3);
                    r.distance_m = d;
                    out.push_back(std::move(r));
                });
    // Households are counted, never named; captains are staff and appear by name.
    Statement households(db, "SELECT COUNT(*) FROM household WHERE building = ?");
    Statement captains(db, "SELECT p.name FROM role_assignment r JOIN person p ON p.id = r.person "
                           "WHERE r.role = 'building_captain' AND r.target = ? ORDER BY p.id");
    for (NotifyRow& r : out) {
        households.reset();
        households.bind(1, r.building);
        if (households.step()) {
            r.households = households.integer(0);
        }
        captains.reset();
        captains.bind(1, r.building);
        while (captains.step()) {
            r.building_captain_name +=
                (r.building_captain_name.empty() ? "" : "; ") + captains.text(0);
        }
    }
    // Nearest first; distances equal to the centimetre by building id.
    std::sort(out.begin(), out.end(), [](const NotifyRow& a, const NotifyRow& b) {
        const double da = std::round(a.distance_m * 100);
        const double db_ = std::round(b.distance_m * 100);
        return da != db_ ? da < db_ : a.building < b.building;
    });
    return out;
}

std::string notify_to_csv(const std::vector<NotifyRow>& rows) {
    std::string o = "building,building_name,compound,cell,distance_m,households,building_captain\n";
    for (const NotifyRow& r : rows) {
        o += csv_field(r.building) + "," + csv_field(r.building_name) + "," +
             csv_field(r.compound) + "," + csv_field(r.cell) + "," + fixed(r.distance_m, 1) + "," +
             std::to_string(r.households) + "," + csv_field(r.building_captain_name) + "\n";
    }
    return o;
}

} // namespace gridmap
