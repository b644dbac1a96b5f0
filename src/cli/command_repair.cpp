#include "cli/args.hpp"
#include "cli/commands.hpp"
#include "cli/help.hpp"
#include "gridmap/crs.hpp"
#include "gridmap/error.hpp"
#include "gridmap/messages.hpp"
#include "gridmap/parse.hpp"
#include "gridmap/repair.hpp"
#include "gridmap/terms.hpp"
#include "gridmap/text.hpp"

#include <cmath>
#include <fstream>
#include <iostream>
#include <sstream>

namespace gridmap::cli {

namespace {

constexpr const char* help =
    R"(usage: gridmap repair add PROJECT.gpkg --road NAME --work-type T (--xy ... | --lonlat ...) [...]
       gridmap repair list PROJECT.gpkg [--id ID] [--json]
       gridmap repair notify PROJECT.gpkg ID [--distance 50] [-o FILE.csv]

Road repairs (道路维修), segment by segment: each segment's length per cell and outside every
community, its overlaps with other planned or active segments, and the buildings to notify.

add:
  --road NAME            the road's name or id
  --work-type T          雨污分离 | 沥青铺设 | 刷黑 | 填缝 | 其他
  --state S              planned (default) | active | done
  --start YYYY-MM-DD, --end YYYY-MM-DD, --cost C (yuan)
  --id ID                the segment's id (default: the next free R001, R002 ...)
  --xy "x,y;x,y;..."     vertices in the project's working CRS (metres)
  --lonlat "lon,lat;..." vertices in longitude/latitude (CGCS2000/WGS84)
  --snap M               move each vertex to the road layer when within M metres (a road
                         vertex is preferred to a point on a road's edge)
list:
  every segment (or --id ID): length, metres per cell, outside every community, and overlaps:
  the length of the segment within 1 m of another planned or active segment (flat ends, so a
  segment that continues another shares nothing; a crossing at right angles shares 2 m), listed
  when over 1 m
notify:
  the buildings within --distance metres (default 50) of the segment, nearest first, with
  their households (counts only, never residents' names or phones) and building captains;
  -o FILE.csv writes the list as CSV (UTF-8; --bom adds the byte-order mark for Excel)

Exit codes: 0 done, 2 bad input (every problem listed, nothing written).
)";

/// "x,y;x,y;..." -> points. Throws InputError naming the option and the vertex.
std::vector<XY> vertices(const std::string& option, const std::string& text) {
    std::vector<XY> out;
    std::stringstream all(text);
    std::string item;
    while (std::getline(all, item, ';')) {
        if (item.find_first_not_of(" ") == std::string::npos) {
            continue;
        }
        const auto comma = item.find(',');
        const std::string where =
            "--" + option + ", vertex " + std::to_string(out.size() + 1) + " '" + item + "'";
        if (comma == std::string::npos) {
            throw InputError(where + ": expected two numbers separated by a comma");
        }
        const auto trimmed = [](std::string v) {
            v.erase(0, v.find_first_not_of(" \t"));
            v.erase(v.find_last_not_of(" \t") + 1);
            return v;
        };
        const auto x = parse_real(trimmed(item.substr(0, comma)));
        const auto y = parse_real(trimmed(item.substr(comma + 1)));
        if (!x || !y) {
            throw InputError(where + ": expected two numbers separated by a comma");
        }
        out.push_back({*x, *y});
    }
    return out;
}

std::string cells_text(const RepairSummary& r) {
    std::string s;
    for (const RepairCellLength& c : r.cells) {
        s += (s.empty() ? "" : ", ") + c.cell + " " + fixed(c.length_m, 1) + " m";
    }
    return s.empty() ? "no cell" : s;
}

std::string overlaps_text(const RepairSummary& r) {
    std::string s;
    for (const RepairOverlap& o : r.overlaps) {
        s += (s.empty() ? "" : ", ") + o.other + " by " + fixed(o.length_m, 1) + " m";
    }
    return s;
}

/// print_summary in Chinese: 计划中/施工中/已完工, lengths in 米.
void print_summary_zh(const RepairSummary& r) {
    std::string cells;
    for (const RepairCellLength& c : r.cells) {
        cells +=
            (cells.empty() ? "网格 " : "，网格 ") + c.cell + " " + fixed(c.length_m, 1) + " 米";
    }
    std::string overlaps;
    for (const RepairOverlap& o : r.overlaps) {
        overlaps += (overlaps.empty() ? "" : "，") + o.other + " " + fixed(o.length_m, 1) + " 米";
    }
    std::cout << r.id << "  " << term_zh(Vocabulary::repair_state, r.state) << "  " << r.work_type
              << "  " << (r.road.empty() ? "-" : r.road) << "  " << fixed(r.length_m, 1) << " 米："
              << (cells.empty() ? "不在任何网格内" : cells) << "；所有社区之外 "
              << fixed(r.outside_m, 1) << " 米" << (overlaps.empty() ? "" : "；重叠 " + overlaps)
              << "\n";
}

void print_summary(const RepairSummary& r) {
    if (chinese_session()) {
        print_summary_zh(r);
        return;
    }
    std::cout << r.id << "  " << r.state << "  " << r.work_type << "  "
              << (r.road.empty() ? "-" : r.road) << "  " << fixed(r.length_m, 1)
              << " m: " << cells_text(r) << "; outside every community " << fixed(r.outside_m, 1)
              << " m" << (r.overlaps.empty() ? "" : "; overlaps " + overlaps_text(r)) << "\n";
}

std::string summaries_json(const std::vector<RepairSummary>& all) {
    std::string o = "[";
    for (std::size_t i = 0; i < all.size(); ++i) {
        const RepairSummary& r = all[i];
        o += std::string(i > 0 ? "," : "") + "\n  {\"id\": " + json_quote(r.id) +
             ", \"road\": " + json_quote(r.road) + ", \"work_type\": " + json_quote(r.work_type) +
             ", \"state\": " + json_quote(r.state) +
             ", \"length_m\": " + json_number(r.length_m, 2) +
             ", \"outside_m\": " + json_number(r.outside_m, 2) + ", \"cells\": [";
        for (std::size_t k = 0; k < r.cells.size(); ++k) {
            o += std::string(k > 0 ? ", " : "") + "{\"cell\": " + json_quote(r.cells[k].cell) +
                 ", \"length_m\": " + json_number(r.cells[k].length_m, 2) + "}";
        }
        o += "], \"overlaps\": [";
        for (std::size_t k = 0; k < r.overlaps.size(); ++k) {
            o += std::string(k > 0 ? ", " : "") + "{\"other\": " + json_quote(r.overlaps[k].other) +
                 ", \"length_m\": " + json_number(r.overlaps[k].length_m, 2) + "}";
        }
        o += "]}";
    }
    return o + (all.empty() ? "]\n" : "\n]\n");
}

} // namespace

int command_repair(std::span<const std::string> argv) {
    std::vector<std::string> a(argv.begin(), argv.end());
    const Args args(a,
                    {"road", "work-type", "state", "start", "end", "cost", "id", "xy", "lonlat",
                     "snap", "distance", "output"},
                    {"json", "bom"});
    if (args.help() || args.positional().empty()) {
        std::cout << help_text("repair", help);
        return args.help() ? 0 : 2;
    }
    const auto& pos = args.positional();
    const std::string action = pos[0];
    if (action == "add") {
        args.expect_positionals(2, "gridmap repair add PROJECT.gpkg --road NAME --work-type T "
                                   "(--xy ... | --lonlat ...)");
        const auto xy = args.value("xy");
        const auto lonlat = args.value("lonlat");
        if (xy.has_value() == lonlat.has_value()) {
            throw InputError("give the vertices with either --xy or --lonlat");
        }
        Project project = Project::open(pos[1]);
        NewRepairSegment s;
        s.id = args.value("id").value_or("");
        s.road = args.value("road").value_or("");
        s.work_type = args.value("work-type").value_or("");
        s.state = args.value("state").value_or("planned");
        s.start_date = args.value("start").value_or("");
        s.end_date = args.value("end").value_or("");
        if (auto c = args.value("cost")) {
            s.cost = parse_number("cost", *c);
        }
        if (xy) {
            s.vertices = vertices("xy", *xy);
        } else {
            if (project.epsg() == 0) {
                throw InputError(pos[1] + ": the project has no working CRS yet; import a "
                                          "community first");
            }
            const LonLatTransform t(project.epsg());
            for (const XY& v : vertices("lonlat", *lonlat)) {
                if (!(v.x >= -180 && v.x <= 180 && v.y >= -90 && v.y <= 90)) {
                    throw InputError("--lonlat " + fixed(v.x, 6) + "," + fixed(v.y, 6) +
                                     ": not a longitude,latitude");
                }
                const auto p = t.to_projected({v.x, v.y});
                s.vertices.push_back({p.x, p.y});
            }
        }
        if (auto snap = args.value("snap")) {
            const double tolerance = parse_number("snap", *snap);
            if (tolerance <= 0) {
                throw InputError("--snap " + *snap + ": expected metres, more than 0");
            }
            for (std::size_t i = 0; i < s.vertices.size(); ++i) {
                XY& v = s.vertices[i];
                if (auto to = snap_to_road(project, v, tolerance)) {
                    const std::string d = fixed(std::hypot(to->x - v.x, to->y - v.y), 2);
                    if (chinese_session()) {
                        std::cout << "顶点 " << i + 1 << " 移动 " << d << " 米到道路上\n";
                    } else {
                        std::cout << "vertex " << i + 1 << " snapped " << d << " m to the road\n";
                    }
                    v = *to;
                } else {
                    if (chinese_session()) {
                        std::cout << "顶点 " << i + 1 << " 未移动：" << fixed(tolerance, 1)
                                  << " 米内没有道路\n";
                    } else {
                        std::cout << "vertex " << i + 1 << " kept: no road within "
                                  << fixed(tolerance, 1) << " m\n";
                    }
                }
            }
        }
        const std::string id = add_repair_segment(project, s);
        std::cout << tr("added ", "已添加 ");
        print_summary(repair_summaries(project, id).front());
        return 0;
    }
    if (action == "list") {
        args.expect_positionals(2, "gridmap repair list PROJECT.gpkg [--id ID] [--json]");
        const Project project = Project::open_for_reading(pos[1]);
        const auto all = repair_summaries(project, args.value("id").value_or(""));
        if (args.flag("json")) {
            std::cout << summaries_json(all);
            return 0;
        }
        for (const RepairSummary& r : all) {
            print_summary(r);
        }
        std::cout << tr("", "共 ") << all.size() << tr(" repair segments\n", " 个维修段\n");
        return 0;
    }
    if (action == "notify") {
        args.expect_positionals(3, "gridmap repair notify PROJECT.gpkg ID [--distance 50]");
        const Project project = Project::open_for_reading(pos[1]);
        const double distance =
            args.value("distance") ? parse_number("distance", *args.value("distance")) : 50.0;
        const auto rows = repair_notify_list(project, pos[2], distance);
        if (args.output_to_stdout()) {
            std::cout << (args.flag("bom") ? csv_bom() : "") << notify_to_csv(rows);
        } else if (auto out = args.output_file()) {
            std::ofstream f(*out, std::ios::binary);
            const std::string bom = args.flag("bom") ? csv_bom() : "";
            if (!f || !(f << bom << notify_to_csv(rows))) {
                throw InputError(*out + ": cannot write");
            }
        } else {
            for (const NotifyRow& r : rows) {
                if (chinese_session()) {
                    std::cout << r.building << "  "
                              << (r.building_name.empty() ? "-" : r.building_name) << "  网格 "
                              << (r.cell.empty() ? "-" : r.cell) << "  " << fixed(r.distance_m, 1)
                              << " 米  " << r.households << " 户  楼栋长 "
                              << (r.building_captain_name.empty() ? "-" : r.building_captain_name)
                              << "\n";
                    continue;
                }
                std::cout << r.building << "  " << (r.building_name.empty() ? "-" : r.building_name)
                          << "  cell " << (r.cell.empty() ? "-" : r.cell) << "  "
                          << fixed(r.distance_m, 1) << " m  " << r.households
                          << " households  captain "
                          << (r.building_captain_name.empty() ? "-" : r.building_captain_name)
                          << "\n";
            }
        }
        std::int64_t households = 0;
        for (const NotifyRow& r : rows) {
            households += r.households;
        }
        // With -o - the CSV is standard output: the summary goes to standard error, as a
        // message (in the language of messages).
        const std::string message = std::to_string(rows.size()) + " buildings, " +
                                    std::to_string(households) + " households within " +
                                    fixed(distance, 1) + " m of " + pos[2];
        if (args.output_to_stdout()) {
            std::cerr << localize(message, language_from_environment()) << "\n";
        } else {
            std::cout << localize(message, language_from_environment()) << "\n";
        }
        return 0;
    }
    throw InputError("unknown action '" + action + "' (add, list, notify)");
}

} // namespace gridmap::cli
