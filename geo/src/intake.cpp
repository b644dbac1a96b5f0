#include "gridmap/intake.hpp"

#include "detail/bulk_write.hpp"
#include "detail/geos.hpp"
#include "detail/project_impl.hpp"
#include "detail/sqlite.hpp"
#include "detail/time.hpp"
#include "detail/workorder_common.hpp"
#include "gridmap/crs.hpp"
#include "gridmap/error.hpp"
#include "gridmap/parse.hpp"
#include "gridmap/text.hpp"

#include <ogr_geometry.h>

#include <algorithm>
#include <cmath>
#include <map>
#include <tuple>
#include <unordered_map>

namespace gridmap {

namespace {

using detail::Statement;

/// Polygons of one table (community or cell) kept in memory, prepared, in an STRtree.
struct Area {
    std::string key;
    detail::Geom geom;
    detail::PreparedPtr prepared;
};

struct Polygons {
    std::vector<Area> areas; ///< by key
    detail::TreePtr tree;

    /// The keys of the areas covering `point`, lowest first (as `detail::polygons_at`).
    std::vector<const Area*> covering(GEOSContextHandle_t ctx, const GEOSGeometry* point) const {
        std::vector<const Area*> hits;
        if (!tree) {
            return hits;
        }
        GEOSSTRtree_query_r(
            ctx, tree.get(), point,
            [](void* item, void* user) {
                static_cast<std::vector<const Area*>*>(user)->push_back(
                    static_cast<const Area*>(item));
            },
            &hits);
        std::erase_if(hits, [&](const Area* a) {
            return GEOSPreparedCovers_r(ctx, a->prepared.get(), point) != 1;
        });
        std::sort(hits.begin(), hits.end(),
                  [](const Area* a, const Area* b) { return a->key < b->key; });
        return hits;
    }
};

/// Loads a table's polygons. Returns false when a geometry cannot be read (a damaged project:
/// the caller then leaves the batch to `add_issues`, which names it).
bool load_polygons(Polygons& out, sqlite3* db, GEOSContextHandle_t ctx, const std::string& table,
                   const std::string& key) {
    detail::WkbReaderPtr reader(GEOSWKBReader_create_r(ctx), detail::WkbReaderDeleter{ctx});
    Statement s(db, "SELECT \"" + key + "\", geom FROM \"" + table + "\" ORDER BY \"" + key + "\"");
    bool readable = true;
    while (s.step()) {
        detail::Geom g(ctx, detail::gpkg_blob_to_geos(ctx, reader.get(), s.blob(1)));
        if (!g) {
            readable = readable && !detail::gpkg_blob_has_geometry(s.blob(1));
            continue;
        }
        detail::PreparedPtr prepared(GEOSPrepare_r(ctx, g.get()), detail::PreparedDeleter{ctx});
        out.areas.push_back({s.text(0), std::move(g), std::move(prepared)});
    }
    out.tree = detail::TreePtr(GEOSSTRtree_create_r(ctx, 10), detail::TreeDeleter{ctx});
    for (Area& a : out.areas) {
        GEOSSTRtree_insert_r(ctx, out.tree.get(), a.geom.get(), &a);
    }
    return readable;
}

/// The GeoPackage geometry blob of a point, as the bulk import writes every geometry.
std::string gpkg_point(std::int32_t srs_id, double x, double y) {
    std::string b;
    detail::append_gpkg_blob(b, OGRPoint(x, y), srs_id);
    return b;
}

void bind_optional(Statement& s, int index, const std::string& value) {
    if (value.empty()) {
        s.bind_null(index);
    } else {
        s.bind(index, value);
    }
}

std::string next_id_after(const std::string& id) {
    char buf[32];
    std::snprintf(buf, sizeof buf, "I%03ld", std::stol(id.substr(1)) + 1);
    return buf;
}

} // namespace

struct IssueIntake::Impl {
    Project& project;
    detail::GeosContext ctx; // before every geometry: destroyed after them

    // What is kept between batches (valid while `data_version` is unchanged).
    bool loaded = false;
    bool fallback = false; ///< damaged geometries: leave batches to add_issues
    std::int64_t data_version = -1;
    std::optional<LonLatTransform> transform;
    std::int32_t srs_id = 0;
    Polygons communities;
    Polygons cells;
    std::unordered_map<std::string, std::string> grid_worker_of_cell;
    std::unordered_map<std::string, std::vector<std::string>> staff_of_community;
    std::unordered_map<std::string, std::optional<std::string>> people; ///< id -> name
    struct Building {
        std::optional<std::string> captain;
        std::optional<std::string> party_group;
        std::optional<std::string> party_group_leader;
    };
    std::unordered_map<std::string, Building> buildings;
    std::map<std::string, int> deadline_hours;
    std::optional<std::string> next_id;

    std::unique_ptr<Statement> version_query;
    std::unique_ptr<Statement> person_query;
    std::unique_ptr<Statement> taken_query;
    std::unique_ptr<Statement> nearest_query;  ///< R-tree boxes near a point
    std::unique_ptr<Statement> building_query; ///< a building by fid
    std::unique_ptr<Statement> captain_query;
    std::unique_ptr<Statement> group_query;
    std::unique_ptr<Statement> insert_issue;
    std::unique_ptr<Statement> insert_event;

    explicit Impl(Project& p) : project(p) {}

    const detail::ProjectImpl& impl() const { return project.impl(); }
    sqlite3* db() const { return detail::sqlite_handle(impl()); }

    void forget() {
        loaded = false;
        fallback = false;
        for (Polygons* layer : {&communities, &cells}) {
            layer->tree.reset(); // before the geometries it indexes
            layer->areas.clear();
        }
        grid_worker_of_cell.clear();
        staff_of_community.clear();
        people.clear();
        buildings.clear();
        deadline_hours.clear();
        next_id.reset();
    }

    std::int64_t current_version() {
        version_query->reset();
        const std::int64_t v = version_query->step() ? version_query->integer(0) : 0;
        version_query->reset(); // no statement left open: it would hold a read snapshot
        return v;
    }

    /// (Re)loads what is kept when another connection committed since the last load.
    void refresh() {
        sqlite3* h = db();
        if (!version_query) {
            version_query = std::make_unique<Statement>(h, "PRAGMA data_version");
        }
        const std::int64_t version = current_version();
        if (loaded && version == data_version) {
            return;
        }
        forget();
        data_version = version;
        const detail::ProjectImpl& p = impl();
        transform.emplace(p.epsg);
        {
            Statement s(h, "SELECT srs_id FROM gpkg_geometry_columns WHERE lower(table_name) = "
                           "'issue'");
            srs_id = s.step() ? static_cast<std::int32_t>(s.integer(0)) : p.epsg;
        }
        fallback = !load_polygons(communities, h, ctx, "community", "code") ||
                   !load_polygons(cells, h, ctx, "cell", "code");
        {
            Statement s(h, "SELECT target, min(person) FROM role_assignment WHERE role = "
                           "'grid_worker' GROUP BY target");
            while (s.step()) {
                grid_worker_of_cell[s.text(0)] = s.text(1);
            }
        }
        {
            Statement s(h, "SELECT DISTINCT c.community, r.person FROM role_assignment r JOIN "
                           "cell c ON c.code = r.target WHERE r.role = 'grid_worker' ORDER BY 1, "
                           "2");
            while (s.step()) {
                staff_of_community[s.text(0)].push_back(s.text(1));
            }
        }
        if (!person_query) {
            person_query = std::make_unique<Statement>(h, "SELECT name FROM person WHERE id = ?");
            taken_query = std::make_unique<Statement>(h, "SELECT 1 FROM issue WHERE id = ?");
            if (detail::table_exists(h, "rtree_building_geom")) {
                nearest_query = std::make_unique<Statement>(
                    h, "SELECT r.id, r.minx, r.maxx, r.miny, r.maxy FROM rtree_building_geom r "
                       "WHERE r.minx <= ?1 AND r.maxx >= ?2 AND r.miny <= ?3 AND r.maxy >= ?4");
                building_query =
                    std::make_unique<Statement>(h, "SELECT id, geom FROM building WHERE fid = ?");
            }
            captain_query = std::make_unique<Statement>(
                h, "SELECT person FROM role_assignment WHERE role = 'building_captain' AND "
                   "target = ? ORDER BY person LIMIT 1");
            group_query = std::make_unique<Statement>(
                h, "SELECT l.party_group, g.leader FROM party_group_building l JOIN party_group "
                   "g ON g.id = l.party_group WHERE l.building = ? ORDER BY l.party_group LIMIT 1");
            insert_issue = std::make_unique<Statement>(
                h, "INSERT INTO issue (geom, id, category, small_class, text, state, reporter, "
                   "reported_at, deadline, cell, assignee, updated_at, address) VALUES (?, ?, "
                   "?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
            insert_event = std::make_unique<Statement>(
                h, "INSERT INTO issue_event (issue, at, \"by\", from_state, to_state, note, "
                   "assignee) VALUES (?, ?, ?, ?, ?, ?, ?)");
        }
        loaded = true;
    }

    /// The name of a person (nullopt: no such person), looked up once.
    const std::optional<std::string>& person(const std::string& id) {
        auto it = people.find(id);
        if (it == people.end()) {
            person_query->reset();
            person_query->bind(1, id);
            std::optional<std::string> name;
            if (person_query->step()) {
                name = person_query->text(0);
            }
            person_query->reset();
            it = people.emplace(id, std::move(name)).first;
        }
        return it->second;
    }

    /// `require_person` of workorder.cpp.
    void require_person(const std::string& id, const std::string& what) {
        if (id.empty()) {
            throw InputError(what + ": who makes this change? a person id is required");
        }
        if (!person(id)) {
            throw InputError(what + ": no person with id '" + id + "'");
        }
    }

    /// detail::deadline_hours, kept per category between batches.
    int hours(const std::string& category) {
        if (const auto it = deadline_hours.find(category); it != deadline_hours.end()) {
            return it->second;
        }
        return deadline_hours[category] = detail::deadline_hours(impl(), category);
    }

    const Building& building(const std::string& id) {
        auto it = buildings.find(id);
        if (it != buildings.end()) {
            return it->second;
        }
        Building b;
        captain_query->reset();
        captain_query->bind(1, id);
        if (captain_query->step()) {
            b.captain = captain_query->text(0);
        }
        captain_query->reset();
        group_query->reset();
        group_query->bind(1, id);
        if (group_query->step()) {
            b.party_group = group_query->text(0);
            if (!group_query->is_null(1)) {
                b.party_group_leader = group_query->text(1);
            }
        }
        group_query->reset();
        return buildings.emplace(id, std::move(b)).first->second;
    }

    /// `detail::nearest_feature(p, ctx, "building", "id", x, y, 100)`: the building nearest to
    /// the point within 100 m, the lowest id among equally near ones. The R-tree boxes in the
    /// window are taken nearest box first, and a building is read only while its box is not
    /// farther than the nearest building found (a box's distance is never more than its
    /// building's): in a dense town one or two buildings are read instead of every one within
    /// 100 m.
    std::optional<std::string> nearest_building(double x, double y, const GEOSGeometry* point) {
        constexpr double radius = 100.0;
        if (!nearest_query) {
            return std::nullopt;
        }
        Statement& s = *nearest_query;
        s.reset();
        s.bind(1, x + radius);
        s.bind(2, x - radius);
        s.bind(3, y + radius);
        s.bind(4, y - radius);
        struct Box {
            double distance;
            std::int64_t fid;
        };
        std::vector<Box> boxes;
        while (s.step()) {
            const double dx = std::max({s.real(1) - x, 0.0, x - s.real(2)});
            const double dy = std::max({s.real(3) - y, 0.0, y - s.real(4)});
            const double d = std::sqrt(dx * dx + dy * dy);
            if (d <= radius) {
                boxes.push_back({d, s.integer(0)});
            }
        }
        s.reset();
        std::sort(boxes.begin(), boxes.end(),
                  [](const Box& a, const Box& b) { return a.distance < b.distance; });
        detail::WkbReaderPtr reader(GEOSWKBReader_create_r(ctx), detail::WkbReaderDeleter{ctx});
        std::optional<std::pair<std::string, double>> best;
        for (const Box& box : boxes) {
            if (best && box.distance > best->second) {
                break;
            }
            Statement& b = *building_query;
            b.reset();
            b.bind(1, box.fid);
            if (!b.step()) {
                continue;
            }
            detail::Geom g(ctx, detail::gpkg_blob_to_geos(ctx, reader.get(), b.blob(1)));
            if (!g && detail::gpkg_blob_has_geometry(b.blob(1))) {
                const std::string id = b.text(0);
                b.reset();
                detail::throw_damaged_geometry(db(), "building", id, box.fid);
            }
            double d = 0;
            if (g && GEOSDistance_r(ctx, g.get(), point, &d) == 1 && d <= radius) {
                std::string id = b.text(0);
                if (!best || d < best->second || (d == best->second && id < best->first)) {
                    best = std::make_pair(std::move(id), d);
                }
            }
            b.reset();
        }
        if (!best) {
            return std::nullopt;
        }
        return best->first;
    }

    /// `propose_at` of workorder.cpp, with the cells and role holders kept in memory.
    Proposal propose(double x, double y, const GEOSGeometry* point) {
        Proposal pr;
        const auto in_cells = cells.covering(ctx, point);
        if (!in_cells.empty()) {
            pr.cell = in_cells.front()->key;
            if (const auto it = grid_worker_of_cell.find(*pr.cell);
                it != grid_worker_of_cell.end()) {
                pr.grid_worker = it->second;
            }
        }
        if (auto b = nearest_building(x, y, point)) {
            pr.building = *b;
            const Building& info = building(*b);
            pr.building_captain = info.captain;
            pr.party_group = info.party_group;
            pr.party_group_leader = info.party_group_leader;
        }
        detail::choose_assignee(pr);
        if (pr.assignee) {
            pr.assignee_name = person(*pr.assignee).value_or("");
        }
        return pr;
    }

    void write_event(const std::string& issue, const std::string& at, const std::string& by,
                     std::optional<IssueState> from, IssueState to, const std::string& note,
                     const std::string& assignee) {
        Statement& s = *insert_event;
        s.reset();
        s.bind(1, issue);
        s.bind(2, at);
        bind_optional(s, 3, by);
        if (from) {
            s.bind(4, to_string(*from));
        } else {
            s.bind_null(4);
        }
        s.bind(5, to_string(to));
        bind_optional(s, 6, note);
        bind_optional(s, 7, assignee);
        s.step();
    }

    std::vector<AddedIssue> add(const std::vector<NewIssue>& issues,
                                const std::string& dispatch_by) {
        const detail::ProjectImpl& p = impl();
        if (p.pg || !p.has_feature_tables()) {
            return add_issues(project, issues, dispatch_by);
        }
        std::vector<AddedIssue> out(issues.size());
        if (issues.empty()) {
            return out;
        }
        detail::writable(project);
        std::optional<detail::Transaction> tx;
        tx.emplace(*p.ds); // the write lock, before anything is read
        refresh();
        if (fallback) {
            tx.reset(); // rolled back: add_issues takes its own transaction
            return add_issues(project, issues, dispatch_by);
        }
        if (!dispatch_by.empty()) {
            require_person(dispatch_by, "dispatching person");
        }
        if (!next_id) {
            next_id = detail::next_numbered_id(db(), "issue", 'I', 3);
        }
        std::string next = *next_id;
        const std::int64_t now = detail::now_seconds();
        double box[4] = {1e300, 1e300, -1e300, -1e300};
        for (std::size_t i = 0; i < issues.size(); ++i) {
            const NewIssue& in = issues[i];
            try {
                require_person(in.by, "new issue");
                require_issue_fields(in.category, in.small_class, in.text, "new issue");
                if (!in.reporter.empty()) {
                    require_person(in.reporter, "reporter");
                }
                const std::string id = in.id.empty() ? next : in.id;
                taken_query->reset();
                taken_query->bind(1, id);
                const bool taken = taken_query->step();
                taken_query->reset();
                if (taken) {
                    throw InputError("issue id '" + id + "' is already in use");
                }
                // `place` of workorder.cpp
                const std::string what = "issue " + id;
                LonLatTransform::XY xy;
                std::string where;
                if (in.xy) {
                    xy = {in.xy->first, in.xy->second};
                    where = "x " + fixed(xy.x, 2) + ", y " + fixed(xy.y, 2);
                } else {
                    if (!(in.lon >= -180 && in.lon <= 180 && in.lat >= -90 && in.lat <= 90)) {
                        throw InputError(what + ": lon " + fixed(in.lon, 6) + ", lat " +
                                         fixed(in.lat, 6) + " is not a longitude/latitude");
                    }
                    xy = transform->to_projected({in.lon, in.lat});
                    where = "经度 " + fixed(in.lon, 6) + "，纬度 " + fixed(in.lat, 6);
                }
                if (!is_usable_coordinate(p.epsg, xy.x, xy.y)) {
                    throw InputError(what + ": " + where + " 不在工作坐标系 EPSG:" +
                                     std::to_string(p.epsg) + " 的适用范围内");
                }
                detail::Geom point(ctx, GEOSGeom_createPointFromXY_r(ctx, xy.x, xy.y));
                const auto in_communities = communities.covering(ctx, point.get());
                if (in_communities.empty()) {
                    throw InputError(what + ": " + where + " 不在本项目任何社区范围内");
                }
                const std::int64_t at = in.at.value_or(now);
                const Proposal proposal = propose(xy.x, xy.y, point.get());
                // `staff_at`: the grid workers of the cells of the (first) community there.
                std::string dispatch_to;
                if (!dispatch_by.empty() && proposal.assignee) {
                    const auto it = staff_of_community.find(in_communities.front()->key);
                    if (it != staff_of_community.end() &&
                        std::find(it->second.begin(), it->second.end(), dispatch_by) !=
                            it->second.end()) {
                        dispatch_to = *proposal.assignee;
                    }
                }
                const std::string at_text = detail::utc_text(at);
                const std::int64_t deadline = at + std::int64_t{3600} * hours(in.category);
                const std::string text = trim_text(in.text);
                Statement& s = *insert_issue;
                s.reset();
                const std::string blob = gpkg_point(srs_id, xy.x, xy.y);
                if (sqlite3_bind_blob(s.get(), 1, blob.data(), static_cast<int>(blob.size()),
                                      SQLITE_TRANSIENT) != SQLITE_OK) {
                    throw LibraryError(p.path + ": cannot bind the place of issue " + id);
                }
                s.bind(2, id);
                s.bind(3, in.category);
                bind_optional(s, 4, in.small_class);
                bind_optional(s, 5, text);
                s.bind(6, to_string(dispatch_to.empty() ? IssueState::reported
                                                        : IssueState::dispatched));
                bind_optional(s, 7, in.reporter);
                s.bind(8, at_text);
                s.bind(9, detail::utc_text(deadline));
                if (proposal.cell) {
                    s.bind(10, *proposal.cell);
                } else {
                    s.bind_null(10);
                }
                bind_optional(s, 11, dispatch_to);
                s.bind(12, at_text);
                bind_optional(s, 13, in.address);
                s.step();
                write_event(id, at_text, in.by, std::nullopt, IssueState::reported, "群众点单", "");
                if (!dispatch_to.empty()) {
                    write_event(id, at_text, dispatch_by, IssueState::reported,
                                IssueState::dispatched, "自动派单", dispatch_to);
                }
                if (id == next) {
                    next = next_id_after(next);
                }
                box[0] = std::min(box[0], xy.x);
                box[1] = std::min(box[1], xy.y);
                box[2] = std::max(box[2], xy.x);
                box[3] = std::max(box[3], xy.y);

                IssueRecord r;
                r.id = id;
                r.category = in.category;
                r.small_class = in.small_class;
                r.text = text;
                r.state = dispatch_to.empty() ? IssueState::reported : IssueState::dispatched;
                r.cell = proposal.cell;
                if (!dispatch_to.empty()) {
                    r.assignee = dispatch_to;
                    r.assignee_name = person(dispatch_to).value_or("");
                }
                if (!in.reporter.empty()) {
                    r.reporter = in.reporter;
                }
                r.reported_at = at;
                r.deadline = deadline;
                r.updated_at = at;
                r.address = in.address;
                r.x = xy.x;
                r.y = xy.y;
                const LonLat ll = transform->to_lonlat({xy.x, xy.y});
                r.lon = ll.lon;
                r.lat = ll.lat;
                out[i].issue = std::move(r);
                out[i].proposal = proposal;
            } catch (const InputError& e) {
                out[i].error = e.what();
            }
        }
        if (box[0] <= box[2]) {
            // The layer's extent, as GDAL keeps it when it writes features.
            Statement s(db(),
                        "UPDATE gpkg_contents SET min_x = CASE WHEN min_x IS NULL OR min_x > ?1 "
                        "THEN ?1 ELSE min_x END, min_y = CASE WHEN min_y IS NULL OR min_y > ?2 "
                        "THEN ?2 ELSE min_y END, max_x = CASE WHEN max_x IS NULL OR max_x < ?3 "
                        "THEN ?3 ELSE max_x END, max_y = CASE WHEN max_y IS NULL OR max_y < ?4 "
                        "THEN ?4 ELSE max_y END, last_change = ?5 WHERE lower(table_name) = "
                        "'issue'");
            for (int k = 0; k < 4; ++k) {
                s.bind(k + 1, box[k]);
            }
            s.bind(5, detail::utc_text(now));
            s.step();
        }
        try {
            tx->commit();
        } catch (...) {
            next_id.reset();
            throw;
        }
        next_id = next;
        return out;
    }
};

IssueIntake::IssueIntake(Project& project) : m(std::make_unique<Impl>(project)) {}

IssueIntake::~IssueIntake() = default;

std::vector<AddedIssue> IssueIntake::add(const std::vector<NewIssue>& issues,
                                         const std::string& dispatch_by) {
    return m->add(issues, dispatch_by);
}

void IssueIntake::prepare() {
    const detail::ProjectImpl& p = m->impl();
    if (!p.pg && p.has_feature_tables()) {
        m->refresh();
    }
}

void IssueIntake::invalidate() {
    m->forget();
}

std::vector<IssueRecord> recent_issues(const Project& project, const IssueQuery& q,
                                       std::size_t limit) {
    const detail::ProjectImpl& p = project.impl();
    if (!p.has_feature_tables()) {
        return {};
    }
    if (p.pg) {
        // PostgreSQL: the filters of list_issues, then in memory.
        IssueFilter f;
        f.cell = q.cell;
        f.from = q.from;
        f.to = q.to;
        std::vector<IssueRecord> all = list_issues(project, f);
        std::erase_if(all, [&](const IssueRecord& r) {
            if (q.open && is_open(r.state) != *q.open) {
                return true;
            }
            return !q.classes.empty() &&
                   std::find(q.classes.begin(), q.classes.end(),
                             std::make_pair(r.category, r.small_class)) == q.classes.end();
        });
        std::sort(all.begin(), all.end(), [](const IssueRecord& a, const IssueRecord& b) {
            return std::tie(b.reported_at, b.id) < std::tie(a.reported_at, a.id);
        });
        if (all.size() > limit) {
            all.resize(limit);
        }
        return all;
    }
    // Times are stored as UTC text of one form ("2026-12-03T07:15:00.000Z"), which sorts and
    // compares as time.
    std::string where = "WHERE 1 = 1";
    std::vector<std::string> binds;
    if (!q.cell.empty()) {
        where += " AND i.cell = ?";
        binds.push_back(q.cell);
    }
    if (q.from) {
        where += " AND i.reported_at >= ?";
        binds.push_back(detail::utc_text(*q.from));
    }
    if (q.to) {
        where += " AND i.reported_at < ?";
        binds.push_back(detail::utc_text(*q.to));
    }
    if (q.open) {
        where += *q.open ? " AND i.state IN ('reported', 'dispatched', 'accepted')"
                         : " AND i.state NOT IN ('reported', 'dispatched', 'accepted')";
    }
    if (!q.classes.empty()) {
        std::string any;
        for (const auto& [category, small_class] : q.classes) {
            any += std::string(any.empty() ? "" : " OR ") +
                   "(i.category = ? AND coalesce(i.small_class, '') = ?)";
            binds.push_back(category);
            binds.push_back(small_class);
        }
        where += " AND (" + any + ")";
    }
    Statement s(detail::sqlite_handle(p), detail::issue_select + where +
                                              " ORDER BY i.reported_at DESC, i.id DESC LIMIT " +
                                              std::to_string(limit));
    for (std::size_t k = 0; k < binds.size(); ++k) {
        s.bind(static_cast<int>(k + 1), binds[k]);
    }
    const LonLatLease lease = lend_lonlat_transform(p.epsg);
    const LonLatTransform& t = *lease;
    std::vector<IssueRecord> out;
    while (s.step()) {
        out.push_back(detail::issue_row(s, &t));
    }
    return out;
}

} // namespace gridmap
