#include "cli/args.hpp"
#include "cli/commands.hpp"
#include "gridmap/demo.hpp"
#include "gridmap/error.hpp"

#include <cstdlib>
#include <filesystem>
#include <iostream>

namespace gridmap::cli {

namespace {
constexpr const char* help = R"(usage: gridmap demo DIR [--data DATA_DIR] [--force]

Writes the bundled demo community (澴川社区, 书院街道, Xiaogan: cells, compounds, buildings,
units, households, people, party groups, roads, repairs, issues) to DIR/demo.gpkg.

  --data DATA_DIR   where the demo's GeoJSON and CSV files are (default: the source tree's
                    data/demo, or $GRIDMAP_DATA)
  --force           replace an existing DIR/demo.gpkg
)";
}

int command_demo(std::span<const std::string> argv) {
    const Args args(argv, {"data"}, {"force"});
    if (args.help()) {
        std::cout << help;
        return 0;
    }
    args.expect_positionals(1, "gridmap demo DIR [--data DATA_DIR] [--force]");
    namespace fs = std::filesystem;
    std::string data = GRIDMAP_DATA_DIR;
    if (const char* env = std::getenv("GRIDMAP_DATA")) {
        data = env;
    }
    data = args.value("data").value_or(data);
    const fs::path dir = args.positional()[0];
    fs::create_directories(dir);
    const fs::path out = dir / "demo.gpkg";
    if (fs::exists(out)) {
        if (!args.flag("force")) {
            throw InputError(out.string() + ": exists (use --force to replace it)");
        }
        fs::remove(out);
    }
    build_demo_project(data, out.string(), [](const ImportReport& r) {
        std::cout << "  " << r.table << ": " << r.imported << "\n";
    });
    std::cout << "wrote " << out.string() << "\n";
    return 0;
}

} // namespace gridmap::cli
