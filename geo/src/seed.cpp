#include "gridmap/seed.hpp"

#include "detail/project_impl.hpp"
#include "detail/sqlite.hpp"
#include "detail/time.hpp"
#include "gridmap/crs.hpp"
#include "gridmap/error.hpp"
#include "gridmap/parse.hpp"
#include "gridmap/text.hpp"
#include "gridmap/workorder.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <limits>
#include <set>

namespace gridmap {

namespace {

using detail::Statement;

constexpr std::int64_t day_s = 24 * 3600;

// THE points table (积分表). docs/ARCHITECTURE.md "Points" shows the same table.
const std::vector<PointRule> rules_table{
    {"visit_home", "入户走访", "a visit of kind 入户走访 by the person", 2},
    {"visit_survey", "摸排", "a visit of kind 摸排 (人口摸排, 扫楼) by the person", 1},
    {"visit_help", "走访困难户（帮扶）", "a visit of kind 帮扶 by the person", 3},
    {"visit_promo", "上门宣传", "a visit of kind 宣传 by the person", 1},
    {"patrol", "重点场所巡查", "a patrol of a key place by the person", 1},
    {"order_on_time", "按时办结工单",
     "an issue assigned to the person (without an assignee: who recorded the resolution), "
     "resolved by its deadline (counted once, in the month of its last resolution)",
     3},
    {"volunteer", "志愿服务活动", "a volunteer_activity row of the person (one activity)", 2},
    {"checkin", "到社区报到", "the person's 报到 row (report duty), in its month", 1},
};

std::string_view visit_rule(std::string_view kind) {
    if (kind == "入户走访") {
        return "visit_home";
    }
    if (kind == "摸排") {
        return "visit_survey";
    }
    if (kind == "帮扶") {
        return "visit_help";
    }
    return "visit_promo";
}

int rule_points(std::string_view id) {
    for (const PointRule& r : rules_table) {
        if (r.id == id) {
            return r.points;
        }
    }
    return 0;
}

sqlite3* db_of(const Project& project) {
    return detail::sqlite_handle(project.impl());
}

using detail::writable;

bool exists(sqlite3* db, const std::string& table, const std::string& key_field,
            const std::string& key) {
    Statement s(db, "SELECT 1 FROM \"" + table + "\" WHERE \"" + key_field + "\" = ?");
    s.bind(1, key);
    return s.step();
}

void require_row(sqlite3* db, const std::string& table, const std::string& key,
                 const std::string& what) {
    if (!exists(db, table, "id", key)) {
        throw InputError(what + ": no " + table + " with id '" + key + "'");
    }
}

int setting_days(const Project& project, const std::string& key, int fallback) {
    const auto v = project.impl().setting(key);
    if (!v) {
        return fallback;
    }
    const auto n = parse_integer(*v);
    if (!n || *n < 1 || *n > 3660) {
        throw InputError(project.impl().path + ": setting " + key + " '" + *v +
                         "': expected a whole number of days from 1 to 3660");
    }
    return static_cast<int>(*n);
}

/// A calendar date as stored ("2026-11-28", the day in Beijing), or InputError naming `what`.
std::string normalize_date(const std::string& text, const std::string& what) {
    const std::int64_t t = require_date_time(text, what);
    return detail::beijing_text(t).substr(0, 10);
}

/// Whole days from the date's midnight (Beijing) to `now` (negative for a later date).
std::int64_t days_since(const std::string& date, std::int64_t now) {
    const auto t = parse_date_time(date);
    if (!t) {
        return std::numeric_limits<std::int64_t>::max() / 2;
    }
    const std::int64_t d = now - *t;
    return d >= 0 ? d / day_s : -((-d + day_s - 1) / day_s);
}

/// "YYYY-MM" checked, or InputError.
void require_month(const std::string& month) {
    if (month.size() != 7 || month[4] != '-' || !parse_date_time(month + "-01")) {
        throw InputError("month '" + month + "': expected YYYY-MM, e.g. 2026-11");
    }
}

bool table_has_rows(sqlite3* db, const std::string& table) {
    if (!detail::table_exists(db, table)) {
        return false;
    }
    Statement s(db, "SELECT 1 FROM \"" + table + "\" LIMIT 1");
    return s.step();
}

/// Last visit date per household: household visits, and 摸排 visits of its building; only
/// visits dated on or before `until` ("YYYY-MM-DD") when given.
std::map<std::string, std::string> last_visits(sqlite3* db,
                                               const std::string& until = "9999-12-31") {
    std::map<std::string, std::string> out;
    auto keep = [&](const std::string& h, const std::string& d) {
        auto& cur = out[h];
        cur = std::max(cur, d);
    };
    {
        Statement s(db, "SELECT household, MAX(date) FROM visit WHERE household IS NOT NULL "
                        "AND household <> '' AND date <= ? GROUP BY household");
        s.bind(1, until);
        while (s.step()) {
            keep(s.text(0), s.text(1));
        }
    }
    Statement s(db, "SELECT h.id, MAX(v.date) FROM visit v JOIN household h ON h.building = "
                    "v.building WHERE v.kind = '摸排' AND (v.household IS NULL OR v.household = "
                    "'') AND v.date <= ? GROUP BY h.id");
    s.bind(1, until);
    while (s.step()) {
        keep(s.text(0), s.text(1));
    }
    return out;
}

/// Last visit date per household by household visits only (care visits are at the door).
std::map<std::string, std::string> last_household_visits(sqlite3* db) {
    std::map<std::string, std::string> out;
    Statement s(db, "SELECT household, MAX(date) FROM visit WHERE household IS NOT NULL AND "
                    "household <> '' GROUP BY household");
    while (s.step()) {
        out[s.text(0)] = s.text(1);
    }
    return out;
}

bool is_grid_worker(sqlite3* db, const std::string& person) {
    Statement s(db, "SELECT 1 FROM role_assignment WHERE role = 'grid_worker' AND person = ?");
    s.bind(1, person);
    return s.step();
}

void require_person(sqlite3* db, const std::string& id, const std::string& what) {
    if (id.empty()) {
        throw InputError(what + ": who? a person id is required");
    }
    if (!exists(db, "person", "id", id)) {
        throw InputError(what + ": no person with id '" + id + "'");
    }
}

/// The date of a new record: a calendar date, not after today (Beijing).
std::string record_date(const std::string& text, const std::string& what) {
    if (text.empty()) {
        throw InputError(what + ": a date is required (YYYY-MM-DD)");
    }
    const std::string d = normalize_date(text, what + " date");
    if (d > detail::beijing_text(detail::now_seconds()).substr(0, 10)) {
        throw InputError(what + " date '" + text + "' lies in the future");
    }
    return d;
}

void bind_or_null(Statement& s, int i, const std::string& v) {
    if (v.empty()) {
        s.bind_null(i);
    } else {
        s.bind(i, v);
    }
}

std::string fixed1(double v) {
    char buf[32];
    std::snprintf(buf, sizeof buf, "%.1f", v);
    return buf;
}

} // namespace

const std::vector<PointRule>& point_rules() {
    return rules_table;
}

int visit_interval_days(const Project& project) {
    return setting_days(project, "visit_interval_days", 90);
}

int care_visit_days(const Project& project) {
    return setting_days(project, "care_visit_days", 30);
}

std::string add_visit(Project& project, const NewVisit& v) {
    const detail::ProjectImpl& p = writable(project);
    detail::Transaction tx(*p.ds);
    sqlite3* db = detail::sqlite_handle(p);
    const std::string what = "visit" + (v.id.empty() ? std::string() : " " + v.id);
    require_person(db, v.person, what + ": person");
    if (v.household.empty() && v.building.empty()) {
        throw InputError(what + ": a household or a building is required");
    }
    std::string building = v.building;
    if (!v.household.empty()) {
        Statement s(db, "SELECT building FROM household WHERE id = ?");
        s.bind(1, v.household);
        if (!s.step()) {
            throw InputError(what + ": household: no household with id '" + v.household + "'");
        }
        if (!building.empty() && building != s.text(0)) {
            throw InputError(what + ": household " + v.household + " lies in building " +
                             s.text(0) + ", not " + building);
        }
        building = s.text(0);
    } else {
        require_row(db, "building", building, what + ": building");
    }
    if (v.kind != "入户走访" && v.kind != "摸排" && v.kind != "帮扶" && v.kind != "宣传") {
        throw InputError(what + ": kind '" + v.kind + "': expected 入户走访, 摸排, 帮扶 or 宣传");
    }
    const std::string date = record_date(v.date, what);
    if (!v.issue.empty()) {
        require_row(db, "issue", v.issue, what + ": issue");
    }
    const std::string id = v.id.empty() ? detail::next_numbered_id(db, "visit", 'V', 5) : v.id;
    if (exists(db, "visit", "id", id)) {
        throw InputError("visit id '" + id + "' is already in use");
    }
    Statement s(db, "INSERT INTO visit (id, household, building, person, date, kind, findings, "
                    "issue) VALUES (?, ?, ?, ?, ?, ?, ?, ?)");
    s.bind(1, id);
    bind_or_null(s, 2, v.household);
    bind_or_null(s, 3, building);
    s.bind(4, v.person);
    s.bind(5, date);
    s.bind(6, v.kind);
    bind_or_null(s, 7, trim_text(v.findings));
    bind_or_null(s, 8, v.issue);
    s.step();
    tx.commit();
    return id;
}

std::vector<VisitRecord> list_visits(const Project& project, const VisitFilter& f) {
    sqlite3* db = db_of(project);
    std::string sql = "SELECT v.id, v.household, v.building, v.person, (SELECT name FROM person "
                      "WHERE id = v.person), v.date, v.kind, v.findings, v.issue FROM visit v "
                      "WHERE (?1 = '' OR v.person = ?1) AND (?2 = '' OR v.building = ?2) AND "
                      "(?3 = '' OR CAST(v.date AS TEXT) >= ?3) AND (?4 = '' OR CAST(v.date AS "
                      "TEXT) <= ?4) ORDER BY v.date, v.id"; // as text: '' is no date in PostgreSQL
    Statement s(db, sql);
    s.bind(1, f.person);
    s.bind(2, f.building);
    s.bind(3, f.from.empty() ? f.from : normalize_date(f.from, "--from"));
    s.bind(4, f.to.empty() ? f.to : normalize_date(f.to, "--to"));
    std::vector<VisitRecord> out;
    while (s.step()) {
        out.push_back({s.text(0), s.text(1), s.text(2), s.text(3), s.text(4), s.text(5), s.text(6),
                       s.text(7), s.text(8)});
    }
    return out;
}

std::vector<SweepStop> sweep_plan(const Project& project, const std::string& person,
                                  std::int64_t now) {
    sqlite3* db = db_of(project);
    require_person(db, person, "sweep plan");
    struct Building {
        std::string id;
        std::string name;
        double x = 0;
        double y = 0;
    };
    std::vector<Building> buildings;
    {
        Statement s(db, "SELECT DISTINCT b.id, COALESCE(b.name, b.number, ''), (ST_MinX(b.geom) + "
                        "ST_MaxX(b.geom)) / 2, (ST_MinY(b.geom) + ST_MaxY(b.geom)) / 2 FROM "
                        "household_pairing hp JOIN household h ON h.id = hp.household JOIN "
                        "building b ON b.id = h.building WHERE hp.person = ? ORDER BY b.id");
        s.bind(1, person);
        while (s.step()) {
            buildings.push_back({s.text(0), s.text(1), s.real(2), s.real(3)});
        }
    }
    // Walking order: nearest neighbour from the lowest id.
    std::vector<Building> order;
    std::vector<bool> used(buildings.size(), false);
    std::size_t cur = 0;
    for (std::size_t n = 0; n < buildings.size(); ++n) {
        if (n > 0) {
            double best = std::numeric_limits<double>::infinity();
            std::size_t pick = 0;
            for (std::size_t i = 0; i < buildings.size(); ++i) {
                if (used[i]) {
                    continue;
                }
                const double d = std::hypot(buildings[i].x - buildings[cur].x,
                                            buildings[i].y - buildings[cur].y);
                if (d < best) { // ties go to the lower id (the earlier index)
                    best = d;
                    pick = i;
                }
            }
            cur = pick;
        }
        used[cur] = true;
        order.push_back(buildings[cur]);
    }
    const auto last = last_visits(db);
    const int interval = visit_interval_days(project);
    std::vector<SweepStop> out;
    Statement s(db, "SELECT h.id, COALESCE(h.unit, ''), COALESCE(h.room, '') FROM "
                    "household_pairing hp JOIN household h ON h.id = hp.household WHERE "
                    "hp.person = ? AND h.building = ? ORDER BY COALESCE(h.unit, ''), "
                    "COALESCE(h.room, ''), h.id");
    for (const Building& b : order) {
        s.reset();
        s.bind(1, person);
        s.bind(2, b.id);
        while (s.step()) {
            SweepStop stop;
            stop.order = static_cast<int>(out.size()) + 1;
            stop.building = b.id;
            stop.building_name = b.name;
            stop.household = s.text(0);
            stop.unit = s.text(1);
            stop.room = s.text(2);
            const auto it = last.find(stop.household);
            stop.last_visit = it == last.end() ? "" : it->second;
            stop.due = stop.last_visit.empty() || days_since(stop.last_visit, now) > interval;
            out.push_back(std::move(stop));
        }
    }
    return out;
}

std::string sweep_plan_text(const Project& project, const std::string& person,
                            const std::vector<SweepStop>& stops) {
    sqlite3* db = db_of(project);
    std::string name;
    {
        Statement s(db, "SELECT name FROM person WHERE id = ?");
        s.bind(1, person);
        if (s.step()) {
            name = s.text(0);
        }
    }
    std::size_t due = 0;
    for (const SweepStop& st : stops) {
        due += st.due ? 1 : 0;
    }
    std::string o = "扫楼入户计划 / sweep plan: " + person + " " + name + "\n" +
                    std::to_string(stops.size()) + " 户 households, " + std::to_string(due) +
                    " 户 due (not visited within " + std::to_string(visit_interval_days(project)) +
                    " days)\n\n";
    o += "  #  building  unit      room   household  last visit   due\n";
    std::string current;
    for (const SweepStop& st : stops) {
        if (st.building != current) {
            current = st.building;
            o += "-- " + st.building + (st.building_name.empty() ? "" : " " + st.building_name) +
                 "\n";
        }
        char line[256];
        std::snprintf(line, sizeof line, "%3d  %-8s  %-8s  %-5s  %-9s  %-11s  %s\n", st.order,
                      st.building.c_str(), st.unit.c_str(), st.room.c_str(), st.household.c_str(),
                      st.last_visit.empty() ? "never" : st.last_visit.c_str(),
                      st.due ? "[ ]" : "ok");
        o += line;
    }
    return o;
}

std::vector<CareEntry> list_care(const Project& project, const std::string& by, std::int64_t now) {
    sqlite3* db = db_of(project);
    require_person(db, by, "care register");
    const bool staff = is_grid_worker(db, by);
    std::set<std::string> mine;
    if (!staff) {
        Statement s(db, "SELECT household FROM household_pairing WHERE person = ?");
        s.bind(1, by);
        while (s.step()) {
            mine.insert(s.text(0));
        }
        if (mine.empty()) {
            throw InputError(by +
                             " may not see the care register: only grid workers and the members "
                             "paired with a household may");
        }
    }
    const auto last = last_household_visits(db);
    const int days = care_visit_days(project);
    std::vector<CareEntry> out;
    Statement s(db, "SELECT COALESCE(c.household, ''), COALESCE(c.person, ''), c.tag, "
                    "COALESCE(h.building, ''), COALESCE(b.cell, '') FROM care_tag c LEFT JOIN "
                    "household h ON h.id = c.household LEFT JOIN building b ON b.id = h.building "
                    "ORDER BY c.household, c.person, c.tag");
    Statement paired(db, "SELECT person FROM household_pairing WHERE household = ? ORDER BY 1");
    while (s.step()) {
        CareEntry e;
        e.household = s.text(0);
        e.person = s.text(1);
        e.tag = s.text(2);
        e.building = s.text(3);
        e.cell = s.text(4);
        if (!staff && (e.household.empty() || !mine.contains(e.household))) {
            continue;
        }
        if (!e.household.empty()) {
            paired.reset();
            paired.bind(1, e.household);
            while (paired.step()) {
                e.paired.push_back(paired.text(0));
            }
            const auto it = last.find(e.household);
            e.last_visit = it == last.end() ? "" : it->second;
            e.due = e.last_visit.empty() || days_since(e.last_visit, now) > days;
        }
        out.push_back(std::move(e));
    }
    return out;
}

void add_care_tag(Project& project, const std::string& household, const std::string& person,
                  const std::string& tag, const std::string& since, const std::string& by) {
    const detail::ProjectImpl& p = writable(project);
    detail::Transaction tx(*p.ds);
    sqlite3* db = detail::sqlite_handle(p);
    require_person(db, by, "care register: acting person");
    if (!is_grid_worker(db, by)) {
        throw InputError(by + " may not change the care register: only grid workers may");
    }
    if (household.empty() == person.empty()) {
        throw InputError("care register: give a household or a person (one of the two)");
    }
    if (!household.empty()) {
        require_row(db, "household", household, "care register: household");
    } else {
        require_row(db, "person", person, "care register: person");
    }
    const FieldDef* f = find_field(*find_table("care_tag"), "tag");
    bool ok = false;
    std::string choices;
    for (std::string_view rest = f->allowed; !rest.empty();) {
        const auto bar = rest.find('|');
        const std::string_view one = rest.substr(0, bar);
        ok = ok || one == tag;
        choices += (choices.empty() ? "" : ", ") + std::string(one);
        rest = bar == std::string_view::npos ? std::string_view{} : rest.substr(bar + 1);
    }
    if (!ok) {
        throw InputError("care register: tag '" + tag + "': expected one of " + choices);
    }
    {
        Statement s(db, "SELECT 1 FROM care_tag WHERE COALESCE(household, '') = ? AND "
                        "COALESCE(person, '') = ? AND tag = ?");
        s.bind(1, household);
        s.bind(2, person);
        s.bind(3, tag);
        if (s.step()) {
            throw InputError("care register: " + household + person + " is already tagged " + tag);
        }
    }
    Statement s(db, "INSERT INTO care_tag (household, person, tag, since) VALUES (?, ?, ?, ?)");
    bind_or_null(s, 1, household);
    bind_or_null(s, 2, person);
    s.bind(3, tag);
    bind_or_null(s, 4, since.empty() ? since : normalize_date(since, "--since"));
    s.step();
    tx.commit();
}

CareCounts care_counts(const Project& project, std::int64_t now) {
    sqlite3* db = db_of(project);
    CareCounts c;
    const auto last = last_household_visits(db);
    const int days = care_visit_days(project);
    std::set<std::string> households;
    std::set<std::string> unpaired;
    Statement s(db, "SELECT COALESCE(c.household, ''), c.tag, (SELECT COUNT(*) FROM "
                    "household_pairing WHERE household = c.household) FROM care_tag c");
    while (s.step()) {
        ++c.entries;
        ++c.by_tag[s.text(1)];
        const std::string h = s.text(0);
        if (h.empty()) {
            continue;
        }
        households.insert(h);
        if (s.integer(2) == 0) {
            unpaired.insert(h);
        }
        const auto it = last.find(h);
        if (it == last.end() || days_since(it->second, now) > days) {
            ++c.due;
        }
    }
    c.households = static_cast<std::int64_t>(households.size());
    c.unpaired = static_cast<std::int64_t>(unpaired.size());
    return c;
}

std::vector<PlaceStatus> key_place_status(const Project& project, std::int64_t now) {
    const detail::ProjectImpl& p = project.impl();
    sqlite3* db = db_of(project);
    std::vector<PlaceStatus> out;
    std::optional<LonLatTransform> tr;
    Statement s(db, "SELECT k.id, k.name, k.kind, COALESCE(k.building, ''), k.patrol_days, "
                    "(SELECT MAX(date) FROM patrol WHERE place = k.id), k.lon, k.lat, "
                    "(SELECT (ST_MinX(geom) + ST_MaxX(geom)) / 2 FROM building WHERE id = "
                    "k.building), (SELECT (ST_MinY(geom) + ST_MaxY(geom)) / 2 FROM building "
                    "WHERE id = k.building) FROM key_place k ORDER BY k.id");
    while (s.step()) {
        PlaceStatus ps;
        ps.id = s.text(0);
        ps.name = s.text(1);
        ps.kind = s.text(2);
        ps.building = s.text(3);
        ps.patrol_days = s.is_null(4) ? 30 : static_cast<int>(s.integer(4));
        ps.last_patrol = s.text(5);
        if (!ps.last_patrol.empty()) {
            ps.days_since = days_since(ps.last_patrol, now);
        }
        ps.overdue = !ps.days_since || *ps.days_since > ps.patrol_days;
        if (!s.is_null(6) && !s.is_null(7)) {
            ps.lon = s.real(6);
            ps.lat = s.real(7);
        } else if (!s.is_null(8) && p.epsg > 0) {
            if (!tr) {
                tr.emplace(p.epsg);
            }
            const LonLat ll = tr->to_lonlat({s.real(8), s.real(9)});
            ps.lon = ll.lon;
            ps.lat = ll.lat;
        }
        out.push_back(std::move(ps));
    }
    return out;
}

std::string add_patrol(Project& project, const NewPatrol& in) {
    const detail::ProjectImpl& p = writable(project);
    detail::Transaction tx(*p.ds);
    sqlite3* db = detail::sqlite_handle(p);
    const std::string what = "patrol" + (in.id.empty() ? std::string() : " " + in.id);
    require_person(db, in.person, what + ": person");
    if (in.place.empty()) {
        throw InputError(what + ": a key place is required");
    }
    require_row(db, "key_place", in.place, what + ": place");
    const std::string date = record_date(in.date, what);
    if (!in.issue.empty()) {
        require_row(db, "issue", in.issue, what + ": issue");
    }
    const std::string id = in.id.empty() ? detail::next_numbered_id(db, "patrol", 'X', 5) : in.id;
    if (exists(db, "patrol", "id", id)) {
        throw InputError("patrol id '" + id + "' is already in use");
    }
    Statement s(db, "INSERT INTO patrol (id, place, person, date, findings, issue) VALUES (?, ?, "
                    "?, ?, ?, ?)");
    s.bind(1, id);
    s.bind(2, in.place);
    s.bind(3, in.person);
    s.bind(4, date);
    bind_or_null(s, 5, trim_text(in.findings));
    bind_or_null(s, 6, in.issue);
    s.step();
    tx.commit();
    return id;
}

void add_member_signup(Project& project, const std::string& person, const std::string& kind,
                       const std::string& date, const std::string& by) {
    const detail::ProjectImpl& p = writable(project);
    detail::Transaction tx(*p.ds);
    sqlite3* db = detail::sqlite_handle(p);
    require_person(db, by, "sign-up: acting person");
    require_person(db, person, "sign-up");
    if (by != person && !is_grid_worker(db, by)) {
        throw InputError("sign-up: " + by + " may not enter " + person +
                         "'s sign-up: only the member or a grid worker may");
    }
    {
        Statement s(db, "SELECT COALESCE(party_member, 0) FROM person WHERE id = ?");
        s.bind(1, person);
        if (!s.step() || s.integer(0) == 0) {
            throw InputError("sign-up: " + person + " is not a party member");
        }
    }
    if (kind != "报到" && kind != "结对帮困" && kind != "夜间巡逻") {
        throw InputError("sign-up: kind '" + kind + "': expected 报到, 结对帮困 or 夜间巡逻");
    }
    const std::string d = record_date(date, "sign-up");
    {
        Statement s(db, "SELECT date FROM member_signup WHERE person = ? AND kind = ?");
        s.bind(1, person);
        s.bind(2, kind);
        if (s.step()) {
            throw InputError("sign-up: " + person + " already has " + kind + " on " + s.text(0));
        }
    }
    Statement s(db, "INSERT INTO member_signup (person, kind, date) VALUES (?, ?, ?)");
    s.bind(1, person);
    s.bind(2, kind);
    s.bind(3, d);
    s.step();
    tx.commit();
}

namespace {

/// Counted rows per person and rule for a month.
std::map<std::string, std::map<std::string, std::int64_t>> month_counts(sqlite3* db,
                                                                        const std::string& month) {
    std::map<std::string, std::map<std::string, std::int64_t>> c;
    {
        Statement s(db, "SELECT person, kind, COUNT(*) FROM visit WHERE substr(date, 1, 7) = ? "
                        "GROUP BY person, kind");
        s.bind(1, month);
        while (s.step()) {
            c[s.text(0)][std::string(visit_rule(s.text(1)))] += s.integer(2);
        }
    }
    {
        Statement s(db, "SELECT person, COUNT(*) FROM patrol WHERE substr(date, 1, 7) = ? GROUP "
                        "BY person");
        s.bind(1, month);
        while (s.step()) {
            c[s.text(0)]["patrol"] += s.integer(1);
        }
    }
    {
        Statement s(db, "SELECT person, COUNT(*) FROM volunteer_activity WHERE substr(date, 1, 7) "
                        "= ? GROUP BY person");
        s.bind(1, month);
        while (s.step()) {
            c[s.text(0)]["volunteer"] += s.integer(1);
        }
    }
    {
        Statement s(db, "SELECT person, COUNT(*) FROM member_signup WHERE kind = '报到' AND "
                        "substr(date, 1, 7) = ? GROUP BY person");
        s.bind(1, month);
        while (s.step()) {
            c[s.text(0)]["checkin"] += s.integer(1);
        }
    }
    // Orders: the last resolution of each issue; on time when by its deadline.
    std::map<std::string, std::pair<std::int64_t, std::string>> resolved; // issue -> (at, who)
    {
        // The issue's assignee; an issue without one credits who recorded the resolution.
        Statement s(db, "SELECT e.issue, e.at, COALESCE(i.assignee, e.by), i.deadline FROM "
                        "issue_event e JOIN issue i ON i.id = e.issue WHERE e.to_state = "
                        "'resolved' AND COALESCE(i.assignee, e.by) IS NOT NULL");
        while (s.step()) {
            const auto at = detail::parse_time(s.text(1));
            if (!at) {
                continue;
            }
            const auto deadline = s.is_null(3) ? std::nullopt : detail::parse_time(s.text(3));
            auto& cur = resolved[s.text(0)];
            if (*at >= cur.first) {
                cur = {*at, (!deadline || *at <= *deadline) ? s.text(2) : std::string()};
            }
        }
    }
    for (const auto& [issue, r] : resolved) {
        if (!r.second.empty() && detail::beijing_text(r.first).substr(0, 7) == month) {
            c[r.second]["order_on_time"] += 1;
        }
    }
    return c;
}

std::int64_t points_of(const std::map<std::string, std::int64_t>& counts) {
    std::int64_t p = 0;
    for (const auto& [rule, n] : counts) {
        p += n * rule_points(rule);
    }
    return p;
}

std::vector<GroupPoints> rank(std::map<std::string, GroupPoints> groups) {
    std::vector<GroupPoints> out;
    for (auto& [name, g] : groups) {
        g.average = g.members == 0 ? 0.0 : static_cast<double>(g.points) / g.members;
        out.push_back(g);
    }
    std::stable_sort(out.begin(), out.end(), [](const GroupPoints& a, const GroupPoints& b) {
        return a.points > b.points;
    });
    return out;
}

} // namespace

PointsNotice points_notice(const Project& project, const std::string& month) {
    require_month(month);
    sqlite3* db = db_of(project);
    PointsNotice n;
    n.month = month;
    const auto counts = month_counts(db, month);
    std::map<std::string, GroupPoints> branches;
    std::map<std::string, GroupPoints> units;
    Statement s(db, "SELECT p.id, p.name, COALESCE(b.name, ''), COALESCE(p.member_unit, ''), "
                    "COALESCE(p.party_member, 0) FROM person p LEFT JOIN party_branch b ON b.id "
                    "= p.party_branch ORDER BY p.id");
    // by the month's end: its month at most this one (YYYY-MM-31 is no date in PostgreSQL)
    Statement signup(db,
                     "SELECT kind FROM member_signup WHERE person = ? AND substr(date, 1, 7) <= ?");
    while (s.step()) {
        MemberPoints m;
        m.person = s.text(0);
        m.name = s.text(1);
        m.branch = s.text(2);
        m.unit = s.text(3);
        const bool party = s.integer(4) != 0;
        if (const auto it = counts.find(m.person); it != counts.end()) {
            m.counts = it->second;
        }
        m.points = points_of(m.counts);
        if (party) {
            ++n.checkin.denominator;
            ++n.pairing.denominator;
            ++n.patrolling.denominator;
            signup.reset();
            signup.bind(1, m.person);
            signup.bind(2, month);
            while (signup.step()) {
                const std::string k = signup.text(0);
                (k == "报到" ? n.checkin : k == "结对帮困" ? n.pairing : n.patrolling).numerator++;
            }
        }
        if (!m.branch.empty() && party) {
            auto& g = branches[m.branch];
            g.name = m.branch;
            ++g.members;
            g.points += m.points;
        }
        if (!m.unit.empty()) {
            auto& g = units[m.unit];
            g.name = m.unit;
            ++g.members;
            g.points += m.points;
        }
        if (party || m.points > 0) {
            n.members.push_back(std::move(m));
        }
    }
    std::stable_sort(
        n.members.begin(), n.members.end(),
        [](const MemberPoints& a, const MemberPoints& b) { return a.points > b.points; });
    n.branches = rank(std::move(branches));
    n.units = rank(std::move(units));
    return n;
}

std::string points_notice_csv(const PointsNotice& n) {
    std::string o = "section,rank,id,name,group,members";
    for (const PointRule& r : rules_table) {
        o += "," + std::string(r.id);
    }
    o += ",points\n";
    const std::string empty_rules(rules_table.size(), ',');
    int rank_no = 0;
    for (const MemberPoints& m : n.members) {
        o += "member," + std::to_string(++rank_no) + "," + csv_field(m.person) + "," +
             csv_field(m.name) + "," + csv_field(m.branch.empty() ? m.unit : m.branch) + ",";
        for (const PointRule& r : rules_table) {
            const auto it = m.counts.find(std::string(r.id));
            o += "," + std::to_string(it == m.counts.end() ? 0 : it->second);
        }
        o += "," + std::to_string(m.points) + "\n";
    }
    auto groups = [&](const char* section, const std::vector<GroupPoints>& gs) {
        int k = 0;
        for (const GroupPoints& g : gs) {
            o += std::string(section) + "," + std::to_string(++k) + ",," + csv_field(g.name) +
                 ",," + std::to_string(g.members) + empty_rules + "," + std::to_string(g.points) +
                 "\n";
        }
    };
    groups("branch", n.branches);
    groups("unit", n.units);
    auto rate = [&](const char* name, const Rate& r) {
        o += "rate,," + std::string(name) + "," + std::to_string(r.numerator) + "/" +
             std::to_string(r.denominator) + ",," + std::to_string(r.denominator) + empty_rules +
             "," + fixed1(r.share() * 100.0) + "%\n";
    };
    rate("checkin", n.checkin);
    rate("pairing_signup", n.pairing);
    rate("night_patrol_signup", n.patrolling);
    return o;
}

std::vector<CoUnitFigures> co_unit_figures(const Project& project, const std::string& month) {
    require_month(month);
    sqlite3* db = db_of(project);
    const auto counts = month_counts(db, month);
    std::vector<CoUnitFigures> out;
    Statement s(db, "SELECT id, name, COALESCE(agreement, ''), COALESCE(signed, '') FROM co_unit "
                    "ORDER BY id");
    Statement members(db, "SELECT p.id, (SELECT COUNT(*) FROM member_signup m WHERE m.person = "
                          "p.id AND m.kind = '报到') FROM person p WHERE p.member_unit = ? OR "
                          "p.member_unit = ?");
    Statement pledges(
        db, "SELECT COUNT(*), COALESCE(SUM(CASE WHEN p.state = 'done' THEN 1 ELSE 0 END), 0) FROM "
            "co_unit_pledge c JOIN pledge p ON p.id = c.pledge WHERE c.co_unit = ?");
    while (s.step()) {
        CoUnitFigures f;
        f.id = s.text(0);
        f.name = s.text(1);
        f.agreement = s.text(2);
        f.signed_on = s.text(3);
        members.reset();
        members.bind(1, f.name);
        members.bind(2, f.id);
        while (members.step()) {
            ++f.members;
            f.checked_in += members.integer(1) > 0 ? 1 : 0;
            if (const auto it = counts.find(members.text(0)); it != counts.end()) {
                for (const auto& [rule, k] : it->second) {
                    if (rule.starts_with("visit_")) {
                        f.visits += k;
                    }
                }
                const auto o = it->second.find("order_on_time");
                f.orders += o == it->second.end() ? 0 : o->second;
                f.points += points_of(it->second);
            }
        }
        pledges.reset();
        pledges.bind(1, f.id);
        if (pledges.step()) {
            f.pledges = pledges.integer(0);
            f.pledges_done = pledges.integer(1);
        }
        out.push_back(std::move(f));
    }
    return out;
}

std::vector<TeamFigures> team_figures(const Project& project, const std::string& month) {
    require_month(month);
    sqlite3* db = db_of(project);
    std::vector<TeamFigures> out;
    Statement s(db,
                "SELECT t.id, t.name, t.kind, (SELECT COUNT(*) FROM volunteer_member m WHERE "
                "m.team = t.id), (SELECT COUNT(*) FROM (SELECT DISTINCT date, title FROM "
                "volunteer_activity a WHERE a.team = t.id AND substr(a.date, 1, 7) = ?1) AS d), "
                "(SELECT COUNT(*) FROM volunteer_activity a WHERE a.team = t.id AND "
                "substr(a.date, 1, 7) = ?1) FROM volunteer_team t ORDER BY t.id");
    s.bind(1, month);
    while (s.step()) {
        TeamFigures t;
        t.id = s.text(0);
        t.name = s.text(1);
        t.kind = s.text(2);
        t.members = s.integer(3);
        t.activities = s.integer(4);
        t.participants = s.integer(5);
        out.push_back(std::move(t));
    }
    return out;
}

std::vector<CellVisits> visit_coverage_by_cell(const Project& project, std::int64_t now) {
    sqlite3* db = db_of(project);
    std::vector<CellVisits> out;
    if (!project.impl().has_feature_tables()) {
        return out;
    }
    const auto last = last_visits(db);
    const int interval = visit_interval_days(project);
    std::map<std::string, CellVisits> cells;
    {
        Statement s(db, "SELECT code FROM cell ORDER BY code");
        while (s.step()) {
            cells[s.text(0)].cell = s.text(0);
        }
    }
    Statement s(db, "SELECT h.id, b.cell FROM household h JOIN building b ON b.id = h.building "
                    "WHERE b.cell IS NOT NULL");
    while (s.step()) {
        auto& c = cells[s.text(1)];
        c.cell = s.text(1);
        ++c.households;
        const auto it = last.find(s.text(0));
        if (it != last.end() && days_since(it->second, now) <= interval) {
            ++c.visited;
        }
    }
    for (auto& [code, c] : cells) {
        out.push_back(c);
    }
    return out;
}

std::vector<ScopeVisits> visited_households_as_of(const Project& project, std::int64_t moment) {
    sqlite3* db = db_of(project);
    std::vector<ScopeVisits> out;
    if (!project.impl().has_feature_tables() || !table_has_rows(db, "visit")) {
        return out;
    }
    const auto last = last_visits(db, detail::beijing_text(moment).substr(0, 10));
    const int interval = visit_interval_days(project);
    std::map<std::pair<std::string, std::string>, ScopeVisits> by;
    Statement s(db, "SELECT h.id, b.community, b.compound, b.cell FROM household h JOIN building "
                    "b ON b.id = h.building");
    while (s.step()) {
        const auto it = last.find(s.text(0));
        const bool visited = it != last.end() && days_since(it->second, moment) <= interval;
        const char* scopes[] = {"community", "compound", "cell"};
        for (int k = 0; k < 3; ++k) {
            if (s.is_null(k + 1)) {
                continue;
            }
            ScopeVisits& v = by[{scopes[k], s.text(k + 1)}];
            v.scope = scopes[k];
            v.target = s.text(k + 1);
            ++v.households;
            v.visited += visited ? 1 : 0;
        }
    }
    for (auto& [key, v] : by) {
        out.push_back(std::move(v));
    }
    return out;
}

MonthVisits month_visits(const Project& project, const std::string& month) {
    require_month(month);
    sqlite3* db = db_of(project);
    MonthVisits m;
    {
        Statement s(db, "SELECT kind, COUNT(*) FROM visit WHERE substr(date, 1, 7) = ? GROUP BY "
                        "kind");
        s.bind(1, month);
        while (s.step()) {
            m.by_kind[s.text(0)] = s.integer(1);
            m.visits += s.integer(1);
        }
    }
    Statement s(db, "SELECT COUNT(DISTINCT household), COUNT(DISTINCT person), COUNT(issue) FROM "
                    "visit WHERE substr(date, 1, 7) = ?");
    s.bind(1, month);
    if (s.step()) {
        m.households = s.integer(0);
        m.members = s.integer(1);
        m.issues = s.integer(2);
    }
    return m;
}

std::int64_t month_patrols(const Project& project, const std::string& month) {
    require_month(month);
    Statement s(db_of(project), "SELECT COUNT(*) FROM patrol WHERE substr(date, 1, 7) = ?");
    s.bind(1, month);
    return s.step() ? s.integer(0) : 0;
}

namespace {
RuleResult seed_rule(std::string id, std::string title, std::string title_zh) {
    RuleResult r;
    r.id = std::move(id);
    r.title = std::move(title);
    r.title_zh = std::move(title_zh);
    return r;
}
} // namespace

std::vector<RuleResult> check_seed_rules(const Project& project, std::int64_t now) {
    sqlite3* db = db_of(project);
    std::vector<RuleResult> out;
    auto describe = [&](const std::string& last, int limit, RuleResult& r, const std::string& id) {
        if (last.empty()) {
            r.uncovered.push_back({id, "", "never visited", "", "从未走访"});
        } else {
            const std::string n = std::to_string(days_since(last, now));
            r.uncovered.push_back({id, "",
                                   "last visited " + last + ", " + n + " days ago (limit " +
                                       std::to_string(limit) + ")",
                                   "",
                                   "上次走访 " + last + "，已 " + n + " 天（要求 " +
                                       std::to_string(limit) + " 天内）"});
        }
    };
    if (table_has_rows(db, "visit")) {
        const int interval = visit_interval_days(project);
        const auto last = last_visits(db);
        RuleResult r =
            seed_rule("household_visited",
                      "Every household visited within " + std::to_string(interval) + " days",
                      "每户 " + std::to_string(interval) + " 天内走访");
        Statement s(db, "SELECT id FROM household ORDER BY id");
        while (s.step()) {
            ++r.total;
            const auto it = last.find(s.text(0));
            if (it != last.end() && days_since(it->second, now) <= interval) {
                ++r.covered;
            } else {
                describe(it == last.end() ? "" : it->second, interval, r, s.text(0));
            }
        }
        out.push_back(std::move(r));
    }
    if (table_has_rows(db, "care_tag")) {
        const int days = care_visit_days(project);
        const auto last = last_household_visits(db);
        RuleResult paired =
            seed_rule("care_paired", "Every household of the care register paired with a member",
                      "重点人群户均有党员结对");
        RuleResult visited = seed_rule("care_visited",
                                       "Every household of the care register visited within " +
                                           std::to_string(days) + " days",
                                       "重点人群户 " + std::to_string(days) + " 天内走访");
        Statement s(db, "SELECT DISTINCT c.household, (SELECT COUNT(*) FROM household_pairing p "
                        "WHERE p.household = c.household) FROM care_tag c WHERE c.household IS "
                        "NOT NULL AND c.household <> '' ORDER BY 1");
        while (s.step()) {
            const std::string h = s.text(0);
            ++paired.total;
            ++visited.total;
            if (s.integer(1) > 0) {
                ++paired.covered;
            } else {
                paired.uncovered.push_back({h, "", "no member paired", "", "无结对党员"});
            }
            const auto it = last.find(h);
            if (it != last.end() && days_since(it->second, now) <= days) {
                ++visited.covered;
            } else {
                describe(it == last.end() ? "" : it->second, days, visited, h);
            }
        }
        out.push_back(std::move(paired));
        out.push_back(std::move(visited));
    }
    if (table_has_rows(db, "key_place")) {
        RuleResult r =
            seed_rule("key_place_patrolled", "Every key place patrolled within its frequency",
                      "重点场所按频次巡查");
        for (const PlaceStatus& ps : key_place_status(project, now)) {
            ++r.total;
            if (!ps.overdue) {
                ++r.covered;
                continue;
            }
            const std::string limit = std::to_string(ps.patrol_days);
            if (ps.last_patrol.empty()) {
                r.uncovered.push_back({ps.id, ps.name, "never patrolled (every " + limit + " days)",
                                       "", "从未巡查（每 " + limit + " 天）"});
            } else {
                const std::string n = std::to_string(*ps.days_since);
                r.uncovered.push_back(
                    {ps.id, ps.name,
                     "last patrolled " + ps.last_patrol + ", " + n + " days ago (every " + limit +
                         " days)",
                     "",
                     "上次巡查 " + ps.last_patrol + "，已 " + n + " 天（每 " + limit + " 天）"});
            }
        }
        out.push_back(std::move(r));
    }
    return out;
}

std::string seed_rules_json(const std::vector<RuleResult>& rules) {
    std::string o = "  \"seed_rules\": [";
    for (std::size_t i = 0; i < rules.size(); ++i) {
        const RuleResult& rule = rules[i];
        o += i > 0 ? ",\n    {\"id\": " : "\n    {\"id\": ";
        o += json_quote(rule.id) + ", \"title\": " + json_quote(rule.title) +
             ", \"title_zh\": " + json_quote(rule.title_zh) +
             ", \"total\": " + std::to_string(rule.total) +
             ", \"covered\": " + std::to_string(rule.covered) +
             ", \"share\": " + json_number(rule.share(), 4) + ", \"uncovered\": [";
        for (std::size_t k = 0; k < rule.uncovered.size(); ++k) {
            const Uncovered& u = rule.uncovered[k];
            o += (k > 0 ? ",\n      {\"id\": " : "\n      {\"id\": ") + json_quote(u.id);
            if (!u.name.empty()) {
                o += ", \"name\": " + json_quote(u.name);
            }
            if (!u.detail.empty()) {
                o += ", \"detail\": " + json_quote(u.detail);
            }
            o += '}';
        }
        o += rule.uncovered.empty() ? "]}" : "\n    ]}";
    }
    o += rules.empty() ? "],\n" : "\n  ],\n";
    return o;
}

std::string seed_rules_text(const std::vector<RuleResult>& rules, std::size_t max_items) {
    std::string o;
    for (const RuleResult& rule : rules) {
        char line[256];
        std::snprintf(line, sizeof line, "%s %-30s %7lld/%-7lld %5.1f%%  ",
                      rule.holds() ? "ok" : "NO", rule.id.c_str(),
                      static_cast<long long>(rule.covered), static_cast<long long>(rule.total),
                      rule.share() * 100.0);
        o += line + rule.title_zh + " / " + rule.title + " (seed)\n";
        for (std::size_t i = 0; i < rule.uncovered.size() && i < max_items; ++i) {
            const Uncovered& u = rule.uncovered[i];
            o += "     " + u.id + (u.name.empty() ? "" : " " + u.name) + ": " + u.detail + "\n";
        }
        if (rule.uncovered.size() > max_items) {
            o += "     ... and " + std::to_string(rule.uncovered.size() - max_items) + " more\n";
        }
    }
    return o;
}

} // namespace gridmap
