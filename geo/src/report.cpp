#include "gridmap/report.hpp"

#include "detail/analysis_state.hpp"
#include "gridmap/analysis.hpp"

#include "detail/analysis.hpp"
#include "detail/project_impl.hpp"
#include "detail/sqlite.hpp"
#include "detail/time.hpp"
#include "gridmap/error.hpp"
#include "gridmap/meeting.hpp"
#include "gridmap/text.hpp"

#include <algorithm>
#include <array>
#include <cmath>
#include <cstdio>
#include <map>
#include <set>
#include <unordered_map>

namespace gridmap {

namespace {

using detail::Item;

// ------------------------------------------------------------------------------- the figures

/// What is counted for one cell, compound or community (or for all of them together).
struct Figures {
    std::int64_t buildings = 0;
    std::int64_t households = 0;
    std::int64_t persons = 0;
    std::set<std::string> party_groups;
    std::int64_t without_party_group = 0;
    std::int64_t without_captain = 0;
    std::int64_t unpaired = 0;
    double repair_m = 0;
    std::int64_t residential = 0;
    std::int64_t units = 0;
    std::int64_t units_without_captain = 0;

    void add(const Figures& o) {
        buildings += o.buildings;
        households += o.households;
        persons += o.persons;
        party_groups.insert(o.party_groups.begin(), o.party_groups.end());
        without_party_group += o.without_party_group;
        without_captain += o.without_captain;
        unpaired += o.unpaired;
        repair_m += o.repair_m;
        residential += o.residential;
        units += o.units;
        units_without_captain += o.units_without_captain;
    }
};

/// Per-building facts from the relational tables (by building id).
struct BuildingFacts {
    std::unordered_map<std::string, std::int64_t> one; ///< every building: 1
    std::unordered_map<std::string, std::int64_t> households;
    std::unordered_map<std::string, std::int64_t> persons;
    std::unordered_map<std::string, std::int64_t> unpaired;
    std::unordered_map<std::string, std::int64_t> residential;
    std::unordered_map<std::string, std::int64_t> without_party_group;
    std::unordered_map<std::string, std::int64_t> without_captain;
    std::unordered_map<std::string, std::int64_t> units;
    std::unordered_map<std::string, std::int64_t> units_without_captain;
    std::unordered_map<std::string, std::vector<std::string>> party_groups;
};

BuildingFacts read_building_facts(sqlite3* db, const detail::Snapshot& s) {
    BuildingFacts f;
    for (const Item& b : s.buildings) {
        f.one[b.key] = 1;
    }
    if (!detail::table_exists(db, "building")) {
        return f;
    }
    using detail::integer_by_key;
    const std::string res = detail::residential_building_sql;
    // Personal data (head_name, phone) is never selected.
    f.households = integer_by_key(db, "SELECT building, COUNT(*) FROM household GROUP BY building");
    f.persons = integer_by_key(
        db, "SELECT building, SUM(COALESCE(persons, 0)) FROM household GROUP BY building");
    f.unpaired = integer_by_key(db, "SELECT building, COUNT(*) FROM household WHERE id NOT IN "
                                    "(SELECT household FROM household_pairing) GROUP BY building");
    f.residential = integer_by_key(db, "SELECT b.id, 1 FROM building b WHERE " + res);
    // The same conditions as check's building_party_group and building_captain rules.
    f.without_party_group =
        integer_by_key(db, "SELECT b.id, 1 FROM building b WHERE " + res +
                               " AND b.id NOT IN (SELECT building FROM party_group_building)");
    f.without_captain =
        integer_by_key(db, "SELECT b.id, 1 FROM building b WHERE " + res +
                               " AND b.id NOT IN (SELECT target FROM role_assignment WHERE role = "
                               "'building_captain')");
    f.units = integer_by_key(db, "SELECT building, COUNT(*) FROM unit GROUP BY building");
    f.units_without_captain = integer_by_key(
        db, "SELECT building, COUNT(*) FROM unit WHERE id NOT IN (SELECT target FROM "
            "role_assignment WHERE role = 'unit_captain') GROUP BY building");
    detail::Statement pg(db, "SELECT DISTINCT building, party_group FROM party_group_building");
    while (pg.step()) {
        f.party_groups[pg.text(0)].push_back(pg.text(1));
    }
    return f;
}

/// Names of the staff holding `role`, by target: "name; name" in person id order.
std::map<std::string, std::string> staff_names(sqlite3* db, const std::string& role) {
    std::map<std::string, std::string> out;
    if (!detail::table_exists(db, "role_assignment")) {
        return out;
    }
    // Names only: a staff member's phone is never selected.
    detail::Statement s(db, "SELECT DISTINCT r.target, p.id, p.name FROM role_assignment r "
                            "JOIN person p ON p.id = r.person WHERE r.role = '" +
                                role + "' ORDER BY r.target, p.id");
    while (s.step()) {
        std::string& names = out[s.text(0)];
        names += (names.empty() ? "" : "; ") + s.text(2);
    }
    return out;
}

/// The figures of each of `groups` groups; `building_group[i]` is the group of building i,
/// `cell_group[c]` the group of cell c (for issues and repairs; empty: not counted).
std::vector<Figures> group_figures(const detail::Snapshot& s, const detail::Assignment& a,
                                   const BuildingFacts& f,
                                   const std::vector<std::optional<std::size_t>>& building_group,
                                   const std::vector<std::optional<std::size_t>>& cell_group,
                                   std::size_t groups) {
    auto sum = [&](const std::unordered_map<std::string, std::int64_t>& per_building) {
        return detail::sum_over_buildings(s, building_group, groups, per_building);
    };
    const auto buildings = sum(f.one);
    const auto households = sum(f.households);
    const auto persons = sum(f.persons);
    const auto unpaired = sum(f.unpaired);
    const auto residential = sum(f.residential);
    const auto without_party_group = sum(f.without_party_group);
    const auto without_captain = sum(f.without_captain);
    const auto units = sum(f.units);
    const auto units_without_captain = sum(f.units_without_captain);
    std::vector<Figures> out(groups);
    for (std::size_t g = 0; g < groups; ++g) {
        Figures& x = out[g];
        x.buildings = buildings[g];
        x.households = households[g];
        x.persons = persons[g];
        x.unpaired = unpaired[g];
        x.residential = residential[g];
        x.without_party_group = without_party_group[g];
        x.without_captain = without_captain[g];
        x.units = units[g];
        x.units_without_captain = units_without_captain[g];
    }
    for (std::size_t i = 0; i < s.buildings.size(); ++i) {
        if (!building_group[i]) {
            continue;
        }
        if (auto it = f.party_groups.find(s.buildings[i].key); it != f.party_groups.end()) {
            out[*building_group[i]].party_groups.insert(it->second.begin(), it->second.end());
        }
    }
    if (!cell_group.empty()) {
        for (const detail::LineInPolygon& in : a.segment_cells) {
            if (cell_group[in.polygon]) {
                out[*cell_group[in.polygon]].repair_m += in.length;
            }
        }
    }
    return out;
}

/// The open issues of each row (cell or community) at `moment`: count_issues, the one
/// definition of every issue figure (gridmap/meeting.hpp).
void set_open_issues(const Project& project, ReportTable& t, std::int64_t moment) {
    const auto column = t.column("open_issues");
    if (!column) {
        return;
    }
    const auto counts = count_issues_by(issues_as_of(project, moment), moment,
                                        t.by == ReportBy::cell ? "cell" : "community");
    for (auto& row : t.rows) {
        const auto it = counts.find(row[0].text);
        row[*column].number = it == counts.end() ? 0 : static_cast<double>(it->second.open);
    }
}

// ------------------------------------------------------------------------------- the columns

ReportColumn text_column(std::string id, std::string title, bool shortfall = false) {
    return {std::move(id), std::move(title), ColumnKind::text, shortfall};
}
ReportColumn count_column(std::string id, std::string title, bool shortfall = false) {
    return {std::move(id), std::move(title), ColumnKind::integer, shortfall};
}

/// The building and household columns every grouping has, in this order.
std::vector<ReportColumn> building_columns() {
    return {
        count_column("buildings", "楼栋"),
        count_column("households", "户数"),
        count_column("persons", "人数"),
        count_column("party_groups", "党小组"),
        count_column("buildings_without_party_group", "无党小组楼栋", true),
        count_column("buildings_without_captain", "无楼栋长楼栋", true),
        count_column("households_unpaired", "未包保户", true),
    };
}

std::vector<ReportValue> building_values(const Figures& x) {
    auto n = [](std::int64_t v) {
        return ReportValue{{}, static_cast<double>(v)};
    };
    return {n(x.buildings),
            n(x.households),
            n(x.persons),
            n(static_cast<std::int64_t>(x.party_groups.size())),
            n(x.without_party_group),
            n(x.without_captain),
            n(x.unpaired)};
}

const std::vector<ReportColumn> tail_columns = {
    count_column("residential_buildings", "住宅楼栋"),
    count_column("units", "单元"),
    count_column("units_without_captain", "无单元长单元", true),
};

std::vector<ReportValue> tail_values(const Figures& x) {
    auto n = [](std::int64_t v) {
        return ReportValue{{}, static_cast<double>(v)};
    };
    return {n(x.residential), n(x.units), n(x.units_without_captain)};
}

ReportValue text_value(std::string text) {
    return {std::move(text), 0};
}
ReportValue number_value(double v) {
    return {{}, v};
}

template <typename T> void append(std::vector<T>& to, const std::vector<T>& from) {
    to.insert(to.end(), from.begin(), from.end());
}

/// The totals row: "TOTAL", empty text and flags, the numeric columns from `numbers`.
std::vector<ReportValue> totals_row(const std::vector<ReportColumn>& columns,
                                    const std::vector<ReportValue>& numbers) {
    std::vector<ReportValue> row(columns.size());
    for (std::size_t c = 0; c < columns.size(); ++c) {
        if (c == 0) {
            row[c] = text_value("TOTAL");
        } else if (columns[c].kind == ColumnKind::integer ||
                   columns[c].kind == ColumnKind::metres) {
            row[c] = numbers[c];
        }
    }
    return row;
}

// ----------------------------------------------------------------------------- writing text

std::string integer_text(double v) {
    return std::to_string(static_cast<long long>(std::llround(v)));
}

/// A value as CSV/HTML text; `total` leaves text and flag columns as they are (empty).
std::string value_text(const ReportColumn& c, const ReportValue& v, bool total) {
    switch (c.kind) {
    case ColumnKind::text:
        return v.text;
    case ColumnKind::integer:
        return integer_text(v.number);
    case ColumnKind::metres:
        return fixed(v.number, 1);
    case ColumnKind::flag:
        return total ? std::string() : (v.number != 0 ? "yes" : "no");
    }
    return v.text;
}

std::string json_value(const ReportColumn& c, const ReportValue& v) {
    switch (c.kind) {
    case ColumnKind::text:
        return json_quote(v.text);
    case ColumnKind::integer:
        return std::isfinite(v.number) ? integer_text(v.number) : "null";
    case ColumnKind::metres:
        return json_number(v.number, 1);
    case ColumnKind::flag:
        return v.number != 0 ? "true" : "false";
    }
    return json_quote(v.text);
}

std::string html_escape(std::string_view s) {
    std::string out;
    out.reserve(s.size());
    for (char c : s) {
        switch (c) {
        case '&':
            out += "&amp;";
            break;
        case '<':
            out += "&lt;";
            break;
        case '>':
            out += "&gt;";
            break;
        case '"':
            out += "&quot;";
            break;
        case '\'':
            out += "&#39;";
            break;
        default:
            out += c;
        }
    }
    return out;
}

} // namespace

std::string_view to_string(ReportBy by) {
    switch (by) {
    case ReportBy::cell:
        return "cell";
    case ReportBy::compound:
        return "compound";
    case ReportBy::community:
        return "community";
    }
    return "cell";
}

ReportBy report_by_from_string(std::string_view text) {
    for (ReportBy by : {ReportBy::cell, ReportBy::compound, ReportBy::community}) {
        if (text == to_string(by)) {
            return by;
        }
    }
    throw InputError("'" + std::string(text) +
                     "' is not a report grouping (expected cell, compound or community)");
}

std::optional<std::size_t> ReportTable::column(std::string_view id) const {
    for (std::size_t i = 0; i < columns.size(); ++i) {
        if (columns[i].id == id) {
            return i;
        }
    }
    return std::nullopt;
}

ReportTable build_report(const Project& project, ReportBy by, const ReportOptions& options) {
    const detail::ProjectImpl& p = project.impl();
    ReportTable t;
    t.by = by;
    t.households_min = options.households_min.value_or(
        static_cast<int>(detail::setting_number(p, "households_min", 300)));
    t.households_max = options.households_max.value_or(
        static_cast<int>(detail::setting_number(p, "households_max", 500)));

    sqlite3* db = detail::sqlite_handle(p);
    // The project's kept analysis (gridmap/analysis.hpp): the snapshot and assignment the
    // check and the map use, computed once per project state (a second report, or the three
    // of current_figures, read it again at no cost).
    CheckOptions analysis_options;
    analysis_options.threads = options.threads;
    const std::shared_ptr<const Analysis> analysis = Analysis::current(project, analysis_options);
    const detail::AnalysisState& state = detail::state_of(*analysis);
    const detail::Snapshot& s = *state.snapshot;
    const detail::Assignment& a = *state.assignment;
    const BuildingFacts facts = read_building_facts(db, s);
    const bool relational = detail::table_exists(db, "building");
    for (const Item& c : s.communities) {
        t.communities.emplace_back(c.key, c.name);
    }
    // Households per cell: rules::households_per_cell, as cell_households_in_range counts them.
    const std::vector<std::int64_t> cell_households =
        relational ? state.households_per_cell : std::vector<std::int64_t>(s.cells.size(), 0);
    auto in_range = [&](std::int64_t households) {
        return households >= t.households_min && households <= t.households_max;
    };
    const std::map<std::string, std::string> grid_workers =
        relational ? staff_names(db, "grid_worker") : std::map<std::string, std::string>{};
    auto name_of = [](const std::map<std::string, std::string>& names, const std::string& key) {
        auto it = names.find(key);
        return it == names.end() ? std::string() : it->second;
    };

    std::vector<Figures> figures;
    Figures total; // every row together, for the distinct party groups

    if (by == ReportBy::cell) {
        std::vector<std::optional<std::size_t>> cell_group(s.cells.size());
        for (std::size_t c = 0; c < s.cells.size(); ++c) {
            cell_group[c] = c;
        }
        figures = group_figures(s, a, facts, detail::building_cells(a), cell_group, s.cells.size());
        t.columns = {text_column("cell_code", "网格编码"), text_column("cell_name", "网格名称"),
                     text_column("grid_worker", "网格员", true)};
        append(t.columns, building_columns());
        t.columns.push_back(count_column("open_issues", "未办结问题"));
        t.columns.push_back({"repair_m", "维修段长度（米）", ColumnKind::metres, false});
        append(t.columns, tail_columns);
        t.columns.push_back({"households_in_range", "户数达标", ColumnKind::flag, true});
        for (std::size_t c = 0; c < s.cells.size(); ++c) {
            const Figures& x = figures[c];
            std::vector<ReportValue> row = {text_value(s.cells[c].key), text_value(s.cells[c].name),
                                            text_value(name_of(grid_workers, s.cells[c].key))};
            append(row, building_values(x));
            row.push_back(number_value(0)); // open_issues: set_open_issues
            row.push_back(number_value(x.repair_m));
            append(row, tail_values(x));
            row.push_back(number_value(in_range(cell_households[c]) ? 1 : 0));
            t.rows.push_back(std::move(row));
            total.add(x);
        }
    } else if (by == ReportBy::compound) {
        std::unordered_map<std::string, std::size_t> index;
        for (std::size_t k = 0; k < s.compounds.size(); ++k) {
            index[s.compounds[k].key] = k;
        }
        std::vector<std::optional<std::size_t>> building_group(s.buildings.size());
        std::vector<std::set<std::string>> cells_of(s.compounds.size());
        for (std::size_t i = 0; i < s.buildings.size(); ++i) {
            if (auto it = index.find(s.buildings[i].a); it != index.end()) {
                building_group[i] = it->second;
                if (const auto& cell = a.building_cell[i].parent) {
                    cells_of[it->second].insert(s.cells[*cell].key);
                }
            }
        }
        figures = group_figures(s, a, facts, building_group, {}, s.compounds.size());
        const std::map<std::string, std::string> captains =
            relational ? staff_names(db, "compound_captain") : std::map<std::string, std::string>{};
        t.columns = {text_column("compound_id", "小区编号"),
                     text_column("compound_name", "小区名称"), text_column("community", "社区编码"),
                     text_column("compound_captain", "小区长", true),
                     text_column("cell_codes", "所在网格")};
        append(t.columns, building_columns());
        append(t.columns, tail_columns);
        for (std::size_t k = 0; k < s.compounds.size(); ++k) {
            const Item& c = s.compounds[k];
            std::string cells;
            for (const std::string& code : cells_of[k]) {
                cells += (cells.empty() ? "" : "; ") + code;
            }
            std::vector<ReportValue> row = {text_value(c.key), text_value(c.name), text_value(c.a),
                                            text_value(name_of(captains, c.key)),
                                            text_value(cells)};
            append(row, building_values(figures[k]));
            append(row, tail_values(figures[k]));
            t.rows.push_back(std::move(row));
            total.add(figures[k]);
        }
    } else {
        std::unordered_map<std::string, std::size_t> index;
        for (std::size_t k = 0; k < s.communities.size(); ++k) {
            index[s.communities[k].key] = k;
        }
        std::vector<std::optional<std::size_t>> cell_group(s.cells.size());
        std::vector<std::int64_t> cells(s.communities.size(), 0);
        std::vector<std::int64_t> without_worker(s.communities.size(), 0);
        std::vector<std::int64_t> cells_in_range(s.communities.size(), 0);
        std::vector<std::int64_t> compounds(s.communities.size(), 0);
        for (std::size_t c = 0; c < s.cells.size(); ++c) {
            if (auto it = index.find(s.cells[c].a); it != index.end()) {
                cell_group[c] = it->second;
                ++cells[it->second];
                without_worker[it->second] += grid_workers.contains(s.cells[c].key) ? 0 : 1;
                cells_in_range[it->second] += in_range(cell_households[c]) ? 1 : 0;
            }
        }
        for (const Item& k : s.compounds) {
            if (auto it = index.find(k.a); it != index.end()) {
                ++compounds[it->second];
            }
        }
        std::vector<std::optional<std::size_t>> building_group(s.buildings.size());
        for (std::size_t i = 0; i < s.buildings.size(); ++i) {
            if (const auto& cell = a.building_cell[i].parent) {
                building_group[i] = cell_group[*cell];
            }
        }
        figures = group_figures(s, a, facts, building_group, cell_group, s.communities.size());
        t.columns = {text_column("community_code", "社区编码"),
                     text_column("community_name", "社区名称"),
                     text_column("street", "街道"),
                     count_column("cells", "网格"),
                     count_column("cells_without_grid_worker", "无网格员网格", true),
                     count_column("cells_households_in_range", "户数达标网格"),
                     count_column("compounds", "小区")};
        append(t.columns, building_columns());
        t.columns.push_back(count_column("open_issues", "未办结问题"));
        t.columns.push_back({"repair_m", "维修段长度（米）", ColumnKind::metres, false});
        append(t.columns, tail_columns);
        for (std::size_t k = 0; k < s.communities.size(); ++k) {
            const Item& c = s.communities[k];
            const Figures& x = figures[k];
            std::vector<ReportValue> row = {text_value(c.key), text_value(c.name), text_value(c.a)};
            for (std::int64_t v : {cells[k], without_worker[k], cells_in_range[k], compounds[k]}) {
                row.push_back(number_value(static_cast<double>(v)));
            }
            append(row, building_values(x));
            row.push_back(number_value(0)); // open_issues: set_open_issues
            row.push_back(number_value(x.repair_m));
            append(row, tail_values(x));
            t.rows.push_back(std::move(row));
            total.add(x);
        }
    }
    set_open_issues(project, t, options.as_of.value_or(detail::now_seconds()));
    // Rows by code: the snapshot reads each table ordered by its key already; sort to be sure
    // of byte order whatever SQLite's collation.
    std::stable_sort(t.rows.begin(), t.rows.end(),
                     [](const auto& x, const auto& y) { return x[0].text < y[0].text; });
    // Totals: sums of the rows, except party groups counted once over all rows.
    std::vector<ReportValue> sums(t.columns.size());
    for (const auto& row : t.rows) {
        for (std::size_t c = 0; c < t.columns.size(); ++c) {
            sums[c].number += row[c].number;
        }
    }
    if (auto pg = t.column("party_groups")) {
        sums[*pg].number = static_cast<double>(total.party_groups.size());
    }
    t.totals = totals_row(t.columns, sums);
    return t;
}

std::string report_to_csv(const ReportTable& t, bool bom) {
    std::string o = bom ? "\xEF\xBB\xBF" : "";
    for (std::size_t c = 0; c < t.columns.size(); ++c) {
        o += (c > 0 ? "," : "") + csv_field(t.columns[c].id);
    }
    o += "\n";
    auto row = [&](const std::vector<ReportValue>& values, bool total) {
        for (std::size_t c = 0; c < t.columns.size(); ++c) {
            o += (c > 0 ? "," : "") + csv_field(value_text(t.columns[c], values[c], total));
        }
        o += "\n";
    };
    for (const auto& r : t.rows) {
        row(r, false);
    }
    if (!t.totals.empty()) {
        row(t.totals, true);
    }
    return o;
}

std::string report_to_json(const ReportTable& t) {
    std::string o = "{\n  \"by\": " + json_quote(to_string(t.by)) + ",\n";
    o += "  \"households_min\": " + std::to_string(t.households_min) + ",\n";
    o += "  \"households_max\": " + std::to_string(t.households_max) + ",\n";
    o += "  \"rows\": [";
    for (std::size_t r = 0; r < t.rows.size(); ++r) {
        o += std::string(r > 0 ? "," : "") + "\n    {";
        for (std::size_t c = 0; c < t.columns.size(); ++c) {
            o += std::string(c > 0 ? ", " : "") + json_quote(t.columns[c].id) + ": " +
                 json_value(t.columns[c], t.rows[r][c]);
        }
        o += "}";
    }
    o += t.rows.empty() ? "],\n" : "\n  ],\n";
    o += "  \"totals\": {";
    bool first = true;
    for (std::size_t c = 0; c < t.columns.size() && c < t.totals.size(); ++c) {
        const ColumnKind k = t.columns[c].kind;
        if (k != ColumnKind::integer && k != ColumnKind::metres) {
            continue;
        }
        o += std::string(first ? "" : ", ") + json_quote(t.columns[c].id) + ": " +
             json_value(t.columns[c], t.totals[c]);
        first = false;
    }
    o += "}\n}\n";
    return o;
}

// ---------------------------------------------------------------------------------- the map

namespace {

/// Appends the rings of every polygon in `g` (polygons, multipolygons, collections).
void append_rings(GEOSContextHandle_t ctx, const GEOSGeometry* g,
                  std::vector<std::vector<MapPoint>>& rings) {
    const int type = GEOSGeomTypeId_r(ctx, g);
    if (type == GEOS_MULTIPOLYGON || type == GEOS_GEOMETRYCOLLECTION) {
        for (int i = 0; i < GEOSGetNumGeometries_r(ctx, g); ++i) {
            append_rings(ctx, GEOSGetGeometryN_r(ctx, g, i), rings);
        }
        return;
    }
    if (type != GEOS_POLYGON) {
        return;
    }
    auto ring = [&](const GEOSGeometry* r) {
        const GEOSCoordSequence* seq = GEOSGeom_getCoordSeq_r(ctx, r);
        unsigned n = 0;
        if (seq == nullptr || GEOSCoordSeq_getSize_r(ctx, seq, &n) != 1 || n == 0) {
            return;
        }
        std::vector<MapPoint> pts(n);
        for (unsigned k = 0; k < n; ++k) {
            GEOSCoordSeq_getXY_r(ctx, seq, k, &pts[k].x, &pts[k].y);
        }
        rings.push_back(std::move(pts));
    };
    ring(GEOSGetExteriorRing_r(ctx, g));
    for (int i = 0; i < GEOSGetNumInteriorRings_r(ctx, g); ++i) {
        ring(GEOSGetInteriorRingN_r(ctx, g, i));
    }
}

/// A point inside `g` for its label: the centroid when it lies inside, else a point on the
/// surface.
MapPoint label_point(GEOSContextHandle_t ctx, const GEOSGeometry* g) {
    detail::Geom p(ctx, GEOSGetCentroid_r(ctx, g));
    if (!p || GEOSIntersects_r(ctx, g, p.get()) != 1) {
        p = detail::Geom(ctx, GEOSPointOnSurface_r(ctx, g));
    }
    MapPoint out;
    if (p && GEOSisEmpty_r(ctx, p.get()) == 0) {
        GEOSGeomGetX_r(ctx, p.get(), &out.x);
        GEOSGeomGetY_r(ctx, p.get(), &out.y);
    }
    return out;
}

std::vector<MapShape> shapes(GEOSContextHandle_t ctx, const std::vector<Item>& items, bool labels) {
    std::vector<MapShape> out;
    out.reserve(items.size());
    for (const Item& it : items) {
        MapShape m;
        m.key = it.key;
        m.name = it.name;
        append_rings(ctx, it.geom.get(), m.rings);
        if (labels) {
            m.label = label_point(ctx, it.geom.get());
        }
        out.push_back(std::move(m));
    }
    return out;
}

/// Rings of a WKT geometry (for the gaps and overlaps of a check).
std::vector<std::vector<MapPoint>> wkt_rings(GEOSContextHandle_t ctx, const std::string& wkt) {
    std::vector<std::vector<MapPoint>> rings;
    GEOSWKTReader* reader = GEOSWKTReader_create_r(ctx);
    detail::Geom g(ctx, GEOSWKTReader_read_r(ctx, reader, wkt.c_str()));
    GEOSWKTReader_destroy_r(ctx, reader);
    if (g) {
        append_rings(ctx, g.get(), rings);
    }
    return rings;
}

/// Working CRS -> SVG pixels, north up.
struct Frame {
    double min_x = 0;
    double max_y = 0;
    double scale = 1; ///< pixels per metre
    double pad = 24;
    double width = 0; ///< of the drawing, without padding
    double height = 0;
    double px(double x) const { return pad + (x - min_x) * scale; }
    double py(double y) const { return pad + (max_y - y) * scale; }
};

std::string num(double v) {
    return fixed(v, 1);
}

/// SVG path data of rings ("M x y L x y ... Z" per ring), with repeated pixels dropped.
std::string path_data(const Frame& f, const std::vector<std::vector<MapPoint>>& rings) {
    std::string d;
    for (const auto& ring : rings) {
        std::vector<std::string> points;
        for (const MapPoint& p : ring) {
            std::string xy = num(f.px(p.x)) + " " + num(f.py(p.y));
            if (points.empty() || points.back() != xy) {
                points.push_back(std::move(xy));
            }
        }
        if (points.size() > 1 && points.back() == points.front()) {
            points.pop_back(); // Z closes the ring
        }
        if (points.size() < 2) {
            continue;
        }
        d += (d.empty() ? "M" : " M") + points[0] + " L";
        for (std::size_t i = 1; i < points.size(); ++i) {
            d += " " + points[i];
        }
        d += "Z";
    }
    return d;
}

void extend(std::optional<std::array<double, 4>>& box,
            const std::vector<std::vector<MapPoint>>& rings) {
    for (const auto& ring : rings) {
        for (const MapPoint& p : ring) {
            if (!box) {
                box = std::array<double, 4>{p.x, p.y, p.x, p.y};
            } else {
                (*box)[0] = std::min((*box)[0], p.x);
                (*box)[1] = std::min((*box)[1], p.y);
                (*box)[2] = std::max((*box)[2], p.x);
                (*box)[3] = std::max((*box)[3], p.y);
            }
        }
    }
}

/// A round length for a scale bar close to (and not above) `target` metres.
double nice_length(double target) {
    const double p = std::pow(10.0, std::floor(std::log10(target)));
    for (double m : {5.0, 2.0, 1.0}) {
        if (m * p <= target) {
            return m * p;
        }
    }
    return p;
}

std::string length_text(double m) {
    return m >= 1000 ? fixed(m / 1000, m >= 10000 ? 0 : 1) + " km" : fixed(m, 0) + " m";
}

std::string svg_map(const ReportMap& map, const CheckResult& check, const HtmlOptions& options) {
    detail::GeosContext ctx;
    std::vector<std::vector<std::vector<MapPoint>>> gaps;
    std::vector<std::vector<std::vector<MapPoint>>> overlaps;
    for (const Gap& g : check.gaps) {
        gaps.push_back(wkt_rings(ctx, g.wkt));
    }
    for (const CellOverlap& o : check.overlaps) {
        overlaps.push_back(wkt_rings(ctx, o.wkt));
    }
    std::optional<std::array<double, 4>> box;
    for (const auto* layer : {&map.communities, &map.cells}) {
        for (const MapShape& s : *layer) {
            extend(box, s.rings);
        }
    }
    for (const auto& g : gaps) {
        extend(box, g);
    }
    if (!box) {
        for (const MapShape& s : map.buildings) {
            extend(box, s.rings);
        }
    }
    if (!box) {
        return "<p class=\"note\">没有可绘制的图形（项目中没有社区、网格或楼栋）。</p>\n";
    }
    auto [x0, y0, x1, y1] = *box;
    const double margin = std::max({x1 - x0, y1 - y0, 1.0}) * 0.03;
    x0 -= margin;
    y0 -= margin;
    x1 += margin;
    y1 += margin;
    Frame f;
    f.min_x = x0;
    f.max_y = y1;
    f.scale = std::min(960.0 / (x1 - x0), 1100.0 / (y1 - y0));
    f.width = (x1 - x0) * f.scale;
    f.height = (y1 - y0) * f.scale;
    const double w = f.width + 2 * f.pad;
    const double h = f.height + 2 * f.pad + 28; // room for the scale bar and source line

    std::set<std::string> problem_buildings;
    for (const char* rule : {"building_in_cell", "building_not_cut"}) {
        if (const RuleResult* r = check.rule(rule)) {
            for (const Uncovered& u : r->uncovered) {
                problem_buildings.insert(u.id);
            }
        }
    }

    std::string o = "<svg class=\"map\" viewBox=\"0 0 " + num(w) + " " + num(h) +
                    "\" role=\"img\" aria-label=\"网格图\">\n";
    o += "<defs><pattern id=\"gap-hatch\" width=\"6\" height=\"6\" patternUnits=\"userSpaceOnUse\" "
         "patternTransform=\"rotate(45)\"><rect width=\"6\" height=\"6\" fill=\"#fde0e0\"/>"
         "<line x1=\"0\" y1=\"0\" x2=\"0\" y2=\"6\" stroke=\"#d32f2f\" stroke-width=\"3\"/>"
         "</pattern></defs>\n";
    o += "<rect class=\"frame\" x=\"0\" y=\"0\" width=\"" + num(w) + "\" height=\"" + num(h) +
         "\"/>\n";
    auto shape_path = [&](const char* cls, const MapShape& s) {
        return "<path class=\"" + std::string(cls) + "\" data-key=\"" + html_escape(s.key) +
               "\" d=\"" + path_data(f, s.rings) + "\"><title>" + html_escape(s.key) +
               (s.name.empty() ? "" : " " + html_escape(s.name)) + "</title></path>\n";
    };
    o += "<g class=\"communities\">\n";
    for (const MapShape& s : map.communities) {
        o += shape_path("community", s);
    }
    o += "</g>\n<g class=\"cells\">\n";
    for (const MapShape& s : map.cells) {
        o += shape_path("cell", s);
    }
    o += "</g>\n<g class=\"buildings\">\n";
    for (const MapShape& s : map.buildings) {
        o += shape_path(problem_buildings.contains(s.key) ? "building problem" : "building", s);
    }
    o += "</g>\n<g class=\"overlaps\">\n";
    for (std::size_t i = 0; i < overlaps.size(); ++i) {
        const CellOverlap& ov = check.overlaps[i];
        o += "<path class=\"overlap\" d=\"" + path_data(f, overlaps[i]) + "\"><title>重叠 " +
             html_escape(ov.cell_a) + " / " + html_escape(ov.cell_b) + ": " + fixed(ov.area_m2, 1) +
             " m²</title></path>\n";
    }
    o += "</g>\n<g class=\"gaps\">\n";
    for (std::size_t i = 0; i < gaps.size(); ++i) {
        o += "<path class=\"gap\" d=\"" + path_data(f, gaps[i]) + "\"><title>缝隙 " +
             html_escape(check.gaps[i].community) + ": " + fixed(check.gaps[i].area_m2, 1) +
             " m²</title></path>\n";
        // A gap too small to see gets a ring around it.
        std::optional<std::array<double, 4>> gb;
        extend(gb, gaps[i]);
        if (gb && std::max((*gb)[2] - (*gb)[0], (*gb)[3] - (*gb)[1]) * f.scale < 12) {
            o += "<circle class=\"gap-marker\" cx=\"" + num(f.px(((*gb)[0] + (*gb)[2]) / 2)) +
                 "\" cy=\"" + num(f.py(((*gb)[1] + (*gb)[3]) / 2)) + "\" r=\"10\"/>\n";
        }
    }
    o += "</g>\n<g class=\"community-outlines\">\n";
    for (const MapShape& s : map.communities) {
        o += "<path class=\"community-outline\" d=\"" + path_data(f, s.rings) + "\"/>\n";
    }
    o += "</g>\n<g class=\"labels\">\n";
    for (const MapShape& s : map.cells) {
        const std::string label = s.key.size() > 3 ? s.key.substr(s.key.size() - 3) : s.key;
        o += "<text class=\"cell-label\" x=\"" + num(f.px(s.label.x)) + "\" y=\"" +
             num(f.py(s.label.y)) + "\">" + html_escape(label) + "</text>\n";
    }
    o += "</g>\n";
    // North arrow, top right.
    const double nx = f.pad + f.width - 18;
    const double ny = f.pad + 8;
    o += "<g class=\"north\"><path d=\"M" + num(nx) + " " + num(ny) + " L" + num(nx + 8) + " " +
         num(ny + 26) + " L" + num(nx) + " " + num(ny + 20) + " L" + num(nx - 8) + " " +
         num(ny + 26) + "Z\"/><text x=\"" + num(nx) + "\" y=\"" + num(ny + 42) +
         "\">N</text></g>\n";
    // Scale bar, bottom left, about a fifth of the width.
    const double bar_m = nice_length(f.width / f.scale / 5);
    const double bar_px = bar_m * f.scale;
    const double bx = f.pad;
    const double by = f.pad + f.height + 18;
    o += "<g class=\"scale-bar\"><path d=\"M" + num(bx) + " " + num(by - 6) + " L" + num(bx) + " " +
         num(by) + " L" + num(bx + bar_px) + " " + num(by) + " L" + num(bx + bar_px) + " " +
         num(by - 6) + "\"/><text x=\"" + num(bx + bar_px + 6) + "\" y=\"" + num(by) + "\">" +
         length_text(bar_m) + "</text></g>\n";
    std::string source = "数据来源：" + options.source_name;
    if (map.epsg != 0) {
        source += " · EPSG:" + std::to_string(map.epsg);
    }
    if (options.osm) {
        source += " · 底图 © OpenStreetMap 贡献者";
    }
    o += "<text class=\"source\" x=\"" + num(f.pad + f.width) + "\" y=\"" + num(by) + "\">" +
         html_escape(source) + "</text>\n";
    o += "</svg>\n";
    return o;
}

constexpr const char* css =
    R"(body{font-family:"Noto Sans CJK SC","Source Han Sans SC","PingFang SC","Microsoft YaHei",sans-serif;margin:24px;color:#222;background:#fff}
h1{font-size:22px;margin:0 0 4px}
h2{font-size:17px;margin:28px 0 8px;border-bottom:1px solid #ccc;padding-bottom:4px}
p.meta,p.note{color:#555;font-size:13px;margin:4px 0}
table{border-collapse:collapse;font-size:13px}
th,td{border:1px solid #ccc;padding:3px 6px;vertical-align:top;white-space:nowrap}
th{white-space:normal;min-width:3.2em}
div.scroll{overflow-x:auto;max-width:100%}
th{background:#f2f4f7;font-weight:600;text-align:center}
td.num{text-align:right;font-variant-numeric:tabular-nums}
td.short{background:#fff1e6;color:#b34700;font-weight:600}
tfoot td{background:#f7f7f7;font-weight:600}
tr.no td.status{color:#c62828;font-weight:700}
tr.ok td.status{color:#2e7d32;font-weight:700}
td.items{font-size:12px;color:#444;white-space:normal}
code{font-family:"DejaVu Sans Mono",monospace;font-size:12px}
.figure{max-width:1010px}
svg.map{width:100%;height:auto;display:block}
img.map{max-width:100%;height:auto;display:block}
svg.map .frame{fill:#fff;stroke:#bbb}
svg.map .community{fill:#f6f3e9;stroke:none}
svg.map .community-outline{fill:none;stroke:#333;stroke-width:2.5}
svg.map .cell{fill:#e8f1fb;fill-opacity:.55;stroke:#1f5fa8;stroke-width:1.3}
svg.map .building{fill:#9e9e9e;stroke:#616161;stroke-width:.5}
svg.map .building.problem{fill:#ef9a9a;stroke:#c62828;stroke-width:1.2}
svg.map .overlap{fill:#ff9800;fill-opacity:.55;stroke:#e65100;stroke-width:2}
svg.map .gap{fill:url(#gap-hatch);stroke:#d32f2f;stroke-width:3}
svg.map .gap-marker{fill:none;stroke:#d32f2f;stroke-width:2}
svg.map .cell-label{font-size:15px;font-weight:700;fill:#0d3c75;text-anchor:middle;dominant-baseline:middle;paint-order:stroke;stroke:#fff;stroke-width:3px}
svg.map .north path{fill:#333}
svg.map .north text{font-size:13px;font-weight:700;text-anchor:middle}
svg.map .scale-bar path{fill:none;stroke:#333;stroke-width:2}
svg.map .scale-bar text,svg.map .source{font-size:12px;fill:#333}
svg.map .source{text-anchor:end}
.legend{font-size:12px;color:#333;margin:6px 0}
.legend span.sw{display:inline-block;width:14px;height:10px;margin:0 4px 0 12px;vertical-align:middle;border:1px solid #555}
@media print{body{margin:8mm}h2{break-after:avoid}}
)";

std::string title_of(const ReportTable& t, const HtmlOptions& options) {
    std::string names;
    const std::size_t shown = std::min<std::size_t>(t.communities.size(), 3);
    for (std::size_t i = 0; i < shown; ++i) {
        names += (i > 0 ? "、" : "") + (t.communities[i].second.empty() ? t.communities[i].first
                                                                        : t.communities[i].second);
    }
    if (t.communities.size() > shown) {
        names += " 等 " + std::to_string(t.communities.size()) + " 个社区";
    }
    const char* what = t.by == ReportBy::cell       ? "网格报表"
                       : t.by == ReportBy::compound ? "小区报表"
                                                    : "社区报表";
    std::string title = names.empty() ? what : names + " " + what;
    if (!options.date.empty()) {
        title += " " + options.date;
    }
    return title;
}

} // namespace

ReportMap build_report_map(const Project& project) {
    const detail::ProjectImpl& p = project.impl();
    detail::GeosContext ctx;
    const detail::Snapshot s = detail::load_snapshot(p, ctx);
    ReportMap m;
    m.epsg = p.epsg;
    m.communities = shapes(ctx, s.communities, true);
    m.cells = shapes(ctx, s.cells, true);
    m.buildings = shapes(ctx, s.buildings, false);
    return m;
}

std::string report_to_html(const ReportTable& t, const CheckResult& check, const ReportMap& map,
                           const HtmlOptions& options) {
    const std::string title = title_of(t, options);
    std::string o = "<!DOCTYPE html>\n<html lang=\"zh-CN\">\n<head>\n<meta charset=\"utf-8\">\n"
                    "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
                    "<title>" +
                    html_escape(title) + "</title>\n<style>\n" + css +
                    "</style>\n</head>\n<body>\n";
    o += "<h1>" + html_escape(title) + "</h1>\n";
    o += "<p class=\"meta\">数据来源：" + html_escape(options.source_name) +
         (map.epsg != 0 ? " · EPSG:" + std::to_string(map.epsg) : "") + " · " +
         std::to_string(t.rows.size()) + " 行 · 户数目标 " + std::to_string(t.households_min) +
         "–" + std::to_string(t.households_max) + " 户/网格</p>\n";

    // The figures.
    o += "<h2>统计表</h2>\n<div class=\"scroll\">\n<table class=\"figures\">\n<thead><tr>";
    for (const ReportColumn& c : t.columns) {
        o += "<th title=\"" + html_escape(c.id) + "\">" + html_escape(c.title_zh) + "</th>";
    }
    o += "</tr></thead>\n<tbody>\n";
    auto cells = [&](const std::vector<ReportValue>& row, bool total) {
        std::string r;
        for (std::size_t c = 0; c < t.columns.size(); ++c) {
            const ReportColumn& col = t.columns[c];
            std::string text = value_text(col, row[c], total);
            if (col.kind == ColumnKind::flag && !total) {
                text = row[c].number != 0 ? "是" : "否";
            }
            const bool shortfall = !total && col.shortfall &&
                                   (col.kind == ColumnKind::text   ? row[c].text.empty()
                                    : col.kind == ColumnKind::flag ? row[c].number == 0
                                                                   : row[c].number != 0);
            std::string cls = col.kind == ColumnKind::text ? "" : "num";
            if (shortfall) {
                cls += cls.empty() ? "short" : " short";
            }
            r += "<td" + (cls.empty() ? std::string() : " class=\"" + cls + "\"") + ">" +
                 html_escape(text) + "</td>";
        }
        return r;
    };
    for (const auto& row : t.rows) {
        o += "<tr>" + cells(row, false) + "</tr>\n";
    }
    o += "</tbody>\n";
    if (!t.totals.empty()) {
        std::vector<ReportValue> totals = t.totals;
        totals[0].text = "合计";
        o += "<tfoot><tr>" + cells(totals, true) + "</tr></tfoot>\n";
    }
    o += "</table>\n</div>\n";
    o += std::string("<p class=\"note\">") +
         (t.by == ReportBy::compound ? "楼栋按其所属小区计；"
                                     : "楼栋按最大重叠面积归属网格，不在任何网格内的不计；") +
         "“无党小组楼栋”“无楼栋长楼栋”只计住宅楼栋；合计中党小组按不同党小组计数。</p>\n";

    // The coverage rules.
    std::size_t holding = 0;
    for (const RuleResult& r : check.rules) {
        holding += r.holds() ? 1 : 0;
    }
    o += "<h2>覆盖检查</h2>\n<p class=\"meta\">" + std::to_string(holding) + " / " +
         std::to_string(check.rules.size()) + " 项规则满足；缝隙 " +
         std::to_string(check.gaps.size()) + " 处，重叠 " + std::to_string(check.overlaps.size()) +
         " 处（容差 " + fixed(check.tolerance_m2, 1) + " m²）</p>\n";
    o += "<table class=\"rules\">\n<thead><tr><th></th><th>规则</th><th>满足/总数</th><th>比例</th>"
         "<th>未满足（前 " +
         std::to_string(options.max_items) + " 项）</th></tr></thead>\n<tbody>\n";
    for (const RuleResult& r : check.rules) {
        o += std::string("<tr class=\"") + (r.holds() ? "ok" : "no") + "\"><td class=\"status\">" +
             (r.holds() ? "✓" : "✗") + "</td><td title=\"" + html_escape(r.id) + "\">" +
             html_escape(r.title_zh) + "</td><td class=\"num\">" + std::to_string(r.covered) + "/" +
             std::to_string(r.total) + "</td><td class=\"num\">" + fixed(r.share() * 100.0, 1) +
             "%</td><td class=\"items\">";
        for (std::size_t i = 0; i < r.uncovered.size() && i < options.max_items; ++i) {
            const Uncovered& u = r.uncovered[i];
            o += (i > 0 ? "<br>" : "") + std::string("<code>") + html_escape(u.id) + "</code>" +
                 (u.name.empty() ? "" : " " + html_escape(u.name)) +
                 (u.detail_zh.empty() ? "" : "：" + html_escape(u.detail_zh));
        }
        if (r.uncovered.size() > options.max_items) {
            o += "<br>… 另有 " + std::to_string(r.uncovered.size() - options.max_items) + " 项";
        }
        o += "</td></tr>\n";
    }
    o += "</tbody>\n</table>\n";
    if (!check.gaps.empty() || !check.overlaps.empty()) {
        o += "<ul class=\"tiling\">\n";
        for (const Gap& g : check.gaps) {
            o += "<li>缝隙 · 社区 " + html_escape(g.community) + "：" + fixed(g.area_m2, 1) +
                 " m²</li>\n";
        }
        for (const CellOverlap& ov : check.overlaps) {
            o += "<li>重叠 · 网格 " + html_escape(ov.cell_a) + " / " + html_escape(ov.cell_b) +
                 "：" + fixed(ov.area_m2, 1) + " m²</li>\n";
        }
        o += "</ul>\n";
    }

    // The map.
    if (!options.map_image_uri.empty()) {
        o += "<h2>网格图</h2>\n<div class=\"figure\">\n<img class=\"map\" alt=\"网格图\" src=\"" +
             html_escape(options.map_image_uri) + "\">\n</div>\n</body>\n</html>\n";
        return o;
    }
    o += "<h2>网格图</h2>\n<div class=\"figure\">\n" + svg_map(map, check, options);
    o += "<p class=\"legend\"><span class=\"sw\" style=\"background:#f6f3e9;border:2px solid "
         "#333\"></span>社区<span class=\"sw\" style=\"background:#e8f1fb;border-color:#1f5fa8\">"
         "</span>网格（编码后三位）<span class=\"sw\" style=\"background:#9e9e9e\"></span>楼栋"
         "<span class=\"sw\" style=\"background:#ef9a9a;border-color:#c62828\"></span>"
         "不在网格内或被切分的楼栋<span class=\"sw\" style=\"background:repeating-linear-gradient("
         "45deg,#d32f2f 0 2px,#fde0e0 2px 5px);border-color:#d32f2f\"></span>缝隙"
         "<span class=\"sw\" style=\"background:#ffb74d;border-color:#e65100\"></span>重叠</p>\n";
    o += "</div>\n</body>\n</html>\n";
    return o;
}

} // namespace gridmap
