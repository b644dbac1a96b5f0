// gridmap view: the saved views of a project (保存的视图), the slides of presentation mode and
// the map pages of the monthly report.

#include "cli/args.hpp"
#include "cli/commands.hpp"
#include "cli/help.hpp"
#include "gridmap/error.hpp"
#include "gridmap/meeting.hpp"
#include "gridmap/messages.hpp"
#include "gridmap/theme.hpp"

#include <algorithm>
#include <cstdio>
#include <iostream>
#include <sstream>

namespace gridmap::cli {

namespace {

constexpr const char* help =
    R"(usage: gridmap view add PROJECT.gpkg --title T [--extent E] [--theme NAME]
                          [--layers L1,L2,...] [--id ID] [--position N]
       gridmap view list PROJECT.gpkg
       gridmap view remove PROJECT.gpkg ID

Saved views are the slides of the desktop's presentation mode (stepped with the arrow keys) and
the map pages of 'gridmap report --monthly': a title, an extent, a theme and the visible layers.

options of add:
  --title T        the title shown on the slide and the page (required)
  --extent E       community (default: every community, with a margin), cell:CODE (the cell
                   with a margin), or MINX,MINY,MAXX,MAXY in the working CRS (metres)
  --theme NAME     a map theme listed below (default: coverage)
  --layers LIST    the visible layers, comma-separated (default: every layer): community, cell,
                   compound, building, road, repair_segment, service_point, issue
  --id ID          default: the next free V01, V02, ...
  --position N     default: after the last view
)";

std::vector<std::string> split(const std::string& text) {
    std::vector<std::string> out;
    std::istringstream in(text);
    std::string item;
    while (std::getline(in, item, ',')) {
        if (!item.empty()) {
            out.push_back(item);
        }
    }
    return out;
}

std::string join(const std::vector<std::string>& items) {
    std::string out;
    for (const std::string& s : items) {
        out += (out.empty() ? "" : ",") + s;
    }
    return out;
}

std::string extent_text(const Extent& e) {
    char buf[128];
    std::snprintf(buf, sizeof buf, "%.1f,%.1f,%.1f,%.1f", e.min_x, e.min_y, e.max_x, e.max_y);
    return buf;
}

} // namespace

int command_view(std::span<const std::string> argv) {
    if (argv.empty() || argv[0] == "--help" || argv[0] == "-h") {
        std::cout << help_text("view", help) << map_themes_help();
        return argv.empty() ? 2 : 0;
    }
    const std::string action = argv[0];
    const Args args(argv.subspan(1), {"title", "extent", "theme", "layers", "id", "position"}, {});
    if (args.help()) {
        std::cout << help_text("view", help) << map_themes_help();
        return 0;
    }
    if (action == "list") {
        args.expect_positionals(1, "gridmap view list PROJECT.gpkg");
        const Project project = Project::open_for_reading(args.positional()[0]);
        for (const SavedView& v : list_views(project)) {
            std::cout << v.position << '\t' << v.id << '\t' << v.title << '\t' << v.theme << '\t'
                      << extent_text(v.extent) << '\t'
                      << (v.layers.empty() ? tr("(all layers)", "（全部图层）") : join(v.layers))
                      << '\n';
        }
        return 0;
    }
    if (action == "remove") {
        args.expect_positionals(2, "gridmap view remove PROJECT.gpkg ID");
        Project project = Project::open(args.positional()[0]);
        remove_view(project, args.positional()[1]);
        std::cout << tr("removed view ", "已删除视图 ") << args.positional()[1] << '\n';
        return 0;
    }
    if (action != "add") {
        throw InputError("view " + action + ": expected add, list or remove (see --help)");
    }
    args.expect_positionals(1, "gridmap view add PROJECT.gpkg --title T [--extent E]");
    if (!args.value("title")) {
        throw InputError("view add: --title is required");
    }
    Project project = Project::open(args.positional()[0]);
    SavedView v;
    v.title = *args.value("title");
    v.id = args.value("id").value_or("");
    v.theme = args.value("theme").value_or("coverage");
    v.layers = split(args.value("layers").value_or(""));
    if (auto pos = args.value("position")) {
        v.position = static_cast<int>(parse_whole("position", *pos, 1, 100000));
    }
    v.extent = view_extent(project, args.value("extent").value_or("community"));
    v = add_view(project, v);
    if (chinese_session()) {
        std::cout << "已添加视图 " << v.id << "，位置 " << v.position << "：" << v.title << "（"
                  << v.theme << "，" << extent_text(v.extent) << "）\n";
    } else {
        std::cout << "added view " << v.id << " at position " << v.position << ": " << v.title
                  << " (" << v.theme << ", " << extent_text(v.extent) << ")\n";
    }
    return 0;
}

std::string map_themes_help() {
    // In Chinese the titles are those of the desktop's theme menu (the catalog's entries).
    const Language lang = language_from_environment();
    const bool zh = lang == Language::zh_CN;
    std::string out = zh ? "\n地图专题：\n" : "\nmap themes:\n";
    for (const MapThemeInfo& t : map_themes()) {
        std::string name(t.name);
        name.resize(std::max<std::size_t>(name.size() + 2, 28), ' ');
        out += "  " + name + localize(t.title, lang);
        if (!t.rule.empty()) {
            out += (zh ? "（规则 " : " (rule ") + std::string(t.rule) + (zh ? "）" : ")");
        }
        out += "\n";
    }
    return out;
}

} // namespace gridmap::cli
