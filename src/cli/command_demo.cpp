#include "cli/args.hpp"
#include "cli/commands.hpp"
#include "cli/help.hpp"
#include "gridmap/city.hpp"
#include "gridmap/demo.hpp"
#include "gridmap/error.hpp"
#include "gridmap/import.hpp"

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <iostream>
#include <limits>

namespace gridmap::cli {

namespace {
constexpr const char* help = R"(usage: gridmap demo DIR [--data DATA_DIR] [--force]
       gridmap demo DIR --city BUILDINGS [--seed N] [--force]

Writes the bundled demo community (澴川社区, 书院街道, Xiaogan: cells, compounds, buildings,
units, households, people, party groups, roads, repairs, issues) to DIR/demo.gpkg.

With --city, writes a synthetic city for benchmarks instead, deterministic from the seed:
DIR/city-source.gpkg (a plain GeoPackage, one layer per table) and the project DIR/city.gpkg
imported from it, timing each layer. 1000000 buildings make 10000 cells, 3000000 households.

  --data DATA_DIR   where the demo's GeoJSON and CSV files are (default: the source tree's
                    data/demo, or $GRIDMAP_DATA)
  --city N          buildings in the synthetic city (rounded up to 100 per cell)
  --seed N          random seed of the synthetic city (default 1)
  --force           replace existing output files
)";

int city(const std::filesystem::path& dir, const std::string& buildings, const std::string& seed,
         bool force) {
    namespace fs = std::filesystem;
    CityOptions o;
    o.buildings = parse_whole("city", buildings, 1, 100000000);
    o.seed = static_cast<std::uint64_t>(
        parse_whole("seed", seed, 0, std::numeric_limits<std::int64_t>::max()));
    const fs::path source = dir / "city-source.gpkg";
    const fs::path project_path = dir / "city.gpkg";
    for (const fs::path& p : {source, project_path}) {
        if (fs::exists(p)) {
            if (!force) {
                throw InputError(p.string() + ": exists (use --force to replace it)");
            }
            fs::remove(p);
        }
    }
    using Clock = std::chrono::steady_clock;
    auto t = Clock::now();
    const CityCounts n = write_city_source(source.string(), o);
    std::printf("wrote %s: %lld communities, %lld cells (%lld with a gap, %lld with an overlap), "
                "%lld buildings, %lld households in %.2f s\n",
                source.string().c_str(), static_cast<long long>(n.communities),
                static_cast<long long>(n.cells), static_cast<long long>(n.gaps),
                static_cast<long long>(n.overlaps), static_cast<long long>(n.buildings),
                static_cast<long long>(n.households),
                std::chrono::duration<double>(Clock::now() - t).count());
    Project project = Project::create(project_path.string(), 4547);
    for (const char* table : {"party_branch", "person", "party_group", "community", "cell",
                              "building", "household", "service_point", "issue"}) {
        t = Clock::now();
        ImportOptions io;
        io.table = table;
        io.source = source.string();
        io.source_layer = table;
        const ImportReport r = import_layer(project, io);
        std::printf("  %-14s %9lld rows  %7.2f s\n", table, static_cast<long long>(r.imported),
                    std::chrono::duration<double>(Clock::now() - t).count());
    }
    std::printf("wrote %s\n", project_path.string().c_str());
    return 0;
}
} // namespace

int command_demo(std::span<const std::string> argv) {
    const Args args(argv, {"data", "city", "seed"}, {"force"});
    if (args.help()) {
        std::cout << help_text("demo", help);
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
    if (auto n = args.value("city")) {
        return city(dir, *n, args.value("seed").value_or("1"), args.flag("force"));
    }
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
    std::cout << tr("wrote ", "已写入 ") << out.string() << "\n";
    return 0;
}

} // namespace gridmap::cli
