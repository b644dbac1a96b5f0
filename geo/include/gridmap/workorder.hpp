#pragma once

#include "gridmap/project.hpp"

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

/// The work-order flow of issues (三单): 群众点单 reported -> 社区派单 dispatched -> 接单
/// accepted -> 办结 resolved -> 核查 verified (with a 1-5 rating), or rejected with a reason.
/// Every change writes an issue_event row (who, when, from, to, note); nothing changes without
/// one. Times are UTC in the project and Beijing time (+08:00) in what people read.

namespace gridmap {

enum class IssueState { reported, dispatched, accepted, resolved, verified, rejected };

std::string_view to_string(IssueState s);
/// The state called `name`, or nullopt.
std::optional<IssueState> parse_issue_state(std::string_view name);
/// The states an issue in `from` may move to. verified and rejected are final; a resolved issue
/// that fails its check goes back to accepted; a dispatched one may be dispatched again to
/// someone else.
std::vector<IssueState> next_states(IssueState from);
/// Closed issues (resolved, verified, rejected) are not open work.
bool is_open(IssueState s);

/// The issue categories of digital urban management (市容环境, 宣传广告, 施工管理, 突发事件,
/// 街面秩序, 扩展事件) and the community's resident requests (微心愿, 微诉求), with their
/// Open311 service codes and default deadlines.
struct IssueCategory {
    std::string_view name;
    std::string_view service_code;
    int deadline_hours;
};
const std::vector<IssueCategory>& issue_categories();
const IssueCategory* find_category(std::string_view name);

/// Who should take an issue: the grid worker of its cell, else the captain of the nearest
/// building (within 100 m), else the leader of that building's party group.
struct Proposal {
    std::optional<std::string> cell;
    std::optional<std::string> grid_worker;      ///< person id
    std::optional<std::string> building;         ///< nearest building within 100 m
    std::optional<std::string> building_captain; ///< person id
    std::optional<std::string> party_group;      ///< group id
    std::optional<std::string> party_group_leader;
    std::optional<std::string> assignee; ///< the proposal
    std::string assignee_name;           ///< staff name (no resident data)
    std::string reason;                  ///< "grid worker of 420902001005003"
};

struct NewIssue {
    double lon = 0; ///< WGS84 / CGCS2000 degrees
    double lat = 0;
    std::string category;
    std::string small_class;
    std::string text;
    std::string reporter; ///< person id, optional
    std::string address;
    std::string id;                 ///< empty: the next free "I###"
    std::optional<std::int64_t> at; ///< seconds since 1970; empty = now
    /// The place in the working CRS (metres), e.g. a click on the map; when set, lon/lat are
    /// ignored.
    std::optional<std::pair<double, double>> xy;
};

struct IssueRecord {
    std::string id;
    std::string category;
    std::string small_class;
    std::string text;
    IssueState state = IssueState::reported;
    std::optional<std::string> cell;
    std::optional<std::string> assignee;
    std::string assignee_name;
    std::optional<std::string> reporter;
    std::optional<int> rating;
    std::int64_t reported_at = 0; ///< seconds since 1970
    std::optional<std::int64_t> deadline;
    std::optional<std::int64_t> updated_at;
    std::string address;
    double x = 0; ///< working CRS
    double y = 0;
    double lon = 0;
    double lat = 0;
    /// Open and past its deadline at `now`.
    bool overdue(std::int64_t now) const;
};

struct IssueEvent {
    std::int64_t at = 0;
    std::string by;
    std::optional<IssueState> from;
    IssueState to = IssueState::reported;
    std::string note;
    std::optional<std::string> assignee;
    std::optional<int> rating;
};

/// Pins a new issue (state reported, with its event). Refuses (InputError) a point outside
/// every community, an unknown category, an unknown reporter, an id in use. Returns the stored
/// issue and the proposed assignee.
std::pair<IssueRecord, Proposal> add_issue(Project& project, const NewIssue& issue);

/// Proposes an assignee for an existing issue.
Proposal propose_assignee(const Project& project, const std::string& issue_id);

struct StateChange {
    IssueState to = IssueState::reported;
    std::string by;            ///< person id, required
    std::string note;          ///< required for rejected and for reopening a resolved issue
    std::string assignee;      ///< dispatched: required (or the proposal is used if empty)
    std::optional<int> rating; ///< verified: required, 1-5
    std::optional<std::int64_t> at;
};

/// Moves an issue to a new state and writes its event, in one transaction. Illegal
/// transitions, unknown people and missing notes or ratings are refused (InputError) with the
/// allowed next states named.
IssueRecord set_issue_state(Project& project, const std::string& issue_id,
                            const StateChange& change);

/// Moves a pin; returns (old cell, new cell). Refused outside every community.
std::pair<std::optional<std::string>, std::optional<std::string>>
move_issue(Project& project, const std::string& issue_id, double lon, double lat,
           const std::string& by);

struct IssueFilter {
    std::optional<IssueState> state;
    std::string category;
    std::string cell;
    std::string assignee;
    std::optional<std::int64_t> from; ///< reported at or after
    std::optional<std::int64_t> to;   ///< reported before
    bool overdue_only = false;
    std::optional<std::int64_t> now; ///< for overdue; empty = now
};

/// Issues matching a filter, by id.
std::vector<IssueRecord> list_issues(const Project& project, const IssueFilter& filter = {});
/// One issue (InputError if unknown).
IssueRecord get_issue(const Project& project, const std::string& issue_id);
/// Its events, oldest first.
std::vector<IssueEvent> issue_events(const Project& project, const std::string& issue_id);

/// A photo of an issue, stored inside the project (table issue_photo).
struct IssuePhoto {
    std::string name; ///< file name, e.g. "IMG_0012.jpg"
    std::string mime; ///< e.g. "image/jpeg"
    std::string data; ///< the file's bytes
};

/// Stores a photo of an issue in one transaction. Refuses (InputError) an unknown issue and an
/// empty photo.
void add_issue_photo(Project& project, const std::string& issue_id, const IssuePhoto& photo);
/// The photos of an issue, in the order they were added (InputError if the issue is unknown).
std::vector<IssuePhoto> issue_photos(const Project& project, const std::string& issue_id);

/// A person of the project (staff, party members; never a household's resident) or a party
/// group, for choosing who does or takes work: id and name only, no phone.
struct NamedEntry {
    std::string id;
    std::string name;
};
/// Every person (table person), by id.
std::vector<NamedEntry> list_people(const Project& project);
/// Every party group, by id.
std::vector<NamedEntry> list_party_groups(const Project& project);

/// CSV of issues (no resident names or phones): id, category, small_class, text, state, cell,
/// assignee, assignee_name, reported_at, deadline, overdue, lon, lat.
std::string issues_to_csv(const std::vector<IssueRecord>& issues, std::int64_t now);

/// Open311 GeoReport v2 service requests (a JSON array) for the issues.
std::string issues_to_open311(const std::vector<IssueRecord>& issues);

/// Imports Open311 GeoReport v2 service requests (a JSON array, as issues_to_open311 writes
/// and city systems publish) as issues, in one transaction; every problem is listed
/// (InputError) and nothing is written. Returns the number imported.
std::size_t import_open311(Project& project, const std::string& json_text, const std::string& by,
                           const std::string& source_name);

} // namespace gridmap
