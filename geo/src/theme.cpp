#include "gridmap/theme.hpp"

#include "gridmap/analysis.hpp"

#include "detail/analysis.hpp"
#include "detail/geos.hpp"
#include "detail/project_impl.hpp"
#include "detail/sqlite.hpp"
#include "detail/time.hpp"
#include "gridmap/error.hpp"
#include "gridmap/meeting.hpp"

#include <algorithm>
#include <limits>
#include <unordered_map>
#include <unordered_set>

namespace gridmap {

namespace {

using detail::Statement;

std::unordered_set<std::string> uncovered_ids(const CheckResult& r, const char* rule) {
    std::unordered_set<std::string> ids;
    if (const RuleResult* rr = r.rule(rule)) {
        for (const Uncovered& u : rr->uncovered) {
            ids.insert(u.id);
        }
    }
    return ids;
}

/// Per value of `column` of `table`: how many of its rows have an id among the uncovered items
/// of rule `rule` (its units or households, counted per building). The rule lists them sorted
/// by id: the rows are read in id order and matched in one pass, without a set of the ids
/// (300k unpaired households at 100k buildings took a fifth of the theme as a hash set).
std::unordered_map<std::string, std::int64_t> counts_of_ids(sqlite3* db, const CheckResult& check,
                                                            const char* rule,
                                                            const std::string& table,
                                                            const std::string& column) {
    std::unordered_map<std::string, std::int64_t> out;
    const RuleResult* r = check.rule(rule);
    if (r == nullptr || r->uncovered.empty() || !detail::table_exists(db, table)) {
        return out;
    }
    const std::vector<Uncovered>& ids = r->uncovered;
    const auto by_id = [](const Uncovered& a, const Uncovered& b) {
        return a.id < b.id;
    };
    const std::string sql =
        "SELECT id, " + column + " FROM " + table + " WHERE " + column + " IS NOT NULL";
    if (!std::is_sorted(ids.begin(), ids.end(), by_id)) {
        const auto set = uncovered_ids(check, rule);
        Statement s(db, sql);
        while (s.step()) {
            if (set.contains(s.text(0))) {
                ++out[s.text(1)];
            }
        }
        return out;
    }
    // SQLite orders text by its bytes (BINARY), as std::string's operator< does.
    Statement s(db, sql + " ORDER BY id");
    auto next = ids.begin();
    while (s.step() && next != ids.end()) {
        const std::string id = s.text(0);
        while (next != ids.end() && next->id < id) {
            ++next;
        }
        if (next != ids.end() && next->id == id) {
            ++out[s.text(1)];
        }
    }
    return out;
}

/// The status of a rule that asks something of each of `total` items of a building, of which
/// `missing` lack it.
RuleStatus share_status(bool residential, std::int64_t total, std::int64_t missing) {
    if (total == 0) {
        return residential ? RuleStatus::empty : RuleStatus::not_required;
    }
    return missing == 0      ? RuleStatus::complete
           : missing < total ? RuleStatus::partial
                             : RuleStatus::none;
}

RuleStatus has_status(bool residential, bool has) {
    if (!residential) {
        return RuleStatus::not_required;
    }
    return has ? RuleStatus::complete : RuleStatus::none;
}

std::unordered_map<std::string, std::int64_t> counts_by(sqlite3* db, const std::string& table,
                                                        const std::string& column) {
    std::unordered_map<std::string, std::int64_t> out;
    if (!detail::table_exists(db, table)) {
        return out;
    }
    Statement s(db, "SELECT " + column + ", COUNT(*) FROM " + table + " WHERE " + column +
                        " IS NOT NULL GROUP BY " + column);
    while (s.step()) {
        out[s.text(0)] = s.integer(1);
    }
    return out;
}

/// The polygons of a WKT (a gap or overlap of check_project) as a shape.
Shape shape_of_wkt(GEOSContextHandle_t ctx, const std::string& wkt) {
    Shape shape;
    shape.kind = GeometryKind::polygon;
    GEOSWKTReader* reader = GEOSWKTReader_create_r(ctx);
    detail::Geom g(ctx, GEOSWKTReader_read_r(ctx, reader, wkt.c_str()));
    GEOSWKTReader_destroy_r(ctx, reader);
    if (!g) {
        throw LibraryError("GEOS cannot read a tiling polygon: " + wkt.substr(0, 60));
    }
    const auto ring = [ctx](const GEOSGeometry* r) {
        std::vector<XY> pts;
        const GEOSCoordSequence* seq = GEOSGeom_getCoordSeq_r(ctx, r);
        unsigned size = 0;
        if (seq != nullptr && GEOSCoordSeq_getSize_r(ctx, seq, &size) != 0) {
            pts.resize(size);
            for (unsigned k = 0; k < size; ++k) {
                GEOSCoordSeq_getXY_r(ctx, seq, k, &pts[k].x, &pts[k].y);
            }
        }
        return pts;
    };
    const int n = GEOSGetNumGeometries_r(ctx, g.get());
    for (int i = 0; i < n; ++i) {
        const GEOSGeometry* poly = GEOSGetGeometryN_r(ctx, g.get(), i);
        if (GEOSGeomTypeId_r(ctx, poly) != GEOS_POLYGON) {
            continue;
        }
        shape.parts.push_back(ring(GEOSGetExteriorRing_r(ctx, poly)));
        shape.ring_starts_polygon.push_back(true);
        for (int h = 0; h < GEOSGetNumInteriorRings_r(ctx, poly); ++h) {
            shape.parts.push_back(ring(GEOSGetInteriorRingN_r(ctx, poly, h)));
            shape.ring_starts_polygon.push_back(false);
        }
    }
    return shape;
}

// The buildings the relational building rules apply to: the predicate of check_project's
// building_party_group and building_captain rules (geo/src/rules/), so that a shop is "not
// required" rather than "complete".
/// The residential buildings, as check and report define them.
const std::string residential_sql =
    std::string("SELECT b.id FROM building b WHERE ") + detail::residential_building_sql;

template <typename T>
const T* find_sorted(const std::vector<T>& items, const std::string& key, std::string T::*member) {
    auto it =
        std::lower_bound(items.begin(), items.end(), key,
                         [member](const T& a, const std::string& k) { return a.*member < k; });
    return it != items.end() && (*it).*member == key ? &*it : nullptr;
}

} // namespace

const std::vector<MapThemeInfo>& map_themes() {
    static const std::vector<MapThemeInfo> themes{
        {MapTheme::plain, "plain", "Plain", ""},
        {MapTheme::coverage, "coverage", "Coverage", ""},
        {MapTheme::issues, "issues", "Issues", ""},
        {MapTheme::party_group, "coverage_party_group", "Party groups", "building_party_group"},
        {MapTheme::building_captain, "coverage_building_captain", "Building captains",
         "building_captain"},
        {MapTheme::unit_captain, "coverage_unit_captain", "Unit captains", "unit_captain"},
        {MapTheme::pairing, "coverage_pairing", "Household pairing", "household_pairing"},
        {MapTheme::grid_worker, "coverage_grid_worker", "Grid workers", "cell_grid_worker"},
        {MapTheme::households, "coverage_households", "Households per cell",
         "cell_households_in_range"},
    };
    return themes;
}

const MapThemeInfo* find_map_theme(std::string_view name) {
    for (const MapThemeInfo& t : map_themes()) {
        if (t.name == name) {
            return &t;
        }
    }
    return nullptr;
}

const MapThemeInfo& map_theme_info(MapTheme theme) {
    for (const MapThemeInfo& t : map_themes()) {
        if (t.theme == theme) {
            return t;
        }
    }
    return map_themes().front();
}

std::string map_theme_names(std::string_view separator) {
    std::string out;
    for (const MapThemeInfo& t : map_themes()) {
        out += (out.empty() ? std::string_view() : separator);
        out += t.name;
    }
    return out;
}

RuleStatus BuildingTheme::party_group_status() const {
    return has_status(residential, has_party_group);
}

RuleStatus BuildingTheme::captain_status() const {
    return has_status(residential, has_captain);
}

RuleStatus BuildingTheme::unit_captain_status() const {
    return share_status(residential, units, units_without_captain);
}

RuleStatus BuildingTheme::pairing_status() const {
    return share_status(residential, households, households_unpaired);
}

BuildingCoverage BuildingTheme::coverage() const {
    if (!residential) {
        return BuildingCoverage::not_required;
    }
    if (has_party_group && has_captain) {
        return BuildingCoverage::complete;
    }
    return has_party_group || has_captain ? BuildingCoverage::partial : BuildingCoverage::none;
}

IssueStage IssueTheme::stage() const {
    // The definitions of open and resolved of every issue figure (IssueAsOf, meeting.hpp).
    IssueAsOf i;
    i.state = parse_issue_state(state).value_or(IssueState::reported);
    return i.open() ? IssueStage::open : i.resolved() ? IssueStage::done : IssueStage::rejected;
}

const BuildingTheme* ThemeData::building(const std::string& id) const {
    return find_sorted(buildings, id, &BuildingTheme::id);
}

const CellTheme* ThemeData::cell(const std::string& code) const {
    return find_sorted(cells, code, &CellTheme::code);
}

const IssueTheme* ThemeData::issue(const std::string& id) const {
    return find_sorted(issues, id, &IssueTheme::id);
}

namespace {

using CellIndex = std::unordered_map<std::string, CellTheme*>;

/// The count of `key` in `counts`, 0 when absent.
std::int64_t count_of(const std::unordered_map<std::string, std::int64_t>& counts,
                      const std::string& key) {
    const auto it = counts.find(key);
    return it == counts.end() ? 0 : it->second;
}

/// Phase: the buildings with their rule statuses; counts them into their cells.
void read_buildings(sqlite3* db, const CheckResult& check, ThemeData& t, const CellIndex& cell_of) {
    const auto no_party_group = uncovered_ids(check, "building_party_group");
    const auto no_captain = uncovered_ids(check, "building_captain");
    const auto cut = uncovered_ids(check, "building_not_cut");
    std::unordered_set<std::string> residential;
    {
        Statement s(db, residential_sql);
        while (s.step()) {
            residential.insert(s.text(0));
        }
    }
    const auto households = counts_by(db, "household", "building");
    const auto units = counts_by(db, "unit", "building");
    // The uncovered units and households of rules unit_captain and household_pairing, per building.
    const auto units_without_captain = counts_of_ids(db, check, "unit_captain", "unit", "building");
    const auto households_unpaired =
        counts_of_ids(db, check, "household_pairing", "household", "building");
    Statement s(db, "SELECT id, name, number, compound, cell FROM building ORDER BY id");
    while (s.step()) {
        BuildingTheme b;
        b.id = s.text(0);
        b.name = s.text(1);
        b.number = s.text(2);
        b.compound = s.text(3);
        b.cell = s.text(4);
        b.residential = residential.contains(b.id);
        b.has_party_group = b.residential && !no_party_group.contains(b.id);
        b.has_captain = b.residential && !no_captain.contains(b.id);
        b.cut = cut.contains(b.id);
        b.households = count_of(households, b.id);
        b.units = count_of(units, b.id);
        b.units_without_captain = count_of(units_without_captain, b.id);
        b.households_unpaired = count_of(households_unpaired, b.id);
        if (auto it = cell_of.find(b.cell); it != cell_of.end()) {
            ++it->second->buildings;
            it->second->households += b.households;
        }
        t.buildings.push_back(std::move(b));
    }
}

/// Phase: the issues with their stage; counts them into their cells.
/// The state, cell and overdue flag of each issue, as every issue figure reads them
/// (issues_as_of, gridmap/meeting.hpp): after its last event, so that every pin is drawn (even
/// one dated ahead of the clock); overdue now.
void read_issues(const Project& project, sqlite3* db, ThemeData& t, const CellIndex& cell_of) {
    const std::int64_t now = detail::now_seconds();
    std::unordered_map<std::string, std::string> classes;
    Statement s(db, "SELECT id, small_class FROM issue");
    while (s.step()) {
        classes[s.text(0)] = s.text(1);
    }
    for (const IssueAsOf& a : issues_as_of(project, std::numeric_limits<std::int64_t>::max())) {
        IssueTheme i;
        i.id = a.id;
        i.category = a.category;
        i.small_class = classes[a.id];
        i.state = std::string(to_string(a.state));
        i.cell = a.cell;
        i.overdue = a.overdue(now);
        if (auto it = cell_of.find(i.cell); it != cell_of.end()) {
            switch (i.stage()) {
            case IssueStage::open:
                ++it->second->issues_open;
                break;
            case IssueStage::done:
                ++it->second->issues_done;
                break;
            case IssueStage::rejected:
                ++it->second->issues_rejected;
                break;
            }
        }
        t.issues.push_back(std::move(i));
    }
}

} // namespace

ThemeData compute_theme(const Project& project, const CheckOptions& options) {
    // The project's kept analysis (gridmap/analysis.hpp) when one is current (the desktop keeps
    // one per edit, a report keeps one): no check at all. Otherwise a check that keeps nothing,
    // so that a one-shot render does not hold the analysis while it draws.
    const std::shared_ptr<const Analysis> analysis = Analysis::kept(project, options);
    const CheckResult fresh = analysis ? CheckResult{} : check_project(project, options);
    const CheckResult& check = analysis ? analysis->check() : fresh;
    ThemeData t;
    t.households_min = check.households_min;
    t.households_max = check.households_max;

    detail::GeosContext ctx;
    for (const Gap& g : check.gaps) {
        t.tiling.push_back({false, g.community, {}, {}, g.area_m2, shape_of_wkt(ctx, g.wkt)});
    }
    for (const CellOverlap& o : check.overlaps) {
        t.tiling.push_back({true, {}, o.cell_a, o.cell_b, o.area_m2, shape_of_wkt(ctx, o.wkt)});
    }

    sqlite3* db = detail::sqlite_handle(project.impl());
    if (!detail::table_exists(db, "building")) {
        return t; // no spatial import yet
    }
    if (const RuleResult* r = check.rule("issue_in_cell")) {
        t.issues_unassigned = static_cast<std::int64_t>(r->uncovered.size());
    }
    {
        const auto no_grid_worker = uncovered_ids(check, "cell_grid_worker");
        Statement s(db, "SELECT code, name FROM cell ORDER BY code");
        while (s.step()) {
            CellTheme c;
            c.code = s.text(0);
            c.name = s.text(1);
            c.has_grid_worker = !no_grid_worker.contains(c.code);
            t.cells.push_back(std::move(c));
        }
    }
    CellIndex cell_of;
    for (CellTheme& c : t.cells) {
        cell_of[c.code] = &c;
    }
    read_buildings(db, check, t, cell_of);
    const auto out_of_range = uncovered_ids(check, "cell_households_in_range");
    for (CellTheme& c : t.cells) {
        if (out_of_range.contains(c.code)) {
            c.range =
                c.households < t.households_min ? HouseholdRange::below : HouseholdRange::above;
        }
    }
    read_issues(project, db, t, cell_of);
    return t;
}

} // namespace gridmap
