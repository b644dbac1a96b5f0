#include "cli/args.hpp"
#include "cli/commands.hpp"
#include "cli/help.hpp"
#include "gridmap/copy.hpp"

#include <iostream>

namespace gridmap::cli {

namespace {
constexpr const char* help = R"(usage: gridmap copy SOURCE DESTINATION

Copies a whole project, every table with its rows, feature ids, settings and working CRS,
into a new project: a GeoPackage into a PostgreSQL/PostGIS database, a database into a
GeoPackage (or between two of the same kind). SOURCE is only read. DESTINATION must not exist
yet (a file) or hold no project yet (a schema); it is written in one transaction, so after a
failure nothing of it is left.

A project in PostgreSQL is named by a connection string wherever a .gpkg is accepted:
  postgresql://USER@HOST:PORT/DATABASE?schema=NAME   (one schema per project; default public;
                                                     the password from ~/.pgpass or PGPASSWORD)
  PG:"host=HOST port=PORT dbname=DATABASE user=USER schemas=NAME"   (GDAL's form)

A round trip (GeoPackage -> PostGIS -> GeoPackage) gives the same 'gridmap check --json'
and the same table contents.
)";
}

int command_copy(std::span<const std::string> argv) {
    const Args args(argv, {}, {});
    if (args.help()) {
        std::cout << help_text("copy", help);
        return 0;
    }
    args.expect_positionals(2, "gridmap copy SOURCE DESTINATION");
    const CopyReport r = copy_project(args.positional()[0], args.positional()[1]);
    for (const auto& [table, rows] : r.tables) {
        if (rows > 0) {
            std::cout << table << ": " << rows << "\n";
        }
    }
    if (chinese_session()) {
        std::cout << "已复制 " << r.rows << " 条记录到 " << args.positional()[1] << "\n";
    } else {
        std::cout << "copied " << r.rows << " rows to " << args.positional()[1] << "\n";
    }
    return 0;
}

} // namespace gridmap::cli
