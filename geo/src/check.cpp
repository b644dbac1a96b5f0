#include "gridmap/check.hpp"

#include "detail/analysis.hpp"
#include "detail/project_impl.hpp"
#include "detail/sqlite.hpp"
#include "gridmap/text.hpp"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <map>
#include <optional>
#include <set>
#include <string_view>
#include <unordered_map>
#include <unordered_set>

namespace gridmap {

namespace {

using detail::Geom;
using detail::Item;
using detail::Statement;

using Clock = std::chrono::steady_clock;
double seconds_since(Clock::time_point t) {
    return std::chrono::duration<double>(Clock::now() - t).count();
}

/// WKT with centimetre precision, for reports.
class Wkt {
public:
    explicit Wkt(GEOSContextHandle_t ctx) : m_ctx(ctx), m_writer(GEOSWKTWriter_create_r(ctx)) {
        GEOSWKTWriter_setRoundingPrecision_r(ctx, m_writer, 2);
        GEOSWKTWriter_setTrim_r(ctx, m_writer, 1);
    }
    ~Wkt() { GEOSWKTWriter_destroy_r(m_ctx, m_writer); }
    Wkt(const Wkt&) = delete;
    Wkt& operator=(const Wkt&) = delete;
    std::string operator()(const GEOSGeometry* g) const {
        char* text = GEOSWKTWriter_write_r(m_ctx, m_writer, g);
        std::string s = text != nullptr ? text : "";
        GEOSFree_r(m_ctx, text);
        return s;
    }

private:
    GEOSContextHandle_t m_ctx;
    GEOSWKTWriter* m_writer;
};

/// Appends `text` as a JSON string literal, exactly as `json_quote` writes it; valid UTF-8 that
/// needs no escape (nearly all of it) is appended whole.
void append_json(std::string& o, std::string_view text) {
    const bool plain = std::none_of(text.begin(), text.end(), [](char c) {
        return c == '"' || c == '\\' || static_cast<unsigned char>(c) < 0x20;
    });
    if (!plain || !is_valid_utf8(text)) {
        o += json_quote(text);
        return;
    }
    o += '"';
    o += text;
    o += '"';
}

RuleResult make_rule(std::string id, std::string title, std::string title_zh) {
    RuleResult r;
    r.id = std::move(id);
    r.title = std::move(title);
    r.title_zh = std::move(title_zh);
    return r;
}

void finish(RuleResult& r) {
    // Rows usually come in id order already: then there is nothing to sort (and, with no two
    // ids equal, the order is the one a sort would give).
    const bool strictly_sorted = std::adjacent_find(r.uncovered.begin(), r.uncovered.end(),
                                                    [](const Uncovered& a, const Uncovered& b) {
                                                        return !(a.id < b.id);
                                                    }) == r.uncovered.end();
    if (!strictly_sorted) {
        std::sort(r.uncovered.begin(), r.uncovered.end(),
                  [](const Uncovered& a, const Uncovered& b) { return a.id < b.id; });
    }
    r.covered = r.total - static_cast<std::int64_t>(r.uncovered.size());
}

struct TilingResult {
    std::vector<Gap> gaps;
    std::vector<CellOverlap> overlaps;
};

TilingResult check_tiling(GEOSContextHandle_t ctx, const detail::Snapshot& s, double tolerance,
                          const Wkt& wkt, std::size_t& topology_errors) {
    TilingResult out;
    // Gaps: each community minus the union of its cells.
    std::map<std::string, std::vector<const GEOSGeometry*>> cells_of;
    for (const Item& c : s.cells) {
        cells_of[c.a].push_back(c.geom.get());
    }
    for (const Item& community : s.communities) {
        const auto& mine = cells_of[community.key];
        std::vector<GEOSGeometry*> clones;
        for (const GEOSGeometry* g : mine) {
            clones.push_back(GEOSGeom_clone_r(ctx, g));
        }
        Geom all(ctx, GEOSGeom_createCollection_r(ctx, GEOS_GEOMETRYCOLLECTION, clones.data(),
                                                  static_cast<unsigned>(clones.size())));
        Geom cover(ctx, GEOSUnaryUnion_r(ctx, all.get()));
        Geom gap =
            cover ? Geom(ctx, GEOSDifference_r(ctx, community.geom.get(), cover.get())) : Geom();
        if (!gap && cover) {
            // Robustness fallback: the same difference snapped to a millimetre grid.
            gap = Geom(ctx, GEOSDifferencePrec_r(ctx, community.geom.get(), cover.get(), 0.001));
        }
        if (!gap) {
            ++topology_errors;
            continue;
        }
        gap = detail::polygonal(ctx, std::move(gap));
        for (int i = 0; i < GEOSGetNumGeometries_r(ctx, gap.get()); ++i) {
            const GEOSGeometry* part = GEOSGetGeometryN_r(ctx, gap.get(), i);
            const double a = detail::area(ctx, part);
            if (a > tolerance) {
                out.gaps.push_back({community.key, a, wkt(part)});
            }
        }
    }
    // Overlaps: pairwise intersections of cells whose interiors meet.
    const auto cells = detail::geometries(s.cells);
    std::vector<std::size_t> ids;
    detail::TreePtr tree = detail::make_tree(ctx, cells, ids);
    for (std::size_t i = 0; i < cells.size(); ++i) {
        detail::PreparedPtr prepared(GEOSPrepare_r(ctx, cells[i]), detail::PreparedDeleter{ctx});
        for (std::size_t j : detail::query(ctx, tree.get(), cells[i])) {
            if (j <= i || GEOSPreparedIntersects_r(ctx, prepared.get(), cells[j]) != 1 ||
                GEOSPreparedTouches_r(ctx, prepared.get(), cells[j]) == 1) {
                continue;
            }
            Geom inter =
                detail::polygonal(ctx, Geom(ctx, GEOSIntersection_r(ctx, cells[i], cells[j])));
            if (!inter) {
                ++topology_errors;
                continue;
            }
            const double a = detail::area(ctx, inter.get());
            if (a > tolerance) {
                out.overlaps.push_back({s.cells[i].key, s.cells[j].key, a, wkt(inter.get())});
            }
        }
    }
    std::sort(out.gaps.begin(), out.gaps.end(), [](const Gap& a, const Gap& b) {
        return a.community != b.community ? a.community < b.community
               : a.area_m2 != b.area_m2   ? a.area_m2 > b.area_m2
                                          : a.wkt < b.wkt;
    });
    return out;
}

/// The area of `g` outside `container` (0 when inside).
double area_outside(GEOSContextHandle_t ctx, const GEOSGeometry* g, const GEOSGeometry* container,
                    Geom* outside_part, std::size_t& topology_errors) {
    detail::PreparedPtr prepared(GEOSPrepare_r(ctx, container), detail::PreparedDeleter{ctx});
    if (GEOSPreparedCovers_r(ctx, prepared.get(), g) == 1) {
        return 0;
    }
    Geom diff = detail::polygonal(ctx, Geom(ctx, GEOSDifference_r(ctx, g, container)));
    if (!diff) {
        ++topology_errors;
        return 0;
    }
    const double a = detail::area(ctx, diff.get());
    if (outside_part != nullptr) {
        *outside_part = std::move(diff);
    }
    return a;
}

/// What the relational rules need, each table read once in one scan of the few columns used.
struct RelationalFacts {
    struct Row {
        std::string id;
        std::string name;
        std::string detail;
    };
    std::vector<Row> buildings; ///< id, name; detail = kind
    /// Index into buildings by id (views of buildings[i].id: the rows never move); built at the
    /// first look-up whose hint misses.
    mutable std::unordered_map<std::string_view, std::size_t> building_at;
    std::vector<std::int64_t> households_of; ///< per building
    std::vector<bool> residential;           ///< per building
    std::vector<bool> has_party_group;       ///< per building
    std::int64_t households = 0;
    std::vector<Uncovered> unpaired_households; ///< by id only: no names or phone numbers
    std::unordered_map<std::string, std::unordered_set<std::string>> targets_by_role;

    /// The index of the building `id`, if it is one. Rows are usually looked up in the order
    /// they were read: the few rows from `hint` on are tried before the hash map.
    std::optional<std::size_t> building(std::string_view id, std::size_t hint) const {
        for (std::size_t i = hint; i < buildings.size() && i < hint + 4; ++i) {
            if (buildings[i].id == id) {
                return i;
            }
        }
        if (building_at.empty()) {
            building_at.reserve(buildings.size());
            for (std::size_t i = 0; i < buildings.size(); ++i) {
                building_at.emplace(buildings[i].id, i);
            }
        }
        auto it = building_at.find(id);
        return it == building_at.end() ? std::nullopt : std::optional<std::size_t>(it->second);
    }
};

/// Rows of a (id, name, detail) query.
std::vector<RelationalFacts::Row> read_rows(sqlite3* db, const std::string& sql) {
    std::vector<RelationalFacts::Row> rows;
    Statement st(db, sql);
    while (st.step()) {
        rows.push_back({st.text(0), st.text(1), st.text(2)});
    }
    return rows;
}

/// The text of a column without a copy ("" for NULL); valid until the next step.
std::string_view column_text(const Statement& st, int column) {
    return st.text_view(column);
}

/// Reads the facts. Every key column is NOT NULL in the schema, so `x NOT IN (SELECT ...)` of
/// the SQL rules is "not in the set" here.
RelationalFacts read_relational_facts(sqlite3* db) {
    RelationalFacts f;
    f.buildings = read_rows(db, "SELECT id, name, kind FROM building");
    const std::size_t n = f.buildings.size();
    f.households_of.assign(n, 0);
    f.has_party_group.assign(n, false);
    std::unordered_set<std::string> paired;
    {
        Statement st(db, "SELECT household FROM household_pairing");
        while (st.step()) {
            paired.insert(st.text(0));
        }
    }
    // One scan of the households: counts per building and the unpaired ones, not kept in memory.
    if (detail::table_exists(db, "gpkg_ogr_contents")) {
        // GDAL's feature count, when kept, as a hint: growing the list by doubling would move
        // millions of items and hold two copies at once.
        Statement st(db, "SELECT feature_count FROM gpkg_ogr_contents WHERE table_name = "
                         "'household' AND feature_count > 0");
        if (st.step()) {
            const auto households = static_cast<std::size_t>(st.integer(0));
            if (households > paired.size() && households < (std::size_t{1} << 26)) {
                f.unpaired_households.reserve(households - paired.size());
            }
        }
    }
    {
        Statement rows(db, "SELECT id, building FROM household");
        std::string id;
        std::string last_building;
        std::optional<std::size_t> last;
        bool have_last = false;
        while (rows.step()) {
            ++f.households;
            id.assign(column_text(rows, 0));
            const std::string_view building = column_text(rows, 1);
            if (!have_last || building != last_building) {
                // Households usually come building by building: one look-up per building.
                last_building.assign(building);
                last = f.building(building, last ? *last + 1 : 0);
                have_last = true;
            }
            if (last) {
                ++f.households_of[*last];
            }
            if (!paired.contains(id)) {
                std::string detail = "not paired (building ";
                detail.append(building).append(")");
                f.unpaired_households.push_back({id,
                                                 {},
                                                 std::move(detail),
                                                 {},
                                                 "未包保（楼栋 " + std::string(building) + "）"});
            }
        }
    }
    // Residential: as detail::residential_building_sql.
    f.residential.reserve(n);
    for (std::size_t i = 0; i < n; ++i) {
        const std::string& kind = f.buildings[i].detail;
        f.residential.push_back(kind.empty() || kind == "residential" || kind == "住宅" ||
                                f.households_of[i] > 0);
    }
    {
        Statement st(db, "SELECT building FROM party_group_building");
        std::size_t hint = 0;
        while (st.step()) {
            if (auto i = f.building(column_text(st, 0), hint)) {
                f.has_party_group[*i] = true;
                hint = *i + 1;
            }
        }
    }
    {
        Statement st(db, "SELECT role, target FROM role_assignment");
        while (st.step()) {
            f.targets_by_role[st.text(0)].insert(st.text(1));
        }
    }
    return f;
}

std::string percent(double share) {
    return fixed(share * 100.0, 1) + "%";
}

} // namespace

bool CheckResult::all_hold() const {
    return gaps.empty() && overlaps.empty() &&
           std::all_of(rules.begin(), rules.end(), [](const RuleResult& r) { return r.holds(); });
}

const RuleResult* CheckResult::rule(const std::string& id) const {
    for (const auto& r : rules) {
        if (r.id == id) {
            return &r;
        }
    }
    return nullptr;
}

CheckResult check_project(const Project& project, const CheckOptions& options) {
    const detail::ProjectImpl& p = project.impl();
    CheckResult result;
    result.epsg = p.epsg;
    result.tolerance_m2 =
        options.tolerance_m2.value_or(detail::setting_number(p, "tolerance_m2", 1.0));
    result.cut_share = options.cut_share.value_or(detail::setting_number(p, "cut_share", 0.05));
    result.households_min = options.households_min.value_or(
        static_cast<int>(detail::setting_number(p, "households_min", 300)));
    result.households_max = options.households_max.value_or(
        static_cast<int>(detail::setting_number(p, "households_max", 500)));
    result.service_reach_m =
        options.service_reach_m.value_or(detail::setting_number(p, "service_reach_m", 500.0));
    const unsigned threads = options.threads == 0 ? detail::analysis_threads() : options.threads;

    detail::GeosContext ctx;
    const Wkt wkt(ctx);
    sqlite3* db = detail::sqlite_handle(p);
    const bool spatial_tables = detail::table_exists(db, "building");

    auto t = Clock::now();
    const detail::Snapshot s = detail::load_snapshot(p, ctx);
    result.timings.read_s = seconds_since(t);

    t = Clock::now();
    const detail::Assignment a = detail::compute_assignment(ctx, s, threads);
    result.topology_errors = a.topology_errors;
    result.timings.assign_s = seconds_since(t);

    t = Clock::now();
    TilingResult tiling = check_tiling(ctx, s, result.tolerance_m2, wkt, result.topology_errors);
    result.gaps = std::move(tiling.gaps);
    result.overlaps = std::move(tiling.overlaps);
    result.timings.tiling_s = seconds_since(t);

    t = Clock::now();
    std::unordered_map<std::string, std::size_t> community_index;
    for (std::size_t i = 0; i < s.communities.size(); ++i) {
        community_index[s.communities[i].key] = i;
    }
    std::unordered_map<std::string, std::size_t> cell_index;
    for (std::size_t i = 0; i < s.cells.size(); ++i) {
        cell_index[s.cells[i].key] = i;
    }
    auto community_name = [&](const std::string& code) {
        auto it = community_index.find(code);
        return it == community_index.end() ? std::string() : s.communities[it->second].name;
    };

    {
        RuleResult r = make_rule("cells_tile_community", "Cells tile their community",
                                 "网格无缝隙无重叠地覆盖社区");
        r.total = static_cast<std::int64_t>(s.communities.size());
        std::map<std::string, std::pair<double, int>> gap_of;
        std::map<std::string, std::pair<double, int>> overlap_of;
        for (const Gap& g : result.gaps) {
            gap_of[g.community].first += g.area_m2;
            ++gap_of[g.community].second;
        }
        for (const CellOverlap& o : result.overlaps) {
            const std::string& c = s.cells[cell_index[o.cell_a]].a;
            overlap_of[c].first += o.area_m2;
            ++overlap_of[c].second;
        }
        for (const Item& c : s.communities) {
            std::string detail;
            std::string detail_zh;
            if (auto g = gap_of.find(c.key); g != gap_of.end()) {
                detail += std::to_string(g->second.second) + " gaps, " + fixed(g->second.first, 1) +
                          " m2";
                detail_zh += "缝隙 " + std::to_string(g->second.second) + " 处，共 " +
                             fixed(g->second.first, 1) + " m²";
            }
            if (auto o = overlap_of.find(c.key); o != overlap_of.end()) {
                detail += (detail.empty() ? "" : "; ") + std::to_string(o->second.second) +
                          " overlaps, " + fixed(o->second.first, 1) + " m2";
                detail_zh += (detail_zh.empty() ? "" : "；") + std::string("重叠 ") +
                             std::to_string(o->second.second) + " 处，共 " +
                             fixed(o->second.first, 1) + " m²";
            }
            if (!detail.empty()) {
                r.uncovered.push_back({c.key, c.name, detail, {}, detail_zh});
            }
        }
        finish(r);
        result.rules.push_back(std::move(r));
    }
    // Polygons (cells, compounds) must lie in their community, up to the tolerance.
    auto inside_community_rule = [&](std::string id, std::string title, std::string title_zh,
                                     const std::vector<Item>& items) {
        RuleResult r = make_rule(std::move(id), std::move(title), std::move(title_zh));
        r.total = static_cast<std::int64_t>(items.size());
        for (const Item& c : items) {
            auto it = community_index.find(c.a);
            if (it == community_index.end()) {
                r.uncovered.push_back(
                    {c.key, c.name, "in no community", wkt(c.geom.get()), "不在任何社区内"});
                continue;
            }
            Geom outside;
            const double out = area_outside(ctx, c.geom.get(), s.communities[it->second].geom.get(),
                                            &outside, result.topology_errors);
            if (out > result.tolerance_m2) {
                r.uncovered.push_back(
                    {c.key, c.name,
                     fixed(out, 1) + " m2 outside " + c.a + " " + community_name(c.a),
                     wkt(outside.get()),
                     "超出社区 " + c.a + " " + community_name(c.a) + " " + fixed(out, 1) + " m²"});
            }
        }
        finish(r);
        result.rules.push_back(std::move(r));
    };
    inside_community_rule("cells_inside_community", "Cells lie inside their community",
                          "网格在所属社区范围内", s.cells);
    {
        RuleResult in_cell =
            make_rule("building_in_cell", "Buildings lie in a cell", "楼栋落在网格内");
        RuleResult not_cut = make_rule(
            "building_not_cut", "Buildings are not cut by a cell boundary", "楼栋未被网格边界切分");
        in_cell.total = static_cast<std::int64_t>(s.buildings.size());
        for (std::size_t i = 0; i < s.buildings.size(); ++i) {
            const Item& b = s.buildings[i];
            const detail::Overlap& o = a.building_cell[i];
            if (!o.parent) {
                in_cell.uncovered.push_back(
                    {b.key, b.name, "in no cell", wkt(b.geom.get()), "不在任何网格内"});
                continue;
            }
            ++not_cut.total;
            const double share = o.child_area > 0 ? o.area / o.child_area : 1.0;
            if (1.0 - share > result.cut_share) {
                not_cut.uncovered.push_back({b.key, b.name,
                                             percent(share) + " in " + s.cells[*o.parent].key +
                                                 ", " + percent(1.0 - share) + " outside it",
                                             wkt(b.geom.get()),
                                             "在网格 " + s.cells[*o.parent].key + " 内 " +
                                                 percent(share) + "，网格外 " +
                                                 percent(1.0 - share)});
            }
        }
        finish(in_cell);
        finish(not_cut);
        result.rules.push_back(std::move(in_cell));
        result.rules.push_back(std::move(not_cut));
    }
    inside_community_rule("compound_inside_community", "Compounds lie inside their community",
                          "小区在社区范围内", s.compounds);
    auto point_rule = [&](std::string id, std::string title, std::string title_zh,
                          const std::vector<Item>& items,
                          const std::vector<std::optional<std::size_t>>& cells) {
        RuleResult r = make_rule(std::move(id), std::move(title), std::move(title_zh));
        r.total = static_cast<std::int64_t>(items.size());
        for (std::size_t i = 0; i < items.size(); ++i) {
            if (!cells[i]) {
                r.uncovered.push_back({items[i].key, items[i].name, "in no cell",
                                       wkt(items[i].geom.get()), "不在任何网格内"});
            }
        }
        finish(r);
        result.rules.push_back(std::move(r));
    };
    point_rule("issue_in_cell", "Issues lie in a cell", "问题点落在网格内", s.issues, a.issue_cell);
    point_rule("service_point_in_cell", "Service points lie in a cell", "服务点落在网格内",
               s.service_points, a.service_point_cell);
    {
        RuleResult r = make_rule("repair_inside_community",
                                 "Repair segments lie inside the community", "维修段在社区范围内");
        r.total = static_cast<std::int64_t>(s.repair_segments.size());
        for (std::size_t i = 0; i < s.repair_segments.size(); ++i) {
            if (a.segment_outside_m[i] > 1.0) {
                const Item& seg = s.repair_segments[i];
                r.uncovered.push_back({seg.key, seg.name,
                                       fixed(a.segment_outside_m[i], 1) + " m of " +
                                           fixed(a.segment_length_m[i], 1) + " m outside",
                                       wkt(seg.geom.get()),
                                       "全长 " + fixed(a.segment_length_m[i], 1) + " m，社区外 " +
                                           fixed(a.segment_outside_m[i], 1) + " m"});
            }
        }
        finish(r);
        result.rules.push_back(std::move(r));
    }
    {
        RuleResult r = make_rule("active_repairs_do_not_overlap",
                                 "Active repair segments do not overlap", "在施维修段互不重叠");
        std::vector<std::size_t> active;
        for (std::size_t i = 0; i < s.repair_segments.size(); ++i) {
            if (s.repair_segments[i].b == "active") {
                active.push_back(i);
            }
        }
        r.total = static_cast<std::int64_t>(active.size());
        std::map<std::string, std::string> overlaps_of;
        std::map<std::string, std::string> overlaps_zh_of;
        for (std::size_t x = 0; x < active.size(); ++x) {
            for (std::size_t y = x + 1; y < active.size(); ++y) {
                const Item& sa = s.repair_segments[active[x]];
                const Item& sb = s.repair_segments[active[y]];
                Geom inter(ctx, GEOSIntersection_r(ctx, sa.geom.get(), sb.geom.get()));
                double length = 0;
                if (!inter) {
                    ++result.topology_errors;
                    continue;
                }
                GEOSLength_r(ctx, inter.get(), &length);
                if (length > 1.0) {
                    const std::string text = fixed(length, 1) + " m";
                    overlaps_of[sa.key] +=
                        (overlaps_of[sa.key].empty() ? "overlaps " : ", ") + sb.key + " by " + text;
                    overlaps_of[sb.key] +=
                        (overlaps_of[sb.key].empty() ? "overlaps " : ", ") + sa.key + " by " + text;
                    overlaps_zh_of[sa.key] += (overlaps_zh_of[sa.key].empty() ? "与 " : "，与 ") +
                                              sb.key + " 重叠 " + text;
                    overlaps_zh_of[sb.key] += (overlaps_zh_of[sb.key].empty() ? "与 " : "，与 ") +
                                              sa.key + " 重叠 " + text;
                }
            }
        }
        for (std::size_t i : active) {
            const Item& seg = s.repair_segments[i];
            if (auto it = overlaps_of.find(seg.key); it != overlaps_of.end()) {
                r.uncovered.push_back(
                    {seg.key, seg.name, it->second, wkt(seg.geom.get()), overlaps_zh_of[seg.key]});
            }
        }
        finish(r);
        result.rules.push_back(std::move(r));
    }
    const auto relational_start = Clock::now();
    RelationalFacts facts = spatial_tables ? read_relational_facts(db) : RelationalFacts{};
    // The facts row of each snapshot building (the snapshot is by id, the facts by fid).
    std::vector<std::optional<std::size_t>> fact_of;
    fact_of.reserve(s.buildings.size());
    for (const Item& b : s.buildings) {
        const std::size_t hint = fact_of.empty() || !fact_of.back() ? 0 : *fact_of.back() + 1;
        fact_of.push_back(facts.building(b.key, hint));
    }
    const double relational_read_s = seconds_since(relational_start);
    {
        RuleResult r = make_rule("building_service_reach",
                                 "Residential buildings are within reach of a service point",
                                 "住宅楼栋在服务点服务半径内");
        const auto points = detail::geometries(s.service_points);
        const double reach = result.service_reach_m;
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
            GEOSGeomGetX_r(ctx, points[k], &px[k]);
            GEOSGeomGetY_r(ctx, points[k], &py[k]);
            if (fast) {
                buckets[bucket_key(bucket_of(px[k]), bucket_of(py[k]))].push_back(k);
            }
        }
        const double reach2 = reach * reach;
        std::vector<std::size_t> ids;
        detail::TreePtr tree = fast ? nullptr : detail::make_tree(ctx, points, ids);
        for (std::size_t bi = 0; bi < s.buildings.size(); ++bi) {
            const Item& b = s.buildings[bi];
            if (!fact_of[bi] || !facts.residential[*fact_of[bi]]) {
                continue;
            }
            ++r.total;
            bool reached = false;
            if (!points.empty()) {
                double x0 = 0, y0 = 0, x1 = 0, y1 = 0;
                GEOSGeom_getXMin_r(ctx, b.geom.get(), &x0);
                GEOSGeom_getYMin_r(ctx, b.geom.get(), &y0);
                GEOSGeom_getXMax_r(ctx, b.geom.get(), &x1);
                GEOSGeom_getYMax_r(ctx, b.geom.get(), &y1);
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
                        return GEOSDistanceWithin_r(ctx, b.geom.get(), points[k], reach) == 1;
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
                    Geom box(ctx, GEOSGeom_createRectangle_r(ctx, x0 - reach, y0 - reach,
                                                             x1 + reach, y1 + reach));
                    for (std::size_t k : detail::query(ctx, tree.get(), box.get())) {
                        if (GEOSDistanceWithin_r(ctx, b.geom.get(), points[k], reach) == 1) {
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
                        GEOSDistance_r(ctx, b.geom.get(), pt, &d);
                        nearest = nearest < 0 ? d : std::min(nearest, d);
                    }
                    detail = "nearest service point " + fixed(nearest, 0) + " m";
                    detail_zh = "最近服务点 " + fixed(nearest, 0) + " m";
                }
                r.uncovered.push_back({b.key, b.name, detail, wkt(b.geom.get()), detail_zh});
            }
        }
        finish(r);
        result.rules.push_back(std::move(r));
    }
    result.timings.spatial_rules_s = seconds_since(t) - relational_read_s;

    // Relational rules, in one pass over the facts read above.
    t = Clock::now();
    if (spatial_tables) {
        static const std::unordered_set<std::string> nobody;
        auto targets = [&](const std::string& role) -> const std::unordered_set<std::string>& {
            auto it = facts.targets_by_role.find(role);
            return it == facts.targets_by_role.end() ? nobody : it->second;
        };
        auto building_rule = [&](std::string id, std::string title, std::string title_zh,
                                 const auto& covered, const std::string& detail,
                                 const std::string& detail_zh) {
            RuleResult r = make_rule(std::move(id), std::move(title), std::move(title_zh));
            for (std::size_t i = 0; i < facts.buildings.size(); ++i) {
                if (!facts.residential[i]) {
                    continue;
                }
                ++r.total;
                if (!covered(i)) {
                    const auto& b = facts.buildings[i];
                    r.uncovered.push_back({b.id, b.name, detail, {}, detail_zh});
                }
            }
            finish(r);
            return r;
        };
        result.rules.push_back(building_rule(
            "building_party_group", "Residential buildings have a party group", "楼栋有党小组",
            [&](std::size_t i) { return static_cast<bool>(facts.has_party_group[i]); },
            "no party group", "无党小组"));
        const auto& captains = targets("building_captain");
        result.rules.push_back(building_rule(
            "building_captain", "Residential buildings have a building captain", "楼栋有楼栋长",
            [&](std::size_t i) { return captains.contains(facts.buildings[i].id); },
            "no building captain", "无楼栋长"));
        // Every unit, compound and cell has someone in its role.
        struct RoleRule {
            const char *id, *title, *title_zh, *sql, *role, *detail, *detail_zh;
        };
        for (const RoleRule& rr : {
                 RoleRule{"unit_captain", "Units have a unit captain", "单元有单元长",
                          "SELECT id, name, building FROM unit", "unit_captain",
                          "no unit captain (building ", "无单元长（楼栋 "},
                 RoleRule{"compound_captain", "Compounds have a compound captain", "小区有小区长",
                          "SELECT id, name, NULL FROM compound", "compound_captain",
                          "no compound captain", "无小区长"},
                 RoleRule{"cell_grid_worker", "Cells have a grid worker", "网格有网格员",
                          "SELECT code, name, NULL FROM cell", "grid_worker", "no grid worker",
                          "无网格员"},
             }) {
            RuleResult r = make_rule(rr.id, rr.title, rr.title_zh);
            const auto& covered = targets(rr.role);
            const bool by_building = std::string_view(rr.role) == "unit_captain";
            for (const auto& row : read_rows(db, rr.sql)) {
                ++r.total;
                if (!covered.contains(row.id)) {
                    r.uncovered.push_back(
                        {row.id,
                         row.name,
                         by_building ? rr.detail + row.detail + ")" : std::string(rr.detail),
                         {},
                         by_building ? rr.detail_zh + row.detail + "）"
                                     : std::string(rr.detail_zh)});
                }
            }
            finish(r);
            result.rules.push_back(std::move(r));
        }
        // Households by id only: no names or phone numbers in any result.
        {
            RuleResult r = make_rule("household_pairing",
                                     "Households are paired with a party member", "住户有党员包保");
            r.total = facts.households;
            r.uncovered = std::move(facts.unpaired_households);
            finish(r);
            result.rules.push_back(std::move(r));
        }
        RuleResult r =
            make_rule("cell_households_in_range", "Cells hold households within the target range",
                      "网格户数在目标范围内");
        // Households per cell: of the buildings assigned to it (detail::households_per_cell).
        std::vector<std::int64_t> per_cell(s.cells.size(), 0);
        for (std::size_t i = 0; i < s.buildings.size(); ++i) {
            if (const auto& cell = a.building_cell[i].parent) {
                if (const auto& k = fact_of[i]) {
                    per_cell[*cell] += facts.households_of[*k];
                }
            }
        }
        r.total = static_cast<std::int64_t>(s.cells.size());
        for (std::size_t i = 0; i < s.cells.size(); ++i) {
            if (per_cell[i] < result.households_min || per_cell[i] > result.households_max) {
                r.uncovered.push_back({s.cells[i].key,
                                       s.cells[i].name,
                                       std::to_string(per_cell[i]) + " households (target " +
                                           std::to_string(result.households_min) + "-" +
                                           std::to_string(result.households_max) + ")",
                                       {},
                                       std::to_string(per_cell[i]) + " 户（目标 " +
                                           std::to_string(result.households_min) + "–" +
                                           std::to_string(result.households_max) + " 户）"});
            }
        }
        finish(r);
        result.rules.push_back(std::move(r));
    }
    result.timings.relational_rules_s = seconds_since(t) + relational_read_s;
    return result;
}

std::string check_to_json(const CheckResult& r) {
    // One string, reserved once, with every piece appended in place: at 1M buildings the
    // output is some 300 MB of mostly plain ids and details.
    std::size_t size = 4096;
    for (const RuleResult& rule : r.rules) {
        size += 256 + rule.id.size() + rule.title.size() + rule.title_zh.size();
        for (const Uncovered& u : rule.uncovered) {
            size += 64 + u.id.size() + u.name.size() + u.detail.size() + u.wkt.size();
        }
    }
    for (const Gap& g : r.gaps) {
        size += 64 + g.community.size() + g.wkt.size();
    }
    for (const CellOverlap& ov : r.overlaps) {
        size += 64 + ov.cell_a.size() + ov.cell_b.size() + ov.wkt.size();
    }
    std::string o;
    o.reserve(size);
    o += "{\n  \"epsg\": ";
    o += std::to_string(r.epsg);
    o += ",\n  \"settings\": {\"tolerance_m2\": ";
    o += json_number(r.tolerance_m2, 3);
    o += ", \"cut_share\": ";
    o += json_number(r.cut_share, 3);
    o += ", \"households_min\": ";
    o += std::to_string(r.households_min);
    o += ", \"households_max\": ";
    o += std::to_string(r.households_max);
    o += ", \"service_reach_m\": ";
    o += json_number(r.service_reach_m, 1);
    o += "},\n  \"all_hold\": ";
    o += r.all_hold() ? "true" : "false";
    o += ",\n  \"rules\": [";
    for (std::size_t i = 0; i < r.rules.size(); ++i) {
        const RuleResult& rule = r.rules[i];
        o += i > 0 ? ",\n    {\"id\": " : "\n    {\"id\": ";
        append_json(o, rule.id);
        o += ", \"title\": ";
        append_json(o, rule.title);
        o += ", \"title_zh\": ";
        append_json(o, rule.title_zh);
        o += ", \"total\": ";
        o += std::to_string(rule.total);
        o += ", \"covered\": ";
        o += std::to_string(rule.covered);
        o += ", \"share\": ";
        o += json_number(rule.share(), 4);
        o += ", \"uncovered\": [";
        for (std::size_t k = 0; k < rule.uncovered.size(); ++k) {
            const Uncovered& u = rule.uncovered[k];
            o += k > 0 ? ",\n      {\"id\": " : "\n      {\"id\": ";
            append_json(o, u.id);
            if (!u.name.empty()) {
                o += ", \"name\": ";
                append_json(o, u.name);
            }
            if (!u.detail.empty()) {
                o += ", \"detail\": ";
                append_json(o, u.detail);
            }
            if (!u.wkt.empty()) {
                o += ", \"wkt\": ";
                append_json(o, u.wkt);
            }
            o += '}';
        }
        o += rule.uncovered.empty() ? "]}" : "\n    ]}";
    }
    o += "\n  ],\n  \"gaps\": [";
    for (std::size_t i = 0; i < r.gaps.size(); ++i) {
        const Gap& g = r.gaps[i];
        o += i > 0 ? ",\n    {\"community\": " : "\n    {\"community\": ";
        append_json(o, g.community);
        o += ", \"area_m2\": ";
        o += json_number(g.area_m2, 2);
        o += ", \"wkt\": ";
        append_json(o, g.wkt);
        o += '}';
    }
    o += r.gaps.empty() ? "],\n" : "\n  ],\n";
    o += "  \"overlaps\": [";
    for (std::size_t i = 0; i < r.overlaps.size(); ++i) {
        const CellOverlap& ov = r.overlaps[i];
        o += i > 0 ? ",\n    {\"cells\": [" : "\n    {\"cells\": [";
        append_json(o, ov.cell_a);
        o += ", ";
        append_json(o, ov.cell_b);
        o += "], \"area_m2\": ";
        o += json_number(ov.area_m2, 2);
        o += ", \"wkt\": ";
        append_json(o, ov.wkt);
        o += '}';
    }
    o += r.overlaps.empty() ? "],\n" : "\n  ],\n";
    o += "  \"topology_errors\": ";
    o += std::to_string(r.topology_errors);
    o += "\n}\n";
    return o;
}

std::string check_to_text(const CheckResult& r, std::size_t max_items) {
    std::size_t holding = 0;
    for (const auto& rule : r.rules) {
        holding += rule.holds() ? 1 : 0;
    }
    std::string o = std::to_string(holding) + " of " + std::to_string(r.rules.size()) +
                    " rules hold; " + std::to_string(r.gaps.size()) + " gaps and " +
                    std::to_string(r.overlaps.size()) + " overlaps above " +
                    fixed(r.tolerance_m2, 1) + " m2\n\n";
    for (const auto& rule : r.rules) {
        char line[256];
        std::snprintf(line, sizeof line, "%s %-30s %7lld/%-7lld %6s  ", rule.holds() ? "ok" : "NO",
                      rule.id.c_str(), static_cast<long long>(rule.covered),
                      static_cast<long long>(rule.total), percent(rule.share()).c_str());
        o += line + rule.title_zh + " / " + rule.title + "\n";
        for (std::size_t i = 0; i < rule.uncovered.size() && i < max_items; ++i) {
            const Uncovered& u = rule.uncovered[i];
            o += "     " + u.id + (u.name.empty() ? "" : " " + u.name) + ": " + u.detail + "\n";
        }
        if (rule.uncovered.size() > max_items) {
            o += "     ... and " + std::to_string(rule.uncovered.size() - max_items) + " more\n";
        }
    }
    for (const Gap& g : r.gaps) {
        o += "gap in " + g.community + ": " + fixed(g.area_m2, 1) + " m2\n";
    }
    for (const CellOverlap& ov : r.overlaps) {
        o += "overlap " + ov.cell_a + " / " + ov.cell_b + ": " + fixed(ov.area_m2, 1) + " m2\n";
    }
    if (r.topology_errors > 0) {
        o += std::to_string(r.topology_errors) +
             " GEOS topology errors (pairs skipped; check the input geometries)\n";
    }
    return o;
}

} // namespace gridmap
