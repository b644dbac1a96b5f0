#include "cli/args.hpp"
#include "cli/commands.hpp"
#include "cli/help.hpp"
#include "gridmap/assign.hpp"
#include "gridmap/error.hpp"
#include "gridmap/text.hpp"

#include <ctime>
#include <iostream>

namespace gridmap::cli {

namespace {

constexpr const char* help =
    R"(usage: gridmap assign PROJECT.gpkg --role R --person ID --target T [...]
       gridmap assign PROJECT.gpkg --from FILE.csv|FILE.xlsx|FILE.ods [--by ID]
       gridmap assign undo PROJECT.gpkg --session S [--count N] [--by ID]
       gridmap assign log PROJECT.gpkg [--target T] [--json | --csv [--bom]]

Who answers for what (分工): grid workers of cells, compound, building and unit captains,
party groups of buildings, party members paired with households (包保到户). Every change is one
transaction, logged in assignment_event (who, when, assign/unassign, role, person, target,
note, session); the coverage figures of 'gridmap check' follow at once.

roles (-> target):
  grid_worker 网格员 -> cell code       compound_captain 小区长 -> compound id
  building_captain 楼栋长 -> building id  unit_captain 单元长 -> unit id
  party_group 党小组 -> building id (--person is the party group's id or name)
  household_pairing 包保到户 -> household id (--person must be a party member)
A captain role and a building's party group hold one person per target: assigning replaces
the previous holder (logged as unassign + assign) unless --no-replace. A household may be
paired with several party members.

options:
  --role R               the role
  --person ID            person id (party group id or name for party_group); with
                         --unassign it may be left out: whoever holds the role on the target
  --target T             the target; repeat it for several targets (one change each)
  --unassign             take the role away instead of giving it
  --no-replace           refuse a target that already has a holder
  --from FILE            apply a CSV/XLSX/ODS table: columns role, person, target and optional
                         action (assign|unassign), note; row 1 is the header and problems name
                         the row as a spreadsheet shows it
  --by ID                who makes the change (a person id; default: $GRIDMAP_USER)
  --note T               a note for the log
  --session S            add the changes to session S (default: a new session)
  --count N              undo: the last N changes of the session (default: all); an
                         assignment that replaced a holder is one change
  --json                 log: as JSON
  --csv                  log: as CSV (at,by,action,role,person,target,note,session); cells a
                         spreadsheet would run as a formula start with '
  --bom                  log --csv: start with the UTF-8 byte-order mark (for Excel)

Prints the session id; 'gridmap assign undo PROJECT.gpkg --session S' takes the changes back.
Exit codes: 0 done, 2 bad input (every problem listed, nothing written).
)";

/// `verb` is "done", "undone" or "applied FILE" (in Chinese 完成, 已撤销, 已执行 FILE).
void print_result(const std::string& verb, const AssignResult& r, const std::string& project) {
    if (chinese_session()) {
        const std::string zh = verb == "done"     ? std::string("完成")
                               : verb == "undone" ? std::string("已撤销")
                                                  : "已执行 " + verb.substr(verb.find(' ') + 1);
        std::cout << zh << "：分配 " << r.assigned << "，取消 " << r.unassigned << "，未变 "
                  << r.unchanged << "\n会话 " << r.session << "\n";
        if (verb != "undone") {
            std::cout << "撤销：gridmap assign undo " << project << " --session " << r.session
                      << "\n";
        }
        return;
    }
    std::cout << verb << ": " << r.assigned << " assigned, " << r.unassigned << " unassigned, "
              << r.unchanged << " unchanged\nsession " << r.session << "\n";
    if (verb != "undone") {
        std::cout << "undo with: gridmap assign undo " << project << " --session " << r.session
                  << "\n";
    }
}

std::size_t count_arg(const std::string& v) {
    return static_cast<std::size_t>(parse_whole("count", v, 1, 1000000000));
}

} // namespace

int command_assign(std::span<const std::string> argv) {
    const Args args(argv, {"role", "person", "target", "by", "note", "from", "session", "count"},
                    {"unassign", "no-replace", "json", "csv", "bom"});
    if (args.help() || args.positional().empty()) {
        std::cout << help_text("assign", help);
        return args.help() ? 0 : 2;
    }
    const auto& pos = args.positional();
    AssignOptions options;
    options.by = acting_person(args, false);
    options.session = args.value("session").value_or("");
    options.replace = !args.flag("no-replace");

    if (pos[0] == "undo") {
        args.expect_positionals(2, "gridmap assign undo PROJECT.gpkg --session S [--count N]");
        if (options.session.empty()) {
            throw InputError("undo: --session S is required (the session id that 'gridmap "
                             "assign' printed; 'gridmap assign log' lists them)");
        }
        const std::size_t count = args.value("count") ? count_arg(*args.value("count")) : 0;
        Project project = Project::open(pos[1]);
        const AssignResult r = undo_assignments(project, options.session, count, options);
        print_result("undone", r, pos[1]);
        return 0;
    }
    if (pos[0] == "log") {
        args.expect_positionals(2, "gridmap assign log PROJECT.gpkg [--target T] [--json]");
        const Project project = Project::open_for_reading(pos[1]);
        const auto events = assignment_events(project, args.value("target").value_or(""));
        if (args.flag("json")) {
            std::cout << "[";
            for (std::size_t i = 0; i < events.size(); ++i) {
                const AssignmentEventRecord& e = events[i];
                std::cout << (i > 0 ? "," : "")
                          << "\n  {\"at\": " << json_quote(beijing_time(e.at, true))
                          << ", \"by\": " << json_quote(e.by) << ", \"action\": "
                          << json_quote(e.action == AssignAction::assign ? "assign" : "unassign")
                          << ", \"role\": " << json_quote(e.role)
                          << ", \"person\": " << json_quote(e.person)
                          << ", \"target\": " << json_quote(e.target)
                          << ", \"note\": " << json_quote(e.note)
                          << ", \"session\": " << json_quote(e.session) << "}";
            }
            std::cout << (events.empty() ? "]\n" : "\n]\n");
            return 0;
        }
        if (args.flag("csv")) {
            std::cout << (args.flag("bom") ? csv_bom() : "")
                      << "at,by,action,role,person,target,note,session\n";
            for (const AssignmentEventRecord& e : events) {
                std::cout << beijing_time(e.at, true) << "," << csv_field(e.by) << ","
                          << (e.action == AssignAction::assign ? "assign" : "unassign") << ","
                          << csv_field(e.role) << "," << csv_field(e.person) << ","
                          << csv_field(e.target) << "," << csv_field(e.note) << ","
                          << csv_field(e.session) << "\n";
            }
            return 0;
        }
        for (const AssignmentEventRecord& e : events) {
            std::cout << beijing_time(e.at) << "  " << assignment_event_text(e) << "  操作人 "
                      << (e.by.empty() ? "-" : e.by) << "  会话 "
                      << (e.session.empty() ? "-" : e.session) << "\n";
        }
        std::cout << "共 " << events.size() << " 条\n";
        return 0;
    }

    args.expect_positionals(1, "gridmap assign PROJECT.gpkg --role R --person ID --target T");
    Project project = Project::open(pos[0]);
    if (auto from = args.value("from")) {
        for (const char* o : {"role", "person", "target", "note"}) {
            if (args.value(o)) {
                throw InputError(std::string("--from FILE takes its roles, people and targets "
                                             "from the file; leave out --") +
                                 o);
            }
        }
        const AssignResult r = import_assignments(project, *from, options);
        print_result("applied " + *from, r, pos[0]);
        return 0;
    }
    const auto role = args.value("role");
    const auto targets = args.values("target");
    if (!role || targets.empty()) {
        throw InputError("--role R and --target T are required (or --from FILE; see --help)");
    }
    std::vector<AssignmentChange> changes;
    for (const std::string& t : targets) {
        AssignmentChange c;
        c.action = args.flag("unassign") ? AssignAction::unassign : AssignAction::assign;
        c.role = *role;
        c.person = args.value("person").value_or("");
        c.target = t;
        c.note = args.value("note").value_or("");
        changes.push_back(std::move(c));
    }
    options.source_name = pos[0]; // messages name the project
    const AssignResult r = apply_assignments(project, changes, options);
    print_result("done", r, pos[0]);
    return 0;
}

} // namespace gridmap::cli
