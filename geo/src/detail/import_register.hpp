#pragma once

// Registers as offices keep them: a household's 楼栋 by name or by its name inside its 小区
// ("颐景花苑" + "3栋" is 颐景花苑3栋), its 单元 by number within the building (created when
// missing), ids made from building, unit and room so that importing a register again updates
// it instead of adding it twice, and the words of a field's vocabulary (building.kind).
// Called by import_layer between reading the source and checking references.

#include "detail/field_aliases.hpp"
#include "gridmap/import.hpp"
#include "gridmap/schema.hpp"

#include <ogrsf_frmts.h>

#include <functional>
#include <optional>
#include <string>
#include <vector>

namespace gridmap::detail {

struct ProjectImpl;

/// How each source layer's fields are read (resolve_source_fields); with several layers
/// (import --all-sheets) they must read the same fields, else InputError naming the sheets.
std::vector<SourceFields> resolve_layers(const TableDef& table,
                                         const std::vector<OGRLayer*>& layers,
                                         const ImportOptions& options);

/// One source row on its way into the project, as the register resolution sees it.
struct RegisterRow {
    std::vector<std::optional<std::string>>* values = nullptr; ///< aligned with table fields
    /// the 小区 lookup value, if the source has one (the row's own, not a copy)
    const std::optional<std::string>* compound = nullptr;
    std::string* key = nullptr; ///< the row's key; set when made here
    /// "feature 3" (with the sheet) for messages: made when a message needs it (a city's
    /// register would otherwise format a label for every row)
    std::function<std::string()> label;
    bool refused = false; ///< set when a problem of this row is listed
};

/// A unit a household register names and the project does not have yet.
struct NewUnit {
    std::string id;
    std::string building;
    std::string name;
};

struct RegisterResult {
    std::vector<NewUnit> units;        ///< units to create with the rows
    std::vector<std::string> notes;    ///< what was made or translated, for the report
    std::vector<std::string> problems; ///< each refuses the import
};

/// Whether the register resolution makes the table's missing keys: household (building, unit,
/// room), unit (building and number), party_group and party_branch (the name), person (the
/// person of the same name and phone, or the next P-number).
bool makes_keys(const TableDef& table);

/// Whether rows of the table already in the project are updated by key on import (keyed
/// attribute tables) rather than refused as duplicates.
bool updates_by_key(const TableDef& table);

/// Translates vocabulary words, finds buildings by name and units by number, and makes the
/// missing keys, in place. `fields` tells the source column of each field (for messages).
RegisterResult resolve_register(const ProjectImpl& p, const TableDef& table,
                                const SourceFields& fields, std::vector<RegisterRow>& rows);

enum class RowChange { added, updated, unchanged };

/// Each row against the project's row with the same key, over the fields the source gives
/// (`fields.index[i] >= 0`): added (no such key), updated or unchanged.
std::vector<RowChange> compare_with_project(const ProjectImpl& p, const TableDef& table,
                                            const SourceFields& fields,
                                            const std::vector<RegisterRow>& rows);

/// Writes the units a register named (inside the caller's transaction).
void insert_units(const ProjectImpl& p, const std::vector<NewUnit>& units);

/// Overwrites the fields the source gives of the project's row with the same key (inside the
/// caller's transaction); fields the source lacks keep their values.
void update_row(const ProjectImpl& p, const TableDef& table, const SourceFields& fields,
                const std::vector<std::optional<std::string>>& values);

} // namespace gridmap::detail
