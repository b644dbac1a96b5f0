#pragma once

// What a coverage rule unit sees (the analysis of one project state) and how it is declared.
// One rule = one file geo/src/rules/<id>.cpp defining `const Rule& <id>()`; registry.cpp lists
// them in report order.

#include "detail/analysis.hpp"
#include "gridmap/check.hpp"
#include "gridmap/rules.hpp"

#include <algorithm>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <unordered_set>
#include <vector>

struct sqlite3;

namespace gridmap::rules {

/// WKT with centimetre precision, for reports.
class Wkt {
public:
    explicit Wkt(GEOSContextHandle_t ctx);
    ~Wkt();
    Wkt(const Wkt&) = delete;
    Wkt& operator=(const Wkt&) = delete;
    std::string operator()(const GEOSGeometry* g) const;

private:
    GEOSContextHandle_t m_ctx;
    GEOSWKTWriter* m_writer;
};

/// A row of an (id, name, detail) query.
struct Row {
    std::string id;
    std::string name;
    std::string detail;
};

/// What the relational rules need, each table read once in one scan of the few columns used.
struct RelationalFacts {
    /// A building: views of the snapshot's item (or of `own_rows` when read here).
    struct Building {
        std::string_view id;
        std::string_view name;
        std::string_view kind;
    };
    std::vector<Building> buildings;
    std::vector<Row> own_rows; ///< the building rows, when not taken from a snapshot
    /// Index into buildings by id (views: the rows never move); built at the first look-up
    /// whose hint misses.
    mutable std::unordered_map<std::string_view, std::size_t> building_at;
    std::vector<std::int64_t> households_of; ///< per building
    std::vector<bool> residential;           ///< per building (rules/residential.hpp)
    std::vector<bool> has_party_group;       ///< per building
    std::int64_t households = 0;
    /// A household with no pairing: its id and its building (>= 0: index into buildings; < 0:
    /// -1 - index into unknown_buildings). Compact, so that millions of them stay small until
    /// household_pairing makes its items.
    struct Unpaired {
        std::string id;
        std::int64_t building = -1;
    };
    std::vector<Unpaired> unpaired_households; ///< by id only: no names or phone numbers
    std::vector<std::string> unknown_buildings;
    std::unordered_map<std::string, std::unordered_set<std::string>> targets_by_role;

    /// The index of the building `id`, if it is one. Rows are usually looked up in the order
    /// they were read: the few rows from `hint` on are tried before the hash map.
    std::optional<std::size_t> building(std::string_view id, std::size_t hint) const;
    /// Who holds `role` (ids of the things they hold it for).
    const std::unordered_set<std::string>& targets(const std::string& role) const;
};

/// Reads the facts. The buildings are those of `snapshot_buildings` (id, name, kind = b; in
/// its order, so that fact i is snapshot building i) when given, else read from the table.
/// Every key column is NOT NULL in the schema, so `x NOT IN (SELECT ...)` of SQL is "not in the
/// set" here.
RelationalFacts read_relational_facts(sqlite3* db,
                                      const std::vector<detail::Item>* snapshot_buildings);

/// Reads again only the party groups of the buildings (party_group_building) / who holds
/// which role (role_assignment) into facts read earlier: an edit of only those tables.
void read_party_groups(sqlite3* db, RelationalFacts& f);
void read_roles(sqlite3* db, RelationalFacts& f);

/// Rows of an (id, name, detail) query.
std::vector<Row> read_rows(sqlite3* db, const std::string& sql);

/// The uncovered items of a rule kept in compact form instead of as `Uncovered` items: what
/// the streamed `check --json` (gridmap::StreamedCheck) asks of the rules with millions of
/// items at city scale (households, residential buildings). The JSON written from them is the
/// bytes their `Uncovered` items would give (json_compact_items in check.cpp).
struct CompactItems {
    /// Unpaired households (household_pairing), sorted by id; detail: append_household_detail.
    std::vector<RelationalFacts::Unpaired> households;
    /// Residential buildings (evaluate_residential): indexes into facts.buildings, sorted by
    /// building id; their detail is `building_detail`.
    std::vector<std::size_t> buildings;
    std::string building_detail;
    std::size_t size() const { return households.size() + buildings.size(); }
};

/// The English detail of an unpaired household of `building` ("not paired (building B1)") and
/// its Chinese twin: the one definition, for the items and the streamed JSON.
void append_household_detail(std::string& out, std::string_view building);
void append_household_detail_zh(std::string& out, std::string_view building);

/// The building id an unpaired household refers to (a fact building or an unknown id).
std::string_view unpaired_building(const RelationalFacts& f, const RelationalFacts::Unpaired& u);

/// The analysis of one project state, as the rules read it.
struct Input {
    GEOSContextHandle_t ctx;
    const Wkt& wkt;
    sqlite3* db;
    const detail::Snapshot& s;
    const detail::Assignment& a;
    const CheckResult& settings; ///< thresholds, gaps and overlaps (computed before the rules)
    RelationalFacts& facts;      ///< household_pairing takes its unpaired list
    /// The facts row of each snapshot building (the snapshot is by id, the facts by fid).
    const std::vector<std::optional<std::size_t>>& fact_of;
    const std::unordered_map<std::string, std::size_t>& community_index;
    const std::unordered_map<std::string, std::size_t>& cell_index;
    std::size_t& topology_errors;
    /// Per registry rule, where the rules that can keep their items compact put them (null:
    /// every rule makes `Uncovered` items). Set by the caller of `evaluate`.
    std::vector<CompactItems>* compact_items = nullptr;
    /// The entry of compact_items of the rule being evaluated (null: make `Uncovered` items).
    CompactItems* compact = nullptr;
};

/// One rule: its declaration and its evaluation. `evaluate` adds to `r.total` and
/// `r.uncovered`; the caller sorts the uncovered items and counts the covered ones.
struct Rule {
    RuleInfo info;
    void (*evaluate)(Input& in, RuleResult& r);
    /// Reads building geometries (check releases them once no later rule does).
    bool reads_building_geometry = true;
    /// The tables whose rows it reads, space-separated: an edit of another table leaves its
    /// result as it was (Analysis::update).
    std::string_view reads;
    bool reads_table(std::string_view table) const;
};

/// Every rule, in report order.
const std::vector<const Rule*>& registry();

/// "94.6%".
std::string percent(double share);

/// The area of `g` outside `container` (0 when inside); the outside part into `outside_part`.
/// `prepared` is `container` prepared (by the caller: one preparation for many items).
double area_outside(GEOSContextHandle_t ctx, const GEOSGeometry* g, const GEOSGeometry* container,
                    const GEOSPreparedGeometry* prepared, detail::Geom* outside_part,
                    std::size_t& topology_errors);

/// The polygon rule "every item lies in its community (item.a), up to the tolerance".
void evaluate_inside_community(Input& in, RuleResult& r, const std::vector<detail::Item>& items);

/// The point rule "every item lies in a cell".
void evaluate_point_in_cell(Input& in, RuleResult& r, const std::vector<detail::Item>& items,
                            const std::vector<std::optional<std::size_t>>& cells);

/// The residential-building rule: every residential building (rules/residential.hpp) for which
/// `covered(i)` (i: index into facts.buildings) is false is uncovered with `detail`.
template <class Covered>
void evaluate_residential(Input& in, RuleResult& r, Covered covered, const std::string& detail,
                          const std::string& detail_zh) {
    const RelationalFacts& f = in.facts;
    if (in.compact != nullptr) {
        // The streamed JSON: indexes only (facts.buildings is in id order, or sorted after).
        in.compact->building_detail = detail;
        for (std::size_t i = 0; i < f.buildings.size(); ++i) {
            if (f.residential[i]) {
                ++r.total;
                if (!covered(i)) {
                    in.compact->buildings.push_back(i);
                }
            }
        }
        return;
    }
    // At most every residential building: the part of the reserved memory never filled is
    // never touched.
    r.uncovered.reserve(
        static_cast<std::size_t>(std::count(f.residential.begin(), f.residential.end(), true)));
    for (std::size_t i = 0; i < f.buildings.size(); ++i) {
        if (!f.residential[i]) {
            continue;
        }
        ++r.total;
        if (!covered(i)) {
            const auto& b = f.buildings[i];
            r.uncovered.push_back({std::string(b.id), std::string(b.name), detail, {}, detail_zh});
        }
    }
}

/// The role rule: every row of `sql` (id, name, building-or-NULL) whose id has no one in `role`.
void evaluate_role(Input& in, RuleResult& r, const char* sql, const char* role, const char* detail,
                   const char* detail_zh, bool by_building);

/// Households per cell (index into s.cells): the households of the buildings assigned to it. The
/// one definition (cell_households_in_range.cpp), also behind report and theme figures.
std::vector<std::int64_t> households_per_cell(const Input& in);

// The rules (one file each), in report order.
const Rule& cells_tile_community();
const Rule& cells_inside_community();
const Rule& building_in_cell();
const Rule& building_not_cut();
const Rule& compound_inside_community();
const Rule& issue_in_cell();
const Rule& service_point_in_cell();
const Rule& repair_inside_community();
const Rule& active_repairs_do_not_overlap();
const Rule& building_service_reach();
const Rule& building_party_group();
const Rule& building_captain();
const Rule& unit_captain();
const Rule& compound_captain();
const Rule& cell_grid_worker();
const Rule& household_pairing();
const Rule& cell_households_in_range();

} // namespace gridmap::rules
