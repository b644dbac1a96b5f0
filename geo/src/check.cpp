#include "gridmap/check.hpp"

#include "detail/analysis.hpp"
#include "detail/project_impl.hpp"
#include "detail/sqlite.hpp"
#include "gridmap/text.hpp"
#include "rules/rule.hpp"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <limits>
#include <map>
#include <optional>
#include <ostream>
#include <string_view>
#include <unordered_map>

namespace gridmap {

namespace {

using detail::Geom;
using detail::Item;
using rules::Wkt;

using Clock = std::chrono::steady_clock;
double seconds_since(Clock::time_point t) {
    return std::chrono::duration<double>(Clock::now() - t).count();
}

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
    detail::Snapshot s = detail::load_snapshot(p, ctx);
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
    // The relational facts take their buildings from the snapshot (read once) when it holds
    // every building row; fact i is then snapshot building i.
    const bool whole = s.unreadable == 0;
    rules::RelationalFacts facts =
        spatial_tables ? rules::read_relational_facts(db, whole ? &s.buildings : nullptr)
                       : rules::RelationalFacts{};
    std::vector<std::optional<std::size_t>> fact_of;
    fact_of.reserve(s.buildings.size());
    for (std::size_t i = 0; i < s.buildings.size(); ++i) {
        if (spatial_tables && whole) {
            fact_of.emplace_back(i);
            continue;
        }
        const std::size_t hint = fact_of.empty() || !fact_of.back() ? 0 : *fact_of.back() + 1;
        fact_of.push_back(facts.building(s.buildings[i].key, hint));
    }
    std::unordered_map<std::string, std::size_t> community_index;
    for (std::size_t i = 0; i < s.communities.size(); ++i) {
        community_index[s.communities[i].key] = i;
    }
    std::unordered_map<std::string, std::size_t> cell_index;
    for (std::size_t i = 0; i < s.cells.size(); ++i) {
        cell_index[s.cells[i].key] = i;
    }
    result.timings.relational_rules_s = seconds_since(t);

    // Every rule of the registry, in its order; those on the tables of a spatial import only
    // when they exist.
    std::size_t topology_errors = result.topology_errors;
    rules::Input in{
        ctx, wkt, db, s, a, result, facts, fact_of, community_index, cell_index, topology_errors};
    std::vector<RuleResult> results;
    const auto& registry = rules::registry();
    std::size_t geometry_readers = 0; // rules of the registry up to the last that reads them
    for (std::size_t k = 0; k < registry.size(); ++k) {
        geometry_readers = registry[k]->reads_building_geometry ? k + 1 : geometry_readers;
    }
    for (std::size_t k = 0; k < registry.size(); ++k) {
        const rules::Rule* rule = registry[k];
        if (k == geometry_readers) {
            // No later rule reads a building's geometry: at 1M buildings some 400 MB less is
            // held while the relational facts and their uncovered items are built.
            for (Item& b : s.buildings) {
                b.geom.reset();
            }
        }
        if (rule->info.needs_buildings && !spatial_tables) {
            continue;
        }
        t = Clock::now();
        RuleResult r;
        r.id = rule->info.id;
        r.title = rule->info.title;
        r.title_zh = rule->info.title_zh;
        rule->evaluate(in, r);
        finish(r);
        results.push_back(std::move(r));
        (rule->info.needs_buildings ? result.timings.relational_rules_s
                                    : result.timings.spatial_rules_s) += seconds_since(t);
    }
    result.rules = std::move(results);
    result.topology_errors = topology_errors;
    return result;
}

namespace {

/// Writes the JSON of `r` into `o`, handing `o` to `flush` (and clearing it) whenever it holds
/// more than `chunk` bytes between two items.
template <class Flush>
void json_into(const CheckResult& r, std::string& o, std::size_t chunk, Flush flush) {
    auto maybe_flush = [&] {
        if (o.size() > chunk) {
            flush(o);
            o.clear();
        }
    };
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
            maybe_flush();
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
        maybe_flush();
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
        maybe_flush();
    }
    o += r.overlaps.empty() ? "],\n" : "\n  ],\n";
    o += "  \"topology_errors\": ";
    o += std::to_string(r.topology_errors);
    o += "\n}\n";
    flush(o);
}

} // namespace

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
    std::string out;
    out.reserve(size);
    json_into(r, out, std::numeric_limits<std::size_t>::max(), [](const std::string&) {});
    return out;
}

void write_check_json(const CheckResult& r, std::ostream& out) {
    // In chunks of about 4 MB: at 1M buildings the whole text (300 MB) is never held at once.
    constexpr std::size_t chunk = std::size_t{4} << 20;
    std::string o;
    o.reserve(chunk + 4096);
    json_into(r, o, chunk, [&](const std::string& part) {
        out.write(part.data(), static_cast<std::streamsize>(part.size()));
    });
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
                      static_cast<long long>(rule.total), rules::percent(rule.share()).c_str());
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
