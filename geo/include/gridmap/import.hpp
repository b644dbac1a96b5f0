#pragma once

#include "gridmap/project.hpp"

#include <cstdint>
#include <functional>
#include <map>
#include <set>
#include <string>
#include <utility>
#include <vector>

namespace gridmap {

/// How an import reads its source and maps it onto a project table.
struct ImportOptions {
    /// Target table (schema.hpp), e.g. "building".
    std::string table;
    /// Any OGR-readable vector source: GeoPackage, Shapefile, GeoJSON, KML, CSV, XLSX, ODS,
    /// OSM PBF ...
    std::string source;
    /// Source layer name; empty = the only (or first) layer.
    std::string source_layer;
    /// Every layer of the source (every sheet of a workbook), read as one: the layers must
    /// name the same fields. Empty layers are skipped.
    bool all_layers = false;
    /// OGR SQL attribute filter on the source, e.g. "building IS NOT NULL".
    std::string where;
    /// Source CRS override: "EPSG:n", WKT, PROJ string, or "gcj02" / "bd09" (lon/lat in those
    /// obfuscated systems). Empty = the source's own CRS.
    std::string source_crs;
    /// target field -> source field. Unlisted target fields read the source field the alias
    /// table names for them (its own name, or a header such as 楼栋, 房号: README.md,
    /// "Importing your community's registers"); no other source field is read.
    std::map<std::string, std::string> field_map;
    /// Source fields left unread (e.g. an ID card column the import would refuse).
    std::set<std::string> ignore_fields;
    /// Repair invalid geometries with GEOS MakeValid instead of refusing them.
    bool fix_invalid = false;
    /// Dissolve features with the same value of this source field into one.
    std::string merge_by;
    /// Delete the table's rows (and their links) before importing.
    bool replace = false;
    /// The text encoding of a CSV/TSV/TXT, GeoJSON or Shapefile source ("GB18030", "UTF-8",
    /// any name iconv knows); empty = detect (BOM, .cpg, else UTF-8 when the bytes are, else
    /// GB18030).
    std::string source_encoding;
    /// "point", "line" or "polygon": import only the source's features of this geometry type
    /// (the table's own) and leave the others out, e.g. the label points among a layer's
    /// polygons. Empty = a feature of another type is refused.
    std::string geometry_type;
    /// Called with (done, total) while reading; total may be -1 when unknown.
    std::function<void(std::int64_t, std::int64_t)> progress;
};

struct ImportReport {
    std::string table;
    std::int64_t read = 0;                   ///< features read from the source (after --where)
    std::int64_t imported = 0;               ///< rows written (added + updated)
    std::int64_t added = 0;                  ///< rows new to the project
    std::int64_t updated = 0;                ///< rows whose key was there, with other values
    std::int64_t unchanged = 0;              ///< rows already in the project as they are
    std::int64_t merged = 0;                 ///< source features dissolved into others by merge_by
    std::int64_t left_out = 0;               ///< features of another type left by geometry_type
    std::int64_t links = 0;                  ///< link rows written (e.g. party_group_building)
    std::vector<std::string> repaired;       ///< one line per repaired geometry
    std::vector<std::string> inferred;       ///< one line per spatially inferred field
    std::vector<std::string> taken;          ///< "target <- source field", what was read
    std::vector<std::string> ignored_fields; ///< source fields with no target
    std::vector<std::string> notes;          ///< other facts worth telling (assumed CRS ...)
    /// Wall-clock seconds of each phase, in order: open, read, validate, transform, keys and
    /// references, infer parents, assign cells (buildings), write, infer children, commit.
    std::vector<std::pair<std::string, double>> timings;
};

/// Imports one source layer into a project table, in one transaction: either every feature
/// lands or none does and the project is unchanged. Throws InputError naming the file, feature
/// and field for: unreadable or truncated source, unknown layer or field, wrong geometry type,
/// unknown CRS, invalid or empty geometry (unless fix_invalid), duplicate keys (unless
/// merge_by), references to rows that do not exist, values outside the allowed set or the
/// field's bounds, text that is not UTF-8, dates not on the calendar, and coordinates that are
/// not finite or lie outside usable_extent() of the working CRS.
/// Households and units find their building by id, name, or name inside their compound, and
/// their unit by number (created when missing); rows without an id get one from building,
/// unit and room. Attribute tables with a key update the rows they already hold (the report
/// counts added / updated / unchanged); spatial tables refuse keys already in the project.
ImportReport import_layer(Project& project, const ImportOptions& options);

} // namespace gridmap
