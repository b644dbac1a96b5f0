#include "cli/args.hpp"
#include "cli/commands.hpp"
#include "cli/help.hpp"
#include "gridmap/crs.hpp"
#include "gridmap/project.hpp"

#include <iostream>

namespace gridmap::cli {

namespace {
constexpr const char* help = R"(usage: gridmap init PROJECT.gpkg [--crs EPSG:n]

Creates an empty Gridmap project: one GeoPackage holding every table of the schema.

  --crs CRS   the working CRS: projected and metric (e.g. EPSG:4547, CGCS2000 3-degree
              Gauss-Kruger CM 114E). Default: chosen at the first spatial import from the
              data's centre (the CGCS2000 3-degree zone in China, the UTM zone elsewhere).
)";
}

int command_init(std::span<const std::string> argv) {
    const Args args(argv, {"crs"}, {});
    if (args.help()) {
        std::cout << help_text("init", help);
        return 0;
    }
    args.expect_positionals(1, "gridmap init PROJECT.gpkg [--crs EPSG:n]");
    const int epsg = args.value("crs") ? parse_working_crs(*args.value("crs")) : 0;
    const Project project = Project::create(args.positional()[0], epsg);
    if (chinese_session()) {
        std::cout << "已创建 " << project.path();
        if (epsg != 0) {
            std::cout << "，工作坐标系 EPSG:" << epsg << "（" << crs_name_zh(epsg) << "）";
        } else {
            std::cout << "；工作坐标系在首次导入空间数据时选定";
        }
        std::cout << "\n";
        return 0;
    }
    std::cout << "created " << project.path();
    if (epsg != 0) {
        std::cout << " in EPSG:" << epsg << " (" << crs_name(epsg) << ")";
    } else {
        std::cout << "; the working CRS is chosen at the first spatial import";
    }
    std::cout << "\n";
    return 0;
}

} // namespace gridmap::cli
