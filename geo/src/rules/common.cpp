// What the rule units share: the WKT writer, the relational facts, the helper rules and the
// registry.

#include "detail/project_impl.hpp"
#include "detail/sqlite.hpp"
#include "gridmap/text.hpp"
#include "rules/residential.hpp"
#include "rules/rule.hpp"

#include <unordered_set>

namespace gridmap::rules {

using detail::Statement;

Wkt::Wkt(GEOSContextHandle_t ctx) : m_ctx(ctx), m_writer(GEOSWKTWriter_create_r(ctx)) {
    GEOSWKTWriter_setRoundingPrecision_r(ctx, m_writer, 2);
    GEOSWKTWriter_setTrim_r(ctx, m_writer, 1);
}

Wkt::~Wkt() {
    GEOSWKTWriter_destroy_r(m_ctx, m_writer);
}

std::string Wkt::operator()(const GEOSGeometry* g) const {
    char* text = GEOSWKTWriter_write_r(m_ctx, m_writer, g);
    std::string s = text != nullptr ? text : "";
    GEOSFree_r(m_ctx, text);
    return s;
}

std::optional<std::size_t> RelationalFacts::building(std::string_view id, std::size_t hint) const {
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

const std::unordered_set<std::string>& RelationalFacts::targets(const std::string& role) const {
    static const std::unordered_set<std::string> nobody;
    auto it = targets_by_role.find(role);
    return it == targets_by_role.end() ? nobody : it->second;
}

std::vector<Row> read_rows(sqlite3* db, const std::string& sql) {
    std::vector<Row> rows;
    Statement st(db, sql);
    st.set_bulk();
    while (st.step()) {
        rows.push_back({st.text(0), st.text(1), st.text(2)});
    }
    return rows;
}

namespace {

/// The text of a column without a copy ("" for NULL); valid until the next step.
std::string_view column_text(const Statement& st, int column) {
    return st.text_view(column);
}

} // namespace

RelationalFacts read_relational_facts(sqlite3* db,
                                      const std::vector<detail::Item>* snapshot_buildings) {
    RelationalFacts f;
    if (snapshot_buildings != nullptr) {
        f.buildings.reserve(snapshot_buildings->size());
        for (const detail::Item& b : *snapshot_buildings) {
            f.buildings.push_back({b.key, b.name, b.b});
        }
    } else {
        f.own_rows = read_rows(db, "SELECT id, name, kind FROM building");
        f.buildings.reserve(f.own_rows.size());
        for (const Row& b : f.own_rows) {
            f.buildings.push_back({b.id, b.name, b.detail});
        }
    }
    const std::size_t n = f.buildings.size();
    f.households_of.assign(n, 0);
    f.has_party_group.assign(n, false);
    std::unordered_set<std::string> paired;
    {
        Statement st(db, "SELECT household FROM household_pairing");
        st.set_bulk();
        while (st.step()) {
            paired.insert(st.text(0));
        }
    }
    // One scan of the households: counts per building and the unpaired ones, not kept in memory.
    {
        // Reserved from the highest fid: growing the list by doubling would move millions of
        // items and touch twice the memory.
        const std::size_t households = detail::rows_to_reserve(db, "household");
        if (households > paired.size()) {
            f.unpaired_households.reserve(households - paired.size());
        }
    }
    {
        Statement rows(db, "SELECT id, building FROM household");
        rows.set_bulk();
        std::string last_building;
        std::optional<std::size_t> last;
        bool have_last = false;
        std::int64_t building_ref = -1;
        while (rows.step()) {
            ++f.households;
            const std::string_view id = column_text(rows, 0);
            const std::string_view building = column_text(rows, 1);
            if (!have_last || building != last_building) {
                // Households usually come building by building: one look-up per building.
                last_building.assign(building);
                last = f.building(building, last ? *last + 1 : 0);
                have_last = true;
                if (last) {
                    building_ref = static_cast<std::int64_t>(*last);
                } else {
                    f.unknown_buildings.emplace_back(building);
                    building_ref = -static_cast<std::int64_t>(f.unknown_buildings.size());
                }
            }
            if (last) {
                ++f.households_of[*last];
            }
            if (paired.empty() || !paired.contains(std::string(id))) {
                f.unpaired_households.push_back({std::string(id), building_ref});
            }
        }
    }
    f.residential.reserve(n);
    for (std::size_t i = 0; i < n; ++i) {
        f.residential.push_back(is_residential(f.buildings[i].kind, f.households_of[i]));
    }
    read_party_groups(db, f);
    read_roles(db, f);
    return f;
}

void read_party_groups(sqlite3* db, RelationalFacts& f) {
    f.has_party_group.assign(f.buildings.size(), false);
    Statement st(db, "SELECT building FROM party_group_building");
    st.set_bulk();
    std::size_t hint = 0;
    while (st.step()) {
        if (auto i = f.building(column_text(st, 0), hint)) {
            f.has_party_group[*i] = true;
            hint = *i + 1;
        }
    }
}

void read_roles(sqlite3* db, RelationalFacts& f) {
    f.targets_by_role.clear();
    Statement st(db, "SELECT role, target FROM role_assignment");
    st.set_bulk();
    while (st.step()) {
        f.targets_by_role[st.text(0)].insert(st.text(1));
    }
}

std::string percent(double share) {
    return fixed(share * 100.0, 1) + "%";
}

double area_outside(GEOSContextHandle_t ctx, const GEOSGeometry* g, const GEOSGeometry* container,
                    const GEOSPreparedGeometry* prepared, detail::Geom* outside_part,
                    std::size_t& topology_errors) {
    if (GEOSPreparedCovers_r(ctx, prepared, g) == 1) {
        return 0;
    }
    detail::Geom diff =
        detail::polygonal(ctx, detail::Geom(ctx, GEOSDifference_r(ctx, g, container)));
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

void evaluate_inside_community(Input& in, RuleResult& r, const std::vector<detail::Item>& items) {
    const auto community_name = [&](const std::string& code) {
        auto it = in.community_index.find(code);
        return it == in.community_index.end() ? std::string() : in.s.communities[it->second].name;
    };
    r.total = static_cast<std::int64_t>(items.size());
    // Each community prepared once for all its items (10 cells each in a city), not per item.
    std::vector<detail::PreparedPtr> prepared(in.s.communities.size());
    for (const detail::Item& c : items) {
        auto it = in.community_index.find(c.a);
        if (it == in.community_index.end()) {
            r.uncovered.push_back(
                {c.key, c.name, "in no community", in.wkt(c.geom.get()), "不在任何社区内"});
            continue;
        }
        detail::Geom outside;
        const GEOSGeometry* community = in.s.communities[it->second].geom.get();
        detail::PreparedPtr& p = prepared[it->second];
        if (!p) {
            p = detail::PreparedPtr(GEOSPrepare_r(in.ctx, community),
                                    detail::PreparedDeleter{in.ctx});
        }
        const double out =
            area_outside(in.ctx, c.geom.get(), community, p.get(), &outside, in.topology_errors);
        if (out > in.settings.tolerance_m2) {
            r.uncovered.push_back(
                {c.key, c.name, fixed(out, 1) + " m2 outside " + c.a + " " + community_name(c.a),
                 in.wkt(outside.get()),
                 "超出社区 " + c.a + " " + community_name(c.a) + " " + fixed(out, 1) + " m²"});
        }
    }
}

void evaluate_point_in_cell(Input& in, RuleResult& r, const std::vector<detail::Item>& items,
                            const std::vector<std::optional<std::size_t>>& cells) {
    r.total = static_cast<std::int64_t>(items.size());
    for (std::size_t i = 0; i < items.size(); ++i) {
        if (!cells[i]) {
            r.uncovered.push_back({items[i].key, items[i].name, "in no cell",
                                   in.wkt(items[i].geom.get()), "不在任何网格内"});
        }
    }
}

void evaluate_role(Input& in, RuleResult& r, const char* sql, const char* role, const char* detail,
                   const char* detail_zh, bool by_building) {
    const auto& covered = in.facts.targets(role);
    for (const auto& row : read_rows(in.db, sql)) {
        ++r.total;
        if (!covered.contains(row.id)) {
            r.uncovered.push_back(
                {row.id,
                 row.name,
                 by_building ? detail + row.detail + ")" : std::string(detail),
                 {},
                 by_building ? detail_zh + row.detail + "）" : std::string(detail_zh)});
        }
    }
}

bool Rule::reads_table(std::string_view table) const {
    std::string_view rest = reads;
    while (!rest.empty()) {
        const std::size_t space = rest.find(' ');
        if (rest.substr(0, space) == table) {
            return true;
        }
        rest = space == std::string_view::npos ? std::string_view() : rest.substr(space + 1);
    }
    return false;
}

const std::vector<const Rule*>& registry() {
    static const std::vector<const Rule*> all{
        &cells_tile_community(),   &cells_inside_community(),    &building_in_cell(),
        &building_not_cut(),       &compound_inside_community(), &issue_in_cell(),
        &service_point_in_cell(),  &repair_inside_community(),   &active_repairs_do_not_overlap(),
        &building_service_reach(), &building_party_group(),      &building_captain(),
        &unit_captain(),           &compound_captain(),          &cell_grid_worker(),
        &household_pairing(),      &cell_households_in_range(),
    };
    return all;
}

} // namespace gridmap::rules

namespace gridmap {

const std::vector<RuleInfo>& coverage_rules() {
    static const std::vector<RuleInfo> infos = [] {
        std::vector<RuleInfo> v;
        for (const rules::Rule* r : rules::registry()) {
            v.push_back(r->info);
        }
        return v;
    }();
    return infos;
}

const RuleInfo* coverage_rule(std::string_view id) {
    for (const RuleInfo& r : coverage_rules()) {
        if (r.id == id) {
            return &r;
        }
    }
    return nullptr;
}

} // namespace gridmap
