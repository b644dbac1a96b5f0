#pragma once
// What the work-order functions (workorder.cpp) and the server's intake (intake.cpp) share: one
// reading of an issue row (the columns selected and how each becomes an IssueRecord) and one
// rule for whom a new order is proposed to.

#include "detail/sqlite.hpp"
#include "detail/time.hpp"
#include "gridmap/crs.hpp"
#include "gridmap/workorder.hpp"

namespace gridmap::detail {

struct ProjectImpl;

/// SELECT of an issue's columns in the order `issue_row` reads them; append WHERE/ORDER BY.
inline constexpr const char* issue_select =
    "SELECT i.id, i.category, i.small_class, i.text, i.state, i.cell, i.assignee, "
    "(SELECT name FROM person WHERE id = i.assignee), i.reporter, i.rating, i.reported_at, "
    "i.deadline, i.updated_at, i.address, ST_MinX(i.geom), ST_MinY(i.geom) FROM issue i ";

/// The issue at the statement's current row (selected by `issue_select`), its position also
/// in longitude/latitude through `t` (none: lon/lat left unset).
inline IssueRecord issue_row(const Statement& s, const LonLatTransform* t) {
    IssueRecord r;
    r.id = s.text(0);
    r.category = s.text(1);
    r.small_class = s.text(2);
    r.text = s.text(3);
    r.state = parse_issue_state(s.text(4)).value_or(IssueState::reported);
    if (!s.is_null(5)) {
        r.cell = s.text(5);
    }
    if (!s.is_null(6)) {
        r.assignee = s.text(6);
    }
    r.assignee_name = s.text(7);
    if (!s.is_null(8)) {
        r.reporter = s.text(8);
    }
    if (!s.is_null(9)) {
        r.rating = static_cast<int>(s.integer(9));
    }
    r.reported_at = parse_time(s.text(10)).value_or(0);
    r.deadline = parse_time(s.text(11));
    r.updated_at = parse_time(s.text(12));
    r.address = s.text(13);
    r.x = s.real(14);
    r.y = s.real(15);
    if (t != nullptr) {
        const LonLat ll = t->to_lonlat({r.x, r.y});
        r.lon = ll.lon;
        r.lat = ll.lat;
    }
    return r;
}

/// Chooses the proposed assignee among the holders found for the place (filled in `pr`): the
/// cell's grid worker, else the building's captain, else its party group's leader; sets the
/// reason said with the proposal.
inline void choose_assignee(Proposal& pr) {
    if (pr.grid_worker) {
        pr.assignee = pr.grid_worker;
        pr.reason = "grid worker of " + *pr.cell;
    } else if (pr.building_captain) {
        pr.assignee = pr.building_captain;
        pr.reason = "building captain of " + *pr.building;
    } else if (pr.party_group_leader) {
        pr.assignee = pr.party_group_leader;
        pr.reason = "leader of party group " + *pr.party_group;
    } else {
        pr.reason = "nobody answers for this place";
    }
}

/// The hours a new issue of `category` has until its deadline: the project's setting
/// deadline_hours.<category>, else the category's own (gridmap/workorder.hpp), else 72. A bad
/// setting is a ProjectError naming it. (workorder.cpp)
int deadline_hours(const ProjectImpl& p, const std::string& category);

} // namespace gridmap::detail
