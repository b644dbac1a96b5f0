#include "cli/args.hpp"
#include "cli/commands.hpp"
#include "cli/help.hpp"
#include "gridmap/error.hpp"
#include "gridmap/messages.hpp"
#include "gridmap/parse.hpp"
#include "gridmap/terms.hpp"
#include "gridmap/text.hpp"
#include "gridmap/workorder.hpp"

#include <cstdio>
#include <ctime>
#include <fstream>
#include <iostream>
#include <limits>
#include <sstream>
#include <utility>

namespace gridmap::cli {

namespace {

constexpr const char* help = R"(usage: gridmap issue ACTION PROJECT.gpkg [...]

Issues (问题点) and their work-order flow (三单): reported (群众点单) -> dispatched (社区派单)
-> accepted (接单) -> resolved (办结) -> verified (核查, rating 1-5); rejected with a reason.
Every change is recorded as an event (who, when, from, to, note).

actions:
  add P --lon X --lat Y --category C --small-class S --text T [--reporter PERSON]
        [--address A] [--id ID] [--photo FILE]...
      pin a new issue; prints its id, its cell and the proposed assignee (--x X --y Y in
      metres of the working CRS instead of --lon/--lat)
  list P [--state S] [--category C] [--cell CODE] [--assignee PERSON] [--from DATE]
        [--to DATE] [--overdue] [--csv]
  show P ID                     the issue, the proposed assignee, its staff and its events
  set P ID --state S [--note T] [--assignee PERSON] [--rating 1-5] [--photo FILE]...
      move it on (dispatched takes --assignee, or the proposal; rejected needs --note;
      verified needs --rating)
  --photo FILE (JPEG or PNG, repeatable) stores the photo in the project: a "before" photo
      while the issue is open, an "after" photo once it is resolved or verified (so
      `set ID --state resolved --photo done.jpg` adds the after photo of the monthly report)
  move P ID --lon X --lat Y
      move the pin; says when its cell changes
  export P --format csv|open311 -o FILE [list filters] [--bom]
      CSV cells that a spreadsheet would run as a formula (= + - @) start with '; --bom
      (also with list --csv) writes the UTF-8 byte-order mark Excel needs
  import P FILE.json
      Open311 GeoReport v2 service requests

Who acts: add, set, move and import need the acting person, --by PERSON or the environment
variable GRIDMAP_USER (a person id of the project). Community staff (the grid workers of the
issue's community) dispatch, verify, reject and reopen; the assignee or staff accept and
resolve; anyone of the project may add. A category, a small class of it and a text are required.
Times are Beijing time (+08:00); dates for --from/--to as YYYY-MM-DD (a calendar date).
)";

double number(const Args& args, const std::string& name) {
    const auto v = args.value(name);
    if (!v) {
        throw InputError("--" + name + " is required");
    }
    return parse_number(name, *v);
}

std::int64_t date_arg(const std::string& name, const std::string& v) {
    return require_date_time(v, "--" + name);
}

IssueFilter filter_of(const Args& args) {
    IssueFilter f;
    if (auto s = args.value("state")) {
        f.state = parse_issue_state(*s);
        if (!f.state) {
            throw InputError("--state " + *s +
                             ": expected reported, dispatched, accepted, resolved, verified or "
                             "rejected");
        }
    }
    f.category = args.value("category").value_or("");
    f.cell = args.value("cell").value_or("");
    f.assignee = args.value("assignee").value_or("");
    if (auto v = args.value("from")) {
        f.from = date_arg("from", *v);
    }
    if (auto v = args.value("to")) {
        f.to = date_arg("to", *v) + (v->size() <= 10 ? 24 * 3600 : 0); // a date: the whole day
    }
    f.overdue_only = args.flag("overdue");
    return f;
}

/// The state's code in English ("dispatched"), its Chinese name in Chinese (已派单).
std::string state_text(IssueState state) {
    const std::string code(to_string(state));
    return chinese_session() ? term_zh(Vocabulary::issue_state, code) : code;
}

/// "none" in English, 无 in Chinese.
std::string or_none(const std::optional<std::string>& v) {
    return v.value_or(tr("none", "无"));
}

void print_proposal(const Proposal& p) {
    if (chinese_session()) {
        std::cout << "网格 " << p.cell.value_or("无（不在任何网格内）") << "\n";
        const std::string reason = localize(p.reason, Language::zh_CN);
        if (p.assignee) {
            std::cout << "建议处理人 " << *p.assignee << " " << p.assignee_name << "（" << reason
                      << "）\n";
        } else {
            std::cout << "建议处理人：无，" << reason << "\n";
        }
        return;
    }
    std::cout << "cell " << p.cell.value_or("none (outside every cell)") << "\n";
    if (p.assignee) {
        std::cout << "proposed assignee " << *p.assignee << " " << p.assignee_name << " ("
                  << p.reason << ")\n";
    } else {
        std::cout << "proposed assignee none: " << p.reason << "\n";
    }
}

/// A CSV for the output, with the UTF-8 byte-order mark Excel needs when --bom is given.
std::string csv_out(const Args& args, const std::string& csv) {
    return args.flag("bom") ? csv_bom() + csv : csv;
}

/// The photos named by --photo, read before anything changes: a JPEG or PNG file (by its
/// first bytes), else InputError naming the file.
std::vector<IssuePhoto> read_photos(const Args& args) {
    std::vector<IssuePhoto> out;
    for (const std::string& file : args.values("photo")) {
        std::ifstream f(file, std::ios::binary);
        if (!f) {
            throw InputError(file + ": no such file");
        }
        std::ostringstream bytes;
        bytes << f.rdbuf();
        IssuePhoto photo{file.substr(file.find_last_of('/') + 1), "", bytes.str(), ""};
        if (photo.data.starts_with("\xFF\xD8\xFF")) {
            photo.mime = "image/jpeg";
        } else if (photo.data.starts_with("\x89PNG\r\n\x1A\n")) {
            photo.mime = "image/png";
        } else {
            throw InputError(file + ": --photo: expected a JPEG or PNG file");
        }
        out.push_back(std::move(photo));
    }
    return out;
}

void write_out(const Args& args, const std::string& text) {
    if (auto file = args.output_file()) {
        std::ofstream f(*file, std::ios::binary);
        if (!f || !(f << text)) {
            throw InputError(*file + ": cannot write");
        }
    } else {
        std::cout << text;
    }
}

} // namespace

int command_issue(std::span<const std::string> argv) {
    std::vector<std::string> a(argv.begin(), argv.end());
    const Args args(a,
                    {"lon",      "lat",     "x",    "y",      "category", "small-class", "text",
                     "reporter", "address", "id",   "state",  "cell",     "assignee",    "from",
                     "to",       "by",      "note", "rating", "format",   "output",      "photo"},
                    {"overdue", "csv", "bom"});
    if (args.help() || args.positional().empty()) {
        std::cout << help_text("issue", help)
                  << (chinese_session() ? "\n类别及其小类：\n"
                                        : "\ncategories and their small classes:\n");
        for (const IssueCategory& c : issue_categories()) {
            std::cout << "  " << c.name << ":";
            for (std::string_view s : c.small_classes) {
                std::cout << " " << s;
            }
            std::cout << "\n";
        }
        return args.help() ? 0 : 2;
    }
    const std::string action = args.positional()[0];
    const auto& pos = args.positional();
    if (pos.size() < 2) {
        throw InputError("usage: gridmap issue " + action + " PROJECT.gpkg ... (see --help)");
    }
    const bool writes =
        action == "add" || action == "set" || action == "move" || action == "import";
    // Who acts, before the project is opened for writing: refused without it.
    const std::string by = writes ? acting_person(args, true) : "";
    const std::vector<IssuePhoto> photos = writes ? read_photos(args) : std::vector<IssuePhoto>{};
    Project project = writes ? Project::open(pos[1]) : Project::open_for_reading(pos[1]);
    const std::int64_t now = static_cast<std::int64_t>(std::time(nullptr));
    if (action == "add") {
        args.expect_positionals(2, "gridmap issue add PROJECT.gpkg --lon X --lat Y --category C");
        NewIssue in;
        if (args.value("x") || args.value("y")) {
            if (args.value("lon") || args.value("lat")) {
                throw InputError("give --lon/--lat or --x/--y, not both");
            }
            in.xy = std::make_pair(number(args, "x"), number(args, "y"));
        } else {
            in.lon = number(args, "lon");
            in.lat = number(args, "lat");
        }
        in.category = args.value("category").value_or("");
        in.small_class = args.value("small-class").value_or("");
        in.text = args.value("text").value_or("");
        in.reporter = args.value("reporter").value_or("");
        in.address = args.value("address").value_or("");
        in.id = args.value("id").value_or("");
        in.by = by;
        const auto [issue, proposal] = add_issue(project, in);
        for (const IssuePhoto& photo : photos) {
            add_issue_photo(project, issue.id, photo);
        }
        std::cout << tr("added ", "已添加 ") << issue.id << "\n";
        print_proposal(proposal);
        return 0;
    }
    if (action == "list" || action == "export") {
        args.expect_positionals(2, "gridmap issue " + action + " PROJECT.gpkg [filters]");
        const auto issues = list_issues(project, filter_of(args));
        if (action == "export") {
            const std::string format = args.value("format").value_or("");
            if (format == "csv") {
                write_out(args, csv_out(args, issues_to_csv(issues, now)));
            } else if (format == "open311") {
                write_out(args, issues_to_open311(issues));
            } else {
                throw InputError("--format " + format + ": expected csv or open311");
            }
            return 0;
        }
        if (args.flag("csv")) {
            write_out(args, csv_out(args, issues_to_csv(issues, now)));
            return 0;
        }
        std::ostringstream o;
        char line[512];
        for (const IssueRecord& r : issues) {
            std::snprintf(
                line, sizeof line, "%-6s %-10s %-16s %-15s %-6s %s  %s\n", r.id.c_str(),
                state_text(r.state).c_str(), r.cell.value_or("-").c_str(),
                (r.assignee.value_or("-") + " " + r.assignee_name).c_str(),
                r.overdue(now) ? "超期" : "", beijing_time(r.reported_at).c_str(),
                (r.category + (r.small_class.empty() ? "" : "/" + r.small_class) + " " + r.text)
                    .c_str());
            o << line;
        }
        o << tr("", "共 ") << issues.size() << tr(" issues\n", " 件\n");
        write_out(args, o.str());
        return 0;
    }
    if (action == "show") {
        args.expect_positionals(3, "gridmap issue show PROJECT.gpkg ID");
        const IssueRecord r = get_issue(project, pos[2]);
        if (chinese_session()) {
            std::cout << r.id << " " << r.category
                      << (r.small_class.empty() ? "" : "/" + r.small_class) << "\n  " << r.text
                      << "\n  状态 " << state_text(r.state) << (r.overdue(now) ? "（超期）" : "")
                      << "，网格 " << or_none(r.cell) << "，处理人 " << or_none(r.assignee) << " "
                      << r.assignee_name << (r.rating ? "，评分 " + std::to_string(*r.rating) : "")
                      << "\n  位置 经度 " << fixed(r.lon, 6) << "，纬度 " << fixed(r.lat, 6)
                      << "；上报于 " << beijing_time(r.reported_at)
                      << (r.deadline ? "，期限 " + beijing_time(*r.deadline) : "") << "\n";
        } else {
            std::cout << r.id << " " << r.category
                      << (r.small_class.empty() ? "" : "/" + r.small_class) << "\n  " << r.text
                      << "\n  state " << to_string(r.state) << (r.overdue(now) ? " (overdue)" : "")
                      << ", cell " << r.cell.value_or("none") << ", assignee "
                      << r.assignee.value_or("none") << " " << r.assignee_name
                      << (r.rating ? ", rating " + std::to_string(*r.rating) : "") << "\n  at lon "
                      << fixed(r.lon, 6) << ", lat " << fixed(r.lat, 6) << "; reported "
                      << beijing_time(r.reported_at)
                      << (r.deadline ? ", deadline " + beijing_time(*r.deadline) : "") << "\n";
        }
        print_proposal(propose_assignee(project, r.id));
        std::string staff;
        for (const NamedEntry& e : issue_staff(project, r.id)) {
            staff += " " + e.id + " " + e.name;
        }
        std::cout << tr("community staff", "社区工作人员")
                  << (staff.empty() ? tr(" none", " 无") : staff) << "\n";
        for (const IssueEvent& e : issue_events(project, r.id)) {
            std::cout << "  " << beijing_time(e.at) << "  " << (e.from ? state_text(*e.from) : "-")
                      << " -> " << state_text(e.to) << tr("  by ", "  操作人 ")
                      << (e.by.empty() ? "-" : e.by)
                      << (e.assignee ? tr("  to ", "  处理人 ") + *e.assignee : "")
                      << (e.rating ? tr("  rating ", "  评分 ") + std::to_string(*e.rating) : "")
                      << (e.note.empty() ? "" : "  " + e.note) << "\n";
        }
        return 0;
    }
    if (action == "set") {
        args.expect_positionals(3, "gridmap issue set PROJECT.gpkg ID --state S [--by PERSON]");
        StateChange c;
        const auto state = args.value("state");
        if (!state || !parse_issue_state(*state)) {
            throw InputError("--state: expected reported, dispatched, accepted, resolved, "
                             "verified or rejected");
        }
        c.to = *parse_issue_state(*state);
        c.by = by;
        c.note = args.value("note").value_or("");
        c.assignee = args.value("assignee").value_or("");
        if (args.value("rating")) {
            // A whole number here; its range (1-5) is the work-order rule's to check, so that
            // the CLI and the desktop refuse a rating of 9 with one message.
            const std::string v = *args.value("rating");
            const auto n = parse_integer(v);
            if (!n || *n < std::numeric_limits<int>::min() ||
                *n > std::numeric_limits<int>::max()) {
                throw InputError("--rating " + v + ": expected a whole number from 1 to 5");
            }
            c.rating = static_cast<int>(*n);
        }
        const IssueRecord r = set_issue_state(project, pos[2], c);
        for (const IssuePhoto& photo : photos) {
            add_issue_photo(project, r.id, photo); // after, once resolved
        }
        std::cout << r.id << tr(" is ", " ") << state_text(r.state)
                  << (r.assignee
                          ? tr(", assignee ", "，处理人 ") + *r.assignee + " " + r.assignee_name
                          : "")
                  << "\n";
        return 0;
    }
    if (action == "move") {
        args.expect_positionals(3, "gridmap issue move PROJECT.gpkg ID --lon X --lat Y --by P");
        const auto [from, to] =
            move_issue(project, pos[2], number(args, "lon"), number(args, "lat"), by);
        if (from != to) {
            std::cout << pos[2] << tr(" moved from cell ", " 已移动：从网格 ") << or_none(from)
                      << tr(" to cell ", " 到网格 ") << or_none(to) << "\n";
        } else {
            std::cout << pos[2] << tr(" moved, still in cell ", " 已移动，仍在网格 ") << or_none(to)
                      << tr("\n", " 内\n");
        }
        return 0;
    }
    if (action == "import") {
        args.expect_positionals(3, "gridmap issue import PROJECT.gpkg FILE.json");
        std::ifstream f(pos[2], std::ios::binary);
        if (!f) {
            throw InputError(pos[2] + ": no such file");
        }
        std::ostringstream text;
        text << f.rdbuf();
        const std::size_t n = import_open311(project, text.str(), by, pos[2]);
        if (chinese_session()) {
            std::cout << "从 " << pos[2] << " 导入问题点 " << n << " 件\n";
        } else {
            std::cout << "imported " << n << " issues from " << pos[2] << "\n";
        }
        return 0;
    }
    throw InputError("unknown action '" + action +
                     "' (add, list, show, set, move, export, import)");
}

} // namespace gridmap::cli
