#pragma once

// An import's source file as offices have it, made ready for GDAL: its text encoding (UTF-8
// with or without BOM, UTF-16 with BOM, GB18030/GBK as Excel and WPS write on Chinese Windows)
// and whether it was cut short (a CSV row with fewer fields than the header or an unterminated
// quote, a .dbf/.shp/.shx/.gpkg shorter than its own header says). Called where the source is
// opened; a file that fails is refused with InputError naming the file (and row) before GDAL
// reads any of it.

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace gridmap::detail {

/// The byte offset of the first byte of `text` that is not part of a well-formed UTF-8
/// sequence (overlong forms, surrogates and code points above U+10FFFF are ill-formed), or
/// nullopt when all of it is UTF-8.
std::optional<std::size_t> first_invalid_utf8(std::string_view text);

/// "E9 41" style hex of up to `count` bytes of `text` from `offset`, for messages that must
/// not echo bytes that are not UTF-8.
std::string hex_bytes(std::string_view text, std::size_t offset, std::size_t count = 4);

/// `text` when it is UTF-8, else with every byte beyond ASCII written as \xHH: for names shown
/// to people.
std::string printable(std::string_view text);

/// The columns GDAL's CSV driver reads a geometry from (GEOM_POSSIBLE_NAMES) or a point's
/// longitude and latitude from (X_ and Y_POSSIBLE_NAMES), comma-separated, any case.
inline constexpr std::string_view csv_geometry_names = "wkt,WKT,geom,geometry,the_geom";
inline constexpr std::string_view csv_x_names = "lon,lng,longitude,x,经度";
inline constexpr std::string_view csv_y_names = "lat,latitude,y,纬度";

/// Whether `path` is a delimited text table GDAL's CSV driver reads (.csv, .tsv, .txt).
bool is_text_table(const std::string& path);

/// Whether --source-encoding applies to `path`: text tables, GeoJSON and Shapefiles; the text
/// of GeoPackage, XLSX/ODS, KML ... is UTF-8 by their own definition.
bool takes_encoding(const std::string& path);

/// What to open for a source: the file itself, or a UTF-8 copy of it in GDAL's memory file
/// system (removed when this object is destroyed: keep it alive while the dataset is open).
class PreparedSource {
public:
    PreparedSource() = default;
    ~PreparedSource();
    PreparedSource(PreparedSource&& other) noexcept;
    PreparedSource& operator=(PreparedSource&&) = delete;
    PreparedSource(const PreparedSource&) = delete;
    PreparedSource& operator=(const PreparedSource&) = delete;

    std::string open_path;                 ///< what GDALDataset::Open gets
    std::vector<std::string> open_options; ///< "KEY=VALUE", e.g. ENCODING=GB18030
    std::vector<std::string> notes;        ///< what was decided or is worth a look, for the report

private:
    friend PreparedSource prepare_source(const std::string&, const std::string&);
    std::string m_memory_dir; ///< /vsimem/ directory to remove, or ""
};

/// Checks and prepares `source` for reading. `encoding` is the user's --source-encoding (""
/// = detect). Text tables (is_text_table) and GeoJSON: a UTF-8 or UTF-16 BOM decides, else
/// UTF-8 when the bytes are UTF-8, else GB18030; a file not in UTF-8 becomes a UTF-8 copy in
/// memory.
/// Shapefiles: `encoding`, else the .cpg or the .dbf's language id as GDAL reads them, else
/// GB18030 when the .dbf's text is not UTF-8 (as the ENCODING open option). Throws InputError
/// for bytes that are not text in the encoding, a text table or a Shapefile/GeoPackage that
/// is cut short, and an encoding unknown to iconv or given for a source that has its own.
PreparedSource prepare_source(const std::string& source, const std::string& encoding);

} // namespace gridmap::detail
