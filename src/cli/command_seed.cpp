// The seed's work (issue #16): gridmap visit | care | place | patrol | signup | points |
// cobuild | team. The model is geo's (gridmap/seed.hpp); this file parses and prints.

#include "cli/args.hpp"
#include "cli/commands.hpp"
#include "cli/help.hpp"
#include "cli/output_zh.hpp"
#include "cli/qt_app.hpp"
#include "gridmap/error.hpp"
#include "gridmap/import.hpp"
#include "gridmap/messages.hpp"
#include "gridmap/parse.hpp"
#include "gridmap/seed.hpp"
#include "gridmap/text.hpp"
#include "seed_report.hpp"

#include <QDate>

#include <cstdio>
#include <ctime>
#include <fstream>
#include <iostream>
#include <map>

namespace gridmap::cli {

namespace {

constexpr const char* help =
    R"(usage: gridmap visit|care|place|patrol|signup|points|cobuild|team ...

The seed's work: visits (走访/摸排), the care register (重点人群), key places (重点场所) and their
patrols (巡查), party members' check-in and sign-ups (报到, 结对帮困, 夜间巡逻), the points
(积分, computed from these logs, never typed in), co-building units (大党委/共驻共建) and the
four teams (四支队伍).

  visit add P (--household H | --building B) --kind K --date D [--findings T] [--issue I]
        [--id ID]          record a visit by the acting person; K is 入户走访, 摸排, 帮扶 or 宣传
  visit list P [--person ID] [--building B] [--from D] [--to D] [--csv]
  visit import P FILE      visits from a CSV/XLSX (fields of table visit)
  visit plan P --person ID [--at D] [-o FILE|FILE.pdf] [--date D]
                           the sweep plan (扫楼): the member's paired households by building in
                           walking order, with the last visit and what is due; -o *.pdf writes
                           it as an A4 PDF to take along (--date: the date printed on it). It
                           shows building ids and names, units, rooms and household ids (what
                           the member needs at the door), never residents' names or phones; its
                           headings are in the session's language (GRIDMAP_LANG or LANG)
  visit coverage P [--at D]
                           households visited within visit_interval_days, per cell
  care list P [--at D]     the care register (grid workers: all; a paired member: theirs only)
  care add P (--household H | --person ID) --tag T [--since D]   (grid workers only)
  care counts P [--at D]   counts by tag (no households, no names)
  place list P [--at D] [--overdue]
                           key places with their last patrol; overdue ones marked
  place import P FILE      key places from a CSV/XLSX (fields of table key_place)
  patrol add P --place K --date D [--findings T] [--issue I] [--id ID]
                           (visit add and patrol add take --at D instead of --date as well)
  signup add P --person ID --kind 报到|结对帮困|夜间巡逻 --date D
                           entered by the member themselves or a grid worker
  points P --month YYYY-MM [--csv] [-o FILE.csv|FILE.pdf] [--date D]
                           the monthly points notice (积分通报): members, branches, units, rates;
                           -o *.pdf writes it as an A4 PDF (--date: the date printed on it)
  points P --table         the points table
  cobuild P --month YYYY-MM   co-building units: members, check-in, visits, orders, pledges
  team P --month YYYY-MM      teams: members, activities, participants

Writing actions need the acting person: --by PERSON or GRIDMAP_USER (a visit's visitor, a
patrol's patroller). Dates are calendar days in Beijing (YYYY-MM-DD); --at judges "within N
days" at that day's end instead of now. A record dated in the future or before 2000 is refused
(exit 2, nothing written), on add and on import alike.
)";

std::int64_t at_time(const Args& args) {
    if (auto v = args.value("at")) {
        return require_date_time(*v, "--at") + (v->size() <= 10 ? 24 * 3600 - 1 : 0);
    }
    return static_cast<std::int64_t>(std::time(nullptr));
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

std::string opt(const Args& args, const std::string& name) {
    return args.value(name).value_or("");
}

std::string required(const Args& args, const std::string& name) {
    auto v = args.value(name);
    if (!v || v->empty()) {
        throw InputError("--" + name + " is required");
    }
    return *v;
}

/// The date of a new record: --date, or --at (a date or a time; its day in Beijing) -- one of
/// the two. geo refuses a date in the future or before 2000.
std::string record_date_arg(const Args& args) {
    const auto date = args.value("date");
    const auto at = args.value("at");
    if (date && at) {
        throw InputError("--date and --at: give one of the two");
    }
    if (at) {
        return *at;
    }
    return required(args, "date");
}

std::string month_arg(const Args& args) {
    return required(args, "month");
}

int import_table(const Args& args, const std::string& table) {
    args.expect_positionals(3, "gridmap " + table + " import PROJECT.gpkg FILE");
    Project project = Project::open(args.positional()[1]);
    ImportOptions o;
    o.table = table;
    o.source = args.positional()[2];
    const ImportReport r = import_layer(project, o);
    if (chinese_session()) {
        std::cout << table << "：导入 " << r.imported << " 行（新增 " << r.added << "，更新 "
                  << r.updated << "，未变 " << r.unchanged << "）\n";
    } else {
        std::cout << table << ": " << r.imported << " imported (" << r.added << " added, "
                  << r.updated << " updated, " << r.unchanged << " unchanged)\n";
    }
    return 0;
}

int visit(const Args& args) {
    const auto& pos = args.positional();
    const std::string action = pos[0];
    if (action == "add") {
        args.expect_positionals(2,
                                "gridmap visit add PROJECT.gpkg --household H --kind K --date D");
        NewVisit v;
        v.person = acting_person(args, true);
        v.household = opt(args, "household");
        v.building = opt(args, "building");
        v.kind = required(args, "kind");
        v.date = record_date_arg(args);
        v.findings = opt(args, "findings");
        v.issue = opt(args, "issue");
        v.id = opt(args, "id");
        Project project = Project::open(pos[1]);
        // The id first: nothing is printed when the visit is refused.
        const std::string id = add_visit(project, v);
        std::cout << tr("added ", "已添加 ") << id << "\n";
        return 0;
    }
    if (action == "import") {
        return import_table(args, "visit");
    }
    args.expect_positionals(2, "gridmap visit " + action + " PROJECT.gpkg");
    const Project project = Project::open_for_reading(pos[1]);
    if (action == "list") {
        VisitFilter f{opt(args, "person"), opt(args, "building"), opt(args, "from"),
                      opt(args, "to")};
        const auto visits = list_visits(project, f);
        const bool zh = chinese_session();
        std::string o = args.flag("csv") ? "id,date,kind,household,building,person,person_name,"
                                           "issue,findings\n"
                                         : "";
        for (const VisitRecord& v : visits) {
            if (args.flag("csv")) {
                o += csv_field(v.id) + "," + v.date + "," + csv_field(v.kind) + "," +
                     csv_field(v.household) + "," + csv_field(v.building) + "," +
                     csv_field(v.person) + "," + csv_field(v.person_name) + "," +
                     csv_field(v.issue) + "," + csv_field(v.findings) + "\n";
            } else {
                o += v.id + "  " + v.date + "  " + v.kind + "  " +
                     (v.household.empty() ? (zh ? "楼栋 " : "building ") + v.building
                                          : v.household) +
                     "  " + v.person + " " + v.person_name +
                     (v.issue.empty() ? "" : "  -> " + v.issue) +
                     (v.findings.empty() ? "" : "  " + v.findings) + "\n";
            }
        }
        if (!args.flag("csv")) {
            o += zh ? "共 " + std::to_string(visits.size()) + " 次走访\n"
                    : std::to_string(visits.size()) + " visits\n";
        }
        write_out(args, o);
        return 0;
    }
    if (action == "plan") {
        const std::string person = required(args, "person");
        const auto stops = sweep_plan(project, person, at_time(args));
        const Language language = language_from_environment();
        if (const auto file = args.output_file(); file && file->ends_with(".pdf")) {
            const std::unique_ptr<QGuiApplication> app = offscreen_gui_app("gridmap visit");
            const QString date = args.value("date") ? QString::fromStdString(*args.value("date"))
                                                    : QDate::currentDate().toString(Qt::ISODate);
            const int pages = render::write_sweep_plan_pdf(
                project, person, stops, QString::fromStdString(*file), date, language);
            std::cout << tr("wrote ", "已写出 ") << *file << tr(" (sweep plan ", "（扫楼计划 ")
                      << person << tr(", ", "，") << stops.size() << tr(" households, ", " 户，")
                      << pages << tr(" pages)\n", " 页）\n");
            return 0;
        }
        write_out(args, sweep_plan_text(project, person, stops, language));
        return 0;
    }
    if (action == "coverage") {
        const std::string days = std::to_string(visit_interval_days(project));
        std::string o =
            chinese_session()
                ? "网格" + std::string(19, ' ') + "户数   已走访   比例（" + days + " 天内）\n"
                : "cell             households  visited  share   (within " + days + " days)\n";
        for (const CellVisits& c : visit_coverage_by_cell(project, at_time(args))) {
            char line[160];
            std::snprintf(line, sizeof line, "%-16s %10lld %8lld %6.1f%%\n", c.cell.c_str(),
                          static_cast<long long>(c.households), static_cast<long long>(c.visited),
                          c.share() * 100.0);
            o += line;
        }
        write_out(args, o);
        return 0;
    }
    throw InputError("unknown action 'visit " + action + "' (add, list, import, plan, coverage)");
}

int care(const Args& args) {
    const auto& pos = args.positional();
    const std::string action = pos[0];
    args.expect_positionals(2, "gridmap care " + action + " PROJECT.gpkg");
    if (action == "add") {
        const std::string by = acting_person(args, true);
        Project project = Project::open(pos[1]);
        add_care_tag(project, opt(args, "household"), opt(args, "person"), required(args, "tag"),
                     opt(args, "since"), by);
        std::cout << tr("tagged ", "已标记 ") << opt(args, "household") << opt(args, "person")
                  << " " << opt(args, "tag") << "\n";
        return 0;
    }
    const Project project = Project::open_for_reading(pos[1]);
    if (action == "list") {
        const std::string by = acting_person(args, true);
        const auto entries = list_care(project, by, at_time(args));
        std::string o;
        const bool zh = chinese_session();
        for (const CareEntry& e : entries) {
            std::string paired;
            for (const std::string& m : e.paired) {
                paired += (paired.empty() ? "" : ",") + m;
            }
            if (zh) {
                o += (e.household.empty() ? "人员 " + e.person : e.household) + "  " + e.tag +
                     "  楼栋 " + (e.building.empty() ? "-" : e.building) + "  网格 " +
                     (e.cell.empty() ? "-" : e.cell) + "  结对 " +
                     (paired.empty() ? "无" : paired) + "  最近走访 " +
                     (e.last_visit.empty() ? "从未" : e.last_visit) + (e.due ? "  待走访" : "") +
                     "\n";
                continue;
            }
            o += (e.household.empty() ? "person " + e.person : e.household) + "  " + e.tag +
                 "  building " + (e.building.empty() ? "-" : e.building) + "  cell " +
                 (e.cell.empty() ? "-" : e.cell) + "  paired " +
                 (paired.empty() ? "none" : paired) + "  last visit " +
                 (e.last_visit.empty() ? "never" : e.last_visit) + (e.due ? "  DUE" : "") + "\n";
        }
        o += zh ? "共 " + std::to_string(entries.size()) + " 条（care_visit_days " +
                      std::to_string(care_visit_days(project)) + "）\n"
                : std::to_string(entries.size()) + " entries (care_visit_days " +
                      std::to_string(care_visit_days(project)) + ")\n";
        write_out(args, o);
        return 0;
    }
    if (action == "counts") {
        const CareCounts c = care_counts(project, at_time(args));
        std::string o;
        for (const auto& [tag, n] : c.by_tag) {
            o += tag + " " + std::to_string(n) + "\n";
        }
        if (chinese_session()) {
            o += "共 " + std::to_string(c.entries) + " 条，" + std::to_string(c.households) +
                 " 户，未结对 " + std::to_string(c.unpaired) + "，待走访 " + std::to_string(c.due) +
                 "\n";
        } else {
            o += "entries " + std::to_string(c.entries) + ", households " +
                 std::to_string(c.households) + ", unpaired " + std::to_string(c.unpaired) +
                 ", due " + std::to_string(c.due) + "\n";
        }
        write_out(args, o);
        return 0;
    }
    throw InputError("unknown action 'care " + action + "' (list, add, counts)");
}

int place(const Args& args) {
    const auto& pos = args.positional();
    const std::string action = pos[0];
    if (action == "import") {
        return import_table(args, "key_place");
    }
    if (action != "list") {
        throw InputError("unknown action 'place " + action + "' (list, import)");
    }
    args.expect_positionals(2, "gridmap place list PROJECT.gpkg");
    const Project project = Project::open_for_reading(pos[1]);
    std::string o;
    const bool zh = chinese_session();
    std::size_t overdue = 0;
    const auto places = key_place_status(project, at_time(args));
    for (const PlaceStatus& ps : places) {
        overdue += ps.overdue ? 1 : 0;
        if (args.flag("overdue") && !ps.overdue) {
            continue;
        }
        if (zh) {
            o += ps.id + "  " + ps.name + "  " + ps.kind + "  每 " +
                 std::to_string(ps.patrol_days) + " 天  最近 " +
                 (ps.last_patrol.empty()
                      ? "从未"
                      : ps.last_patrol + "（" + std::to_string(*ps.days_since) + " 天前）") +
                 (ps.overdue ? "  超期" : "") + "\n";
            continue;
        }
        o += ps.id + "  " + ps.name + "  " + ps.kind + "  every " + std::to_string(ps.patrol_days) +
             " days  last " +
             (ps.last_patrol.empty()
                  ? "never"
                  : ps.last_patrol + " (" + std::to_string(*ps.days_since) + " days ago)") +
             (ps.overdue ? "  OVERDUE" : "") + "\n";
    }
    o += zh ? "重点场所 " + std::to_string(places.size()) + " 处，超期 " + std::to_string(overdue) +
                  " 处\n"
            : std::to_string(places.size()) + " key places, " + std::to_string(overdue) +
                  " overdue\n";
    write_out(args, o);
    return 0;
}

int patrol(const Args& args) {
    const auto& pos = args.positional();
    if (pos[0] != "add") {
        throw InputError("unknown action 'patrol " + pos[0] + "' (add; see place list)");
    }
    args.expect_positionals(2, "gridmap patrol add PROJECT.gpkg --place K --date D");
    NewPatrol in;
    in.person = acting_person(args, true);
    in.place = required(args, "place");
    in.date = record_date_arg(args);
    in.findings = opt(args, "findings");
    in.issue = opt(args, "issue");
    in.id = opt(args, "id");
    Project project = Project::open(pos[1]);
    const std::string id = add_patrol(project, in);
    std::cout << tr("added ", "已添加 ") << id << "\n";
    return 0;
}

int signup(const Args& args) {
    const auto& pos = args.positional();
    if (pos[0] != "add") {
        throw InputError("unknown action 'signup " + pos[0] + "' (add)");
    }
    args.expect_positionals(2, "gridmap signup add PROJECT.gpkg --person ID --kind K --date D");
    const std::string by = acting_person(args, true);
    const std::string person = required(args, "person");
    const std::string kind = required(args, "kind");
    Project project = Project::open(pos[1]);
    add_member_signup(project, person, kind, required(args, "date"), by);
    if (chinese_session()) {
        std::cout << "已记录 " << person << " " << kind << "\n";
    } else {
        std::cout << person << " " << kind << " recorded\n";
    }
    return 0;
}

/// What a point rule counts, in Chinese (PointRule::source is English).
std::string rule_source_zh(const PointRule& r) {
    static const std::map<std::string_view, std::string_view> zh{
        {"visit_home", "本人的一次入户走访"},
        {"visit_survey", "本人的一次摸排（人口摸排、扫楼）"},
        {"visit_help", "本人的一次帮扶走访"},
        {"visit_promo", "本人的一次上门宣传"},
        {"patrol", "本人的一次重点场所巡查"},
        {"order_on_time", "派给本人（无处理人时为登记办结的人）并在期限内办结的工单（只计一次，"
                          "计入最后一次办结的月份）"},
        {"volunteer", "本人参加的一次志愿服务活动"},
        {"checkin", "本人当月的报到记录"},
    };
    const auto it = zh.find(r.id);
    return std::string(it != zh.end() ? it->second : r.source);
}

int points(const Args& args) {
    args.expect_positionals(1, "gridmap points PROJECT.gpkg --month YYYY-MM");
    if (args.flag("table")) {
        std::string o =
            tr("rule            points  counted\n", "规则              积分  计分依据\n");
        for (const PointRule& r : point_rules()) {
            char line[64];
            std::snprintf(line, sizeof line, "%-15s %6d  ", std::string(r.id).c_str(), r.points);
            if (chinese_session()) {
                o += line + std::string(r.title_zh) + "：" + rule_source_zh(r) + "\n";
                continue;
            }
            o += line + std::string(r.title_zh) + ": " + std::string(r.source) + "\n";
        }
        write_out(args, o);
        return 0;
    }
    const Project project = Project::open_for_reading(args.positional()[0]);
    const PointsNotice n = points_notice(project, month_arg(args));
    if (const auto file = args.output_file(); file && file->ends_with(".pdf")) {
        const std::unique_ptr<QGuiApplication> app = offscreen_gui_app("gridmap points");
        const QString date = args.value("date") ? QString::fromStdString(*args.value("date"))
                                                : QDate::currentDate().toString(Qt::ISODate);
        const int pages =
            render::write_points_pdf(project, n.month, QString::fromStdString(*file), date);
        if (chinese_session()) {
            std::cout << "已写入 " << *file << "（" << n.month << " 积分通报，" << pages
                      << " 页）\n";
        } else {
            std::cout << "wrote " << *file << " (points notice " << n.month << ", " << pages
                      << " pages)\n";
        }
        return 0;
    }
    if (args.flag("csv") || (args.output_file() && args.output_file()->ends_with(".csv"))) {
        write_out(args, points_notice_csv(n));
        return 0;
    }
    const bool zh = chinese_session();
    std::string o =
        n.month + (zh ? " 积分通报\n\n党员：\n" : " 积分通报 / points notice\n\nmembers:\n");
    int k = 0;
    for (const MemberPoints& m : n.members) {
        o += "  " + std::to_string(++k) + ". " + m.person + " " + m.name + "  " +
             std::to_string(m.points) + (m.branch.empty() ? "" : "  " + m.branch) +
             (m.unit.empty() ? "" : "  " + m.unit) + "\n";
    }
    o += zh ? "支部：\n" : "branches:\n";
    for (const GroupPoints& g : n.branches) {
        o += "  " + g.name + "  " + std::to_string(g.points) +
             (zh ? "（" + std::to_string(g.members) + " 名党员）\n"
                 : " (" + std::to_string(g.members) + " members)\n");
    }
    o += zh ? "共建单位：\n" : "member units:\n";
    for (const GroupPoints& g : n.units) {
        o += "  " + g.name + "  " + std::to_string(g.points) +
             (zh ? "（" + std::to_string(g.members) + " 名党员）\n"
                 : " (" + std::to_string(g.members) + " members)\n");
    }
    auto rate = [&](const char* name, const Rate& r) {
        char line[128];
        std::snprintf(line, sizeof line, "%s %lld/%lld %.1f%%\n", name,
                      static_cast<long long>(r.numerator), static_cast<long long>(r.denominator),
                      r.share() * 100.0);
        o += line;
    };
    rate(zh ? "报到率" : "报到率 check-in", n.checkin);
    rate(zh ? "结对帮困报名率" : "结对帮困报名率 pairing sign-up", n.pairing);
    rate(zh ? "夜间巡逻报名率" : "夜间巡逻报名率 night patrol sign-up", n.patrolling);
    write_out(args, o);
    return 0;
}

int cobuild(const Args& args) {
    args.expect_positionals(1, "gridmap cobuild PROJECT.gpkg --month YYYY-MM");
    const Project project = Project::open_for_reading(args.positional()[0]);
    std::string o = tr("unit  members  checked_in  visits  orders  pledges(done)  points\n",
                       "单位  党员  已报到  走访  工单  承诺（已完成）  积分\n");
    for (const CoUnitFigures& f : co_unit_figures(project, month_arg(args))) {
        o += f.id + " " + f.name + "  " + std::to_string(f.members) + "  " +
             std::to_string(f.checked_in) + "  " + std::to_string(f.visits) + "  " +
             std::to_string(f.orders) + "  " + std::to_string(f.pledges) + "(" +
             std::to_string(f.pledges_done) + ")  " + std::to_string(f.points) + "\n";
    }
    write_out(args, o);
    return 0;
}

int team(const Args& args) {
    args.expect_positionals(1, "gridmap team PROJECT.gpkg --month YYYY-MM");
    const Project project = Project::open_for_reading(args.positional()[0]);
    std::string o =
        tr("team  kind  members  activities  participants\n", "队伍  类型  成员  活动  参与人次\n");
    for (const TeamFigures& t : team_figures(project, month_arg(args))) {
        o += t.id + " " + t.name + "  " + t.kind + "  " + std::to_string(t.members) + "  " +
             std::to_string(t.activities) + "  " + std::to_string(t.participants) + "\n";
    }
    write_out(args, o);
    return 0;
}

} // namespace

int command_seed(const std::string& command, std::span<const std::string> argv) {
    std::vector<std::string> a(argv.begin(), argv.end());
    const Args args(a,
                    {"household", "building", "kind", "date", "findings", "issue", "id", "person",
                     "from", "to", "at", "output", "by", "tag", "since", "place", "month"},
                    {"csv", "overdue", "table"});
    if (args.help() || args.positional().empty()) {
        std::cout << help_text("visit", help);
        return args.help() ? 0 : 2;
    }
    if (command == "points") {
        return points(args);
    }
    if (command == "cobuild") {
        return cobuild(args);
    }
    if (command == "team") {
        return team(args);
    }
    if (args.positional().size() < 2) {
        throw InputError("usage: gridmap " + command + " ACTION PROJECT.gpkg ... (see --help)");
    }
    if (command == "visit") {
        return visit(args);
    }
    if (command == "care") {
        return care(args);
    }
    if (command == "place") {
        return place(args);
    }
    if (command == "patrol") {
        return patrol(args);
    }
    return signup(args);
}

} // namespace gridmap::cli
