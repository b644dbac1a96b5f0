#include "cli/args.hpp"
#include "cli/commands.hpp"
#include "cli/help.hpp"
#include "gridmap/crs.hpp"
#include "gridmap/messages.hpp"
#include "gridmap/project.hpp"
#include "gridmap/text.hpp"

#include <cstdio>
#include <iostream>
#include <sstream>

namespace gridmap::cli {

namespace {
constexpr const char* help = R"(usage: gridmap info PROJECT.gpkg [--json]

Prints the project's schema version, working CRS, and every table with its geometry type,
row count and extent (working CRS, metres).
)";

std::string fixed_m(double v) {
    return json_number(v, 2);
}

} // namespace

int command_info(std::span<const std::string> argv) {
    const Args args(argv, {}, {"json"});
    if (args.help()) {
        std::cout << help_text("info", help);
        return 0;
    }
    args.expect_positionals(1, "gridmap info PROJECT.gpkg [--json]");
    const Project project = Project::open_for_reading(args.positional()[0]);
    const ProjectInfo info = project.info();
    if (args.flag("json")) {
        std::ostringstream o;
        o << "{\"path\": " << json_quote(info.path)
          << ", \"schema_version\": " << info.schema_version << ", \"epsg\": " << info.epsg
          << ", \"crs\": " << json_quote(info.crs_name) << ", \"layers\": [";
        for (std::size_t i = 0; i < info.layers.size(); ++i) {
            const LayerInfo& l = info.layers[i];
            o << (i > 0 ? ", " : "") << "{\"name\": " << json_quote(l.name)
              << ", \"geometry\": " << json_quote(l.geometry) << ", \"count\": " << l.count;
            if (l.extent) {
                o << ", \"extent\": [" << fixed_m(l.extent->min_x) << ", "
                  << fixed_m(l.extent->min_y) << ", " << fixed_m(l.extent->max_x) << ", "
                  << fixed_m(l.extent->max_y) << "]";
            }
            o << "}";
        }
        o << "]}\n";
        std::cout << o.str();
        return 0;
    }
    // One table in the session's language (the CRS's name too: the issue saw the English name
    // in a Chinese session).
    const bool zh = language_from_environment() == Language::zh_CN;
    std::cout << tr("project         ", "项目            ") << info.path << "\n";
    std::cout << tr("schema version  ", "数据结构版本    ") << info.schema_version << "\n";
    if (info.epsg != 0) {
        std::cout << tr("working CRS     EPSG:", "工作坐标系      EPSG:") << info.epsg << " "
                  << (zh ? crs_name_zh(info.epsg) : info.crs_name) << "\n";
    } else {
        std::cout << tr("working CRS     not set (chosen at the first spatial import)\n",
                        "工作坐标系      未设置（首次导入空间数据时选定）\n");
    }
    char line[256];
    if (zh) {
        std::cout << "\n图层                   几何类型            要素数  范围（米）\n";
    } else {
        std::snprintf(line, sizeof line, "\n%-22s %-16s %9s  %s\n", "layer", "geometry", "count",
                      "extent (m)");
        std::cout << line;
    }
    for (const LayerInfo& l : info.layers) {
        const std::string extent =
            l.extent ? fixed_m(l.extent->min_x) + " " + fixed_m(l.extent->min_y) + " " +
                           fixed_m(l.extent->max_x) + " " + fixed_m(l.extent->max_y)
                     : "";
        std::snprintf(line, sizeof line, "%-22s %-16s %9lld  %s\n", l.name.c_str(),
                      l.geometry.empty() ? "-" : l.geometry.c_str(),
                      static_cast<long long>(l.count), extent.c_str());
        std::cout << line;
    }
    return 0;
}

} // namespace gridmap::cli
