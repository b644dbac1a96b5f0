// Issues as of a moment: the one definition of open, resolved, overdue and stuck behind every
// figure about issues (docs/ARCHITECTURE.md, "Meetings").

#include "gridmap/meeting.hpp"

#include "detail/analysis.hpp"
#include "detail/geos.hpp"
#include "detail/project_impl.hpp"
#include "detail/sqlite.hpp"
#include "detail/time.hpp"

#include <algorithm>
#include <unordered_map>

namespace gridmap {

namespace {

using detail::Statement;

/// An issue in no cell belongs to the community it lies in, else to the nearest one (a pin on
/// the boundary road is still the community's work): every issue of a project with a
/// community belongs to one, so the communities' figures add up to the project's.
constexpr double community_reach_m = 1e9;

struct Event {
    std::int64_t at = 0;
    std::int64_t order = 0; ///< insertion order among events at the same second
    IssueState to = IssueState::reported;
    std::optional<std::string> assignee;
};

/// Every event by issue id, oldest first (ties in the order they were written).
std::unordered_map<std::string, std::vector<Event>> read_events(sqlite3* db) {
    std::unordered_map<std::string, std::vector<Event>> out;
    if (!detail::table_exists(db, "issue_event")) {
        return out;
    }
    Statement s(db, "SELECT issue, at, to_state, assignee, rowid FROM issue_event");
    while (s.step()) {
        const auto at = detail::parse_time(s.text(1));
        const auto to = parse_issue_state(s.text(2));
        if (!at || !to) {
            continue; // the schema refuses both; a row edited by hand is skipped
        }
        Event e{*at, s.integer(4), *to, std::nullopt};
        if (!s.is_null(3)) {
            e.assignee = s.text(3);
        }
        out[s.text(0)].push_back(std::move(e));
    }
    for (auto& [id, events] : out) {
        std::sort(events.begin(), events.end(), [](const Event& a, const Event& b) {
            return std::tie(a.at, a.order) < std::tie(b.at, b.order);
        });
    }
    return out;
}

/// Replays the events of one issue up to `moment` into `i` (whose stored state and
/// reported_at are set). False when the issue did not exist yet at the moment.
bool replay(IssueAsOf& i, const std::vector<Event>* events, std::int64_t moment) {
    if (events == nullptr || events->empty()) {
        // No event: the stored state since the issue was reported.
        i.changed_at = i.reported_at;
        return i.reported_at <= moment;
    }
    if (i.reported_at == 0 || events->front().at < i.reported_at) {
        i.reported_at = events->front().at;
    }
    if (i.reported_at > moment) {
        return false;
    }
    i.state = IssueState::reported;
    i.changed_at = i.reported_at;
    for (const Event& e : *events) {
        if (e.at > moment) {
            break;
        }
        i.state = e.to;
        i.changed_at = e.at;
        if (e.to == IssueState::dispatched && e.assignee) {
            i.assignee = e.assignee;
        }
        if (e.to == IssueState::resolved && !i.resolved_at) {
            i.resolved_at = e.at;
        }
    }
    return true;
}

bool in_scope(const IssueAsOf& i, std::string_view scope, std::string_view target) {
    return scope.empty() || (scope == "cell" && i.cell == target) ||
           (scope == "community" && i.community == target);
}

} // namespace

bool IssueAsOf::open() const {
    return is_open(state);
}

bool IssueAsOf::resolved() const {
    return state == IssueState::resolved || state == IssueState::verified;
}

bool IssueAsOf::overdue(std::int64_t moment) const {
    return open() && deadline && moment > *deadline;
}

bool IssueAsOf::stuck(std::int64_t moment) const {
    return open() && moment - changed_at > std::int64_t{stuck_days} * 86400;
}

std::optional<bool> IssueAsOf::on_time() const {
    if (!resolved_at || !deadline) {
        return std::nullopt;
    }
    return *resolved_at <= *deadline;
}

std::vector<IssueAsOf> issues_as_of(const Project& project, std::int64_t moment) {
    return issues_at(project, {moment}).front();
}

std::vector<std::vector<IssueAsOf>> issues_at(const Project& project,
                                              const std::vector<std::int64_t>& moments) {
    const detail::ProjectImpl& p = project.impl();
    std::vector<std::vector<IssueAsOf>> out(moments.size());
    if (!p.has_feature_tables()) {
        return out;
    }
    sqlite3* db = detail::sqlite_handle(p);
    const auto events = read_events(db);
    std::unordered_map<std::string, std::string> community_of_cell;
    {
        Statement s(db, "SELECT code, community FROM cell");
        while (s.step()) {
            community_of_cell[s.text(0)] = s.text(1);
        }
    }
    std::optional<detail::GeosContext> ctx; // only for issues in no cell
    Statement s(db, "SELECT id, category, state, cell, reported_at, deadline, ST_MinX(geom), "
                    "ST_MinY(geom), geom IS NULL FROM issue ORDER BY id");
    while (s.step()) {
        IssueAsOf stored;
        stored.id = s.text(0);
        stored.category = s.text(1);
        stored.state = parse_issue_state(s.text(2)).value_or(IssueState::reported);
        stored.cell = s.text(3);
        stored.reported_at = detail::parse_time(s.text(4)).value_or(0);
        stored.deadline = detail::parse_time(s.text(5));
        if (auto c = community_of_cell.find(stored.cell); c != community_of_cell.end()) {
            stored.community = c->second;
        } else if (s.integer(8) == 0) {
            if (!ctx) {
                ctx.emplace();
            }
            const auto in = detail::polygons_at(p, *ctx, "community", "code", s.real(6), s.real(7));
            const auto near = in.empty()
                                  ? detail::nearest_feature(p, *ctx, "community", "code", s.real(6),
                                                            s.real(7), community_reach_m)
                                  : std::nullopt;
            stored.community = !in.empty() ? in.front() : near ? near->first : std::string();
        }
        const auto it = events.find(stored.id);
        for (std::size_t k = 0; k < moments.size(); ++k) {
            IssueAsOf i = stored;
            if (replay(i, it == events.end() ? nullptr : &it->second, moments[k])) {
                out[k].push_back(std::move(i));
            }
        }
    }
    return out;
}

namespace {

/// Counts one issue (at `moment`) into `c`: the one place where open, resolved, rejected and
/// overdue are added up.
void add_to(IssueCounts& c, const IssueAsOf& i, std::int64_t moment) {
    ++c.all;
    if (i.open()) {
        ++c.open;
        ++c.open_by_state[std::string(to_string(i.state))];
        ++c.open_by_category[i.category];
        c.overdue += i.overdue(moment) ? 1 : 0;
    } else if (i.resolved()) {
        ++c.resolved;
    } else {
        ++c.rejected;
    }
}

} // namespace

IssueCounts count_issues(const std::vector<IssueAsOf>& issues, std::int64_t moment,
                         std::string_view scope, std::string_view target) {
    IssueCounts c;
    for (const IssueAsOf& i : issues) {
        if (in_scope(i, scope, target)) {
            add_to(c, i, moment);
        }
    }
    return c;
}

std::map<std::string, IssueCounts> count_issues_by(const std::vector<IssueAsOf>& issues,
                                                   std::int64_t moment, std::string_view scope) {
    std::map<std::string, IssueCounts> out;
    for (const IssueAsOf& i : issues) {
        add_to(out[scope == "cell" ? i.cell : i.community], i, moment);
    }
    return out;
}

Handling handling_of(const std::vector<IssueAsOf>& issues, std::int64_t from, std::int64_t to,
                     std::string_view scope, std::string_view target) {
    Handling h;
    double hours = 0;
    for (const IssueAsOf& i : issues) {
        if (!in_scope(i, scope, target) || !i.resolved_at || *i.resolved_at < from ||
            *i.resolved_at >= to) {
            continue;
        }
        ++h.resolved;
        hours += static_cast<double>(*i.resolved_at - i.reported_at) / 3600.0;
        if (const auto on_time = i.on_time()) {
            ++h.with_deadline;
            h.on_time += *on_time ? 1 : 0;
        }
    }
    if (h.resolved > 0) {
        h.average_hours = hours / static_cast<double>(h.resolved);
    }
    if (h.with_deadline > 0) {
        h.on_time_percent =
            100.0 * static_cast<double>(h.on_time) / static_cast<double>(h.with_deadline);
    }
    return h;
}

} // namespace gridmap
