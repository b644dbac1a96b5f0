#pragma once

#include "gridmap/project.hpp"

#include <optional>
#include <string>
#include <string_view>
#include <vector>

/// What the map's side panel shows about one feature. Residents appear only as counts; staff
/// (grid workers, captains, party group leaders, assignees) by name with a masked phone number.

namespace gridmap {

/// One line of the panel: a field id ("compound", "households", ...: the UI translates it) and
/// its value as text, ready to show.
struct Fact {
    std::string field;
    std::string value;
};

struct FeatureFacts {
    std::string table; ///< "building", "cell", ...
    std::string key;   ///< the feature's key (building id, cell code ...)
    std::string title; ///< its name, or its key when it has none
    std::vector<Fact> facts;
};

/// A phone number with all but the first three and last four digits hidden: "138****1234".
/// Numbers of seven digits or fewer keep only their last two digits ("****34"); "" stays "".
std::string mask_phone(std::string_view phone);

/// The facts of the feature of spatial `table` whose key is `key`, or nullopt when there is no
/// such feature. Per table (fields in this order, empty ones left out):
/// - building: name, number, compound, cell, kind, floors, party_groups, building_captain,
///   unit_captains, units, households;
/// - cell: code, community, grid_worker, buildings, households, issues_open, issues_total;
/// - compound: community, compound_captain, buildings, households;
/// - community: code, street, cells, compounds, buildings, households;
/// - road: kind, repair_segments; repair_segment: road, work_type, state, start_date,
///   end_date, length_m, cells;
/// - service_point: kind, cell;
/// - issue: category, small_class, state, address, text, reported_at, deadline, assignee, cell.
/// Staff appear as "name phone" with mask_phone. Throws InputError for a table that is not a
/// spatial layer.
std::optional<FeatureFacts> inspect_feature(const Project& project, const std::string& table,
                                            const std::string& key);

} // namespace gridmap
