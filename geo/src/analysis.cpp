// One analysis per project state (gridmap/analysis.hpp): the snapshot read once, the
// assignment computed once, every rule of the registry evaluated once; check_project, themes
// and the desktop share it, and an edit re-evaluates only the rules reading the tables it
// touched.

#include "gridmap/analysis.hpp"

#include "detail/analysis_state.hpp"
#include "detail/pg.hpp"
#include "detail/project_impl.hpp"
#include "detail/sqlite.hpp"
#include "gridmap/access.hpp"
#include "gridmap/text.hpp"

#include <algorithm>
#include <chrono>
#include <condition_variable>
#include <exception>
#include <future>
#include <map>
#include <mutex>
#include <set>
#include <thread>

namespace gridmap {

namespace {

using detail::AnalysisState;
using detail::Geom;
using detail::Item;

using Clock = std::chrono::steady_clock;
double seconds_since(Clock::time_point t) {
    return std::chrono::duration<double>(Clock::now() - t).count();
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
                          const rules::Wkt& wkt, std::size_t& topology_errors) {
    TilingResult out;
    // Gaps: each community minus the union of its cells.
    std::map<std::string, std::vector<const GEOSGeometry*>> cells_of;
    for (const Item& c : s.cells) {
        cells_of[c.a].push_back(c.geom.get());
    }
    // Communities whose cells cannot overlap one another by more than the tolerance: the sum
    // of their areas exceeds the area of their union by at most the tolerance. (Every point
    // that two cells share is counted at least twice in the sum and once in the union, so the
    // excess is at least the area of any one pairwise overlap.) Only for valid cells, whose
    // areas are what they cover, and with a margin for rounding; the pairs of such a community
    // need no overlap test below.
    std::set<std::string> no_overlap;
    for (const Item& community : s.communities) {
        const auto& mine = cells_of[community.key];
        std::vector<GEOSGeometry*> clones;
        for (const GEOSGeometry* g : mine) {
            clones.push_back(GEOSGeom_clone_r(ctx, g));
        }
        Geom all(ctx, GEOSGeom_createCollection_r(ctx, GEOS_GEOMETRYCOLLECTION, clones.data(),
                                                  static_cast<unsigned>(clones.size())));
        Geom cover(ctx, GEOSUnaryUnion_r(ctx, all.get()));
        if (cover) {
            double sum = 0;
            bool valid = true;
            for (const GEOSGeometry* g : mine) {
                sum += detail::area(ctx, g);
                valid = valid && GEOSisValid_r(ctx, g) == 1;
            }
            const double excess = sum - detail::area(ctx, cover.get());
            const double rounding = 1e-9 * sum + 1e-6;
            if (valid && excess > -rounding && excess <= tolerance - rounding) {
                no_overlap.insert(community.key);
            }
        }
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
    // Cells whose envelopes share at most an edge or a corner (neighbours in a grid) have no
    // interior in common: they intersect only where they touch, which the predicates below
    // would find at the cost of a full relate each.
    struct Box {
        double x0 = 0, y0 = 0, x1 = 0, y1 = 0;
        bool known = false;
    };
    std::vector<Box> boxes(cells.size());
    for (std::size_t i = 0; i < cells.size(); ++i) {
        Box& b = boxes[i];
        b.known = GEOSGeom_getExtent_r(ctx, cells[i], &b.x0, &b.y0, &b.x1, &b.y1) == 1;
    }
    const auto apart = [&](std::size_t i, std::size_t j) {
        const Box& a = boxes[i];
        const Box& b = boxes[j];
        return a.known && b.known &&
               (std::min(a.x1, b.x1) <= std::max(a.x0, b.x0) ||
                std::min(a.y1, b.y1) <= std::max(a.y0, b.y0));
    };
    std::vector<char> quiet(cells.size(), 0);
    for (std::size_t i = 0; i < cells.size(); ++i) {
        quiet[i] = no_overlap.count(s.cells[i].a) > 0 ? 1 : 0;
    }
    const auto same_quiet_community = [&](std::size_t i, std::size_t j) {
        return quiet[i] != 0 && quiet[j] != 0 && s.cells[i].a == s.cells[j].a;
    };
    for (std::size_t i = 0; i < cells.size(); ++i) {
        detail::PreparedPtr prepared(nullptr, detail::PreparedDeleter{ctx}); // when first needed
        for (std::size_t j : detail::query(ctx, tree.get(), cells[i])) {
            if (j <= i || apart(i, j) || same_quiet_community(i, j)) {
                continue;
            }
            if (!prepared) {
                prepared.reset(GEOSPrepare_r(ctx, cells[i]));
            }
            if (GEOSPreparedIntersects_r(ctx, prepared.get(), cells[j]) != 1 ||
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

/// The indexes a rule looks things up by.
struct Indexes {
    std::unordered_map<std::string, std::size_t> community;
    std::unordered_map<std::string, std::size_t> cell;
    explicit Indexes(const detail::Snapshot& s) {
        for (std::size_t i = 0; i < s.communities.size(); ++i) {
            community[s.communities[i].key] = i;
        }
        for (std::size_t i = 0; i < s.cells.size(); ++i) {
            cell[s.cells[i].key] = i;
        }
    }
};

/// Reads the relational facts of `s` and the facts row of each snapshot building.
void read_facts(sqlite3* db, const detail::Snapshot& s, bool spatial_tables,
                rules::RelationalFacts& facts, std::vector<std::optional<std::size_t>>& fact_of) {
    // The facts take their buildings from the snapshot (read once) when it holds every
    // building row; fact i is then snapshot building i.
    const bool whole = s.unreadable == 0;
    facts = spatial_tables ? rules::read_relational_facts(db, whole ? &s.buildings : nullptr)
                           : rules::RelationalFacts{};
    fact_of.clear();
    fact_of.reserve(s.buildings.size());
    for (std::size_t i = 0; i < s.buildings.size(); ++i) {
        if (spatial_tables && whole) {
            fact_of.emplace_back(i);
            continue;
        }
        const std::size_t hint = fact_of.empty() || !fact_of.back() ? 0 : *fact_of.back() + 1;
        fact_of.push_back(facts.building(s.buildings[i].key, hint));
    }
}

/// Evaluates rule `k` of the registry.
RuleResult run_rule(std::size_t k, rules::Input& in) {
    const rules::Rule* rule = rules::registry()[k];
    RuleResult r;
    r.id = rule->info.id;
    r.title = rule->info.title;
    r.title_zh = rule->info.title_zh;
    in.compact = in.compact_items != nullptr ? &(*in.compact_items)[k] : nullptr;
    rule->evaluate(in, r);
    finish(r);
    if (in.compact != nullptr) {
        // Items kept compact (household_pairing and the residential rules make no Uncovered
        // items then): in id order as finish() sorts the items, and counted.
        std::vector<std::size_t>& b = in.compact->buildings;
        const auto& fb = in.facts.buildings;
        const auto by_id = [&](std::size_t x, std::size_t y) {
            return fb[x].id < fb[y].id;
        };
        if (std::adjacent_find(b.begin(), b.end(), [&](std::size_t x, std::size_t y) {
                return !by_id(x, y);
            }) != b.end()) {
            std::sort(b.begin(), b.end(), by_id);
        }
        r.covered -= static_cast<std::int64_t>(in.compact->size());
        in.compact = nullptr;
    }
    return r;
}

/// Evaluates rule `k` of the registry into its slot of st.result.rules.
void evaluate_rule(AnalysisState& st, std::size_t k, rules::Input& in) {
    const rules::Rule* rule = rules::registry()[k];
    const auto t = Clock::now();
    const std::size_t errors_before = in.topology_errors;
    RuleResult r;
    r.id = rule->info.id;
    r.title = rule->info.title;
    r.title_zh = rule->info.title_zh;
    rule->evaluate(in, r);
    finish(r);
    st.rule_topology_errors[k] = in.topology_errors - errors_before;
    if (!st.slot[k]) {
        st.slot[k] = st.result.rules.size();
        st.result.rules.push_back(std::move(r));
    } else {
        st.result.rules[*st.slot[k]] = std::move(r);
    }
    st.evaluated.emplace_back(rule->info.id);
    (rule->info.needs_buildings ? st.result.timings.relational_rules_s
                                : st.result.timings.spatial_rules_s) += seconds_since(t);
}

/// The topology error count of the whole result.
void count_topology_errors(AnalysisState& st) {
    std::size_t errors = st.base_topology_errors;
    for (std::size_t e : st.rule_topology_errors) {
        errors += e;
    }
    st.result.topology_errors = errors;
}

std::vector<std::int64_t> cell_households(const rules::Input& in) {
    return rules::households_per_cell(in);
}

std::mutex& cache_mutex(const Project& project) {
    return project.impl().analysis_mutex;
}

bool same_options(const CheckOptions& a, const CheckOptions& b) {
    return a.tolerance_m2 == b.tolerance_m2 && a.cut_share == b.cut_share &&
           a.households_min == b.households_min && a.households_max == b.households_max &&
           a.service_reach_m == b.service_reach_m;
}

} // namespace

namespace {

/// SQLite's data_version (commits of other connections) of `project`'s connection.
std::int64_t other_commits(const Project& project) {
    // On PostgreSQL every reading is a new version: a database project's analysis is never
    // reused.
    return external_data_version(project);
}

/// Rows written through `project`'s connection (never decreases). GDAL's deferred bookkeeping
/// of a write (feature counts in gpkg_ogr_contents) is flushed first, so that it counts with the
/// write and not with the next read.
std::int64_t own_changes(const Project& project) {
    const detail::ProjectImpl& p = project.impl();
    if (!p.read_only) {
        p.ds->FlushCache();
    }
    if (detail::pg_session(detail::sqlite_handle(p)) != nullptr) {
        return 0; // other_commits gives every reading its own version
    }
    return sqlite3_total_changes64(detail::sqlite_handle(p));
}

std::uint64_t compose_version(std::int64_t other, std::int64_t own) {
    return (static_cast<std::uint64_t>(other) << 40) ^ static_cast<std::uint64_t>(own);
}

/// The version an analysis is made at: other connections' commits counted before it reads
/// (a commit while it reads makes it stale at once), this connection's rows after it (GDAL
/// writes deferred bookkeeping, such as feature counts, on the first read after a write).
class VersionStamp {
public:
    explicit VersionStamp(const Project& project)
        : m_project(project), m_other(other_commits(project)) {}
    std::uint64_t now() const { return compose_version(m_other, own_changes(m_project)); }

private:
    const Project& m_project;
    std::int64_t m_other;
};

} // namespace

namespace detail {

std::shared_ptr<AnalysisState> analyse(const Project& project, const CheckOptions& options,
                                       Keep keep, bool compact_items) {
    const ProjectImpl& p = project.impl();
    auto st = std::make_shared<AnalysisState>();
    std::vector<rules::CompactItems>* compact = nullptr;
    if (compact_items) {
        st->compact.resize(rules::registry().size());
        compact = &st->compact;
    }
    const VersionStamp stamp(project);
    st->options = options;
    CheckResult& result = st->result;
    result.epsg = p.epsg;
    result.tolerance_m2 = options.tolerance_m2.value_or(setting_number(p, "tolerance_m2", 1.0));
    result.cut_share = options.cut_share.value_or(setting_number(p, "cut_share", 0.05));
    result.households_min =
        options.households_min.value_or(static_cast<int>(setting_number(p, "households_min", 300)));
    result.households_max =
        options.households_max.value_or(static_cast<int>(setting_number(p, "households_max", 500)));
    result.service_reach_m =
        options.service_reach_m.value_or(setting_number(p, "service_reach_m", 500.0));
    const unsigned threads = options.threads == 0 ? analysis_threads() : options.threads;

    GeosContext ctx;
    const rules::Wkt wkt(ctx);
    sqlite3* db = sqlite_handle(p);
    st->spatial_tables = table_exists(db, "building");

    auto t = Clock::now();
    auto s = std::make_shared<Snapshot>(load_snapshot(p, ctx));
    result.timings.read_s = seconds_since(t);

    // Gaps and overlaps read only the cells and communities: with a second core they are
    // computed on a thread of their own (own GEOS context) beside the assignment, and taken by
    // the spatial rules' thread below; the envelopes both threads read are computed first.
    struct Tiling {
        TilingResult result;
        std::size_t errors = 0;
        double seconds = 0;
    };
    const double tolerance = result.tolerance_m2;
    const auto tiling_of = [s, tolerance](GEOSContextHandle_t c, const rules::Wkt& w) {
        const auto t0 = Clock::now();
        Tiling out;
        out.result = check_tiling(c, *s, tolerance, w, out.errors);
        out.seconds = seconds_since(t0);
        return out;
    };
    std::future<Tiling> early_tiling;
    if (threads > 1) {
        detail::cache_envelopes(ctx, detail::geometries(s->cells));
        detail::cache_envelopes(ctx, detail::geometries(s->communities));
        early_tiling = std::async(std::launch::async, [tiling_of] {
            GeosContext thread_ctx;
            const rules::Wkt thread_wkt(thread_ctx);
            return tiling_of(thread_ctx, thread_wkt);
        });
    }

    t = Clock::now();
    auto a = std::make_shared<const Assignment>(compute_assignment(ctx, *s, threads));
    std::size_t errors = a->topology_errors;
    result.timings.assign_s = seconds_since(t);

    // Every rule of the registry, in its order; those on the tables of a spatial import only
    // when they exist. Their slots in result.rules are fixed first, so that rules may be
    // evaluated on two threads.
    const auto& registry = rules::registry();
    st->slot.assign(registry.size(), std::nullopt);
    st->rule_topology_errors.assign(registry.size(), 0);
    std::vector<std::size_t> to_run;
    for (std::size_t k = 0; k < registry.size(); ++k) {
        if (registry[k]->info.needs_buildings && !st->spatial_tables) {
            continue;
        }
        st->slot[k] = result.rules.size();
        result.rules.emplace_back();
        to_run.push_back(k);
    }
    // Rules that read no relational fact (no household, pairing, role ...) need only the
    // snapshot and the assignment: with a second core, they and the tiling run on a second
    // thread while this one reads the facts from SQLite.
    auto facts_free = [&](std::size_t k) {
        return !registry[k]->info.needs_buildings && !registry[k]->reads_table("household");
    };
    auto facts = std::make_shared<rules::RelationalFacts>();
    auto fact_of = std::make_shared<std::vector<std::optional<std::size_t>>>();
    const Indexes index(*s);
    double spatial_s = 0;
    std::size_t tiling_errors = 0;
    auto spatial_part = [&](GEOSContextHandle_t c, const rules::Wkt& w) {
        Tiling tiling = early_tiling.valid() ? early_tiling.get() : tiling_of(c, w);
        result.gaps = std::move(tiling.result.gaps);
        result.overlaps = std::move(tiling.result.overlaps);
        tiling_errors = tiling.errors;
        result.timings.tiling_s = tiling.seconds;
        auto t0 = Clock::now();
        std::size_t rule_errors = 0;
        rules::Input in{
            c,          w,           db,     *s, *a, result, *facts, *fact_of, index.community,
            index.cell, rule_errors, compact};
        for (std::size_t k : to_run) {
            if (facts_free(k)) {
                const std::size_t before = rule_errors;
                result.rules[*st->slot[k]] = run_rule(k, in);
                st->rule_topology_errors[k] = rule_errors - before;
            }
        }
        spatial_s = seconds_since(t0);
    };
    auto facts_part = [&] {
        const auto t0 = Clock::now();
        read_facts(db, *s, st->spatial_tables, *facts, *fact_of);
        result.timings.relational_rules_s = seconds_since(t0);
    };
    std::size_t geometry_readers = 0; // rules of the registry up to the last that reads them
    for (std::size_t k = 0; k < registry.size(); ++k) {
        geometry_readers = registry[k]->reads_building_geometry ? k + 1 : geometry_readers;
    }
    // With a second core, the rules on residential buildings (party group, captain: a million
    // items at city scale) run on the second thread beside the rest on this one (households:
    // three million). They read no building geometry and no table (only the facts) and start
    // once the geometries are released: at 1M buildings the geometries (400 MB) and the items
    // (900 MB) are never held at once, and each thread reuses the memory its own share of the
    // geometries took (glibc's arena per thread).
    auto on_second = [&](std::size_t k) {
        return threads > 1 && !facts_free(k) && !registry[k]->reads_building_geometry &&
               registry[k]->info.subject == RuleSubject::building;
    };
    const bool second_rules = std::any_of(to_run.begin(), to_run.end(), on_second);
    std::mutex turn_mutex;
    std::condition_variable turn;
    bool spatial_done = false; // the second thread no longer reads the snapshot's geometries
    bool facts_ready = false;  // the second thread may run its rules on the facts
    bool abandoned = false;    // this thread failed: the second one stops waiting
    auto signal = [&](bool& flag) {
        const std::lock_guard lock(turn_mutex);
        flag = true;
        turn.notify_all();
    };
    auto await = [&](const bool& flag) {
        std::unique_lock lock(turn_mutex);
        turn.wait(lock, [&] { return flag || abandoned; });
        return flag;
    };
    std::size_t second_errors = 0;
    auto second_part = [&](GEOSContextHandle_t c, const rules::Wkt& w) {
        if (!second_rules || !await(facts_ready)) {
            return;
        }
        rules::Input in{c,
                        w,
                        db,
                        *s,
                        *a,
                        result,
                        *facts,
                        *fact_of,
                        index.community,
                        index.cell,
                        second_errors,
                        compact};
        for (std::size_t k : to_run) {
            if (on_second(k)) {
                const std::size_t before = second_errors;
                result.rules[*st->slot[k]] = run_rule(k, in);
                st->rule_topology_errors[k] = second_errors - before;
            }
        }
    };
    // The rules on the facts not on the second thread, in registry order, on this thread.
    std::size_t rule_errors = 0;
    rules::Input in{
        ctx,        wkt,         db,     *s, *a, result, *facts, *fact_of, index.community,
        index.cell, rule_errors, compact};
    auto facts_rules = [&] {
        bool released = false;
        for (std::size_t k : to_run) {
            if (k >= geometry_readers && !released) {
                released = true;
                if (keep != Keep::everything && s->buildings.size() > 0 &&
                    s->buildings.front().geom) {
                    // No later rule reads a building's geometry: at 1M buildings some 400 MB
                    // less is held while the relational facts' uncovered items are built. The
                    // second thread's spatial rules may still be reading them.
                    if (threads > 1) {
                        await(spatial_done);
                    }
                    for (Item& b : s->buildings) {
                        b.geom.reset();
                    }
                }
                if (threads > 1) {
                    signal(facts_ready);
                }
            }
            if (facts_free(k) || on_second(k)) {
                continue;
            }
            const auto t0 = Clock::now();
            const std::size_t before = rule_errors;
            result.rules[*st->slot[k]] = run_rule(k, in);
            st->rule_topology_errors[k] = rule_errors - before;
            (registry[k]->info.needs_buildings ? result.timings.relational_rules_s
                                               : result.timings.spatial_rules_s) +=
                seconds_since(t0);
        }
        if (threads > 1) {
            signal(facts_ready);
        }
    };
    if (threads > 1) {
        std::exception_ptr failed;
        std::thread worker([&] {
            try {
                GeosContext thread_ctx;
                const rules::Wkt thread_wkt(thread_ctx);
                spatial_part(thread_ctx, thread_wkt);
                signal(spatial_done);
                second_part(thread_ctx, thread_wkt);
            } catch (...) {
                failed = std::current_exception();
            }
            signal(spatial_done); // also after a failure: this thread reads no geometry now
        });
        try {
            facts_part();
            facts_rules();
        } catch (...) {
            signal(abandoned);
            worker.join();
            throw;
        }
        const auto t0 = Clock::now();
        worker.join();
        // The time this thread waited for the second one's rules on the facts.
        result.timings.relational_rules_s += second_rules ? seconds_since(t0) : 0.0;
        if (failed) {
            std::rethrow_exception(failed);
        }
        result.timings.spatial_rules_s += spatial_s;
    } else {
        spatial_part(ctx, wkt);
        facts_part();
        facts_rules();
        result.timings.spatial_rules_s += spatial_s;
    }
    st->base_topology_errors = errors + tiling_errors;
    for (std::size_t k : to_run) {
        st->evaluated.emplace_back(registry[k]->info.id);
    }
    st->households_per_cell = cell_households(in);
    st->building_geometries = keep == Keep::everything;
    if (keep != Keep::nothing) {
        st->snapshot = std::move(s);
        st->assignment = std::move(a);
        st->facts = std::move(facts);
        st->fact_of = std::move(fact_of);
    }
    count_topology_errors(*st);
    st->version = stamp.now();
    return st;
}

} // namespace detail

const AnalysisState& detail::state_of(const Analysis& analysis) {
    return *analysis.m_state;
}

std::uint64_t data_version(const Project& project) {
    return compose_version(other_commits(project), own_changes(project));
}

Analysis::Analysis(std::shared_ptr<const detail::AnalysisState> state)
    : m_state(std::move(state)) {}
Analysis::~Analysis() = default;

std::shared_ptr<const Analysis> Analysis::build(const Project& project, const CheckOptions& options,
                                                bool keep_geometries) {
    return std::make_shared<const Analysis>(detail::analyse(
        project, options, keep_geometries ? detail::Keep::everything : detail::Keep::light));
}

std::shared_ptr<const Analysis> Analysis::kept(const Project& project,
                                               const CheckOptions& options) {
    std::lock_guard lock(cache_mutex(project));
    auto a = std::static_pointer_cast<const Analysis>(project.impl().analysis);
    if (a && a->data_version() == gridmap::data_version(project) &&
        same_options(a->m_state->options, options)) {
        return a;
    }
    return nullptr;
}

std::shared_ptr<const Analysis>
Analysis::current(const Project& project, const CheckOptions& options, bool keep_geometries) {
    std::lock_guard lock(cache_mutex(project));
    auto& kept = project.impl().analysis;
    const std::uint64_t version = gridmap::data_version(project);
    if (auto a = std::static_pointer_cast<const Analysis>(kept);
        a && a->data_version() == version && same_options(a->m_state->options, options) &&
        (a->m_state->building_geometries || !keep_geometries)) {
        return a;
    }
    auto a = build(project, options, keep_geometries);
    kept = a;
    return a;
}

std::shared_ptr<const Analysis> Analysis::update(const Project& project,
                                                 const AnalysisChanges& changes) const {
    const AnalysisState& old = *m_state;
    const auto& registry = rules::registry();
    // Tables whose edit changes the snapshot or the thresholds: everything anew.
    static const std::vector<std::string_view> rebuild{
        "community", "cell", "compound", "building", "service_point", "repair_segment", "settings"};
    // Tables the relational facts hold (unit is read by its rule itself).
    static const std::vector<std::string_view> fact_tables{
        "household", "household_pairing", "party_group_building", "role_assignment"};
    auto changed = [&](std::string_view table) {
        return std::find(changes.tables.begin(), changes.tables.end(), table) !=
               changes.tables.end();
    };
    // A rule to evaluate again that reads building geometries the analysis no longer holds.
    const bool needs_geometries =
        !old.building_geometries &&
        std::any_of(registry.begin(), registry.end(), [&](const rules::Rule* rule) {
            return rule->reads_building_geometry &&
                   std::any_of(changes.tables.begin(), changes.tables.end(),
                               [&](const std::string& t) { return rule->reads_table(t); });
        });
    const bool anew = !old.snapshot || needs_geometries ||
                      std::any_of(rebuild.begin(), rebuild.end(), changed) ||
                      (changed("issue") && !old.spatial_tables);
    if (anew) {
        auto a = build(project, old.options, old.building_geometries);
        std::lock_guard lock(cache_mutex(project));
        project.impl().analysis = a;
        return a;
    }

    auto st = std::make_shared<AnalysisState>();
    const VersionStamp stamp(project);
    st->options = old.options;
    st->spatial_tables = old.spatial_tables;
    // Every result as it was (a copy: the earlier analysis stays as it is for its readers);
    // the rules reading a changed table are evaluated again below.
    st->result = old.result;
    st->result.timings = {};
    st->base_topology_errors = old.base_topology_errors;
    st->slot = old.slot;
    st->rule_topology_errors = old.rule_topology_errors;
    st->building_geometries = old.building_geometries;
    st->snapshot = old.snapshot;
    st->assignment = old.assignment;
    st->facts = old.facts;
    st->fact_of = old.fact_of;
    st->households_per_cell = old.households_per_cell;

    const detail::ProjectImpl& p = project.impl();
    detail::GeosContext ctx;
    const rules::Wkt wkt(ctx);
    sqlite3* db = detail::sqlite_handle(p);
    const detail::Snapshot& s = *st->snapshot;
    const bool facts_changed = std::any_of(fact_tables.begin(), fact_tables.end(), changed);
    if (facts_changed && st->spatial_tables) {
        // (A copy of facts whose buildings are views of their own rows would point into the
        // earlier analysis: those are read whole too.)
        if (changed("household") || changed("household_pairing") || !old.facts->own_rows.empty()) {
            // Households per building, residential and the unpaired: the whole scan.
            auto facts = std::make_shared<rules::RelationalFacts>();
            auto fact_of = std::make_shared<std::vector<std::optional<std::size_t>>>();
            read_facts(db, s, true, *facts, *fact_of);
            st->facts = std::move(facts);
            st->fact_of = std::move(fact_of);
        } else {
            // Party groups or roles only: the earlier facts with those read again.
            auto facts = std::make_shared<rules::RelationalFacts>(*old.facts);
            if (changed("party_group_building")) {
                rules::read_party_groups(db, *facts);
            }
            if (changed("role_assignment")) {
                rules::read_roles(db, *facts);
            }
            st->facts = std::move(facts);
        }
    }
    // The rules reading a changed table, on the main snapshot (facts reread above)...
    const Indexes index(s);
    std::size_t rule_errors = 0;
    rules::Input in{ctx,
                    wkt,
                    db,
                    s,
                    *st->assignment,
                    st->result,
                    *st->facts,
                    *st->fact_of,
                    index.community,
                    index.cell,
                    rule_errors};
    for (std::size_t k = 0; k < registry.size(); ++k) {
        const rules::Rule& rule = *registry[k];
        if (rule.reads_table("issue") || !st->slot[k]) {
            continue;
        }
        if (std::any_of(changes.tables.begin(), changes.tables.end(),
                        [&](const std::string& t) { return rule.reads_table(t); })) {
            evaluate_rule(*st, k, in);
        }
    }
    if (changed("household")) {
        st->households_per_cell = cell_households(in);
    }
    // ... and those on issues, on the issues read again and assigned to the cells.
    if (changed("issue")) {
        detail::SnapshotParts parts;
        parts.compounds = parts.buildings = parts.service_points = parts.repair_segments = false;
        const detail::Snapshot issues = detail::load_snapshot(p, ctx, parts);
        const detail::Assignment a = detail::compute_assignment(ctx, issues, 1);
        const Indexes issue_index(issues);
        const std::vector<std::optional<std::size_t>> none;
        rules::Input issue_in{ctx,
                              wkt,
                              db,
                              issues,
                              a,
                              st->result,
                              *st->facts,
                              none,
                              issue_index.community,
                              issue_index.cell,
                              rule_errors};
        for (std::size_t k = 0; k < registry.size(); ++k) {
            if (registry[k]->reads_table("issue") && st->slot[k]) {
                evaluate_rule(*st, k, issue_in);
            }
        }
    }
    count_topology_errors(*st);
    st->version = stamp.now();
    auto a = std::make_shared<const Analysis>(std::move(st));
    std::lock_guard lock(cache_mutex(project));
    project.impl().analysis = a;
    return a;
}

std::uint64_t Analysis::data_version() const {
    return m_state->version;
}

const CheckResult& Analysis::check() const {
    return m_state->result;
}

const std::vector<std::string>& Analysis::evaluated_rules() const {
    return m_state->evaluated;
}

std::optional<std::string> Analysis::cell_of_building(std::string_view building) const {
    const auto& st = *m_state;
    if (!st.snapshot) {
        return std::nullopt;
    }
    const auto& b = st.snapshot->buildings; // ordered by id (SQLite's binary order)
    auto it = std::lower_bound(b.begin(), b.end(), building,
                               [](const Item& i, std::string_view id) { return i.key < id; });
    if (it == b.end() || it->key != building) {
        return std::nullopt;
    }
    const auto& cell = st.assignment->building_cell[static_cast<std::size_t>(it - b.begin())];
    return cell.parent ? std::optional<std::string>(st.snapshot->cells[*cell.parent].key)
                       : std::nullopt;
}

std::int64_t Analysis::households_in_cell(std::string_view cell) const {
    const auto& st = *m_state;
    if (!st.snapshot) {
        return 0;
    }
    const auto& c = st.snapshot->cells; // ordered by code
    auto it = std::lower_bound(c.begin(), c.end(), cell,
                               [](const Item& i, std::string_view code) { return i.key < code; });
    if (it == c.end() || it->key != cell) {
        return 0;
    }
    return st.households_per_cell[static_cast<std::size_t>(it - c.begin())];
}

bool Analysis::is_residential(std::string_view building) const {
    const auto& st = *m_state;
    if (!st.facts) {
        return false;
    }
    if (auto i = st.facts->building(building, 0)) {
        return st.facts->residential[*i];
    }
    return false;
}

} // namespace gridmap
