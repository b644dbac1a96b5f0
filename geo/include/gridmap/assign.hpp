#pragma once

#include "gridmap/project.hpp"

#include <cstdint>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <vector>

/// Who answers for what (分工): party groups for buildings, the four captain roles (grid worker
/// of a cell, compound, building and unit captains), and party members paired with households
/// (包保到户). Every change is one transaction that also writes `assignment_event` rows (who,
/// when, assign/unassign, role, person, target, note, session) and updates the stored cell
/// assignment where it depends on it; the coverage figures of `check_project` follow at once.

namespace gridmap {

/// The roles an assignment may give: "grid_worker", "compound_captain", "building_captain",
/// "unit_captain" (role_assignment rows), "party_group" (party_group_building rows: person is
/// the party group id) and "household_pairing" (household_pairing rows). The Chinese words
/// (网格员, 小区长, 楼栋长, 单元长, 党小组, 包保到户) are accepted too.
/// One holder per target: the four captain roles and a building's party group. A household
/// may be paired with several party members.
enum class AssignAction { assign, unassign };

struct AssignmentChange {
    AssignAction action = AssignAction::assign;
    std::string role; ///< one of the six roles above
    /// person id; for role "party_group" the party group id (or name). Empty with unassign:
    /// whoever holds the role on the target.
    std::string person;
    std::string target; ///< cell code, compound/building/unit/household id
    std::string note;
};

struct AssignOptions {
    std::string by;                 ///< person id of who makes the change ("" = unknown)
    std::string session;            ///< groups changes for undo ("" = a new session id is made)
    std::optional<std::int64_t> at; ///< seconds since 1970; empty = now
    /// A captain role holds one person per target: assigning replaces the previous holder
    /// (written as unassign + assign). When false, a target that already has a holder is
    /// refused.
    bool replace = true;
    std::string source_name; ///< file name for messages of batch imports
};

struct AssignResult {
    std::string session;
    std::size_t assigned = 0;
    std::size_t unassigned = 0;
    std::size_t unchanged = 0; ///< already so: no row and no event written
};

/// Applies changes in one transaction. Unknown people, groups, targets or roles, a person who
/// is not a party member for household pairing, are refused (InputError listing every problem
/// by row and field) and nothing is written.
AssignResult apply_assignments(Project& project, const std::vector<AssignmentChange>& changes,
                               const AssignOptions& options = {});

/// Reads changes from a CSV/XLSX/ODS table (columns role, person, target, optional action
/// assign|unassign and note) and applies them; problems name the file, row and field. Rows are
/// counted as a spreadsheet shows them: the header is row 1; empty rows are skipped.
AssignResult import_assignments(Project& project, const std::string& path,
                                const AssignOptions& options = {});

/// Takes back the last `count` changes (events) of `session` (all when count is 0), newest
/// first, writing the inverse events (note "undo", in the same session, one per undone event,
/// so that a second undo goes on where the first stopped). An assignment that replaced a
/// holder counts as one change with the unassign it caused. Refuses (InputError, nothing
/// written) an unknown session, a session with nothing left to undo, and a holder given back a
/// target that someone else holds now. Returns what was undone.
AssignResult undo_assignments(Project& project, const std::string& session, std::size_t count = 0,
                              const AssignOptions& options = {});

/// The roles each person of the project holds, by person id: the roles of role_assignment
/// (grid_worker, compound_captain, building_captain, unit_captain ...), "party_group_leader" for
/// the leader of a party group and "party_member" for a party member. A person with none is
/// absent; a table the project lacks adds nothing.
std::map<std::string, std::set<std::string>> person_roles(const Project& project);

/// The targets a role reaches from a set of buildings, each once, in order: party_group and
/// building_captain -> the buildings themselves; compound_captain -> their compounds;
/// grid_worker -> the cells they are assigned to; unit_captain -> their units;
/// household_pairing -> their households (ids only). Buildings without a compound or cell add
/// nothing. Throws InputError for an unknown role.
std::vector<std::string> targets_of_buildings(const Project& project, const std::string& role,
                                              const std::vector<std::string>& buildings);

struct AssignmentEventRecord {
    std::int64_t at = 0;
    std::string by;
    AssignAction action = AssignAction::assign;
    std::string role;
    std::string person;
    std::string target;
    std::string note;
    std::string session;
};

/// One event as the desktop's log and `gridmap assign log` show it, in Chinese: "分配 党小组 PG10 →
/// B064", "取消 楼栋长 P003 → B001（由 P004 接替）", "...（撤销）" for an undo.
std::string assignment_event_text(const AssignmentEventRecord& event);

/// The log, oldest first; `target` filters when not empty.
std::vector<AssignmentEventRecord> assignment_events(const Project& project,
                                                     const std::string& target = {});

} // namespace gridmap
