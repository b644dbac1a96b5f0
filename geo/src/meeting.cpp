#include "gridmap/meeting.hpp"
#include "gridmap/terms.hpp"

#include "detail/gdal.hpp"
#include "detail/project_impl.hpp"
#include "detail/sqlite.hpp"
#include "detail/time.hpp"
#include "gridmap/error.hpp"
#include "gridmap/parse.hpp"
#include "gridmap/report.hpp"
#include "gridmap/schema.hpp"
#include "gridmap/seed.hpp"
#include "gridmap/theme.hpp"
#include "gridmap/workorder.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <limits>
#include <numeric>
#include <set>
#include <sstream>
#include <stdexcept>
#include <tuple>

namespace gridmap {

namespace {

using detail::Statement;

using detail::writable;

std::vector<std::string> split_list(const std::string& text) {
    std::vector<std::string> out;
    std::string item;
    std::istringstream in(text);
    while (std::getline(in, item, ',')) {
        const auto b = item.find_first_not_of(" \t");
        const auto e = item.find_last_not_of(" \t");
        if (b != std::string::npos) {
            out.push_back(item.substr(b, e - b + 1));
        }
    }
    return out;
}

std::string join_list(const std::vector<std::string>& items) {
    std::string out;
    for (const std::string& s : items) {
        out += (out.empty() ? "" : ",") + s;
    }
    return out;
}

void check_view(const SavedView& v) {
    const std::string what = "view" + (v.id.empty() ? std::string() : " " + v.id);
    if (v.title.empty()) {
        throw InputError(what + ": a title is required");
    }
    const Extent& e = v.extent;
    if (!std::isfinite(e.min_x) || !std::isfinite(e.min_y) || !std::isfinite(e.max_x) ||
        !std::isfinite(e.max_y) || !(e.max_x > e.min_x) || !(e.max_y > e.min_y)) {
        throw InputError(what + ": the extent is empty (expected MAX > MIN on both axes)");
    }
    const auto& themes = view_themes();
    if (std::find(themes.begin(), themes.end(), v.theme) == themes.end()) {
        throw InputError(what + ": unknown theme '" + v.theme + "' (expected one of " +
                         map_theme_names() + ")");
    }
    const std::vector<std::string> known = view_layers();
    for (const std::string& layer : v.layers) {
        if (std::find(known.begin(), known.end(), layer) == known.end()) {
            throw InputError(what + ": unknown layer '" + layer + "' (expected some of " +
                             join_list(known) + ")");
        }
    }
}

SavedView view_from_row(const Statement& s) {
    SavedView v;
    v.id = s.text(0);
    v.position = static_cast<int>(s.integer(1));
    v.title = s.text(2);
    v.extent = {s.real(3), s.real(4), s.real(5), s.real(6)};
    v.theme = s.is_null(7) ? std::string("coverage") : s.text(7);
    v.layers = split_list(s.text(8));
    return v;
}

detail::FeaturePtr feature_by_id(const detail::ProjectImpl& p, const std::string& table,
                                 const std::string& id) {
    OGRLayer* layer = p.layer(table);
    layer->SetAttributeFilter(("id = " + detail::sql_quote(id)).c_str());
    layer->ResetReading();
    detail::FeaturePtr f(layer->GetNextFeature());
    layer->SetAttributeFilter(nullptr);
    return f;
}

void set_view_fields(OGRFeature& f, const SavedView& v) {
    f.SetField("id", v.id.c_str());
    f.SetField("position", v.position);
    f.SetField("title", v.title.c_str());
    f.SetField("min_x", v.extent.min_x);
    f.SetField("min_y", v.extent.min_y);
    f.SetField("max_x", v.extent.max_x);
    f.SetField("max_y", v.extent.max_y);
    f.SetField("theme", v.theme.c_str());
    if (v.layers.empty()) {
        f.SetFieldNull(f.GetFieldIndex("layers"));
    } else {
        f.SetField("layers", join_list(v.layers).c_str());
    }
}

std::string next_id(sqlite3* db, const std::string& table, const char* prefix, int width) {
    Statement s(db, "SELECT id FROM " + table);
    std::set<std::string> used;
    while (s.step()) {
        used.insert(s.text(0));
    }
    for (int n = 1;; ++n) {
        char buf[32];
        std::snprintf(buf, sizeof buf, "%s%0*d", prefix, width, n);
        if (!used.contains(buf)) {
            return buf;
        }
    }
}

int scope_rank(std::string_view scope) {
    return scope == "community" ? 0 : scope == "compound" ? 1 : 2;
}

int metric_rank(std::string_view metric) {
    const auto& m = snapshot_metrics();
    return static_cast<int>(std::find(m.begin(), m.end(), metric) - m.begin());
}

bool figure_less(const SnapshotFigure& a, const SnapshotFigure& b) {
    return std::tuple(scope_rank(a.scope), a.target, metric_rank(a.metric)) <
           std::tuple(scope_rank(b.scope), b.target, metric_rank(b.metric));
}

SnapshotFigure coverage(const std::string& scope, const std::string& target,
                        const std::string& name, const std::string& metric, double covered,
                        double all) {
    SnapshotFigure f{scope,
                     target,
                     name,
                     metric,
                     static_cast<std::int64_t>(std::llround(covered)),
                     static_cast<std::int64_t>(std::llround(all)),
                     std::nullopt};
    if (f.denominator > 0) {
        f.value = 100.0 * static_cast<double>(f.numerator) / static_cast<double>(f.denominator);
    }
    return f;
}

SnapshotFigure count(const std::string& scope, const std::string& target, const std::string& name,
                     const std::string& metric, std::int64_t n) {
    return {scope, target, name, metric, n, 0, static_cast<double>(n)};
}

/// The names of the targets of every scope: (scope, target) -> name.
std::map<std::pair<std::string, std::string>, std::string> target_names(sqlite3* db) {
    std::map<std::pair<std::string, std::string>, std::string> names;
    for (const auto& [scope, sql] :
         {std::pair<std::string, std::string>{"community", "SELECT code, name FROM community"},
          {"compound", "SELECT id, name FROM compound"},
          {"cell", "SELECT code, name FROM cell"}}) {
        if (!detail::table_exists(db, scope)) {
            continue;
        }
        Statement s(db, sql);
        while (s.step()) {
            names[{scope, s.text(0)}] = s.text(1);
        }
    }
    return names;
}

std::string month_text(int year, int month) {
    char buf[32];
    std::snprintf(buf, sizeof buf, "%04d-%02d", year, month);
    return buf;
}

/// The length of every repair segment: (id, state, metres) from the stored cell lengths and
/// the length outside every community.
std::vector<std::tuple<std::string, std::string, double>> repair_lengths(sqlite3* db) {
    std::vector<std::tuple<std::string, std::string, double>> out;
    if (!detail::table_exists(db, "repair_segment")) {
        return out;
    }
    Statement s(db, "SELECT r.id, r.state, coalesce(r.outside_m, 0) + coalesce((SELECT "
                    "sum(length_m) FROM repair_segment_cell c WHERE c.repair_segment = r.id), 0) "
                    "FROM repair_segment r ORDER BY r.id");
    while (s.step()) {
        out.emplace_back(s.text(0), s.text(1), s.real(2));
    }
    return out;
}

/// The months "YYYY-MM" of the `count` months ending with `month`, oldest first.
std::vector<std::string> months_ending(const std::string& month, int count) {
    int year = std::stoi(month.substr(0, 4));
    int m = std::stoi(month.substr(5, 2));
    std::vector<std::string> out;
    for (int k = 0; k < count; ++k) {
        out.insert(out.begin(), month_text(year, m));
        if (--m == 0) {
            m = 12;
            --year;
        }
    }
    return out;
}

/// The issue figures of a month from `issues` (read at m.as_of).
void month_issues(MonthlyFigures& m, const std::vector<IssueAsOf>& issues) {
    for (const IssueAsOf& i : issues) {
        if (i.reported_at >= m.from && i.reported_at < m.to) {
            ++m.reported_by_category_state[i.category][std::string(to_string(i.state))];
            ++m.reported;
        }
        if (i.open() && (i.overdue(m.as_of) || i.stuck(m.as_of))) {
            m.attention.push_back(i);
        }
    }
    std::stable_sort(m.attention.begin(), m.attention.end(),
                     [](const IssueAsOf& a, const IssueAsOf& b) {
                         return std::tie(a.reported_at, a.id) < std::tie(b.reported_at, b.id);
                     });
    const IssueCounts n = count_issues(issues, m.as_of);
    m.open_at_end = n.open;
    m.overdue_at_end = n.overdue;
    m.open_in_no_cell = count_issues(issues, m.as_of, "cell", "").open;
    m.open_by_state = n.open_by_state;
    m.open_by_category = n.open_by_category;
    m.handling = handling_of(issues, m.from, m.to);
    m.resolved_in_month = m.handling.resolved;
}

/// The issue figures of the 6 months ending with `month` (each as of its own moment) and the
/// community figures of the last snapshot taken in each.
std::vector<MonthPoint> month_trend(const Project& project, const std::string& month,
                                    std::int64_t now) {
    const std::vector<SnapshotInfo> snapshots = list_snapshots(project);
    const std::vector<std::string> months = months_ending(month, 6);
    std::vector<std::int64_t> moments;
    for (const std::string& mm : months) {
        moments.push_back(month_moment(mm, now));
    }
    const auto issues_by_month = issues_at(project, moments);
    std::vector<MonthPoint> out;
    for (std::size_t k = 0; k < months.size(); ++k) {
        MonthPoint point;
        point.month = months[k];
        const auto [from, to] = month_bounds(point.month);
        point.as_of = moments[k];
        const std::vector<IssueAsOf>& issues = issues_by_month[k];
        for (const IssueAsOf& i : issues) {
            point.reported += i.reported_at >= from && i.reported_at < to ? 1 : 0;
        }
        point.at_end = count_issues(issues, point.as_of);
        point.handling = handling_of(issues, from, to);
        const SnapshotInfo* last = nullptr;
        for (const SnapshotInfo& s : snapshots) {
            if (s.taken_at >= from && s.taken_at < to) {
                last = &s;
            }
        }
        if (last != nullptr) {
            const CoverageSnapshot snap = get_snapshot(project, last->id);
            std::string first;
            for (const SnapshotFigure& f : snap.figures) {
                if (f.scope == "community" && (first.empty() || f.target == first) && f.value) {
                    first = f.target;
                    point.snapshot[f.metric] = *f.value;
                }
            }
        }
        out.push_back(std::move(point));
    }
    return out;
}

/// The mean of the coverage shares of each target of a scope among `figures` (nullopt for a
/// target without any share).
std::map<std::string, std::optional<double>>
mean_coverage(const std::vector<SnapshotFigure>& figures, std::string_view scope) {
    std::map<std::string, std::pair<double, int>> sums;
    for (const SnapshotFigure& f : figures) {
        if (f.scope == scope) {
            auto& [sum, n] = sums[f.target];
            // The seed's care and key-place shares (added later) stay out of the ranking's
            // mean: a cell's place keeps its meaning (registers and visits).
            const bool seed_share = f.metric == "care_paired" || f.metric == "care_visited" ||
                                    f.metric == "key_place_patrolled";
            if (!is_count_metric(f.metric) && !seed_share && f.value) {
                sum += *f.value;
                ++n;
            }
        }
    }
    std::map<std::string, std::optional<double>> out;
    for (const auto& [target, s] : sums) {
        out[target] = s.second > 0 ? std::optional<double>(s.first / s.second) : std::nullopt;
    }
    return out;
}

/// Better first: higher coverage (none last), then fewer open issues, then the key.
template <typename T>
bool rank_less(const T& a, const T& b, const std::string& ka, const std::string& kb) {
    const double ca = a.coverage.value_or(-1);
    const double cb = b.coverage.value_or(-1);
    return std::tuple(-ca, a.at_end.open, ka) < std::tuple(-cb, b.at_end.open, kb);
}

/// Sets handling_rank (1 = best by handling_less; equal figures share a place).
template <typename T> void set_handling_ranks(std::vector<T>& ranked) {
    std::vector<std::size_t> order(ranked.size());
    std::iota(order.begin(), order.end(), std::size_t{0});
    const auto less = [&](std::size_t a, std::size_t b) {
        return handling_less(ranked[a].at_end, ranked[a].handling, ranked[b].at_end,
                             ranked[b].handling);
    };
    std::stable_sort(order.begin(), order.end(), less);
    for (std::size_t k = 0; k < order.size(); ++k) {
        const bool tie = k > 0 && !less(order[k - 1], order[k]);
        ranked[order[k]].handling_rank =
            tie ? ranked[order[k - 1]].handling_rank : static_cast<int>(k + 1);
    }
}

/// The cells and grid workers of m.figures ranked, with their issues at m.as_of.
void rank_cells_and_workers(sqlite3* db, MonthlyFigures& m, const std::vector<IssueAsOf>& issues) {
    std::map<std::string, std::vector<std::pair<std::string, std::string>>> workers_of_cell;
    std::map<std::string, WorkerRank> workers;
    if (detail::table_exists(db, "role_assignment")) {
        Statement s(db, "SELECT DISTINCT r.person, p.name, r.target FROM role_assignment r JOIN "
                        "person p ON p.id = r.person WHERE r.role = 'grid_worker' ORDER BY "
                        "r.person, r.target");
        while (s.step()) {
            workers_of_cell[s.text(2)].emplace_back(s.text(0), s.text(1));
        }
    }
    const auto coverage = mean_coverage(m.figures, "cell");
    std::map<std::string, std::vector<IssueAsOf>> issues_of_cell;
    for (const IssueAsOf& i : issues) {
        issues_of_cell[i.cell].push_back(i);
    }
    for (const SnapshotFigure& f : m.figures) {
        if (f.scope != "cell" || f.metric != "party_group") {
            continue; // one figure per cell
        }
        const std::vector<IssueAsOf>& theirs = issues_of_cell[f.target];
        CellRank c{f.target,
                   f.target_name,
                   {},
                   coverage.contains(f.target) ? coverage.at(f.target) : std::nullopt,
                   count_issues(theirs, m.as_of),
                   handling_of(theirs, m.from, m.to)};
        for (const auto& [person, name] : workers_of_cell[f.target]) {
            c.grid_worker += (c.grid_worker.empty() ? "" : "、") + name;
            WorkerRank& w = workers[person];
            w.person = person;
            w.name = name;
            w.cells.push_back(f.target);
        }
        m.cells.push_back(std::move(c));
    }
    std::sort(m.cells.begin(), m.cells.end(),
              [](const CellRank& a, const CellRank& b) { return rank_less(a, b, a.code, b.code); });
    for (auto& [person, w] : workers) {
        double sum = 0;
        int n = 0;
        std::vector<IssueAsOf> theirs;
        for (const std::string& cell : w.cells) {
            if (const auto it = coverage.find(cell); it != coverage.end() && it->second) {
                sum += *it->second;
                ++n;
            }
            const auto& of_cell = issues_of_cell[cell];
            theirs.insert(theirs.end(), of_cell.begin(), of_cell.end());
        }
        w.coverage = n > 0 ? std::optional<double>(sum / n) : std::nullopt;
        w.at_end = count_issues(theirs, m.as_of);
        w.handling = handling_of(theirs, m.from, m.to);
        m.workers.push_back(std::move(w));
    }
    std::sort(m.workers.begin(), m.workers.end(), [](const WorkerRank& a, const WorkerRank& b) {
        return rank_less(a, b, a.person, b.person);
    });
    set_handling_ranks(m.cells);
    set_handling_ranks(m.workers);
}

} // namespace

// ---- Saved views -------------------------------------------------------------------------

const std::vector<std::string>& view_themes() {
    static const std::vector<std::string> themes = [] {
        std::vector<std::string> names;
        for (const MapThemeInfo& t : map_themes()) {
            names.emplace_back(t.name);
        }
        return names;
    }();
    return themes;
}

std::vector<std::string> view_layers() {
    std::vector<std::string> out;
    for (const TableDef& t : schema_tables()) {
        if (t.geometry != GeometryKind::none) {
            out.emplace_back(t.name);
        }
    }
    return out;
}

Extent view_extent(const Project& project, const std::string& spec) {
    const auto padded = [](OGREnvelope e, double share) {
        const double m = std::max(e.MaxX - e.MinX, e.MaxY - e.MinY) * share;
        return Extent{e.MinX - m, e.MinY - m, e.MaxX + m, e.MaxY + m};
    };
    const detail::ProjectImpl& p = project.impl();
    if (spec == "community" || spec.rfind("cell:", 0) == 0) {
        if (!p.has_feature_tables()) {
            throw InputError("the project has nothing to draw yet (import some layers first)");
        }
        const bool cell = spec != "community";
        OGRLayer* layer = p.layer(cell ? "cell" : "community");
        if (cell) {
            layer->SetAttributeFilter(("code = " + detail::sql_quote(spec.substr(5))).c_str());
        }
        layer->ResetReading();
        OGREnvelope all;
        bool any = false;
        while (detail::FeaturePtr f{layer->GetNextFeature()}) {
            if (const OGRGeometry* g = f->GetGeometryRef(); g != nullptr && !g->IsEmpty()) {
                OGREnvelope e;
                g->getEnvelope(&e);
                all.Merge(e);
                any = true;
            }
        }
        layer->SetAttributeFilter(nullptr);
        if (!any) {
            throw InputError(cell ? "--extent " + spec + ": no cell with this code"
                                  : std::string("the project has no community to show"));
        }
        return padded(all, cell ? 0.08 : 0.04);
    }
    const std::vector<std::string> parts = split_list(spec);
    if (parts.size() == 4) {
        double v[4];
        bool numbers = true;
        for (std::size_t k = 0; k < 4; ++k) {
            const auto d = parse_real(parts[k]);
            numbers = numbers && d.has_value();
            v[k] = d.value_or(0);
        }
        if (numbers && v[2] > v[0] && v[3] > v[1]) {
            return Extent{v[0], v[1], v[2], v[3]};
        }
    }
    throw InputError("--extent " + spec +
                     ": expected community, cell:CODE or MINX,MINY,MAXX,MAXY (MAX > MIN)");
}

SavedView add_view(Project& project, SavedView v) {
    const detail::ProjectImpl& p = writable(project);
    detail::Transaction tx(*p.ds); // the write lock, before the id and position are chosen
    sqlite3* db = detail::sqlite_handle(p);
    check_view(v);
    if (v.id.empty()) {
        v.id = next_id(db, "saved_view", "V", 2);
    } else if (find_view(project, v.id)) {
        throw InputError("view id '" + v.id + "' is already in use");
    }
    if (v.position <= 0) {
        Statement s(db, "SELECT coalesce(max(position), 0) FROM saved_view");
        v.position = s.step() ? static_cast<int>(s.integer(0)) + 1 : 1;
    }
    OGRLayer* layer = p.layer("saved_view");
    detail::FeaturePtr f(OGRFeature::CreateFeature(layer->GetLayerDefn()));
    set_view_fields(*f, v);
    if (layer->CreateFeature(f.get()) != OGRERR_NONE) {
        throw LibraryError(p.path + ": cannot write view " + v.id);
    }
    tx.commit();
    return v;
}

void update_view(Project& project, const SavedView& v) {
    const detail::ProjectImpl& p = writable(project);
    check_view(v);
    detail::Transaction tx(*p.ds);
    detail::FeaturePtr f = feature_by_id(p, "saved_view", v.id);
    if (!f) {
        throw InputError("no view with id '" + v.id + "'");
    }
    set_view_fields(*f, v);
    if (p.layer("saved_view")->SetFeature(f.get()) != OGRERR_NONE) {
        throw LibraryError(p.path + ": cannot write view " + v.id);
    }
    tx.commit();
}

void remove_view(Project& project, const std::string& id) {
    const detail::ProjectImpl& p = writable(project);
    detail::Transaction tx(*p.ds); // the write lock, before the positions are read
    const std::vector<SavedView> views = list_views(project);
    const auto it =
        std::find_if(views.begin(), views.end(), [&](const SavedView& v) { return v.id == id; });
    if (it == views.end()) {
        throw InputError("no view with id '" + id + "'");
    }
    OGRLayer* layer = p.layer("saved_view");
    detail::FeaturePtr f = feature_by_id(p, "saved_view", id);
    if (!f || layer->DeleteFeature(f->GetFID()) != OGRERR_NONE) {
        throw LibraryError(p.path + ": cannot remove view " + id);
    }
    int position = it->position;
    for (auto later = std::next(it); later != views.end(); ++later) {
        detail::FeaturePtr g = feature_by_id(p, "saved_view", later->id);
        g->SetField("position", position++);
        if (layer->SetFeature(g.get()) != OGRERR_NONE) {
            throw LibraryError(p.path + ": cannot renumber view " + later->id);
        }
    }
    tx.commit();
}

std::vector<SavedView> list_views(const Project& project) {
    sqlite3* db = detail::sqlite_handle(project.impl());
    Statement s(db, "SELECT id, position, title, min_x, min_y, max_x, max_y, theme, layers FROM "
                    "saved_view ORDER BY position, id");
    std::vector<SavedView> out;
    while (s.step()) {
        out.push_back(view_from_row(s));
    }
    return out;
}

std::optional<SavedView> find_view(const Project& project, const std::string& id) {
    sqlite3* db = detail::sqlite_handle(project.impl());
    Statement s(db, "SELECT id, position, title, min_x, min_y, max_x, max_y, theme, layers FROM "
                    "saved_view WHERE id = ?");
    s.bind(1, id);
    if (s.step()) {
        return view_from_row(s);
    }
    return std::nullopt;
}

// ---- Pledges -------------------------------------------------------------------------------

std::optional<double> Pledge::percent() const {
    if (!target || !progress || *target <= 0) {
        return std::nullopt;
    }
    return std::clamp(100.0 * *progress / *target, 0.0, 100.0);
}

std::vector<Pledge> list_pledges(const Project& project) {
    sqlite3* db = detail::sqlite_handle(project.impl());
    Statement s(db, "SELECT id, title, target, progress, unit, due, state FROM pledge ORDER BY id");
    std::vector<Pledge> out;
    while (s.step()) {
        Pledge pl;
        pl.id = s.text(0);
        pl.title = s.text(1);
        if (!s.is_null(2)) {
            pl.target = s.real(2);
        }
        if (!s.is_null(3)) {
            pl.progress = s.real(3);
        }
        pl.unit = s.text(4);
        pl.due = s.text(5).substr(0, 10);
        pl.state = s.text(6);
        out.push_back(std::move(pl));
    }
    return out;
}

// ---- Snapshots -----------------------------------------------------------------------------

const std::vector<std::string>& snapshot_metrics() {
    static const std::vector<std::string> metrics{
        "party_group",       "building_captain",  "unit_captain",        "grid_worker",
        "household_pairing", "household_visited", "issues_open",         "issues_resolved",
        "care_paired",       "care_visited",      "key_place_patrolled", "points_month",
        "member_checkin",    "signup_pairing",    "signup_night_patrol", "cobuild_pledges_done"};
    return metrics;
}

bool is_count_metric(std::string_view metric) {
    return metric == "issues_open" || metric == "issues_resolved" || metric == "points_month";
}

namespace {

bool has_rows(sqlite3* db, const char* table) {
    if (!detail::table_exists(db, table)) {
        return false;
    }
    Statement s(db, std::string("SELECT 1 FROM \"") + table + "\" LIMIT 1");
    return s.step();
}

/// A figure of the whole project (persons and co-building units belong to no community),
/// shown at the community scope.
struct ProjectFigure {
    std::string metric;
    bool is_count = false;
    std::int64_t numerator = 0;
    std::int64_t denominator = 0;
};

/// The seed's project-wide figures as of `moment`, each read through its one function
/// (points_notice, co_unit_figures), only for the logs the project keeps.
std::vector<ProjectFigure> seed_project_figures(const Project& project, std::int64_t moment) {
    sqlite3* db = detail::sqlite_handle(project.impl());
    std::vector<ProjectFigure> out;
    const std::string month = detail::beijing_text(moment).substr(0, 7);
    const bool signups = has_rows(db, "member_signup");
    if (signups || has_rows(db, "visit") || has_rows(db, "patrol") ||
        has_rows(db, "volunteer_activity")) {
        const PointsNotice n = points_notice(project, month, moment);
        std::int64_t total = 0;
        for (const MemberPoints& m : n.members) {
            total += m.points;
        }
        out.push_back({"points_month", true, total, 0});
        if (signups) {
            out.push_back({"member_checkin", false, n.checkin.numerator, n.checkin.denominator});
            out.push_back({"signup_pairing", false, n.pairing.numerator, n.pairing.denominator});
            out.push_back(
                {"signup_night_patrol", false, n.patrolling.numerator, n.patrolling.denominator});
        }
    }
    if (has_rows(db, "co_unit_pledge")) {
        ProjectFigure f{"cobuild_pledges_done", false, 0, 0};
        for (const CoUnitFigures& u : co_unit_figures(project, month)) {
            f.numerator += u.pledges_done;
            f.denominator += u.pledges;
        }
        out.push_back(f);
    }
    return out;
}

using ShareIndex = std::map<std::pair<std::string, std::string>, std::pair<double, double>>;

ShareIndex index_shares(const std::vector<ScopeShare>& shares) {
    ShareIndex out;
    for (const ScopeShare& v : shares) {
        out[{v.scope, v.target}] = {static_cast<double>(v.covered), static_cast<double>(v.total)};
    }
    return out;
}

} // namespace

std::vector<SnapshotFigure> figures_as_of(const Project& project, std::int64_t moment) {
    std::vector<SnapshotFigure> out;
    if (!project.impl().has_feature_tables()) {
        return out;
    }
    const std::vector<IssueAsOf> issues = issues_as_of(project, moment);
    // The seed's visit coverage (household_visited), only once the project logs visits.
    std::map<std::pair<std::string, std::string>, ScopeVisits> visited;
    for (ScopeVisits& v : visited_households_as_of(project, moment)) {
        visited[{v.scope, v.target}] = std::move(v);
    }
    // The seed's other figures, each only once the project keeps its log or register.
    const std::vector<std::pair<std::string, ShareIndex>> seed_shares{
        {"care_paired", index_shares(care_paired_by_scope(project))},
        {"care_visited", index_shares(care_visited_as_of(project, moment))},
        {"key_place_patrolled", index_shares(patrolled_places_as_of(project, moment))}};
    const std::vector<ProjectFigure> project_wide = seed_project_figures(project, moment);
    for (ReportBy by : {ReportBy::community, ReportBy::compound, ReportBy::cell}) {
        const ReportTable t = build_report(project, by);
        const std::string scope(to_string(by));
        auto col = [&](std::string_view id) {
            const auto c = t.column(id);
            if (!c) {
                throw LibraryError("report column " + std::string(id) + " is missing");
            }
            return *c;
        };
        const std::size_t residential = col("residential_buildings");
        const std::size_t no_group = col("buildings_without_party_group");
        const std::size_t no_captain = col("buildings_without_captain");
        const std::size_t units = col("units");
        const std::size_t no_unit_captain = col("units_without_captain");
        const std::size_t households = col("households");
        const std::size_t unpaired = col("households_unpaired");
        const auto counts = by == ReportBy::compound ? std::map<std::string, IssueCounts>{}
                                                     : count_issues_by(issues, moment, scope);
        for (const auto& row : t.rows) {
            const std::string& target = row[0].text;
            const std::string& name = row[1].text;
            const double r = row[residential].number;
            out.push_back(
                coverage(scope, target, name, "party_group", r - row[no_group].number, r));
            out.push_back(
                coverage(scope, target, name, "building_captain", r - row[no_captain].number, r));
            out.push_back(coverage(scope, target, name, "unit_captain",
                                   row[units].number - row[no_unit_captain].number,
                                   row[units].number));
            if (by == ReportBy::community) {
                const double cells = row[col("cells")].number;
                out.push_back(coverage(scope, target, name, "grid_worker",
                                       cells - row[col("cells_without_grid_worker")].number,
                                       cells));
            } else if (by == ReportBy::cell) {
                out.push_back(coverage(scope, target, name, "grid_worker",
                                       row[col("grid_worker")].text.empty() ? 0 : 1, 1));
            }
            out.push_back(coverage(scope, target, name, "household_pairing",
                                   row[households].number - row[unpaired].number,
                                   row[households].number));
            if (!visited.empty()) {
                const auto v = visited.find({scope, target});
                out.push_back(
                    coverage(scope, target, name, "household_visited",
                             v == visited.end() ? 0.0 : static_cast<double>(v->second.visited),
                             v == visited.end() ? 0.0 : static_cast<double>(v->second.households)));
            }
            for (const auto& [metric, shares] : seed_shares) {
                if (shares.empty()) {
                    continue;
                }
                const auto v = shares.find({scope, target});
                out.push_back(coverage(scope, target, name, metric,
                                       v == shares.end() ? 0.0 : v->second.first,
                                       v == shares.end() ? 0.0 : v->second.second));
            }
            if (by == ReportBy::community) {
                for (const ProjectFigure& f : project_wide) {
                    out.push_back(f.is_count ? count(scope, target, name, f.metric, f.numerator)
                                             : coverage(scope, target, name, f.metric,
                                                        static_cast<double>(f.numerator),
                                                        static_cast<double>(f.denominator)));
                }
            }
            if (by != ReportBy::compound) {
                const auto it = counts.find(target);
                const IssueCounts n = it == counts.end() ? IssueCounts{} : it->second;
                out.push_back(count(scope, target, name, "issues_open", n.open));
                out.push_back(count(scope, target, name, "issues_resolved", n.resolved));
            }
        }
    }
    std::stable_sort(out.begin(), out.end(), figure_less);
    return out;
}

std::vector<SnapshotFigure> current_figures(const Project& project) {
    return figures_as_of(project, detail::now_seconds());
}

CoverageSnapshot take_snapshot(Project& project, const std::string& note,
                               std::optional<std::int64_t> at) {
    const detail::ProjectImpl& p = writable(project);
    if (!p.has_feature_tables()) {
        throw InputError(p.path + ": the project has no community yet; import one first");
    }
    detail::Transaction tx(*p.ds); // the write lock, before the id and the figures are read
    sqlite3* db = detail::sqlite_handle(p);
    CoverageSnapshot snap;
    snap.info.taken_at = at.value_or(detail::now_seconds());
    snap.info.note = note;
    const std::vector<SnapshotInfo> earlier = list_snapshots(project);
    if (!earlier.empty() && snap.info.taken_at <= earlier.back().taken_at) {
        throw InputError("snapshot at " + detail::beijing_text(snap.info.taken_at) +
                         ": not after the latest snapshot " + earlier.back().id + " (" +
                         detail::beijing_text(earlier.back().taken_at) + ")");
    }
    snap.info.id = next_id(db, "snapshot", "S", 3);
    snap.figures = figures_as_of(project, snap.info.taken_at);
    OGRLayer* snapshots = p.layer("snapshot");
    detail::FeaturePtr s(OGRFeature::CreateFeature(snapshots->GetLayerDefn()));
    s->SetField("id", snap.info.id.c_str());
    s->SetField("taken_at", detail::utc_text(snap.info.taken_at).c_str());
    if (!note.empty()) {
        s->SetField("note", note.c_str());
    }
    if (snapshots->CreateFeature(s.get()) != OGRERR_NONE) {
        throw LibraryError(p.path + ": cannot write snapshot " + snap.info.id);
    }
    OGRLayer* figures = p.layer("snapshot_figure");
    for (const SnapshotFigure& fig : snap.figures) {
        detail::FeaturePtr f(OGRFeature::CreateFeature(figures->GetLayerDefn()));
        f->SetField("snapshot", snap.info.id.c_str());
        f->SetField("scope", fig.scope.c_str());
        f->SetField("target", fig.target.c_str());
        f->SetField("metric", fig.metric.c_str());
        f->SetField("numerator", static_cast<GIntBig>(fig.numerator));
        f->SetField("denominator", static_cast<GIntBig>(fig.denominator));
        if (fig.value) {
            f->SetField("value", *fig.value);
        }
        if (figures->CreateFeature(f.get()) != OGRERR_NONE) {
            throw LibraryError(p.path + ": cannot write the figures of snapshot " + snap.info.id);
        }
    }
    tx.commit();
    return snap;
}

std::vector<SnapshotInfo> list_snapshots(const Project& project) {
    sqlite3* db = detail::sqlite_handle(project.impl());
    Statement s(db, "SELECT id, taken_at, note FROM snapshot");
    std::vector<SnapshotInfo> out;
    while (s.step()) {
        out.push_back({s.text(0), detail::parse_time(s.text(1)).value_or(0), s.text(2)});
    }
    std::sort(out.begin(), out.end(), [](const SnapshotInfo& a, const SnapshotInfo& b) {
        return std::tie(a.taken_at, a.id) < std::tie(b.taken_at, b.id);
    });
    return out;
}

CoverageSnapshot get_snapshot(const Project& project, const std::string& id) {
    sqlite3* db = detail::sqlite_handle(project.impl());
    CoverageSnapshot snap;
    {
        Statement s(db, "SELECT id, taken_at, note FROM snapshot WHERE id = ?");
        s.bind(1, id);
        if (!s.step()) {
            throw InputError("no snapshot with id '" + id + "'");
        }
        snap.info = {s.text(0), detail::parse_time(s.text(1)).value_or(0), s.text(2)};
    }
    const auto names = target_names(db);
    Statement s(db, "SELECT scope, target, metric, numerator, denominator, value FROM "
                    "snapshot_figure WHERE snapshot = ?");
    s.bind(1, id);
    while (s.step()) {
        SnapshotFigure f;
        f.scope = s.text(0);
        f.target = s.text(1);
        f.metric = s.text(2);
        f.numerator = s.integer(3);
        f.denominator = s.integer(4);
        if (!s.is_null(5)) {
            f.value = s.real(5);
        }
        if (auto it = names.find({f.scope, f.target}); it != names.end()) {
            f.target_name = it->second;
        }
        snap.figures.push_back(std::move(f));
    }
    std::stable_sort(snap.figures.begin(), snap.figures.end(), figure_less);
    return snap;
}

std::optional<double> FigureChange::change() const {
    if (before && after && before->value && after->value) {
        return *after->value - *before->value;
    }
    return std::nullopt;
}

const FigureChange* SnapshotDelta::find(std::string_view scope, std::string_view target,
                                        std::string_view metric) const {
    for (const FigureChange& c : changes) {
        if (c.scope == scope && c.target == target && c.metric == metric) {
            return &c;
        }
    }
    return nullptr;
}

std::optional<SnapshotDelta> latest_delta(const Project& project) {
    return delta_as_of(project, std::numeric_limits<std::int64_t>::max());
}

std::optional<SnapshotDelta> delta_as_of(const Project& project, std::int64_t moment) {
    std::vector<SnapshotInfo> all = list_snapshots(project);
    std::erase_if(all, [&](const SnapshotInfo& s) { return s.taken_at > moment; });
    if (all.size() < 2) {
        return std::nullopt;
    }
    const CoverageSnapshot before = get_snapshot(project, all[all.size() - 2].id);
    const CoverageSnapshot after = get_snapshot(project, all.back().id);
    SnapshotDelta d;
    d.previous = before.info;
    d.latest = after.info;
    using Key = std::tuple<int, std::string, int>;
    std::map<Key, FigureChange> merged;
    auto key = [](const SnapshotFigure& f) {
        return Key(scope_rank(f.scope), f.target, metric_rank(f.metric));
    };
    for (const SnapshotFigure& f : before.figures) {
        FigureChange& c = merged[key(f)];
        c.scope = f.scope;
        c.target = f.target;
        c.target_name = f.target_name;
        c.metric = f.metric;
        c.before = f;
    }
    for (const SnapshotFigure& f : after.figures) {
        FigureChange& c = merged[key(f)];
        c.scope = f.scope;
        c.target = f.target;
        c.target_name = f.target_name;
        c.metric = f.metric;
        c.after = f;
    }
    for (auto& [k, c] : merged) {
        d.changes.push_back(std::move(c));
    }
    return d;
}

SnapshotDelta snapshot_delta(const Project& project) {
    auto d = latest_delta(project);
    if (!d) {
        throw InputError(project.path() +
                         ": no snapshot to compare with (take two with 'gridmap snapshot')");
    }
    return std::move(*d);
}

// ---- The figures of a month ----------------------------------------------------------------

std::pair<std::int64_t, std::int64_t> month_bounds(const std::string& month) {
    const auto bad = [&]() {
        return InputError("month '" + month + "': expected YYYY-MM with a month 01-12");
    };
    if (month.size() != 7 || month[4] != '-') {
        throw bad();
    }
    for (std::size_t i : {0u, 1u, 2u, 3u, 5u, 6u}) {
        if (month[i] < '0' || month[i] > '9') {
            throw bad();
        }
    }
    const int year = static_cast<int>(parse_integer(month.substr(0, 4)).value_or(0));
    const int m = static_cast<int>(parse_integer(month.substr(5, 2)).value_or(0));
    if (m < 1 || m > 12 || year < 1971) {
        throw bad();
    }
    const auto from = detail::parse_time(month_text(year, m) + "-01T00:00:00+08:00");
    const auto to = detail::parse_time(month_text(m == 12 ? year + 1 : year, m == 12 ? 1 : m + 1) +
                                       "-01T00:00:00+08:00");
    if (!from || !to) {
        throw bad();
    }
    return {*from, *to};
}

bool handling_less(const IssueCounts& a_end, const Handling& a, const IssueCounts& b_end,
                   const Handling& b) {
    return std::tuple(a_end.overdue, a_end.open, -a.resolved, -a.on_time_percent.value_or(-1)) <
           std::tuple(b_end.overdue, b_end.open, -b.resolved, -b.on_time_percent.value_or(-1));
}

std::string month_of(std::int64_t moment) {
    return detail::beijing_text(moment).substr(0, 7);
}

std::int64_t month_moment(const std::string& month, std::int64_t now) {
    return std::min(month_bounds(month).second - 1, now);
}

MonthlyFigures monthly_figures(const Project& project, const std::string& month,
                               std::optional<std::int64_t> now) {
    MonthlyFigures m;
    m.month = month;
    std::tie(m.from, m.to) = month_bounds(month);
    const std::int64_t clock = now.value_or(detail::now_seconds());
    m.as_of = month_moment(month, clock);
    const detail::ProjectImpl& p = project.impl();
    sqlite3* db = detail::sqlite_handle(p);
    if (detail::table_exists(db, "community")) {
        Statement s(db, "SELECT code, name FROM community ORDER BY code");
        while (s.step()) {
            m.communities.emplace_back(s.text(0), s.text(1));
        }
    }
    if (p.has_feature_tables()) {
        const std::vector<IssueAsOf> issues = issues_as_of(project, m.as_of);
        month_issues(m, issues);
        m.figures = figures_as_of(project, m.as_of);
        m.trend = month_trend(project, month, clock);
        rank_cells_and_workers(db, m, issues);
        for (const auto& [id, state, length] : repair_lengths(db)) {
            m.repairs.planned_m += length;
            ++m.repairs.segments;
            if (state == "done") {
                m.repairs.done_m += length;
                ++m.repairs.segments_done;
            } else if (state == "active") {
                m.repairs.active_m += length;
            }
        }
    }
    m.pledges = list_pledges(project);
    m.delta = delta_as_of(project, m.as_of);
    return m;
}

MonthlyFigures dashboard_figures(const Project& project, std::optional<std::int64_t> now) {
    const std::int64_t clock = now.value_or(detail::now_seconds());
    return monthly_figures(project, month_of(clock), clock);
}

std::optional<std::int64_t> parse_time_text(const std::string& text) {
    return detail::parse_time(text);
}

std::string metric_title_zh(std::string_view metric) {
    if (metric == "party_group") {
        return "党小组覆盖率";
    }
    if (metric == "building_captain") {
        return "楼栋长覆盖率";
    }
    if (metric == "unit_captain") {
        return "单元长覆盖率";
    }
    if (metric == "grid_worker") {
        return "网格员覆盖率";
    }
    if (metric == "household_pairing") {
        return "党员包保到户率";
    }
    if (metric == "household_visited") {
        return "走访覆盖率";
    }
    if (metric == "care_paired") {
        return "重点人群结对率";
    }
    if (metric == "care_visited") {
        return "重点人群走访率";
    }
    if (metric == "key_place_patrolled") {
        return "重点场所按期巡查率";
    }
    if (metric == "points_month") {
        return "本月积分";
    }
    if (metric == "member_checkin") {
        return "党员报到率";
    }
    if (metric == "signup_pairing") {
        return "结对帮困报名率";
    }
    if (metric == "signup_night_patrol") {
        return "夜间巡逻报名率";
    }
    if (metric == "cobuild_pledges_done") {
        return "共建实事完成率";
    }
    if (metric == "issues_open") {
        return "未办结问题";
    }
    if (metric == "issues_resolved") {
        return "已办结问题";
    }
    return std::string(metric);
}

std::string state_title_zh(std::string_view state) {
    return term_zh(Vocabulary::issue_state, state);
}

const std::vector<std::string>& issue_state_names() {
    static const std::vector<std::string> names{"reported", "dispatched", "accepted",
                                                "resolved", "verified",   "rejected"};
    return names;
}

std::string date_text(std::int64_t moment) {
    return detail::beijing_text(moment).substr(0, 10);
}

} // namespace gridmap
