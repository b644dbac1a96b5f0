#pragma once

// The one declared table of source headers an import reads as project fields (what offices
// call their columns: 楼栋, 单元, 房号, 户主姓名 ...), the headers it refuses (personal data
// Gridmap does not need), and the words it reads as a field's stored values (OSM's
// building=apartments as building.kind residential). README.md's "Importing your community's
// registers" shows this table; a test keeps the two the same.

#include "gridmap/schema.hpp"

#include <map>
#include <optional>
#include <set>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace gridmap::detail {

/// Source headers (besides the field's own name) read as `table.field`. A field that is not a
/// field of the table is a lookup: read to find the row's parent, never stored (household's
/// and unit's `compound`, the 小区 a 楼栋 is named in).
struct FieldAlias {
    std::string_view table;
    std::string_view field;
    std::string_view headers; ///< '|'-separated
};

/// Every alias, in table order.
std::span<const FieldAlias> field_aliases();

/// Headers an import refuses unless left out with `--ignore`: data Gridmap does not need and
/// should not keep (ID card numbers).
struct RefusedHeader {
    std::string_view headers; ///< '|'-separated
    std::string_view reason;
};
std::span<const RefusedHeader> refused_headers();

/// The lookup fields of a table (not stored): "compound" for household and unit.
bool is_lookup_field(const TableDef& table, std::string_view field);

/// How the fields of a table are read from one source layer.
struct SourceFields {
    std::vector<int> index;                ///< per table field: the source column, or -1
    std::map<std::string, int> lookups;    ///< lookup field -> source column
    std::vector<std::string> taken;        ///< "building <- 楼栋", in table order
    std::vector<std::string> ignored;      ///< source columns read as nothing
    std::vector<std::string> source_names; ///< per table field: the source column's name
};

/// Resolves the table's fields on the source headers: `--map` first, then the alias table
/// (the field's own name counts as an alias; headers compare trimmed and ASCII case-blind).
/// Throws InputError for: a --map naming no field of the table or no source column, two
/// source columns for one field ("use --map"), a refused header not in `ignore`, an `ignore`
/// naming no source column. `merge_by` is a column the import reads itself (never listed
/// as unread; it may also be a field).
SourceFields resolve_source_fields(const TableDef& table, const std::vector<std::string>& headers,
                                   const std::map<std::string, std::string>& field_map,
                                   const std::set<std::string>& ignore, const std::string& merge_by,
                                   const std::string& source);

/// The headers read as `table.field`, for messages: "building, 楼栋, 楼号, ...".
std::string headers_of(const TableDef& table, std::string_view field);

/// A source value of `table.field` read as the project's word for it. Returns the stored value
/// ("" = no value: OSM's building=yes says only that it is a building), or nullopt when the
/// value is not in the field's vocabulary; `value` unchanged when the field has none.
std::optional<std::string> vocabulary_value(const TableDef& table, std::string_view field,
                                            const std::string& value);

/// The values `vocabulary_value` stores for a field, for messages ("" when it has none).
std::string vocabulary_words(const TableDef& table, std::string_view field);

} // namespace gridmap::detail
