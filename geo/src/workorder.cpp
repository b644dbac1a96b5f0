#include "gridmap/workorder.hpp"

#include "detail/analysis.hpp"
#include "detail/gdal.hpp"
#include "detail/project_impl.hpp"
#include "detail/sqlite.hpp"
#include "detail/time.hpp"
#include "detail/workorder_common.hpp"
#include "gridmap/crs.hpp"
#include "gridmap/error.hpp"
#include "gridmap/parse.hpp"
#include "gridmap/text.hpp"

#include <cpl_json.h>

#include <algorithm>
#include <array>
#include <cctype>
#include <cmath>
#include <limits>
#include <map>
#include <memory>
#include <optional>
#include <set>

namespace gridmap {

namespace {

using detail::Statement;

constexpr std::array<std::string_view, 6> state_names{"reported", "dispatched", "accepted",
                                                      "resolved", "verified",   "rejected"};

const detail::ProjectImpl& writable(Project& project) {
    const detail::ProjectImpl& p = detail::writable(project);
    if (!p.has_feature_tables()) {
        throw InputError(p.path + ": the project has no community yet; import one first");
    }
    return p;
}

bool person_exists(sqlite3* db, const std::string& id) {
    Statement s(db, "SELECT 1 FROM person WHERE id = ?");
    s.bind(1, id);
    return s.step();
}

std::string person_name(sqlite3* db, const std::string& id) {
    Statement s(db, "SELECT name FROM person WHERE id = ?");
    s.bind(1, id);
    return s.step() ? s.text(0) : std::string();
}

void require_person(sqlite3* db, const std::string& id, const std::string& what) {
    if (id.empty()) {
        throw InputError(what + ": who makes this change? a person id is required");
    }
    if (!person_exists(db, id)) {
        throw InputError(what + ": no person with id '" + id + "'");
    }
}

std::optional<std::string> first_role_holder(sqlite3* db, const std::string& role,
                                             const std::string& target) {
    Statement s(db, "SELECT person FROM role_assignment WHERE role = ? AND target = ? "
                    "ORDER BY person LIMIT 1");
    s.bind(1, role);
    s.bind(2, target);
    if (s.step()) {
        return s.text(0);
    }
    return std::nullopt;
}

/// `items` joined by ", ", the first `shown` only, then "… (N in all)".
std::string shortened(const std::vector<std::string>& items, std::size_t shown = 6) {
    std::string out;
    for (std::size_t i = 0; i < items.size() && i < shown; ++i) {
        out += (i > 0 ? ", " : "") + items[i];
    }
    if (items.size() > shown) {
        out += ", … (" + std::to_string(items.size()) + " in all)";
    }
    return out;
}

/// The community staff where a pin lies: the grid workers of the cells of the community holding
/// (x, y) (working CRS); outside every community, every grid worker of the project.
struct Staff {
    std::optional<std::string> community;
    std::vector<std::string> ids; ///< by id

    bool contains(const std::string& person) const {
        return std::find(ids.begin(), ids.end(), person) != ids.end();
    }
    /// "community staff (grid workers of 420902001005: P001, P002)".
    std::string describe() const {
        const std::string of = community ? " of " + *community : "";
        if (ids.empty()) {
            return "community staff (grid workers" + of +
                   "), and there are none: assign a grid worker to a cell first";
        }
        return "community staff (grid workers" + of + ": " + shortened(ids) + ")";
    }
};

Staff staff_at(const detail::ProjectImpl& p, double x, double y) {
    sqlite3* db = detail::sqlite_handle(p);
    detail::GeosContext ctx;
    Staff staff;
    const auto communities = detail::polygons_at(p, ctx, "community", "code", x, y);
    if (!communities.empty()) {
        staff.community = communities.front();
    }
    Statement s(db, staff.community
                        ? "SELECT DISTINCT r.person FROM role_assignment r JOIN cell c ON c.code = "
                          "r.target WHERE r.role = 'grid_worker' AND c.community = ? ORDER BY 1"
                        : "SELECT DISTINCT person FROM role_assignment WHERE role = "
                          "'grid_worker' ORDER BY 1");
    if (staff.community) {
        s.bind(1, *staff.community);
    }
    while (s.step()) {
        staff.ids.push_back(s.text(0));
    }
    return staff;
}

/// Throws InputError unless `person` may do `action` to issue `r` (the rule table of
/// `actor_may`): "P113 cannot accept I021: it is assigned to P091; ...".
void require_allowed(const detail::ProjectImpl& p, const IssueRecord& r, const std::string& person,
                     IssueAction action) {
    const Staff staff = staff_at(p, r.x, r.y);
    const IssueActor who{staff.contains(person), r.assignee && *r.assignee == person};
    if (actor_may(who, action)) {
        return;
    }
    const std::string head =
        person + " cannot " + std::string(to_string(action)) + " " + r.id + ": ";
    if (actor_may(IssueActor{false, true}, action)) {
        throw InputError(head + "it is assigned to " + r.assignee.value_or("nobody") +
                         "; only the assignee or " + staff.describe() + " may");
    }
    throw InputError(head + "only " + staff.describe() + " may");
}

Proposal propose_at(const detail::ProjectImpl& p, double x, double y) {
    sqlite3* db = detail::sqlite_handle(p);
    detail::GeosContext ctx;
    Proposal pr;
    const auto cells = detail::polygons_at(p, ctx, "cell", "code", x, y);
    if (!cells.empty()) {
        pr.cell = cells.front(); // a point on a shared edge goes to the lowest code
        pr.grid_worker = first_role_holder(db, "grid_worker", *pr.cell);
    }
    if (auto b = detail::nearest_feature(p, ctx, "building", "id", x, y, 100.0)) {
        pr.building = b->first;
        pr.building_captain = first_role_holder(db, "building_captain", *pr.building);
        Statement g(db, "SELECT l.party_group, g.leader FROM party_group_building l JOIN "
                        "party_group g ON g.id = l.party_group WHERE l.building = ? "
                        "ORDER BY l.party_group LIMIT 1");
        g.bind(1, *pr.building);
        if (g.step()) {
            pr.party_group = g.text(0);
            if (!g.is_null(1)) {
                pr.party_group_leader = g.text(1);
            }
        }
    }
    detail::choose_assignee(pr);
    if (pr.assignee) {
        pr.assignee_name = person_name(db, *pr.assignee);
    }
    return pr;
}

/// Reads issues with a WHERE clause (bound with `bind`).
std::vector<IssueRecord> read_issues(const detail::ProjectImpl& p, const std::string& where,
                                     const std::vector<std::string>& binds, bool lonlat = true) {
    std::vector<IssueRecord> out;
    if (!p.has_feature_tables()) {
        return out;
    }
    sqlite3* db = detail::sqlite_handle(p);
    Statement s(db, detail::issue_select + where + " ORDER BY i.id");
    for (std::size_t k = 0; k < binds.size(); ++k) {
        s.bind(static_cast<int>(k + 1), binds[k]);
    }
    std::optional<LonLatLease> lease;
    if (lonlat) {
        lease.emplace(lend_lonlat_transform(p.epsg));
    }
    const LonLatTransform* t = lease ? &**lease : nullptr;
    while (s.step()) {
        out.push_back(detail::issue_row(s, t));
    }
    return out;
}

detail::FeaturePtr issue_feature(const detail::ProjectImpl& p, const std::string& id) {
    OGRLayer* layer = p.layer("issue");
    layer->SetAttributeFilter(("id = " + detail::sql_quote(id)).c_str());
    layer->ResetReading();
    detail::FeaturePtr f(layer->GetNextFeature());
    layer->SetAttributeFilter(nullptr);
    if (!f) {
        throw InputError("no issue with id '" + id + "'");
    }
    return f;
}

void write_event(const detail::ProjectImpl& p, const std::string& issue, std::int64_t at,
                 const std::string& by, std::optional<IssueState> from, IssueState to,
                 const std::string& note, const std::string& assignee, std::optional<int> rating) {
    OGRLayer* events = p.layer("issue_event");
    detail::FeaturePtr e(OGRFeature::CreateFeature(events->GetLayerDefn()));
    e->SetField("issue", issue.c_str());
    e->SetField("at", detail::utc_text(at).c_str());
    if (!by.empty()) {
        e->SetField("by", by.c_str());
    }
    if (from) {
        e->SetField("from_state", std::string(to_string(*from)).c_str());
    }
    e->SetField("to_state", std::string(to_string(to)).c_str());
    if (!note.empty()) {
        e->SetField("note", note.c_str());
    }
    if (!assignee.empty()) {
        e->SetField("assignee", assignee.c_str());
    }
    if (rating) {
        e->SetField("rating", static_cast<GIntBig>(*rating));
    }
    if (events->CreateFeature(e.get()) != OGRERR_NONE) {
        throw LibraryError(p.path + ": cannot write an issue event");
    }
}

/// Checks a pin: inside some community, and gives its projected position. `xy` (working CRS)
/// wins over lon/lat when given.
LonLatTransform::XY place(const detail::ProjectImpl& p, double lon, double lat,
                          const std::string& what,
                          std::optional<std::pair<double, double>> xy = std::nullopt) {
    LonLatTransform::XY at;
    std::string where;
    if (xy) {
        at = {xy->first, xy->second};
        where = "x " + fixed(at.x, 2) + ", y " + fixed(at.y, 2);
    } else {
        if (!(lon >= -180 && lon <= 180 && lat >= -90 && lat <= 90)) {
            throw InputError(what + ": lon " + fixed(lon, 6) + ", lat " + fixed(lat, 6) +
                             " is not a longitude/latitude");
        }
        at = lend_lonlat_transform(p.epsg)->to_projected({lon, lat});
        where = "经度 " + fixed(lon, 6) + "，纬度 " + fixed(lat, 6);
    }
    if (!is_usable_coordinate(p.epsg, at.x, at.y)) {
        throw InputError(what + ": " + where + " 不在工作坐标系 EPSG:" + std::to_string(p.epsg) +
                         " 的适用范围内");
    }
    detail::GeosContext ctx;
    if (detail::polygons_at(p, ctx, "community", "code", at.x, at.y).empty()) {
        throw InputError(what + ": " + where + " 不在本项目任何社区范围内");
    }
    return at;
}

/// Writes a new issue row (inside the caller's transaction) at (x, y) in the working CRS, with
/// its cell, its deadline, and its first event.
void write_new_issue(const detail::ProjectImpl& p, const NewIssue& in, const std::string& id,
                     IssueState state, std::int64_t at, LonLatTransform::XY xy,
                     const std::optional<std::string>& cell, const std::string& by,
                     const std::string& note, const std::string& dispatched_to = "") {
    OGRLayer* layer = p.layer("issue");
    detail::FeaturePtr f(OGRFeature::CreateFeature(layer->GetLayerDefn()));
    f->SetField("id", id.c_str());
    f->SetField("category", in.category.c_str());
    for (const auto& [field, value] :
         {std::pair{"small_class", &in.small_class}, std::pair{"text", &in.text},
          std::pair{"address", &in.address}, std::pair{"reporter", &in.reporter}}) {
        if (!value->empty()) {
            f->SetField(field, value->c_str());
        }
    }
    // Dispatched at once (add_issues): the row holds the dispatch, the events both steps.
    f->SetField(
        "state",
        std::string(to_string(dispatched_to.empty() ? state : IssueState::dispatched)).c_str());
    if (!dispatched_to.empty()) {
        f->SetField("assignee", dispatched_to.c_str());
    }
    f->SetField("reported_at", detail::utc_text(at).c_str());
    f->SetField("updated_at", detail::utc_text(at).c_str());
    f->SetField(
        "deadline",
        detail::utc_text(at + std::int64_t{3600} * detail::deadline_hours(p, in.category)).c_str());
    if (cell) {
        f->SetField("cell", cell->c_str());
    }
    f->SetGeometryDirectly(new OGRPoint(xy.x, xy.y));
    if (layer->CreateFeature(f.get()) != OGRERR_NONE) {
        throw LibraryError(p.path + ": cannot write issue " + id);
    }
    write_event(p, id, at, by, std::nullopt, state, note, "", std::nullopt);
}

} // namespace

std::string_view to_string(IssueState s) {
    return state_names[static_cast<std::size_t>(s)];
}

std::optional<IssueState> parse_issue_state(std::string_view name) {
    for (std::size_t i = 0; i < state_names.size(); ++i) {
        if (state_names[i] == name) {
            return static_cast<IssueState>(i);
        }
    }
    return std::nullopt;
}

std::vector<IssueState> next_states(IssueState from) {
    using S = IssueState;
    switch (from) {
    case S::reported:
        return {S::dispatched, S::rejected};
    case S::dispatched:
        return {S::dispatched, S::accepted, S::rejected};
    case S::accepted:
        return {S::resolved};
    case S::resolved:
        return {S::verified, S::accepted};
    case S::verified:
    case S::rejected:
        return {};
    }
    return {};
}

bool is_open(IssueState s) {
    return s == IssueState::reported || s == IssueState::dispatched || s == IssueState::accepted;
}

const std::vector<IssueCategory>& issue_categories() {
    // Event classes of CJ/T 214 (数字化城市管理信息系统 管理部件和事件) met in a community, the
    // locally defined 扩展事件, and the community's 微心愿/微诉求 (the demo's classes included).
    // clang-format off
    static const std::vector<IssueCategory> categories{
        {"市容环境", "01", 24, {"暴露垃圾", "积存垃圾渣土", "道路不洁", "水域不洁", "绿地脏乱",
                               "私搭乱建", "空中蜘蛛网", "乱涂乱画", "废弃车辆", "动物尸体"}},
        {"宣传广告", "02", 48, {"非法小广告", "违规户外广告", "违章张贴悬挂广告牌匾",
                               "占道广告牌", "街头散发广告", "广告招牌破损"}},
        {"施工管理", "03", 48, {"施工占道", "施工废弃料", "施工扰民", "工地扬尘", "道路遗撒",
                               "无证掘路"}},
        {"突发事件", "04", 4,  {"道路积水", "路面塌陷", "路面破损", "自来水管破裂",
                               "燃气管道破裂", "下水道堵塞或破损", "道路积雪结冰",
                               "架空线缆损坏"}},
        {"街面秩序", "05", 24, {"占道经营", "消防通道堵塞", "无照经营游商", "店外经营",
                               "机动车乱停放", "非机动车乱停放", "乱堆物堆料", "露天烧烤"}},
        {"扩展事件", "06", 72, {"路面破损", "井盖缺失", "路灯不亮", "绿化损坏", "公共设施损坏",
                               "其他事件"}},
        {"微心愿",   "11", 168, {"楼道灯维修", "加装晾衣架", "助老服务", "助学帮困", "爱心物资",
                                "其他心愿"}},
        {"微诉求",   "12", 72, {"楼道堆物", "停车难", "噪声扰民", "环境卫生", "设施维修",
                               "邻里纠纷", "其他诉求"}},
    };
    // clang-format on
    return categories;
}

const IssueCategory* find_category(std::string_view name) {
    for (const auto& c : issue_categories()) {
        if (c.name == name) {
            return &c;
        }
    }
    return nullptr;
}

std::string trim_text(std::string_view text) {
    constexpr std::string_view ideographic_space = "\u3000";
    bool changed = true;
    while (changed && !text.empty()) {
        changed = false;
        if (std::isspace(static_cast<unsigned char>(text.front())) != 0) {
            text.remove_prefix(1);
            changed = true;
        } else if (text.starts_with(ideographic_space)) {
            text.remove_prefix(ideographic_space.size());
            changed = true;
        }
        if (!text.empty() && std::isspace(static_cast<unsigned char>(text.back())) != 0) {
            text.remove_suffix(1);
            changed = true;
        } else if (text.ends_with(ideographic_space)) {
            text.remove_suffix(ideographic_space.size());
            changed = true;
        }
    }
    return std::string(text);
}

std::vector<FieldProblem> issue_field_problems(std::string_view category,
                                               std::string_view small_class,
                                               std::string_view text) {
    std::vector<FieldProblem> out;
    if (trim_text(text).empty()) {
        out.push_back({"text", "text: a description is required (it is empty)"});
    }
    const IssueCategory* c = find_category(category);
    if (c == nullptr) {
        std::vector<std::string> names;
        for (const IssueCategory& k : issue_categories()) {
            names.emplace_back(k.name);
        }
        out.push_back({"category", category.empty()
                                       ? "category: missing (one of " + shortened(names, 8) + ")"
                                       : "category: '" + std::string(category) +
                                             "' is not one of " + shortened(names, 8)});
        return out; // the small class cannot be judged without its category
    }
    if (std::find(c->small_classes.begin(), c->small_classes.end(), small_class) ==
        c->small_classes.end()) {
        const std::vector<std::string> names(c->small_classes.begin(), c->small_classes.end());
        const std::string of = " of " + std::string(c->name) + " (one of " + shortened(names) + ")";
        out.push_back({"small_class", small_class.empty()
                                          ? "small_class: missing, a small class" + of
                                          : "small_class: '" + std::string(small_class) +
                                                "' is not a small class" + of});
    }
    return out;
}

void require_issue_fields(std::string_view category, std::string_view small_class,
                          std::string_view text, const std::string& what) {
    const auto problems = issue_field_problems(category, small_class, text);
    if (problems.empty()) {
        return;
    }
    std::string msg = what.empty() ? "" : what + ": ";
    for (std::size_t i = 0; i < problems.size(); ++i) {
        msg += (i > 0 ? "; " : "") + problems[i].message;
    }
    throw InputError(msg);
}

std::string_view to_string(IssueAction a) {
    constexpr std::array<std::string_view, 9> names{
        "report", "dispatch", "accept", "resolve", "verify", "reopen", "reject", "move", "import"};
    return names[static_cast<std::size_t>(a)];
}

std::optional<IssueAction> action_of(IssueState from, IssueState to) {
    const auto next = next_states(from);
    if (std::find(next.begin(), next.end(), to) == next.end()) {
        return std::nullopt;
    }
    switch (to) {
    case IssueState::dispatched:
        return IssueAction::dispatch;
    case IssueState::accepted:
        return from == IssueState::resolved ? IssueAction::reopen : IssueAction::accept;
    case IssueState::resolved:
        return IssueAction::resolve;
    case IssueState::verified:
        return IssueAction::verify;
    case IssueState::rejected:
        return IssueAction::reject;
    case IssueState::reported:
        break;
    }
    return std::nullopt;
}

bool actor_may(const IssueActor& who, IssueAction action) {
    switch (action) {
    case IssueAction::report:
        return true; // 群众点单: anyone of the project
    case IssueAction::accept:
    case IssueAction::resolve:
    case IssueAction::move:
        return who.community_staff || who.assignee;
    case IssueAction::dispatch:
    case IssueAction::verify:
    case IssueAction::reopen:
    case IssueAction::reject:
    case IssueAction::import_requests:
        return who.community_staff;
    }
    return false;
}

IssueActor issue_actor(const Project& project, const std::string& issue_id,
                       const std::string& person) {
    const IssueRecord r = get_issue(project, issue_id);
    return {staff_at(project.impl(), r.x, r.y).contains(person),
            r.assignee && *r.assignee == person};
}

std::vector<NamedEntry> issue_staff(const Project& project, const std::string& issue_id) {
    const IssueRecord r = get_issue(project, issue_id);
    sqlite3* db = detail::sqlite_handle(project.impl());
    std::vector<NamedEntry> out;
    for (const std::string& id : staff_at(project.impl(), r.x, r.y).ids) {
        out.push_back({id, person_name(db, id)});
    }
    return out;
}

std::vector<IssueState> next_states_for(const Project& project, const std::string& issue_id,
                                        const std::string& person) {
    const IssueRecord r = get_issue(project, issue_id);
    const IssueActor who{staff_at(project.impl(), r.x, r.y).contains(person),
                         r.assignee && *r.assignee == person};
    std::vector<IssueState> out;
    for (IssueState to : next_states(r.state)) {
        if (actor_may(who, *action_of(r.state, to))) {
            out.push_back(to);
        }
    }
    return out;
}

void require_acting_person(const Project& project, const std::string& person) {
    require_person(detail::sqlite_handle(project.impl()), person, "acting person");
}

bool IssueRecord::overdue(std::int64_t now) const {
    return is_open(state) && deadline && now > *deadline;
}

std::pair<IssueRecord, Proposal> add_issue(Project& project, const NewIssue& in) {
    const detail::ProjectImpl& p = writable(project);
    detail::Transaction tx(*p.ds); // the write lock, before the id is chosen
    sqlite3* db = detail::sqlite_handle(p);
    require_person(db, in.by, "new issue");
    require_issue_fields(in.category, in.small_class, in.text, "new issue");
    if (!in.reporter.empty()) {
        require_person(db, in.reporter, "reporter");
    }
    const std::string id = in.id.empty() ? detail::next_numbered_id(db, "issue", 'I', 3) : in.id;
    {
        Statement s(db, "SELECT 1 FROM issue WHERE id = ?");
        s.bind(1, id);
        if (s.step()) {
            throw InputError("issue id '" + id + "' is already in use");
        }
    }
    const auto xy = place(p, in.lon, in.lat, "issue " + id, in.xy);
    const std::int64_t at = in.at.value_or(detail::now_seconds());
    const Proposal proposal = propose_at(p, xy.x, xy.y);

    NewIssue trimmed = in;
    trimmed.text = trim_text(in.text);
    write_new_issue(p, trimmed, id, IssueState::reported, at, xy, proposal.cell, in.by, "群众点单");
    tx.commit();
    return {get_issue(project, id), proposal};
}

std::vector<AddedIssue> add_issues(Project& project, const std::vector<NewIssue>& issues,
                                   const std::string& dispatch_by) {
    const detail::ProjectImpl& p = writable(project);
    std::vector<AddedIssue> out(issues.size());
    if (issues.empty()) {
        return out;
    }
    detail::Transaction tx(*p.ds); // the write lock, before the ids are chosen
    sqlite3* db = detail::sqlite_handle(p);
    if (!dispatch_by.empty()) {
        require_person(db, dispatch_by, "dispatching person");
    }
    std::string next = detail::next_numbered_id(db, "issue", 'I', 3);
    auto advance = [](const std::string& id) {
        char buf[32];
        std::snprintf(buf, sizeof buf, "I%03ld", std::stol(id.substr(1)) + 1);
        return std::string(buf);
    };
    std::set<std::string> persons_ok;
    Statement taken(db, "SELECT 1 FROM issue WHERE id = ?");
    for (std::size_t i = 0; i < issues.size(); ++i) {
        const NewIssue& in = issues[i];
        try {
            if (!persons_ok.contains(in.by)) {
                require_person(db, in.by, "new issue");
                persons_ok.insert(in.by);
            }
            require_issue_fields(in.category, in.small_class, in.text, "new issue");
            if (!in.reporter.empty()) {
                require_person(db, in.reporter, "reporter");
            }
            std::string id = in.id;
            if (id.empty()) {
                id = next;
            }
            taken.reset();
            taken.bind(1, id);
            if (taken.step()) {
                throw InputError("issue id '" + id + "' is already in use");
            }
            const auto xy = place(p, in.lon, in.lat, "issue " + id, in.xy);
            const std::int64_t at = in.at.value_or(detail::now_seconds());
            const Proposal proposal = propose_at(p, xy.x, xy.y);
            std::string dispatch_to;
            if (!dispatch_by.empty() && proposal.assignee &&
                actor_may(IssueActor{staff_at(p, xy.x, xy.y).contains(dispatch_by), false},
                          IssueAction::dispatch)) {
                dispatch_to = *proposal.assignee;
            }
            NewIssue trimmed = in;
            trimmed.text = trim_text(in.text);
            write_new_issue(p, trimmed, id, IssueState::reported, at, xy, proposal.cell, in.by,
                            "群众点单", dispatch_to);
            if (!dispatch_to.empty()) {
                write_event(p, id, at, dispatch_by, IssueState::reported, IssueState::dispatched,
                            "自动派单", dispatch_to, std::nullopt);
            }
            if (id == next) {
                next = advance(next);
            }
            out[i].proposal = proposal;
            out[i].issue = IssueRecord{};
            out[i].issue->id = id;
        } catch (const InputError& e) {
            out[i].error = e.what();
        }
    }
    tx.commit();
    for (AddedIssue& a : out) {
        if (a.issue) {
            a.issue = get_issue(project, a.issue->id);
        }
    }
    return out;
}

Proposal propose_assignee(const Project& project, const std::string& issue_id) {
    const IssueRecord r = get_issue(project, issue_id);
    return propose_at(project.impl(), r.x, r.y);
}

Proposal propose_assignee_at(const Project& project, double x, double y) {
    return propose_at(project.impl(), x, y);
}

IssueRecord set_issue_state(Project& project, const std::string& id, const StateChange& c) {
    const detail::ProjectImpl& p = writable(project);
    detail::Transaction tx(*p.ds); // the write lock, before the state is read
    sqlite3* db = detail::sqlite_handle(p);
    const IssueRecord current = get_issue(project, id);
    const auto allowed = next_states(current.state);
    if (std::find(allowed.begin(), allowed.end(), c.to) == allowed.end()) {
        std::string names;
        for (IssueState s : allowed) {
            names += (names.empty() ? "" : ", ") + std::string(to_string(s));
        }
        throw InputError("issue " + id + ": cannot go from " +
                         std::string(to_string(current.state)) + " to " +
                         std::string(to_string(c.to)) + " (" +
                         (names.empty() ? std::string(to_string(current.state)) + " is final"
                                        : "allowed: " + names) +
                         ")");
    }
    require_person(db, c.by, "issue " + id);
    require_allowed(p, current, c.by, *action_of(current.state, c.to));
    std::string assignee = c.assignee;
    if (c.to == IssueState::dispatched) {
        if (assignee.empty()) {
            assignee = propose_at(p, current.x, current.y).assignee.value_or("");
        }
        if (assignee.empty()) {
            throw InputError("issue " + id +
                             ": nobody answers for its place; dispatch with "
                             "--assignee PERSON");
        }
        require_person(db, assignee, "issue " + id + ", assignee");
    } else if (!assignee.empty()) {
        throw InputError("issue " + id + ": an assignee is given only when dispatching");
    }
    if (c.to == IssueState::rejected && c.note.empty()) {
        throw InputError("issue " + id + ": rejecting needs a reason (--note)");
    }
    if (current.state == IssueState::resolved && c.to == IssueState::accepted && c.note.empty()) {
        throw InputError("issue " + id + ": reopening needs a reason (--note)");
    }
    if (c.to == IssueState::verified) {
        if (!c.rating || *c.rating < 1 || *c.rating > 5) {
            throw InputError("issue " + id + ": verifying needs a rating from 1 to 5 (--rating)");
        }
    } else if (c.rating) {
        throw InputError("issue " + id + ": a rating is given only when verifying");
    }
    const std::int64_t at = c.at.value_or(detail::now_seconds());
    detail::FeaturePtr f = issue_feature(p, id);
    f->SetField("state", std::string(to_string(c.to)).c_str());
    f->SetField("updated_at", detail::utc_text(at).c_str());
    if (!assignee.empty()) {
        f->SetField("assignee", assignee.c_str());
    }
    if (c.rating) {
        f->SetField("rating", static_cast<GIntBig>(*c.rating));
    }
    if (p.layer("issue")->SetFeature(f.get()) != OGRERR_NONE) {
        if (p.pg) {
            // The row was there when read: the database's row-level security refused it.
            throw ProjectError(p.path + ": this login may not change issue " + id +
                               " (not an issue of its cells, nor assigned to or reported by "
                               "its person)");
        }
        throw LibraryError(p.path + ": cannot update issue " + id);
    }
    write_event(p, id, at, c.by, current.state, c.to, c.note, assignee, c.rating);
    tx.commit();
    return get_issue(project, id);
}

std::pair<std::optional<std::string>, std::optional<std::string>>
move_issue(Project& project, const std::string& id, double lon, double lat, const std::string& by) {
    const detail::ProjectImpl& p = writable(project);
    detail::Transaction tx(*p.ds); // the write lock, before the issue is read
    require_person(detail::sqlite_handle(p), by, "issue " + id);
    const IssueRecord current = get_issue(project, id);
    require_allowed(p, current, by, IssueAction::move);
    const auto xy = place(p, lon, lat, "issue " + id);
    const Proposal proposal = propose_at(p, xy.x, xy.y);
    detail::FeaturePtr f = issue_feature(p, id);
    f->SetGeometryDirectly(new OGRPoint(xy.x, xy.y));
    if (proposal.cell) {
        f->SetField("cell", proposal.cell->c_str());
    } else {
        f->SetFieldNull(f->GetFieldIndex("cell"));
    }
    const std::int64_t now = detail::now_seconds();
    f->SetField("updated_at", detail::utc_text(now).c_str());
    if (p.layer("issue")->SetFeature(f.get()) != OGRERR_NONE) {
        throw LibraryError(p.path + ": cannot move issue " + id);
    }
    // The move is recorded as an event that keeps the state.
    write_event(p, id, now, by, current.state, current.state,
                "moved from cell " + current.cell.value_or("none") + " to cell " +
                    proposal.cell.value_or("none"),
                "", std::nullopt);
    tx.commit();
    return {current.cell, proposal.cell};
}

std::vector<IssueRecord> list_issues(const Project& project, const IssueFilter& filter) {
    std::string where = "WHERE 1 = 1";
    std::vector<std::string> binds;
    if (filter.state) {
        where += " AND i.state = ?";
        binds.emplace_back(to_string(*filter.state));
    }
    if (!filter.category.empty()) {
        where += " AND i.category = ?";
        binds.push_back(filter.category);
    }
    if (!filter.cell.empty()) {
        where += " AND i.cell = ?";
        binds.push_back(filter.cell);
    }
    if (!filter.assignee.empty()) {
        where += " AND i.assignee = ?";
        binds.push_back(filter.assignee);
    }
    std::vector<IssueRecord> all = read_issues(project.impl(), where, binds, filter.lonlat);
    const std::int64_t now = filter.now.value_or(detail::now_seconds());
    std::erase_if(all, [&](const IssueRecord& r) {
        return (filter.from && r.reported_at < *filter.from) ||
               (filter.to && r.reported_at >= *filter.to) ||
               (filter.overdue_only && !r.overdue(now));
    });
    return all;
}

IssueRecord get_issue(const Project& project, const std::string& id) {
    auto rows = read_issues(project.impl(), "WHERE i.id = ?", {id});
    if (rows.empty()) {
        throw InputError("no issue with id '" + id + "'");
    }
    return rows.front();
}

std::vector<IssueEvent> issue_events(const Project& project, const std::string& id) {
    std::vector<IssueEvent> out;
    sqlite3* db = detail::sqlite_handle(project.impl());
    Statement s(db, "SELECT at, by, from_state, to_state, note, assignee, rating FROM issue_event "
                    "WHERE issue = ? ORDER BY at, fid");
    s.bind(1, id);
    while (s.step()) {
        IssueEvent e;
        e.at = detail::parse_time(s.text(0)).value_or(0);
        e.by = s.text(1);
        e.from = parse_issue_state(s.text(2));
        e.to = parse_issue_state(s.text(3)).value_or(IssueState::reported);
        e.note = s.text(4);
        if (!s.is_null(5)) {
            e.assignee = s.text(5);
        }
        if (!s.is_null(6)) {
            e.rating = static_cast<int>(s.integer(6));
        }
        out.push_back(std::move(e));
    }
    return out;
}

void add_issue_photo(Project& project, const std::string& issue_id, const IssuePhoto& photo) {
    const detail::ProjectImpl& p = writable(project);
    detail::Transaction tx(*p.ds); // the write lock, before the issue is read
    const IssueRecord issue = get_issue(project, issue_id); // InputError when unknown
    std::string stage = photo.stage;
    if (stage.empty()) {
        const bool done =
            issue.state == IssueState::resolved || issue.state == IssueState::verified;
        stage = done ? "after" : "before";
    }
    if (stage != "before" && stage != "after") {
        throw InputError("photo '" + photo.name + "' of issue " + issue_id + ": stage '" + stage +
                         "': expected before or after");
    }
    if (photo.data.empty()) {
        throw InputError("photo '" + photo.name + "' of issue " + issue_id + " is empty");
    }
    if (photo.data.size() > static_cast<std::size_t>(std::numeric_limits<int>::max())) {
        throw InputError("photo '" + photo.name + "' of issue " + issue_id + " is too large");
    }
    OGRLayer* photos = p.layer("issue_photo");
    detail::FeaturePtr f(OGRFeature::CreateFeature(photos->GetLayerDefn()));
    f->SetField("issue", issue_id.c_str());
    if (!photo.name.empty()) {
        f->SetField("name", photo.name.c_str());
    }
    if (!photo.mime.empty()) {
        f->SetField("mime", photo.mime.c_str());
    }
    f->SetField("stage", stage.c_str());
    f->SetField(f->GetFieldIndex("data"), static_cast<int>(photo.data.size()),
                static_cast<const void*>(photo.data.data()));
    if (photos->CreateFeature(f.get()) != OGRERR_NONE) {
        throw LibraryError(p.path + ": cannot write a photo of issue " + issue_id);
    }
    tx.commit();
}

std::vector<IssuePhoto> issue_photos(const Project& project, const std::string& issue_id) {
    get_issue(project, issue_id);
    std::vector<IssuePhoto> out;
    Statement s(detail::sqlite_handle(project.impl()),
                "SELECT name, mime, data, coalesce(stage, 'before') FROM issue_photo "
                "WHERE issue = ? ORDER BY fid");
    s.bind(1, issue_id);
    while (s.step()) {
        const std::string_view data = s.blob(2);
        out.push_back({s.text(0), s.text(1), std::string(data), s.text(3)});
    }
    return out;
}

namespace {
std::vector<NamedEntry> read_named(const Project& project, const char* sql) {
    std::vector<NamedEntry> out;
    sqlite3* db = detail::sqlite_handle(project.impl());
    Statement s(db, sql);
    while (s.step()) {
        out.push_back({s.text(0), s.text(1)});
    }
    return out;
}
} // namespace

std::vector<NamedEntry> list_people(const Project& project) {
    return read_named(project, "SELECT id, name FROM person ORDER BY id");
}

std::vector<NamedEntry> list_party_groups(const Project& project) {
    return read_named(project, "SELECT id, name FROM party_group ORDER BY id");
}

std::string issues_to_csv(const std::vector<IssueRecord>& issues, std::int64_t now) {
    std::string o = "id,category,small_class,text,state,cell,assignee,assignee_name,reported_at,"
                    "deadline,overdue,lon,lat\n";
    for (const IssueRecord& r : issues) {
        o += csv_field(r.id) + "," + csv_field(r.category) + "," + csv_field(r.small_class) + "," +
             csv_field(r.text) + "," + std::string(to_string(r.state)) + "," +
             csv_field(r.cell.value_or("")) + "," + csv_field(r.assignee.value_or("")) + "," +
             csv_field(r.assignee_name) + "," + detail::beijing_text(r.reported_at) + "," +
             (r.deadline ? detail::beijing_text(*r.deadline) : "") + "," +
             (r.overdue(now) ? "yes" : "no") + "," + fixed(r.lon, 7) + "," + fixed(r.lat, 7) + "\n";
    }
    return o;
}

std::string issues_to_open311(const std::vector<IssueRecord>& issues) {
    std::string o = "[";
    for (std::size_t i = 0; i < issues.size(); ++i) {
        const IssueRecord& r = issues[i];
        const IssueCategory* c = find_category(r.category);
        o += std::string(i > 0 ? "," : "") + "\n  {";
        o += "\"service_request_id\": " + json_quote(r.id);
        o += ", \"status\": " + json_quote(is_open(r.state) ? "open" : "closed");
        o += ", \"status_notes\": " + json_quote(to_string(r.state));
        o += ", \"service_name\": " +
             json_quote(r.small_class.empty() ? r.category : r.category + "/" + r.small_class);
        o += ", \"service_code\": " + json_quote(c != nullptr ? c->service_code : "");
        o += ", \"description\": " + json_quote(r.text);
        o += ", \"agency_responsible\": " + json_quote(r.assignee_name);
        o += ", \"service_notice\": \"\"";
        o += ", \"requested_datetime\": " + json_quote(detail::beijing_text(r.reported_at));
        o += ", \"updated_datetime\": " +
             json_quote(detail::beijing_text(r.updated_at.value_or(r.reported_at)));
        o += ", \"expected_datetime\": " +
             json_quote(r.deadline ? detail::beijing_text(*r.deadline) : "");
        o += ", \"address\": " + json_quote(r.address);
        o += ", \"address_id\": \"\", \"zipcode\": \"\"";
        o += ", \"lat\": " + json_number(r.lat, 7) + ", \"long\": " + json_number(r.lon, 7);
        o += ", \"media_url\": \"\"}";
    }
    o += issues.empty() ? "]\n" : "\n]\n";
    return o;
}

namespace {

/// A JSON number, or a string holding one (parse_real); nullopt for anything else.
std::optional<double> json_real(const CPLJSONObject& o) {
    switch (o.GetType()) {
    case CPLJSONObject::Type::Integer:
    case CPLJSONObject::Type::Long:
    case CPLJSONObject::Type::Double:
        if (const double d = o.ToDouble(std::numeric_limits<double>::quiet_NaN());
            std::isfinite(d)) {
            return d;
        }
        return std::nullopt;
    case CPLJSONObject::Type::String:
        return parse_real(o.ToString());
    default:
        return std::nullopt;
    }
}

} // namespace

std::size_t import_open311(Project& project, const std::string& json_text, const std::string& by,
                           const std::string& source) {
    const detail::ProjectImpl& p = writable(project);
    detail::Transaction tx(*p.ds); // the write lock, before the ids in use are read
    sqlite3* db = detail::sqlite_handle(p);
    require_person(db, by, source);
    CPLJSONDocument doc;
    if (!doc.LoadMemory(json_text)) {
        throw InputError(source + ": not JSON (" + std::string(CPLGetLastErrorMsg()) + ")");
    }
    const CPLJSONArray requests = doc.GetRoot().ToArray();
    if (!requests.IsValid()) {
        throw InputError(source + ": expected a JSON array of Open311 service requests");
    }
    std::vector<std::string> problems;
    struct Parsed {
        NewIssue issue;
        IssueState state;
    };
    std::vector<Parsed> parsed;
    std::set<std::string> seen;
    int n = 0;
    for (const CPLJSONObject& req : requests) {
        ++n;
        const std::string label = "request " + std::to_string(n);
        Parsed item;
        NewIssue& in = item.issue;
        in.id = req.GetString("service_request_id");
        if (in.id.empty()) {
            problems.push_back(label + ", field 'service_request_id': missing");
            continue;
        }
        const std::string where = label + " (service_request_id '" + in.id + "')";
        if (!seen.insert(in.id).second) {
            problems.push_back(where + ": repeats an earlier request");
        }
        Statement exists(db, "SELECT 1 FROM issue WHERE id = ?");
        exists.bind(1, in.id);
        if (exists.step()) {
            problems.push_back(where + ": issue already in the project");
        }
        const std::string name = req.GetString("service_name");
        const auto slash = name.find('/');
        in.category = name.substr(0, slash);
        in.small_class = slash == std::string::npos ? "" : name.substr(slash + 1);
        if (find_category(in.category) == nullptr) {
            // Fall back on the service code.
            const std::string code = req.GetString("service_code");
            const auto& cats = issue_categories();
            auto it = std::find_if(cats.begin(), cats.end(),
                                   [&](const IssueCategory& c) { return c.service_code == code; });
            if (it == cats.end()) {
                problems.push_back(where + ", field 'service_name': '" + name +
                                   "' is no known category (nor service_code '" + code + "')");
                continue;
            }
            in.category = std::string(it->name);
        }
        in.text = trim_text(req.GetString("description"));
        for (const FieldProblem& f : issue_field_problems(in.category, in.small_class, in.text)) {
            problems.push_back(where + ", " + f.message);
        }
        in.address = req.GetString("address");
        const CPLJSONObject lat = req.GetObj("lat");
        const CPLJSONObject lon = req.GetObj("long");
        if (!lat.IsValid() || !lon.IsValid()) {
            problems.push_back(where + ", fields 'lat'/'long': missing");
            continue;
        }
        const auto lat_value = json_real(lat);
        const auto lon_value = json_real(lon);
        if (!lat_value || !lon_value) {
            const bool bad_lat = !lat_value;
            problems.push_back(where + ", field '" + (bad_lat ? "lat" : "long") + "': '" +
                               (bad_lat ? lat : lon).ToString() + "' is not a number");
            continue;
        }
        in.lat = *lat_value;
        in.lon = *lon_value;
        const auto at = detail::parse_time(req.GetString("requested_datetime"));
        if (!at) {
            problems.push_back(where + ", field 'requested_datetime': '" +
                               req.GetString("requested_datetime") + "' is not a date-time");
            continue;
        }
        in.at = at;
        const std::string status = req.GetString("status");
        item.state =
            parse_issue_state(req.GetString("status_notes"))
                .value_or(status == "closed" ? IssueState::resolved : IssueState::reported);
        if (status != "open" && status != "closed") {
            problems.push_back(where + ", field 'status': '" + status +
                               "' is neither open nor closed");
        }
        try {
            const auto xy = place(p, in.lon, in.lat, where);
            if (const Staff staff = staff_at(p, xy.x, xy.y); !staff.contains(by)) {
                problems.push_back(where + ": " + by + " cannot import it: only " +
                                   staff.describe() + " may");
            }
        } catch (const InputError& e) {
            problems.push_back(e.what());
            continue;
        }
        parsed.push_back(std::move(item));
    }
    if (!problems.empty()) {
        std::string msg =
            source + ": " + std::to_string(problems.size()) + " problems; nothing was imported:";
        for (std::size_t i = 0; i < problems.size() && i < 20; ++i) {
            msg += "\n  " + problems[i];
        }
        throw InputError(msg);
    }
    const LonLatLease lease = lend_lonlat_transform(p.epsg);
    const LonLatTransform& t = *lease;
    for (const Parsed& item : parsed) {
        const auto xy = t.to_projected({item.issue.lon, item.issue.lat});
        write_new_issue(p, item.issue, item.issue.id, item.state, *item.issue.at, xy,
                        propose_at(p, xy.x, xy.y).cell, by,
                        "imported from Open311 (" + source + ")");
    }
    tx.commit();
    return parsed.size();
}

namespace detail {

int deadline_hours(const ProjectImpl& p, const std::string& category) {
    const std::string key = "deadline_hours." + category;
    if (auto v = p.setting(key)) {
        if (const auto n = parse_integer(*v); n && *n > 0 && *n <= 24 * 366) {
            return static_cast<int>(*n);
        }
        throw ProjectError(p.path + ": setting " + key + " '" + *v +
                           "' is not a number of hours (1 to 8784)");
    }
    const IssueCategory* c = find_category(category);
    return c != nullptr ? c->deadline_hours : 72;
}

} // namespace detail

} // namespace gridmap
