#pragma once

#include "gridmap/check.hpp"
#include "gridmap/messages.hpp"
#include "gridmap/project.hpp"

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

/// The seed's work (issue #16) beyond cells and captains: the visit log (走访/摸排), the care
/// register (重点人群), key places (重点场所) and their patrols (巡查), party members' check-in
/// (报到) and sign-ups (结对帮困, 夜间巡逻), co-building units (大党委/共驻共建), the four teams
/// (四支队伍) and the points (积分) computed from all these logs.
///
/// Dates are calendar days in Beijing ("2026-11-28"). "Within N days" of a time `now` means the
/// whole days from the day's midnight (Beijing) to `now` are at most N.
///
/// Privacy: the care register names households by id and tags only, and only community staff
/// (grid workers) and the member paired with a household may list it (`list_care`); reports,
/// leader views and exports read `care_counts` (counts, never households or names).

namespace gridmap {

/// One line of THE points table (积分表), the only place points are defined; documented in
/// docs/ARCHITECTURE.md "Points". Points are computed from the logs, never typed in.
struct PointRule {
    std::string_view id;       ///< "visit_home", "order_on_time", ...
    std::string_view title_zh; ///< "入户走访"
    std::string_view source;   ///< what is counted, in English
    int points = 0;            ///< per counted row
};
const std::vector<PointRule>& point_rules();

/// Settings (table settings) and their defaults: visit_interval_days 90, care_visit_days 30.
int visit_interval_days(const Project& project);
int care_visit_days(const Project& project);

/// Why `date` (a calendar date "YYYY-MM-DD" as stored) cannot be the date of a record of the
/// seed's logs (a visit, patrol, sign-up, care tag, volunteer activity, agreement), or "" when it
/// can: "lies in the future" (after `today`, the day in Beijing) or "is before 2000-01-01"
/// (no such log is older; a year typed wrong). add_visit, add_patrol, add_care_tag,
/// add_member_signup and `gridmap import` of those tables refuse such a date.
std::string record_date_problem(const std::string& date, const std::string& today);

struct NewVisit {
    std::string id;        ///< empty: the next free "V#####"
    std::string household; ///< a household, or
    std::string building;  ///< a building (扫楼 摸排); one of the two is required
    std::string person;    ///< who visited (the acting person), required
    std::string date;      ///< a calendar date, required
    std::string kind;      ///< 入户走访, 摸排, 帮扶 or 宣传
    std::string findings;
    std::string issue; ///< the follow-up issue, optional
};
/// Records a visit in one transaction; returns its id. Refuses (InputError naming the field) an
/// unknown household, building, person or issue, a household of another building than the one
/// given, a kind outside the four, a date that is not a calendar date, lies in the future or
/// before 2000 (record_date_problem).
std::string add_visit(Project& project, const NewVisit& visit);

struct VisitRecord {
    std::string id;
    std::string household;
    std::string building;
    std::string person;
    std::string person_name; ///< staff name (no resident data)
    std::string date;
    std::string kind;
    std::string findings;
    std::string issue;
};
struct VisitFilter {
    std::string person;
    std::string building;
    std::string from; ///< dates, inclusive
    std::string to;
};
/// Visits by date, then id.
std::vector<VisitRecord> list_visits(const Project& project, const VisitFilter& filter = {});

/// One stop of a sweep plan (扫楼): a household paired with the member, with its last visit.
struct SweepStop {
    int order = 0; ///< 1, 2, ... walking order
    std::string building;
    std::string building_name;
    std::string unit;
    std::string room;
    std::string household;
    std::string last_visit; ///< date, "" if never
    bool due = false;       ///< not visited within visit_interval_days of `now`
};
/// The sweep plan of a member: the households paired with `person`, grouped by building, the
/// buildings in walking order (nearest neighbour from the member's building with the lowest id,
/// by centroid distance), within a building by unit then room. InputError for an unknown person.
std::vector<SweepStop> sweep_plan(const Project& project, const std::string& person,
                                  std::int64_t now);
/// The plan as printable text (no resident names or phones: household ids, units and rooms, as
/// the member needs them at the door): a header in `language` (one language, as the rest of
/// the CLI), one line per stop.
std::string sweep_plan_text(const Project& project, const std::string& person,
                            const std::vector<SweepStop>& stops, Language language = Language::en);

/// One entry of the care register as the allowed roles see it: ids and tags, no names.
struct CareEntry {
    std::string household; ///< or empty for a person's tag
    std::string person;    ///< a person of the project (困难党员), or empty
    std::string tag;
    std::string building;
    std::string cell;
    std::vector<std::string> paired; ///< member ids paired with the household
    std::string last_visit;          ///< date, "" if never
    bool due = false;                ///< not visited within care_visit_days
};
/// The care register for `by`: every entry for community staff (a grid worker of any cell);
/// for a member paired with households, the entries of those households only; InputError for
/// anyone else ("P5 may not see the care register: only grid workers and paired members may").
std::vector<CareEntry> list_care(const Project& project, const std::string& by, std::int64_t now);
/// Whether `person` may change the care register (a grid worker of any cell): the one rule
/// add_care_tag applies, for forms that offer the entry only to those allowed.
bool may_change_care_register(const Project& project, const std::string& person);
/// The tags of the care register (the schema's list: 独居老人, 80岁以上老人, ...).
std::vector<std::string> care_tag_names();
/// Tags a household (or a person) in the care register; `by` must be a grid worker. Refuses
/// unknown ids, a tag outside the schema's list, a duplicate and a `since` date in the future
/// or before 2000.
void add_care_tag(Project& project, const std::string& household, const std::string& person,
                  const std::string& tag, const std::string& since, const std::string& by);

/// The counts of the care register, for reports and leader views.
struct CareCounts {
    std::map<std::string, std::int64_t> by_tag; ///< tag -> entries
    std::int64_t entries = 0;
    std::int64_t households = 0; ///< distinct households tagged
    std::int64_t unpaired = 0;   ///< tagged households without a paired member
    std::int64_t due = 0;        ///< entries not visited within care_visit_days
};
CareCounts care_counts(const Project& project, std::int64_t now);

/// A key place with its patrol state.
struct PlaceStatus {
    std::string id;
    std::string name;
    std::string kind;
    std::string building;
    int patrol_days = 30;    ///< NULL in the table reads as 30
    std::string last_patrol; ///< date, "" if never
    std::optional<std::int64_t> days_since;
    bool overdue = false; ///< never patrolled, or more than patrol_days ago
    std::optional<double> lon;
    std::optional<double> lat; ///< the place's own point, else its building's centroid
};
std::vector<PlaceStatus> key_place_status(const Project& project, std::int64_t now);

struct NewPatrol {
    std::string id; ///< empty: the next free "X#####"
    std::string place;
    std::string person;
    std::string date;
    std::string findings;
    std::string issue;
};
/// Records a patrol of a key place; the same refusals as `add_visit`.
std::string add_patrol(Project& project, const NewPatrol& patrol);

/// Records a party member's check-in (报到) or sign-up (结对帮困, 夜间巡逻), entered by `by`: the
/// member themselves or a grid worker. Refuses a person who is not a party member, an unknown
/// kind, a second row of the same person and kind, and anyone else entering it.
void add_member_signup(Project& project, const std::string& person, const std::string& kind,
                       const std::string& date, const std::string& by);

/// Points of one person in one month, per rule and in all.
struct MemberPoints {
    std::string person;
    std::string name;
    std::string branch;                         ///< party branch name ("" if none)
    std::string unit;                           ///< person.member_unit ("" if none)
    std::map<std::string, std::int64_t> counts; ///< PointRule::id -> rows counted
    std::int64_t points = 0;
};
/// A group's figures in the monthly notice (a branch or a member unit).
struct GroupPoints {
    std::string name;
    std::int64_t members = 0; ///< persons of the group with points or party members
    std::int64_t points = 0;
    double average = 0;
};
struct Rate {
    std::int64_t numerator = 0;
    std::int64_t denominator = 0;
    double share() const {
        return denominator == 0 ? 0.0 : static_cast<double>(numerator) / denominator;
    }
};
/// The monthly points notice (积分通报).
struct PointsNotice {
    std::string month;                 ///< "2026-11"
    std::vector<MemberPoints> members; ///< by points, descending, then id; persons with points
    std::vector<GroupPoints> branches; ///< by points, descending, then name
    std::vector<GroupPoints> units;    ///< by points, descending, then name
    Rate checkin;    ///< party members with a 报到 row on or before the month's end
    Rate pairing;    ///< ... with a 结对帮困 sign-up
    Rate patrolling; ///< ... with a 夜间巡逻 sign-up
};
/// Computes the notice of `month` ("YYYY-MM"; InputError otherwise) from the logs. With `as_of`
/// (seconds since 1970), only what happened by then counts: rows dated on or before its day in
/// Beijing, resolutions at or before it (a snapshot's figures of its month so far).
PointsNotice points_notice(const Project& project, const std::string& month,
                           std::optional<std::int64_t> as_of = std::nullopt);
/// CSV (UTF-8, no BOM): section,rank,id,name,group,members,<one column per rule: rows
/// counted>,points. Rows: "member" (group: branch, else unit), then "branch" and "unit"
/// (members: persons counted), then "rate" (id: checkin, pairing_signup or
/// night_patrol_signup; name: "59/67"; members: the denominator; points: the share "88.1%").
std::string points_notice_csv(const PointsNotice& notice);

/// A co-building unit's figures for a month.
struct CoUnitFigures {
    std::string id;
    std::string name;
    std::string agreement;
    std::string signed_on;
    std::int64_t members = 0;    ///< persons whose member_unit is the unit's name or id
    std::int64_t checked_in = 0; ///< of those, with a 报到 row
    std::int64_t visits = 0;     ///< visits by its members in the month
    std::int64_t orders = 0;     ///< issues its members resolved in the month
    std::int64_t pledges = 0;    ///< pledges it took on (co_unit_pledge)
    std::int64_t pledges_done = 0;
    std::int64_t points = 0; ///< its members' points in the month
};
std::vector<CoUnitFigures> co_unit_figures(const Project& project, const std::string& month);

/// A team (四支队伍) and its month.
struct TeamFigures {
    std::string id;
    std::string name;
    std::string kind;
    std::int64_t members = 0;
    std::int64_t activities = 0;   ///< distinct (date, title) in the month
    std::int64_t participants = 0; ///< activity rows in the month
};
std::vector<TeamFigures> team_figures(const Project& project, const std::string& month);

/// Visit coverage of one cell: households of its buildings, and those visited within
/// visit_interval_days of `now` (a household visit, or a 摸排 of its building).
struct CellVisits {
    std::string cell;
    std::int64_t households = 0;
    std::int64_t visited = 0;
    double share() const {
        return households == 0 ? 1.0 : static_cast<double>(visited) / households;
    }
};
std::vector<CellVisits> visit_coverage_by_cell(const Project& project, std::int64_t now);

/// Households visited within visit_interval_days as of `moment` (visits dated on or before the
/// moment's day in Beijing), per scope ("community", "compound", "cell") and target, by the
/// stored fields of each household's building: the snapshot metric household_visited. Empty
/// when the project holds no visit.
struct ScopeVisits {
    std::string scope;
    std::string target;
    std::int64_t households = 0;
    std::int64_t visited = 0;
};
std::vector<ScopeVisits> visited_households_as_of(const Project& project, std::int64_t moment);

/// A share per scope and target for the snapshot metrics of the seed (gridmap/meeting.hpp):
/// `covered` of `total`, by the stored community, compound and cell of the building concerned.
struct ScopeShare {
    std::string scope; ///< community | compound | cell
    std::string target;
    std::int64_t covered = 0;
    std::int64_t total = 0;
};
/// care_paired: households of the care register paired with a member / tagged households (the
/// registers keep no history: as they are now). Empty when the register is empty.
std::vector<ScopeShare> care_paired_by_scope(const Project& project);
/// care_visited: tagged households visited at the door (a household visit) within
/// care_visit_days as of `moment` (visits dated on or before its day) / tagged households.
/// Empty when the register is empty.
std::vector<ScopeShare> care_visited_as_of(const Project& project, std::int64_t moment);
/// key_place_patrolled: key places patrolled within their patrol_days as of `moment` (patrols
/// dated on or before its day) / key places. A place linked to a building counts in its
/// building's community, compound and cell; a place without one counts in the community only
/// when the project holds exactly one. Empty when the project has no key place.
std::vector<ScopeShare> patrolled_places_as_of(const Project& project, std::int64_t moment);

/// The visit figures of a month: visits by kind, households reached, members who visited.
struct MonthVisits {
    std::map<std::string, std::int64_t> by_kind;
    std::int64_t visits = 0;
    std::int64_t households = 0; ///< distinct households visited (household visits)
    std::int64_t members = 0;    ///< distinct persons who visited
    std::int64_t issues = 0;     ///< visits with a follow-up issue
};
MonthVisits month_visits(const Project& project, const std::string& month);
/// Patrols of a month.
std::int64_t month_patrols(const Project& project, const std::string& month);

/// The seed's check rules (the "seed_rules" section of check --json): household_visited
/// (every household visited within visit_interval_days), care_paired (every tagged household
/// paired with a member), care_visited (every care entry visited within care_visit_days),
/// key_place_patrolled (every key place patrolled within its patrol_days). Empty when the
/// project has none of the seed's tables filled (no visit, care tag or key place).
std::vector<RuleResult> check_seed_rules(const Project& project, std::int64_t now);
/// The section `  "seed_rules": [...],\n` of check --json (the same fields as "rules").
std::string seed_rules_json(const std::vector<RuleResult>& rules);
/// The lines of check's text summary for the seed's rules ("" when there are none).
std::string seed_rules_text(const std::vector<RuleResult>& rules, std::size_t max_items);

} // namespace gridmap
