#include "cli/args.hpp"
#include "cli/commands.hpp"
#include "cli/help.hpp"
#include "cli/output_zh.hpp"
#include "gridmap/error.hpp"
#include "gridmap/grid.hpp"
#include "gridmap/messages.hpp"

#include <cmath>
#include <iostream>

namespace gridmap::cli {

namespace {
constexpr const char* help =
    R"(usage: gridmap grid generate PROJECT.gpkg --community CODE|all --shape square|hex --size METRES
                          [--replace [--unassign]] [--tolerance M2] [--dry-run]
       gridmap grid generate PROJECT.gpkg --community CODE|all --balanced [--households MIN-MAX]
                          [--replace [--unassign]] [--dry-run]
       gridmap grid renumber PROJECT.gpkg [--community CODE|all] [--full] [--dry-run]

generate: divides a community into grid cells and writes them to the cell table (one
transaction; the cell assignment of buildings, issues and service points is recomputed).
  --shape square   squares with side METRES, on lines at multiples of METRES (working CRS)
  --shape hex      pointy-top hexagons METRES wide across flats (= distance between centres;
                   area 0.866 * METRES^2), in rows
  The lattice is clipped to the community; a clipped cell that falls apart stays one
  multipolygon cell; pieces under the tolerance merge into their neighbour.
  --balanced       household-balanced cells instead: the community is cut along straight
                   lines between compounds and buildings (never through a building, through a
                   compound only when needed) so that each cell holds MIN-MAX households;
                   cells it cannot bring into range are listed.
renumber: numbers cells by position. A cell whose code is already a well-formed code of its
community (its 12 digits + 001..999) keeps it; the others take the free numbers in order.
grid_worker assignments move with their cell.

Cell codes: the 12-digit community code + a 3-digit sequence, numbered west to east, then
north to south (rows from north to south). Names: 第N网格.

options:
  --community CODE|all   the community (12-digit code) or every community
  --shape square|hex     lattice shape (default square)
  --size METRES          square side / hexagon width across flats, > 0
  --balanced             household-balanced partition (no --shape/--size)
  --households MIN-MAX   target households per cell (default: settings, 300-500)
  --tolerance M2         sliver and "unchanged" tolerance (default: setting tolerance_m2, 1)
  --replace              replace the community's existing cells; a new cell equal to an old one
                         (symmetric difference <= tolerance) keeps the old code and name
  --unassign             with --replace: remove (and log) grid_worker assignments of cells that
                         change or disappear; without it such assignments refuse the replace
  --full                 renumber: every cell strictly by position
  --dry-run              compute and print, write nothing

Exit code 0 on success, 2 on bad input (unknown community, size <= 0, unknown shape, a
community with cells and no --replace, ...): the project is then unchanged.
)";

int whole(const std::string& option, const std::string& v) {
    return static_cast<int>(parse_whole(option, v, 0, 1000000000));
}

int generate(const Args& args) {
    args.expect_positionals(2, "gridmap grid generate PROJECT.gpkg --community CODE|all ...");
    GridOptions o;
    const auto community = args.value("community");
    if (!community) {
        throw InputError("--community CODE|all is required");
    }
    o.community = *community;
    o.balanced = args.flag("balanced");
    o.replace = args.flag("replace");
    o.unassign = args.flag("unassign");
    o.dry_run = args.flag("dry-run");
    if (args.flag("full")) {
        throw InputError("--full goes with grid renumber");
    }
    if (o.unassign && !o.replace) {
        throw InputError("--unassign goes with --replace");
    }
    if (o.balanced) {
        if (args.value("shape") || args.value("size")) {
            throw InputError("--balanced makes its own cells: leave out --shape and --size");
        }
    } else {
        if (args.value("households")) {
            throw InputError("--households goes with --balanced");
        }
        const std::string shape = args.value("shape").value_or("square");
        const auto s = cell_shape_from_string(shape);
        if (!s) {
            throw InputError("--shape " + shape + ": unknown shape; use square or hex");
        }
        o.shape = *s;
        const auto size = args.value("size");
        if (!size) {
            throw InputError("--size METRES is required (or use --balanced)");
        }
        o.size_m = parse_number("size", *size);
        if (!(o.size_m > 0)) {
            throw InputError("--size " + *size + ": the cell size must be more than 0 metres");
        }
    }
    if (auto v = args.value("tolerance")) {
        o.tolerance_m2 = parse_number("tolerance", *v);
    }
    if (auto v = args.value("households")) {
        const auto dash = v->find('-');
        if (dash == std::string::npos) {
            throw InputError("--households " + *v + ": expected MIN-MAX, e.g. 300-500");
        }
        o.households_min = whole("households", v->substr(0, dash));
        o.households_max = whole("households", v->substr(dash + 1));
    }
    Project project = Project::open(args.positional()[1], o.dry_run ? Project::Access::read_only
                                                                    : Project::Access::read_write);
    const GridReport r = generate_grid(project, o);
    std::cout << (chinese_session() ? grid_to_text_zh(r) : grid_to_text(r));
    return 0;
}

int reparse_number(const Args& args) {
    if (args.value("shape") || args.value("size") || args.flag("balanced") ||
        args.flag("replace") || args.flag("unassign") || args.value("households") ||
        args.value("tolerance")) {
        throw InputError("grid renumber takes only --community, --full and --dry-run");
    }
    args.expect_positionals(2, "gridmap grid renumber PROJECT.gpkg [--community CODE|all]");
    RenumberOptions o;
    o.community = args.value("community").value_or("all");
    o.full = args.flag("full");
    o.dry_run = args.flag("dry-run");
    Project project = Project::open(args.positional()[1], o.dry_run ? Project::Access::read_only
                                                                    : Project::Access::read_write);
    const RenumberReport r = renumber_cells(project, o);
    const bool zh = chinese_session();
    if (zh) {
        std::cout << "重新编号 " << r.cells << " 个网格中的 " << r.moves.size() << " 个（" << r.kept
                  << " 个保留原编码）；" << r.references << " 条网格员分工随网格移动\n";
    } else {
        std::cout << "renumbered " << r.moves.size() << " of " << r.cells << " cells (" << r.kept
                  << " kept their codes); " << r.references
                  << " grid_worker assignments moved with their cell\n";
    }
    for (const auto& [from, to] : r.moves) {
        std::cout << "  " << from << " -> " << to << "\n";
    }
    for (const std::string& s : r.skipped) {
        // "CODE (no readable geometry)": the reason through the catalog.
        std::cout << (zh ? "  跳过 " + localize(s, Language::zh_CN) : "  skipped " + s) << "\n";
    }
    std::cout << (r.written ? tr("written\n", "已写入\n")
                            : tr("nothing written\n", "未写入任何内容\n"));
    return 0;
}

} // namespace

int command_grid(std::span<const std::string> argv) {
    const Args args(argv, {"community", "shape", "size", "households", "tolerance"},
                    {"balanced", "replace", "unassign", "full", "dry-run"});
    if (args.help()) {
        std::cout << help_text("grid", help);
        return 0;
    }
    const std::string action = args.positional().empty() ? "" : args.positional()[0];
    if (action == "generate") {
        return generate(args);
    }
    if (action == "renumber") {
        return reparse_number(args);
    }
    throw InputError(action.empty()
                         ? "expected 'generate' or 'renumber' (see gridmap grid --help)"
                         : "unknown action '" + action + "'; expected 'generate' or 'renumber'");
}

} // namespace gridmap::cli
