#pragma once

#include <limits>
#include <span>
#include <string_view>

/// The project schema: every table of a Gridmap GeoPackage, its fields and their meaning.
/// Names are the code names of the glossary; a foreign key is named after the table it
/// references and holds that table's key. See docs/ARCHITECTURE.md for the full description.

namespace gridmap {

/// Version of the schema this program writes. Stored in the `settings` table as
/// `schema_version`; an older file is migrated on open, a newer one is refused.
inline constexpr int schema_version = 9;

enum class FieldType { text, integer, real, boolean, date, datetime, binary };

enum class GeometryKind { none, point, line, polygon };

struct FieldDef {
    std::string_view name;
    FieldType type = FieldType::text;
    /// A feature without a value for this field is refused on import.
    bool required = false;
    /// The table whose key this field holds ("" if none). Unresolved values are refused.
    std::string_view references = {};
    /// Accept the referenced row's `name` as well as its key (e.g. a building's party group).
    bool match_name = false;
    /// Fill the field from the referenced polygon table by largest overlap when absent.
    bool infer_spatially = false;
    /// Not stored in this table: a value becomes a row of `link_table` (this table's key,
    /// the referenced key). Example: building.party_group -> party_group_building.
    std::string_view link_table = {};
    /// Allowed values, separated by '|' ("" = any).
    std::string_view allowed = {};
    /// Computed by Gridmap (the cell assignment); never read from an import source.
    bool computed = false;
    /// For integer and real fields, the smallest and largest value that means something
    /// (persons 0-99, floors 0-200, rating 1-5); an import refuses values outside.
    double min = -std::numeric_limits<double>::infinity();
    double max = std::numeric_limits<double>::infinity();
};

struct TableDef {
    std::string_view name;
    GeometryKind geometry = GeometryKind::none;
    /// The natural key field: unique, used by references ("" = no key, e.g. link tables).
    std::string_view key;
    std::span<const FieldDef> fields;
    /// The Chinese name shown to users.
    std::string_view title_zh;
    /// Written only by Gridmap's analysis (e.g. repair_segment_cell); imports refuse it.
    bool computed = false;
};

/// Every table, in dependency order (referenced tables before those referencing them).
std::span<const TableDef> schema_tables();

/// The table called `name`, or nullptr.
const TableDef* find_table(std::string_view name);

/// The field called `name` of `table`, or nullptr.
const FieldDef* find_field(const TableDef& table, std::string_view name);

/// The table whose key a role_assignment's `target` holds for `role` ("" if the role is unknown):
/// grid_worker -> cell, compound_captain -> compound, building_captain -> building,
/// unit_captain -> unit.
std::string_view role_target_table(std::string_view role);

/// Stored name of a field type for GeoPackage ("TEXT", "INTEGER", ...).
std::string_view to_string(FieldType type);
std::string_view to_string(GeometryKind kind);

} // namespace gridmap
