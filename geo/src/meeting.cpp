#include "gridmap/meeting.hpp"

#include "detail/gdal.hpp"
#include "detail/project_impl.hpp"
#include "detail/sqlite.hpp"
#include "detail/time.hpp"
#include "gridmap/error.hpp"
#include "gridmap/report.hpp"
#include "gridmap/schema.hpp"
#include "gridmap/theme.hpp"
#include "gridmap/workorder.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <set>
#include <sstream>
#include <stdexcept>

namespace gridmap {

namespace {

using detail::Statement;

const detail::ProjectImpl& writable(Project& project) {
    const detail::ProjectImpl& p = project.impl();
    if (p.read_only) {
        throw ProjectError(p.path + ": opened read-only");
    }
    return p;
}

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

/// Resolved or verified issues per cell code and per community code.
std::pair<std::map<std::string, std::int64_t>, std::map<std::string, std::int64_t>>
resolved_issues(sqlite3* db) {
    std::map<std::string, std::int64_t> cells;
    std::map<std::string, std::int64_t> communities;
    if (!detail::table_exists(db, "issue")) {
        return {cells, communities};
    }
    Statement s(db, "SELECT i.cell, c.community, count(*) FROM issue i JOIN cell c ON c.code = "
                    "i.cell WHERE i.state IN ('resolved', 'verified') GROUP BY i.cell");
    while (s.step()) {
        cells[s.text(0)] += s.integer(2);
        communities[s.text(1)] += s.integer(2);
    }
    return {cells, communities};
}

std::string month_text(int year, int month) {
    char buf[16];
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
        try {
            double v[4];
            for (int k = 0; k < 4; ++k) {
                std::size_t used = 0;
                v[k] = std::stod(parts[static_cast<std::size_t>(k)], &used);
                if (used != parts[static_cast<std::size_t>(k)].size()) {
                    throw std::invalid_argument("trailing text");
                }
            }
            if (v[2] > v[0] && v[3] > v[1]) {
                return Extent{v[0], v[1], v[2], v[3]};
            }
        } catch (const std::logic_error&) {
        }
    }
    throw InputError("--extent " + spec +
                     ": expected community, cell:CODE or MINX,MINY,MAXX,MAXY (MAX > MIN)");
}

SavedView add_view(Project& project, SavedView v) {
    const detail::ProjectImpl& p = writable(project);
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
    detail::Transaction tx(*p.ds);
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
    const std::vector<SavedView> views = list_views(project);
    const auto it =
        std::find_if(views.begin(), views.end(), [&](const SavedView& v) { return v.id == id; });
    if (it == views.end()) {
        throw InputError("no view with id '" + id + "'");
    }
    detail::Transaction tx(*p.ds);
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
        "party_group",       "building_captain", "unit_captain",   "grid_worker",
        "household_pairing", "issues_open",      "issues_resolved"};
    return metrics;
}

bool is_count_metric(std::string_view metric) {
    return metric == "issues_open" || metric == "issues_resolved";
}

std::vector<SnapshotFigure> current_figures(const Project& project) {
    sqlite3* db = detail::sqlite_handle(project.impl());
    std::vector<SnapshotFigure> out;
    if (!project.impl().has_feature_tables()) {
        return out;
    }
    const auto [resolved_cells, resolved_communities] = resolved_issues(db);
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
            if (by != ReportBy::compound) {
                const auto& resolved = by == ReportBy::cell ? resolved_cells : resolved_communities;
                const auto it = resolved.find(target);
                out.push_back(count(scope, target, name, "issues_open",
                                    static_cast<std::int64_t>(row[col("open_issues")].number)));
                out.push_back(count(scope, target, name, "issues_resolved",
                                    it == resolved.end() ? 0 : it->second));
            }
        }
    }
    std::stable_sort(out.begin(), out.end(), figure_less);
    return out;
}

CoverageSnapshot take_snapshot(Project& project, const std::string& note,
                               std::optional<std::int64_t> at) {
    const detail::ProjectImpl& p = writable(project);
    if (!p.has_feature_tables()) {
        throw InputError(p.path + ": the project has no community yet; import one first");
    }
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
    snap.figures = current_figures(project);

    detail::Transaction tx(*p.ds);
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
    const std::vector<SnapshotInfo> all = list_snapshots(project);
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
    const int year = std::stoi(month.substr(0, 4));
    const int m = std::stoi(month.substr(5, 2));
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

MonthlyFigures monthly_figures(const Project& project, const std::string& month) {
    MonthlyFigures m;
    m.month = month;
    std::tie(m.from, m.to) = month_bounds(month);
    const detail::ProjectImpl& p = project.impl();
    sqlite3* db = detail::sqlite_handle(p);
    if (detail::table_exists(db, "community")) {
        Statement s(db, "SELECT code, name FROM community ORDER BY code");
        while (s.step()) {
            m.communities.emplace_back(s.text(0), s.text(1));
        }
    }
    if (p.has_feature_tables()) {
        const std::int64_t now = detail::now_seconds();
        const std::int64_t end = std::min(m.to, now);
        for (const IssueRecord& r : list_issues(project)) {
            const std::string state(to_string(r.state));
            if (r.reported_at >= m.from && r.reported_at < m.to) {
                ++m.reported_by_category_state[r.category][state];
                ++m.reported;
            }
            if (is_open(r.state)) {
                ++m.open_by_state[state];
                ++m.open_by_category[r.category];
                if (r.reported_at < m.to) {
                    ++m.open_at_end;
                    m.overdue_at_end += r.overdue(end) ? 1 : 0;
                }
            }
        }
        std::set<std::string> resolved;
        Statement e(db, "SELECT issue, at FROM issue_event WHERE to_state = 'resolved'");
        while (e.step()) {
            const auto at = detail::parse_time(e.text(1));
            if (at && *at >= m.from && *at < m.to) {
                resolved.insert(e.text(0));
            }
        }
        m.resolved_in_month = static_cast<std::int64_t>(resolved.size());
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
    m.delta = latest_delta(project);
    return m;
}

MonthlyFigures dashboard_figures(const Project& project) {
    const std::string today = detail::beijing_text(detail::now_seconds());
    return monthly_figures(project, today.substr(0, 7));
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
    if (metric == "issues_open") {
        return "未办结问题";
    }
    if (metric == "issues_resolved") {
        return "已办结问题";
    }
    return std::string(metric);
}

std::string state_title_zh(std::string_view state) {
    if (state == "reported") {
        return "群众点单";
    }
    if (state == "dispatched") {
        return "社区派单";
    }
    if (state == "accepted") {
        return "已接单";
    }
    if (state == "resolved") {
        return "已办结";
    }
    if (state == "verified") {
        return "已核查";
    }
    if (state == "rejected") {
        return "不予受理";
    }
    return std::string(state);
}

} // namespace gridmap
