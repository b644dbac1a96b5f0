#include "cli/args.hpp"
#include "cli/commands.hpp"
#include "cli/help.hpp"
#include "gridmap/error.hpp"
#include "gridmap/field_aliases.hpp"
#include "gridmap/import.hpp"
#include "gridmap/messages.hpp"

#include <cstdio>
#include <iostream>

namespace gridmap::cli {

namespace {
constexpr const char* help = R"(usage: gridmap import PROJECT.gpkg LAYER SOURCE [options]

Imports one layer of SOURCE (any OGR vector format: GeoPackage, Shapefile, GeoJSON, KML,
CSV with a WKT column or lon/lat columns, XLSX/ODS, OSM PBF ...) into the project table LAYER.
Either every feature is imported or, on any problem, none is and the project is unchanged.
Every CSV row must have as many fields as the header; issues need a text, a category and a
small class of it (gridmap issue --help lists them).

LAYER is one of: community cell compound building road repair_segment issue service_point
(spatial), party_branch person party_group party_group_building unit household
role_assignment household_pairing issue_event (attributes).

A source field is read only through the alias table (a field's own name, or the headers
offices use: 小区, 楼栋, 单元, 房号, 户主姓名, 人数, 电话, 姓名, 党员, 党支部 ...; print it with
--aliases) or --map; the import lists what it read (target <- source) and what it left.
A column of ID card numbers (身份证号) is refused: remove it, or --ignore it.
A building's party_group and compound may be given by id or name. Parents not given
(building -> compound -> community, cell -> community) are inferred by largest overlap.

Registers (household, unit): the building is found by id, by name, or by its name inside the
compound (小区 颐景花苑 + 楼栋 3栋 or 3号楼 -> 颐景花苑3栋); the unit by number within the
building (1, 1单元, 一单元), created when missing. A row without an id gets the id of the
household at the same building, unit and room, or BUILDING-UNIT-ROOM (B003-1-302); a person
the id of the person with the same name and phone, or the next P-number. Rows of
attribute tables already in the project are updated; the import counts added / updated /
unchanged, so importing the same register twice changes nothing.

options:
  --source-layer NAME   the source layer, when the source has several
  --all-sheets          read every sheet (layer) of the source as one; same headers in each
  --where SQL           OGR SQL filter on source features, e.g. "building IS NOT NULL"
  --source-crs CRS      the source's CRS when missing or wrong: EPSG:n, WKT, PROJ string,
                        or gcj02 / bd09 for Amap/Tencent or Baidu lon/lat
  --map TARGET=SOURCE   read table field TARGET from source field SOURCE (repeatable)
  --ignore COLUMN       leave source column COLUMN unread (repeatable)
  --aliases             print the alias table and exit
  --source-encoding ENC the text encoding of a CSV/TSV/TXT, GeoJSON or Shapefile source:
                        UTF-8, GB18030, GBK ... (default: a BOM or .cpg, else UTF-8 when the
                        bytes are, else GB18030 as Excel/WPS write on Chinese Windows)
  --geometry-type T     point, line or polygon (the layer's own): import only features of
                        that type and leave the others out (label points among polygons)
  --fix-invalid         repair invalid polygons with GEOS MakeValid and list each repair
  --merge-by FIELD      dissolve source features sharing FIELD into one (tile-cut pieces)
  --replace             replace the table's rows instead of adding to them
  --quiet               print only errors
  --timings             print how long each phase of the import took (stderr)
)";

void print_progress(std::int64_t done, std::int64_t total) {
    static const bool zh = chinese_session();
    if (total > 0) {
        std::fprintf(stderr,
                     zh ? "\r  已读取 %lld / %lld（%lld%%）" : "\r  reading %lld / %lld (%lld%%)",
                     static_cast<long long>(done), static_cast<long long>(total),
                     static_cast<long long>(done * 100 / total));
    } else {
        std::fprintf(stderr, zh ? "\r  已读取 %lld" : "\r  reading %lld",
                     static_cast<long long>(done));
    }
    if (done == total) {
        std::fprintf(stderr, "\n");
    }
}

} // namespace

int command_import(std::span<const std::string> argv) {
    const Args args(argv,
                    {"source-layer", "where", "source-crs", "map", "merge-by", "ignore",
                     "source-encoding", "geometry-type"},
                    {"fix-invalid", "replace", "quiet", "all-sheets", "aliases", "timings"});
    if (args.help()) {
        std::cout << help_text("import", help);
        return 0;
    }
    if (args.flag("aliases")) {
        std::cout << field_aliases_markdown();
        return 0;
    }
    args.expect_positionals(3, "gridmap import PROJECT.gpkg LAYER SOURCE [options]");
    ImportOptions o;
    o.table = args.positional()[1];
    o.source = args.positional()[2];
    o.source_layer = args.value("source-layer").value_or("");
    o.where = args.value("where").value_or("");
    o.source_crs = args.value("source-crs").value_or("");
    o.merge_by = args.value("merge-by").value_or("");
    o.source_encoding = args.value("source-encoding").value_or("");
    o.geometry_type = args.value("geometry-type").value_or("");
    o.fix_invalid = args.flag("fix-invalid");
    o.replace = args.flag("replace");
    o.all_layers = args.flag("all-sheets");
    for (const std::string& column : args.values("ignore")) {
        o.ignore_fields.insert(column);
    }
    for (const std::string& m : args.values("map")) {
        const auto eq = m.find('=');
        if (eq == std::string::npos || eq == 0 || eq + 1 == m.size()) {
            throw InputError("--map " + m + ": expected TARGET=SOURCE");
        }
        o.field_map[m.substr(0, eq)] = m.substr(eq + 1);
    }
    const bool quiet = args.flag("quiet");
    if (!quiet && stderr_is_terminal()) {
        o.progress = print_progress;
    }
    Project project = Project::open(args.positional()[0]);
    const ImportReport r = import_layer(project, o);
    if (args.flag("timings")) {
        std::string line = "timings:";
        for (const auto& [phase, seconds] : r.timings) {
            char buf[96];
            std::snprintf(buf, sizeof buf, "%s %s %.3f s", line.size() > 8 ? "," : "",
                          phase.c_str(), seconds);
            line += buf;
        }
        std::cerr << line << "\n";
    }
    if (quiet) {
        return 0;
    }
    // The summary is built in English and shown in the language of messages (the lines are
    // catalog templates: gridmap/messages.hpp).
    std::string text =
        "imported " + std::to_string(r.imported) + " " + r.table + " rows from " + o.source;
    if (r.merged > 0 || r.left_out > 0) {
        std::string counts;
        if (r.left_out > 0) {
            counts += ", " + std::to_string(r.left_out) + " left out";
        }
        if (r.merged > 0) {
            counts += ", " + std::to_string(r.merged) + " merged into others";
        }
        text += " (" + std::to_string(r.read) + " features" + counts + ")";
    }
    if (r.links > 0) {
        text += "; " + std::to_string(r.links) + " links";
    }
    text += "\n  " + std::to_string(r.added) + " added, " + std::to_string(r.updated) +
            " updated, " + std::to_string(r.unchanged) + " unchanged\n";
    if (!r.taken.empty()) {
        std::string taken;
        for (std::size_t i = 0; i < r.taken.size(); ++i) {
            taken += (i > 0 ? ", " : " ") + r.taken[i];
        }
        text += "  read:" + taken + "\n";
    }
    for (const auto& n : r.notes) {
        text += "  note: " + n + "\n";
    }
    for (const auto& line : r.inferred) {
        text += "  inferred " + line + "\n";
    }
    if (!r.repaired.empty()) {
        text += "  repaired " + std::to_string(r.repaired.size()) + " invalid geometries:\n";
        for (const auto& line : r.repaired) {
            text += "    " + line + "\n";
        }
    }
    if (!r.ignored_fields.empty()) {
        std::string unread;
        for (const auto& f : r.ignored_fields) {
            unread += " " + f;
        }
        text += "  left unread:" + unread + "\n";
    }
    std::cout << localize(text, language_from_environment());
    return 0;
}

} // namespace gridmap::cli
