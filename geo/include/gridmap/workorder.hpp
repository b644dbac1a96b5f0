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
/// one, and every change names who made it (the acting person), checked against the rule table
/// of `actor_may`. Times are UTC in the project and Beijing time (+08:00, `beijing_time` in
/// gridmap/text.hpp) in what people read.
///
/// What a form or a client calls: `issue_categories()` for the category and small-class
/// choices; `issue_field_problems()` to show what is missing beside each field (the same rule
/// `add_issue` enforces); `require_acting_person()` when the acting person is chosen; that
/// person as `NewIssue::by`, `StateChange::by` and `move_issue(..., by)`;
/// `propose_assignee()` for the default assignee of a dispatch; `next_states_for()` for the
/// moves the acting person may make; `issue_staff()` to name who else may.

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

/// The one table of issue classes: the event categories (大类) of digital urban management
/// (数字化城市管理, CJ/T 214: 市容环境, 宣传广告, 施工管理, 突发事件, 街面秩序, 扩展事件) and
/// the community's resident requests (微心愿, 微诉求), each with its Open311 service code, its
/// default deadline (hours; a project may override it with the setting
/// `deadline_hours.<category>`) and its small classes (小类). CLI, import, desktop form and
/// reports read categories and small classes only from here.
struct IssueCategory {
    std::string_view name;
    std::string_view service_code;
    int deadline_hours;
    std::vector<std::string_view> small_classes; ///< in the order a form offers them
};
/// Every category, in the order above.
const std::vector<IssueCategory>& issue_categories();
/// The category called `name`, or nullptr.
const IssueCategory* find_category(std::string_view name);

/// One problem with one field of an issue, for a form to show beside the field.
struct FieldProblem {
    std::string field;   ///< "text", "category" or "small_class"
    std::string message; ///< one line, naming the field and, for an unknown value, the choices
};

/// THE rule for the required fields of an issue, used by `add_issue`, `import_open311`, the CLI
/// and the desktop form: a description (`text`) that is not empty once trimmed of white space
/// (full-width space included), a category of `issue_categories()`, and a small class of that
/// category. Unknown values are named with the valid choices (long lists shortened: "暴露垃圾,
/// 积存垃圾渣土, ... (12 in all)"). Returns nothing when all is well; never throws.
std::vector<FieldProblem> issue_field_problems(std::string_view category,
                                               std::string_view small_class, std::string_view text);
/// The same, throwing InputError with every problem ("; "-separated), prefixed by `what` (e.g.
/// "issue I021") when given.
void require_issue_fields(std::string_view category, std::string_view small_class,
                          std::string_view text, const std::string& what = "");
/// `text` without leading and trailing white space (ASCII and the full-width space U+3000).
std::string trim_text(std::string_view text);

/// A person of the project (staff, party members; never a household's resident) or a party
/// group, for choosing who does or takes work: id and name only, no phone.
struct NamedEntry {
    std::string id;
    std::string name;
};
/// The dispatch proposal, the default assignee of a dispatch (desktop and CLI): the grid worker
/// of the issue's cell, else the captain of the nearest building (within 100 m), else the
/// leader of that building's party group. `assignee` is empty when nobody answers for the place.
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
    std::string reporter; ///< person id of the resident or member who reported it, optional
    /// person id of who enters it (the acting person), required; recorded as the event's `by`.
    std::string by;
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

/// Pins a new issue (state reported, with its event by `issue.by`). Refuses (InputError) the
/// required fields by `issue_field_problems`, a missing or unknown acting person, an unknown
/// reporter, a point outside every community, an id in use. Stores the text trimmed. Returns
/// the stored issue and the dispatch proposal.
std::pair<IssueRecord, Proposal> add_issue(Project& project, const NewIssue& issue);

/// One issue of `add_issues`: the stored issue and its proposal, or the message of the
/// InputError that refused it (then nothing of it is written).
struct AddedIssue {
    std::optional<IssueRecord> issue;
    Proposal proposal;
    std::string error;
};
/// Pins many issues in ONE transaction (the write queue of `gridmap serve`: one commit, one
/// fsync, for a batch). Each is checked as `add_issue` checks it; a refused one is left out
/// with its message and the others are written. With `dispatch_by` (a person id), each new
/// issue with a proposed assignee is dispatched to that assignee at once, as the desktop's
/// dispatch does, by `dispatch_by` (event note "自动派单"), when the rule table lets that person
/// dispatch there; otherwise it stays reported. An unknown `dispatch_by` refuses every issue.
std::vector<AddedIssue> add_issues(Project& project, const std::vector<NewIssue>& issues,
                                   const std::string& dispatch_by = "");

/// The dispatch proposal for an existing issue (InputError if unknown): what the desktop
/// offers as the default assignee and what a dispatch without an assignee takes.
Proposal propose_assignee(const Project& project, const std::string& issue_id);
/// The dispatch proposal for a place in the working CRS (metres), e.g. a pin not yet saved.
Proposal propose_assignee_at(const Project& project, double x, double y);

/// Who may do what to an issue (the rule table, docs/ARCHITECTURE.md "Who may change an
/// issue"). Community staff of an issue are the grid workers of the cells of the issue's
/// community (the community polygon holding the pin; an issue outside every community has the
/// grid workers of the whole project): the community's own staff (社区工作人员), who dispatch,
/// verify, reject and reopen. The assignee is the person the issue is dispatched to.
///
/// | action   | from -> to              | community staff | assignee | anyone else in the project |
/// |----------|-------------------------|-----------------|----------|----------------------------|
/// | report   | (new) -> reported       | yes             | -        | yes (群众点单)             |
/// | dispatch | reported -> dispatched, |                 |          |                            |
/// |          | dispatched -> dispatched| yes             | no       | no                         |
/// | accept   | dispatched -> accepted  | yes             | yes      | no                         |
/// | resolve  | accepted -> resolved    | yes             | yes      | no                         |
/// | verify   | resolved -> verified    | yes             | no       | no                         |
/// | reopen   | resolved -> accepted    | yes             | no       | no                         |
/// | reject   | reported/dispatched ->  |                 |          |                            |
/// |          | rejected                | yes             | no       | no                         |
/// | move     | (pin moved, same state) | yes             | yes      | no                         |
/// | import   | Open311 -> any state    | yes             | -        | no                         |
enum class IssueAction {
    report,
    dispatch,
    accept,
    resolve,
    verify,
    reopen,
    reject,
    move,
    import_requests
};
/// "dispatch", "accept", ... (the verb of a refusal: "P113 cannot accept I021").
std::string_view to_string(IssueAction a);
/// The action of a transition (reported -> dispatched is dispatch, resolved -> accepted is
/// reopen, ...), or nullopt when `to` is not among `next_states(from)`.
std::optional<IssueAction> action_of(IssueState from, IssueState to);

/// What a person is to one issue. A person may be both.
struct IssueActor {
    bool community_staff = false; ///< a grid worker of the issue's community
    bool assignee = false;        ///< the issue's current assignee
};
/// The rule table above: whether someone who is `who` may do `action`. A person with no role
/// (neither staff nor assignee) may only report.
bool actor_may(const IssueActor& who, IssueAction action);
/// What `person` is to the issue (InputError if the issue is unknown; an unknown person is
/// neither).
IssueActor issue_actor(const Project& project, const std::string& issue_id,
                       const std::string& person);
/// The community staff of an issue (InputError if unknown), by id.
std::vector<NamedEntry> issue_staff(const Project& project, const std::string& issue_id);
/// The states `person` may move the issue to now: `next_states` of its state filtered by the
/// rule table (for the desktop's buttons). Empty for a person without a role on it.
std::vector<IssueState> next_states_for(const Project& project, const std::string& issue_id,
                                        const std::string& person);
/// Throws InputError unless `person` is a non-empty id of a person of the project: "who makes
/// this change? a person id is required" or "no person with id 'P999'". The desktop checks
/// the acting person chosen at start with it; every writing function here calls it.
void require_acting_person(const Project& project, const std::string& person);

struct StateChange {
    IssueState to = IssueState::reported;
    std::string by;            ///< person id, required
    std::string note;          ///< required for rejected and for reopening a resolved issue
    std::string assignee;      ///< dispatched: required (or the proposal is used if empty)
    std::optional<int> rating; ///< verified: required, 1-5
    std::optional<std::int64_t> at;
};

/// Moves an issue to a new state and writes its event (by `change.by`), in one transaction.
/// Refused (InputError, nothing written): an illegal transition (the allowed next states
/// named), a missing or unknown acting person, a person the rule table does not allow ("P113
/// cannot accept I021: it is assigned to P091"), an unknown assignee, missing notes or ratings.
IssueRecord set_issue_state(Project& project, const std::string& issue_id,
                            const StateChange& change);

/// Moves a pin; returns (old cell, new cell). Refused outside every community and unless `by`
/// is community staff or the assignee of the issue.
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
    /// Also each issue's lon and lat. False leaves them 0 and needs no PROJ transform (making
    /// one takes tens of milliseconds the first time on a thread: the desktop's issue list,
    /// read on the GUI thread, does not show them).
    bool lonlat = true;
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
    /// "before" (reported, or added while the issue is open) or "after" (resolution); empty
    /// when adding: "after" if the issue is resolved or verified at that time, else "before".
    std::string stage = {};
};

/// Stores a photo of an issue in one transaction. Refuses (InputError) an unknown issue, an
/// empty photo and a stage other than before or after.
void add_issue_photo(Project& project, const std::string& issue_id, const IssuePhoto& photo);
/// The photos of an issue, in the order they were added (InputError if the issue is unknown).
std::vector<IssuePhoto> issue_photos(const Project& project, const std::string& issue_id);

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
/// (InputError) and nothing is written. Each request passes `issue_field_problems`; `by` is
/// required and must be community staff where each request lies. Returns the number imported.
std::size_t import_open311(Project& project, const std::string& json_text, const std::string& by,
                           const std::string& source_name);

} // namespace gridmap
