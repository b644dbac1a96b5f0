#pragma once

#include "gridmap/check.hpp"
#include "gridmap/project.hpp"

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace gridmap {

/// What one row of a report stands for.
enum class ReportBy { cell, compound, community };

/// "cell", "compound" or "community".
std::string_view to_string(ReportBy by);
/// The ReportBy named `text`; throws InputError for anything else.
ReportBy report_by_from_string(std::string_view text);

/// How a column's values are written.
enum class ColumnKind {
    text,    ///< a string (JSON string; CSV quoted when needed)
    integer, ///< a whole number
    metres,  ///< metres with one decimal
    flag,    ///< "yes" or "no" (JSON true/false)
};

struct ReportColumn {
    std::string id;       ///< CSV header and JSON key, e.g. "households_unpaired"
    std::string title_zh; ///< the heading of the HTML table
    ColumnKind kind = ColumnKind::text;
    /// A value other than 0 (or "no", or empty text) is a shortfall (highlighted in HTML).
    bool shortfall = false;
};

/// One figure of a row: the text for text columns, the number otherwise (a flag is 0 or 1).
struct ReportValue {
    std::string text;
    double number = 0;
};

/// The figures of a project, one row per cell, compound or community. No personal data:
/// staff (grid workers, captains) by name only, residents and phone numbers never.
struct ReportTable {
    ReportBy by = ReportBy::cell;
    std::vector<ReportColumn> columns;
    /// Sorted by code (the first column); each row has one value per column.
    std::vector<std::vector<ReportValue>> rows;
    /// Every row together: sums, except distinct counts (party groups) counted once. Text and
    /// flag columns are empty; the first column is "TOTAL".
    std::vector<ReportValue> totals;
    /// The communities of the project (code, name), by code: for titles.
    std::vector<std::pair<std::string, std::string>> communities;
    int households_min = 0; ///< the target range behind `households_in_range`
    int households_max = 0;

    /// The index of the column `id`, or nullopt.
    std::optional<std::size_t> column(std::string_view id) const;
};

struct ReportOptions {
    std::optional<int> households_min; ///< default: setting households_min (300)
    std::optional<int> households_max; ///< default: setting households_max (500)
    unsigned threads = 0;              ///< for the cell assignment; 0 = every core
    /// The moment of the open_issues column (count_issues in gridmap/meeting.hpp), seconds
    /// since 1970; default now.
    std::optional<std::int64_t> as_of;
};

/// The figures of every cell, compound or community (docs/ARCHITECTURE.md, "Reports").
/// Buildings are assigned to cells as `check_project` does (largest overlap; the project's kept
/// gridmap::Analysis, computed once per project state);
/// to compounds by `building.compound`; a community's figures are those of its cells.
/// Read-only. Throws LibraryError if the project cannot be read.
ReportTable build_report(const Project& project, ReportBy by, const ReportOptions& options = {});

/// The table as CSV: UTF-8, a header row of column ids, RFC 4180 quoting, "\n" line ends,
/// numbers without thousands separators, then a last row "TOTAL" with the totals. `bom`
/// starts the text with a UTF-8 byte-order mark (for Excel).
std::string report_to_csv(const ReportTable& table, bool bom = false);

/// The table as JSON: {"by", "households_min", "households_max", "rows": [{column: value}],
/// "totals": {numeric column: value}}. Same project, byte-identical output.
std::string report_to_json(const ReportTable& table);

/// A point of a map in the working CRS (metres).
struct MapPoint {
    double x = 0;
    double y = 0;
};

/// A polygonal feature for the report's map: every ring of every part, and a point inside it
/// for its label.
struct MapShape {
    std::string key;
    std::string name;
    std::vector<std::vector<MapPoint>> rings;
    MapPoint label;
};

/// The outlines the report's map draws, in the working CRS.
struct ReportMap {
    int epsg = 0;
    std::vector<MapShape> communities;
    std::vector<MapShape> cells;
    std::vector<MapShape> buildings;
};

/// Reads the communities, cells and buildings of a project for the map. Read-only.
ReportMap build_report_map(const Project& project);

struct HtmlOptions {
    std::string date;        ///< shown in the title (e.g. "2025-06-01"); the caller's clock
    std::string source_name; ///< the project's file name, for the line "Data: <name>"
    bool osm = false; ///< the data is from OpenStreetMap: adds "© OpenStreetMap contributors"
    std::size_t max_items = 10; ///< uncovered items listed per rule
    /// The map as an image URI ("data:image/png;base64,..."): a page of the shared map renderer
    /// (src/render, as `gridmap render` and the desktop draw it, legend included), which
    /// `gridmap report` composes. Empty: the SVG map below, for callers without a renderer.
    std::string map_image_uri;
};

/// One standalone HTML page (UTF-8, zh-CN, inline CSS, no scripts, no external resources): the
/// title with the community names and the date, the figures, the coverage rules of `check`
/// with the first uncovered items, and the map: options.map_image_uri when given (the shared
/// renderer's page, composed by `gridmap report`), else an inline SVG map (north up, fitted to the
/// extent, with a scale bar) of the communities, cells (labelled with the last 3 digits of their
/// code), buildings, and the gaps (red, hatched) and overlaps (orange) of `check`. Every text is
/// HTML-escaped.
std::string report_to_html(const ReportTable& table, const CheckResult& check, const ReportMap& map,
                           const HtmlOptions& options);

} // namespace gridmap
