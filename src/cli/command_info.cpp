#include "cli/args.hpp"
#include "cli/commands.hpp"
#include "gridmap/project.hpp"

#include <cstdio>
#include <iostream>
#include <sstream>

namespace gridmap::cli {

namespace {
constexpr const char* help = R"(usage: gridmap info PROJECT.gpkg [--json]

Prints the project's schema version, working CRS, and every table with its geometry type,
row count and extent (working CRS, metres).
)";

std::string json_string(const std::string& s) {
    std::string out = "\"";
    for (char c : s) {
        switch (c) {
        case '"':
            out += "\\\"";
            break;
        case '\\':
            out += "\\\\";
            break;
        case '\n':
            out += "\\n";
            break;
        default:
            out += c;
        }
    }
    return out + "\"";
}

std::string fixed(double v) {
    char buf[48];
    std::snprintf(buf, sizeof buf, "%.2f", v);
    return buf;
}

} // namespace

int command_info(std::span<const std::string> argv) {
    const Args args(argv, {}, {"json"});
    if (args.help()) {
        std::cout << help;
        return 0;
    }
    args.expect_positionals(1, "gridmap info PROJECT.gpkg [--json]");
    const Project project = Project::open(args.positional()[0], Project::Access::read_only);
    const ProjectInfo info = project.info();
    if (args.flag("json")) {
        std::ostringstream o;
        o << "{\"path\": " << json_string(info.path)
          << ", \"schema_version\": " << info.schema_version << ", \"epsg\": " << info.epsg
          << ", \"crs\": " << json_string(info.crs_name) << ", \"layers\": [";
        for (std::size_t i = 0; i < info.layers.size(); ++i) {
            const LayerInfo& l = info.layers[i];
            o << (i > 0 ? ", " : "") << "{\"name\": " << json_string(l.name)
              << ", \"geometry\": " << json_string(l.geometry) << ", \"count\": " << l.count;
            if (l.extent) {
                o << ", \"extent\": [" << fixed(l.extent->min_x) << ", " << fixed(l.extent->min_y)
                  << ", " << fixed(l.extent->max_x) << ", " << fixed(l.extent->max_y) << "]";
            }
            o << "}";
        }
        o << "]}\n";
        std::cout << o.str();
        return 0;
    }
    std::cout << "project         " << info.path << "\n";
    std::cout << "schema version  " << info.schema_version << "\n";
    if (info.epsg != 0) {
        std::cout << "working CRS     EPSG:" << info.epsg << " " << info.crs_name << "\n";
    } else {
        std::cout << "working CRS     not set (chosen at the first spatial import)\n";
    }
    std::cout << "\n";
    char line[256];
    std::snprintf(line, sizeof line, "%-22s %-16s %9s  %s\n", "layer", "geometry", "count",
                  "extent (m)");
    std::cout << line;
    for (const LayerInfo& l : info.layers) {
        const std::string extent =
            l.extent ? fixed(l.extent->min_x) + " " + fixed(l.extent->min_y) + " " +
                           fixed(l.extent->max_x) + " " + fixed(l.extent->max_y)
                     : "";
        std::snprintf(line, sizeof line, "%-22s %-16s %9lld  %s\n", l.name.c_str(),
                      l.geometry.empty() ? "-" : l.geometry.c_str(),
                      static_cast<long long>(l.count), extent.c_str());
        std::cout << line;
    }
    return 0;
}

} // namespace gridmap::cli
