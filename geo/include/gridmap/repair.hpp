#pragma once

#include "gridmap/features.hpp"
#include "gridmap/project.hpp"

#include <optional>
#include <string>
#include <vector>

/// Road repairs (道路维修) drawn segment by segment: drawing with snapping to the road layer, the
/// length of each segment per cell, overlaps with other active segments, and who to notify
/// (buildings and household counts within a distance). No resident names or phones.

namespace gridmap {

struct NewRepairSegment {
    std::string id; ///< empty: the next free "R###"
    std::string road;
    std::string work_type; ///< 雨污分离 | 沥青铺设 | 刷黑 | 填缝 | 其他
    std::string state = "planned"; ///< planned | active | done
    std::string start_date;        ///< YYYY-MM-DD or ""
    std::string end_date;
    std::optional<double> cost;
    std::vector<XY> vertices; ///< working CRS, at least 2
};

/// The nearest point on the road layer within `tolerance_m` of `p` (a road vertex is preferred
/// to an edge point when both are within the tolerance), or nullopt.
std::optional<XY> snap_to_road(const Project& project, XY p, double tolerance_m);

/// Stores a segment (one transaction; its cell lengths in repair_segment_cell and outside_m are
/// computed). Refuses (InputError) fewer than two distinct vertices, an id in use, an unknown
/// work type or state. Returns the id.
std::string add_repair_segment(Project& project, const NewRepairSegment& segment);

struct RepairCellLength {
    std::string cell;
    double length_m = 0;
};

struct RepairOverlap {
    std::string other; ///< id of another active or planned segment
    double length_m = 0; ///< length shared within 1 m
};

struct RepairSummary {
    std::string id;
    std::string road;
    std::string work_type;
    std::string state;
    double length_m = 0;
    std::vector<RepairCellLength> cells;
    double outside_m = 0;
    std::vector<RepairOverlap> overlaps;
};

/// Every segment (by id), or one when `id` is not empty (InputError if unknown).
std::vector<RepairSummary> repair_summaries(const Project& project, const std::string& id = {});

struct NotifyRow {
    std::string building;
    std::string building_name;
    std::string compound;
    std::string cell;
    double distance_m = 0;
    std::int64_t households = 0;
    std::string building_captain_name; ///< staff, for the door-to-door notice
};

/// Buildings within `distance_m` (default 50 m) of the segment, nearest first, with household
/// counts (never names or phones).
std::vector<NotifyRow> repair_notify_list(const Project& project, const std::string& segment_id,
                                          double distance_m = 50.0);
/// The list as CSV (UTF-8, header building,building_name,compound,cell,distance_m,households,
/// building_captain).
std::string notify_to_csv(const std::vector<NotifyRow>& rows);

} // namespace gridmap
