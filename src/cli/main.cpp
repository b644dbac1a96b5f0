// gridmap: batch work on Gridmap projects from the command line.

#include "cli/commands.hpp"
#include "cli/help.hpp"
#include "gridmap/database_fault.hpp"
#include "gridmap/error.hpp"
#include "gridmap/messages.hpp"

#include <cstdio>
#include <exception>
#include <iostream>
#include <string>
#include <vector>

namespace {

constexpr const char* usage = R"(gridmap )" GRIDMAP_VERSION
                              R"( - community grid governance GIS (网格地图)

usage: gridmap COMMAND [ARGS] [--help]

commands:
  init PROJECT.gpkg [--crs EPSG:n]          create an empty project
  import PROJECT.gpkg LAYER SOURCE [...]    import a layer from any OGR vector source
  info PROJECT.gpkg [--json]                layers, counts, CRS, extent, schema version
  check PROJECT.gpkg [--json] [-o FILE]     assign to cells and check every coverage rule
  report PROJECT.gpkg [--by ...] [-o FILE]  figures per cell/compound/community: CSV, JSON, HTML
  issue add|list|show|set|move|export|import PROJECT.gpkg ...
                                            pin issues and follow them: reported -> dispatched
                                            -> accepted -> resolved -> verified (or rejected)
  assign PROJECT.gpkg --role R --person ID --target T [--unassign]
  assign PROJECT.gpkg --from FILE.csv|xlsx  grid workers, captains, party groups, household
  assign undo|log PROJECT.gpkg ...          pairings (分工); undo a session; the change log
  repair add|list|notify PROJECT.gpkg ...   road repair segments (snapped to roads): length per
                                            cell, overlaps, buildings and households to notify
  report PROJECT.gpkg --monthly YYYY-MM -o R.pdf|R.html
                                            the monthly report (月报) in Chinese
  snapshot PROJECT.gpkg [--note T] [--at TIME]
                                            store the coverage figures with a date; print the
                                            change since the previous snapshot
  user add|list|remove|password|audit DATABASE ...
                                            PostgreSQL logins mapped to persons, with roles
                                            enforced by the database; the audit
  view add|list|remove PROJECT.gpkg ...     saved views: the slides of presentation mode
  render PROJECT.gpkg -o OUT.png|OUT.pdf    the map with legend, scale bar and north arrow
         [--theme NAME] [--extent ...] [--title T] [--width W --height H]
  grid generate|renumber PROJECT.gpkg ...   make cells (square, hex, household-balanced) and
                                            number them by position, keeping unchanged codes
  visit add|list|import|plan|coverage PROJECT.gpkg ...
                                            visits (走访/摸排), sweep plans, coverage per cell
  care list|add|counts PROJECT.gpkg ...     the care register (重点人群; grid workers, paired
                                            members); counts only for everyone else
  place list|import, patrol add PROJECT.gpkg ...
                                            key places (重点场所) and their patrols
  signup add PROJECT.gpkg --person ID --kind 报到|结对帮困|夜间巡逻 --date D
  points PROJECT.gpkg --month YYYY-MM [--csv]
                                            the monthly points notice (积分通报)
  cobuild|team PROJECT.gpkg --month YYYY-MM co-building units (共驻共建), teams (四支队伍)
  serve PROJECT.gpkg --as PERSON [--bind A] [--port N] [--tls-cert F --tls-key F]
                                            Open311 GeoReport v2 and the phone page over HTTP
  apikey add|list|revoke PROJECT.gpkg ...   API keys of Open311 clients (stored hashed)
  account set|list|remove PROJECT.gpkg ...  staff accounts of the phone page (Argon2id)
  copy SOURCE DESTINATION                   copy a whole project between GeoPackage and
                                            PostgreSQL/PostGIS (either direction)
  demo DIR [--data DATA_DIR] [--force]      write the bundled demo community to DIR/demo.gpkg
  demo DIR --city N [--seed S]              a synthetic city of N buildings, for benchmarks

projects: PROJECT.gpkg may also be a PostgreSQL/PostGIS database:
  postgresql://USER@HOST:PORT/DB?schema=NAME or GDAL's PG:"..." (see gridmap copy --help).
environment: GRIDMAP_USER=PERSON names who acts when --by is not given (issue, assign).
             GRIDMAP_LANG=zh_CN|en: the language of messages (default: the locale, LANG).
options: -o - writes standard output; -- ends the options (what follows is a file or value).
exit codes: 0 success, 1 checks found problems, 2 bad usage, bad input, a damaged project or
a lost database connection (nothing saved), 3 internal error.
Run 'gridmap COMMAND --help' for a command's options.
)";

/// Prints "gridmap COMMAND: MESSAGE" to stderr, the message in the language of GRIDMAP_LANG
/// or the locale (gridmap/messages.hpp).
void fail(const std::string& command, const std::string& message) {
    const gridmap::Language lang = gridmap::language_from_environment();
    std::cerr << "gridmap" << (command.empty() ? "" : " " + command)
              << (lang == gridmap::Language::zh_CN ? "：" : ": ")
              << gridmap::localize(message, lang) << "\n";
}

} // namespace

int main(int argc, char** argv) {
    std::vector<std::string> args(argv + 1, argv + argc);
    if (args.empty() || args[0] == "--help" || args[0] == "-h" || args[0] == "help") {
        std::cout << gridmap::cli::help_text("gridmap", usage);
        return args.empty() ? 2 : 0;
    }
    if (args[0] == "--version") {
        std::cout << "gridmap " GRIDMAP_VERSION "\n";
        return 0;
    }
    const std::string command = args[0];
    const std::span<const std::string> rest(args.data() + 1, args.size() - 1);
    try {
        if (command == "init") {
            return gridmap::cli::command_init(rest);
        }
        if (command == "import") {
            return gridmap::cli::command_import(rest);
        }
        if (command == "info") {
            return gridmap::cli::command_info(rest);
        }
        if (command == "check") {
            return gridmap::cli::command_check(rest);
        }
        if (command == "copy") {
            return gridmap::cli::command_copy(rest);
        }
        if (command == "issue") {
            return gridmap::cli::command_issue(rest);
        }
        if (command == "demo") {
            return gridmap::cli::command_demo(rest);
        }
        if (command == "grid") {
            return gridmap::cli::command_grid(rest);
        }
        if (command == "render") {
            return gridmap::cli::command_render(rest);
        }
        if (command == "assign") {
            return gridmap::cli::command_assign(rest);
        }
        if (command == "repair") {
            return gridmap::cli::command_repair(rest);
        }
        if (command == "report") {
            return gridmap::cli::command_report(rest);
        }
        if (command == "snapshot") {
            return gridmap::cli::command_snapshot(rest);
        }
        if (command == "user") {
            return gridmap::cli::command_user(rest);
        }
        if (command == "view") {
            return gridmap::cli::command_view(rest);
        }
        if (command == "visit" || command == "care" || command == "place" || command == "patrol" ||
            command == "signup" || command == "points" || command == "cobuild" ||
            command == "team") {
            return gridmap::cli::command_seed(command, rest);
        }
        if (command == "serve") {
            return gridmap::cli::command_serve(rest);
        }
        if (command == "apikey") {
            return gridmap::cli::command_apikey(rest);
        }
        if (command == "account") {
            return gridmap::cli::command_account(rest);
        }
        fail("", "unknown command '" + command + "' (see gridmap --help)");
        return 2;
    } catch (const gridmap::LibraryError& e) {
        // A write through GDAL's layers that the database refused because its server went
        // away (it rolled the change back) or is a read-only standby: said as geo/ says it
        // elsewhere (gridmap/database_fault.hpp).
        // Named as geo/ names it: the first argument that is a database (the project).
        std::string where;
        for (const std::string& a : rest) {
            if (where = gridmap::database_display_name(a); !where.empty()) {
                break;
            }
        }
        if (gridmap::says_connection_lost(e.what())) {
            fail(command, gridmap::connection_lost_message(where, e.what()));
            return 2;
        }
        if (gridmap::says_read_only_server(e.what())) {
            fail(command, gridmap::read_only_server_message(where, e.what()));
            return 2;
        }
        fail(command, std::string("error: ") + e.what());
        return 3;
    } catch (const gridmap::Error& e) {
        fail(command, e.what());
        return 2;
    } catch (const std::exception& e) {
        fail(command, std::string("internal error: ") + e.what());
        return 3;
    }
}
