#include "gridmap/schema.hpp"

#include <array>

namespace gridmap {

namespace {

using F = FieldDef;
using T = FieldType;

constexpr std::string_view issue_states = "reported|dispatched|accepted|resolved|verified|rejected";
constexpr std::string_view roles = "grid_worker|compound_captain|building_captain|unit_captain";

// clang-format off
constexpr std::array community_fields{
    F{"code", T::text, true},
    F{"name", T::text, true},
    F{"street", T::text},
};
constexpr std::array cell_fields{
    F{"code", T::text, true},
    F{"name", T::text},
    F{.name = "community", .references = "community", .infer_spatially = true},
};
constexpr std::array compound_fields{
    F{"id", T::text, true},
    F{"name", T::text, true},
    F{.name = "community", .references = "community", .infer_spatially = true},
};
constexpr std::array party_branch_fields{
    F{"id", T::text, true},
    F{"name", T::text, true},
};
constexpr std::array person_fields{
    F{"id", T::text, true},
    F{"name", T::text, true},
    F{"phone", T::text},
    F{"party_member", T::boolean},
    F{"assigned_member", T::boolean},
    F{"member_unit", T::text},
    F{.name = "party_branch", .references = "party_branch", .match_name = true},
};
constexpr std::array party_group_fields{
    F{"id", T::text, true},
    F{"name", T::text, true},
    F{.name = "party_branch", .references = "party_branch", .match_name = true},
    F{.name = "leader", .references = "person", .match_name = true},
};
constexpr std::array building_fields{
    F{"id", T::text, true},
    F{"name", T::text},
    F{"number", T::text},
    F{.name = "compound", .references = "compound", .match_name = true, .infer_spatially = true},
    F{.name = "community", .references = "community", .infer_spatially = true},
    F{.name = "floors", .type = T::integer, .min = 0, .max = 200},
    F{"kind", T::text},
    F{.name = "party_group", .references = "party_group", .match_name = true,
      .link_table = "party_group_building"},
    F{.name = "cell", .references = "cell", .computed = true},
    F{.name = "cell_share", .type = T::real, .computed = true},
};
constexpr std::array party_group_building_fields{
    F{.name = "party_group", .required = true, .references = "party_group", .match_name = true},
    F{.name = "building", .required = true, .references = "building"},
};
constexpr std::array unit_fields{
    F{"id", T::text, true},
    F{.name = "building", .required = true, .references = "building"},
    F{"name", T::text},
};
constexpr std::array household_fields{
    F{"id", T::text, true},
    F{.name = "building", .required = true, .references = "building"},
    F{.name = "unit", .references = "unit"},
    F{"room", T::text},
    F{.name = "persons", .type = T::integer, .min = 0, .max = 99},
    F{"head_name", T::text},
    F{"phone", T::text},
    F{"tags", T::text},
};
constexpr std::array role_assignment_fields{
    F{.name = "person", .required = true, .references = "person"},
    F{.name = "role", .required = true, .allowed = roles},
    F{"target", T::text, true},
};
constexpr std::array household_pairing_fields{
    F{.name = "household", .required = true, .references = "household"},
    F{.name = "person", .required = true, .references = "person"},
};
constexpr std::array road_fields{
    F{"id", T::text, true},
    F{"name", T::text},
    F{"kind", T::text},
};
constexpr std::array repair_segment_fields{
    F{"id", T::text, true},
    F{"road", T::text},
    F{.name = "work_type", .allowed = "雨污分离|沥青铺设|刷黑|填缝|其他"},
    F{.name = "state", .allowed = "planned|active|done"},
    F{"start_date", T::date},
    F{"end_date", T::date},
    F{.name = "cost", .type = T::real, .min = 0, .max = 1e12},
    F{.name = "outside_m", .type = T::real, .computed = true},
};
constexpr std::array repair_segment_cell_fields{
    F{.name = "repair_segment", .required = true, .references = "repair_segment"},
    F{.name = "cell", .required = true, .references = "cell"},
    F{"length_m", T::real, true},
};
constexpr std::array service_point_fields{
    F{"id", T::text, true},
    F{"name", T::text},
    F{"kind", T::text},
    F{.name = "cell", .references = "cell", .computed = true},
};
constexpr std::array issue_fields{
    F{"id", T::text, true},
    F{"category", T::text, true},
    F{"small_class", T::text},
    F{"text", T::text},
    F{.name = "state", .allowed = issue_states},
    F{.name = "reporter", .references = "person"},
    F{"reported_at", T::datetime},
    F{"deadline", T::datetime},
    F{.name = "cell", .references = "cell", .computed = true},
    F{.name = "assignee", .references = "person"},
    F{.name = "rating", .type = T::integer, .min = 1, .max = 5},
    F{"updated_at", T::datetime},
    F{"address", T::text},
};
constexpr std::array issue_photo_fields{
    F{.name = "issue", .required = true, .references = "issue"},
    F{"name", T::text},
    F{"mime", T::text},
    F{"data", T::binary, true},
    // before: taken when reported or while open; after: added once the issue was resolved.
    F{.name = "stage", .allowed = "before|after"},
};
constexpr std::array assignment_event_fields{
    F{"at", T::datetime, true},
    F{.name = "by", .references = "person"},
    F{.name = "action", .required = true, .allowed = "assign|unassign"},
    F{.name = "role", .required = true,
      .allowed = "grid_worker|compound_captain|building_captain|unit_captain|party_group|household_pairing"},
    F{"person", T::text},
    F{"target", T::text, true},
    F{"note", T::text},
    F{"session", T::text},
};
constexpr std::array saved_view_fields{
    F{"id", T::text, true},
    F{.name = "position", .type = T::integer, .min = 0, .max = 1e6},
    F{"title", T::text, true},
    // Metres of a projected CRS lie within +-2e7; 1e200 would break the renderer.
    F{.name = "min_x", .type = T::real, .required = true, .min = -1e8, .max = 1e8},
    F{.name = "min_y", .type = T::real, .required = true, .min = -1e8, .max = 1e8},
    F{.name = "max_x", .type = T::real, .required = true, .min = -1e8, .max = 1e8},
    F{.name = "max_y", .type = T::real, .required = true, .min = -1e8, .max = 1e8},
    F{"theme", T::text},
    F{"layers", T::text},
};
constexpr std::array snapshot_fields{
    F{"id", T::text, true},
    F{"taken_at", T::datetime, true},
    F{"note", T::text},
};
constexpr std::array snapshot_figure_fields{
    F{.name = "snapshot", .required = true, .references = "snapshot"},
    F{.name = "scope", .required = true, .allowed = "community|compound|cell"},
    F{"target", T::text, true},
    F{"metric", T::text, true},
    F{.name = "numerator", .type = T::integer, .min = 0},
    F{.name = "denominator", .type = T::integer, .min = 0},
    F{"value", T::real},
};
constexpr std::array pledge_fields{
    F{"id", T::text, true},
    F{"title", T::text, true},
    F{"target", T::real},
    F{"progress", T::real},
    F{"unit", T::text},
    F{"due", T::date},
    F{.name = "state", .allowed = "planned|active|done"},
};
constexpr std::array issue_event_fields{
    F{.name = "issue", .required = true, .references = "issue"},
    F{"at", T::datetime, true},
    F{.name = "by", .references = "person"},
    F{.name = "from_state", .allowed = issue_states},
    F{.name = "to_state", .required = true, .allowed = issue_states},
    F{"note", T::text},
    F{.name = "assignee", .references = "person"},
    F{.name = "rating", .type = T::integer, .min = 1, .max = 5},
};
constexpr std::array settings_fields{
    F{"key", T::text, true},
    F{"value", T::text},
};
// The seed's work (issue #16): visits, the care register, key places and their patrols,
// party members' check-in and sign-ups, co-building units, volunteer teams. Points (积分) are
// computed from these logs (geo/src/seed.cpp), never stored.
constexpr std::array visit_fields{
    F{"id", T::text, true},
    F{.name = "household", .references = "household"},
    F{.name = "building", .references = "building"},
    F{.name = "person", .required = true, .references = "person"},
    F{"date", T::date, true},
    F{.name = "kind", .required = true, .allowed = "入户走访|摸排|帮扶|宣传"},
    F{"findings", T::text},
    F{.name = "issue", .references = "issue"},
};
constexpr std::array care_tag_fields{
    F{.name = "household", .references = "household"},
    F{.name = "person", .references = "person"},
    F{.name = "tag", .required = true,
      .allowed = "独居老人|80岁以上老人|空巢老人|低保户|残疾人|困难党员|困难居民"},
    F{"since", T::date},
};
constexpr std::array key_place_fields{
    F{"id", T::text, true},
    F{"name", T::text, true},
    F{.name = "kind", .required = true,
      .allowed = "药店|商超|宾馆|酒店|诊所|学校|幼儿园|养老院|网吧|麻将馆|其他"},
    F{.name = "building", .references = "building"},
    F{.name = "lon", .type = T::real, .min = -180, .max = 180},
    F{.name = "lat", .type = T::real, .min = -90, .max = 90},
    F{.name = "patrol_days", .type = T::integer, .min = 1, .max = 366},
};
constexpr std::array patrol_fields{
    F{"id", T::text, true},
    F{.name = "place", .required = true, .references = "key_place"},
    F{.name = "person", .required = true, .references = "person"},
    F{"date", T::date, true},
    F{"findings", T::text},
    F{.name = "issue", .references = "issue"},
};
constexpr std::array member_signup_fields{
    F{.name = "person", .required = true, .references = "person"},
    F{.name = "kind", .required = true, .allowed = "报到|结对帮困|夜间巡逻"},
    F{"date", T::date, true},
};
constexpr std::array co_unit_fields{
    F{"id", T::text, true},
    F{"name", T::text, true},
    F{"agreement", T::text},
    F{"signed", T::date},
};
constexpr std::array co_unit_pledge_fields{
    F{.name = "co_unit", .required = true, .references = "co_unit", .match_name = true},
    F{.name = "pledge", .required = true, .references = "pledge"},
};
constexpr std::array volunteer_team_fields{
    F{"id", T::text, true},
    F{"name", T::text, true},
    F{.name = "kind", .required = true, .allowed = "社区工作者|下沉党员干部|志愿者|楼栋长"},
};
constexpr std::array volunteer_member_fields{
    F{.name = "team", .required = true, .references = "volunteer_team", .match_name = true},
    F{.name = "person", .required = true, .references = "person"},
};
constexpr std::array volunteer_activity_fields{
    F{.name = "team", .required = true, .references = "volunteer_team", .match_name = true},
    F{.name = "person", .required = true, .references = "person"},
    F{"date", T::date, true},
    F{"title", T::text, true},
};

constexpr std::array tables{
    TableDef{"settings", GeometryKind::none, "key", settings_fields, "设置"},
    TableDef{"community", GeometryKind::polygon, "code", community_fields, "社区"},
    TableDef{"cell", GeometryKind::polygon, "code", cell_fields, "网格"},
    TableDef{"compound", GeometryKind::polygon, "id", compound_fields, "小区"},
    TableDef{"party_branch", GeometryKind::none, "id", party_branch_fields, "党支部"},
    TableDef{"person", GeometryKind::none, "id", person_fields, "人员"},
    TableDef{"party_group", GeometryKind::none, "id", party_group_fields, "党小组"},
    TableDef{"building", GeometryKind::polygon, "id", building_fields, "楼栋"},
    TableDef{"party_group_building", GeometryKind::none, "", party_group_building_fields, "党小组楼栋"},
    TableDef{"unit", GeometryKind::none, "id", unit_fields, "单元"},
    TableDef{"household", GeometryKind::none, "id", household_fields, "户"},
    TableDef{"role_assignment", GeometryKind::none, "", role_assignment_fields, "岗位分工"},
    TableDef{"household_pairing", GeometryKind::none, "", household_pairing_fields, "包保到户"},
    TableDef{"road", GeometryKind::line, "id", road_fields, "道路"},
    TableDef{"repair_segment", GeometryKind::line, "id", repair_segment_fields, "道路维修段"},
    TableDef{"service_point", GeometryKind::point, "id", service_point_fields, "服务点"},
    TableDef{"issue", GeometryKind::point, "id", issue_fields, "问题点"},
    TableDef{"issue_event", GeometryKind::none, "", issue_event_fields, "工单流转"},
    TableDef{"issue_photo", GeometryKind::none, "", issue_photo_fields, "问题照片"},
    TableDef{"assignment_event", GeometryKind::none, "", assignment_event_fields, "分工变更记录"},
    TableDef{"saved_view", GeometryKind::none, "id", saved_view_fields, "保存的视图"},
    TableDef{"snapshot", GeometryKind::none, "id", snapshot_fields, "覆盖快照"},
    TableDef{"snapshot_figure", GeometryKind::none, "", snapshot_figure_fields, "快照指标"},
    TableDef{"pledge", GeometryKind::none, "id", pledge_fields, "十件实事"},
    TableDef{"repair_segment_cell", GeometryKind::none, "", repair_segment_cell_fields, "维修段分网格长度", true},
    TableDef{"visit", GeometryKind::none, "id", visit_fields, "走访记录"},
    TableDef{"care_tag", GeometryKind::none, "", care_tag_fields, "重点人群"},
    TableDef{"key_place", GeometryKind::none, "id", key_place_fields, "重点场所"},
    TableDef{"patrol", GeometryKind::none, "id", patrol_fields, "巡查记录"},
    TableDef{"member_signup", GeometryKind::none, "", member_signup_fields, "党员报到与报名"},
    TableDef{"co_unit", GeometryKind::none, "id", co_unit_fields, "共驻共建单位"},
    TableDef{"co_unit_pledge", GeometryKind::none, "", co_unit_pledge_fields, "共建单位认领实事"},
    TableDef{"volunteer_team", GeometryKind::none, "id", volunteer_team_fields, "队伍"},
    TableDef{"volunteer_member", GeometryKind::none, "", volunteer_member_fields, "队伍成员"},
    TableDef{"volunteer_activity", GeometryKind::none, "", volunteer_activity_fields, "队伍活动"},
};
// clang-format on

} // namespace

std::span<const TableDef> schema_tables() {
    return tables;
}

const TableDef* find_table(std::string_view name) {
    for (const auto& t : tables) {
        if (t.name == name) {
            return &t;
        }
    }
    return nullptr;
}

const FieldDef* find_field(const TableDef& table, std::string_view name) {
    for (const auto& f : table.fields) {
        if (f.name == name) {
            return &f;
        }
    }
    return nullptr;
}

std::string_view role_target_table(std::string_view role) {
    if (role == "grid_worker") {
        return "cell";
    }
    if (role == "compound_captain") {
        return "compound";
    }
    if (role == "building_captain") {
        return "building";
    }
    if (role == "unit_captain") {
        return "unit";
    }
    return {};
}

std::string_view to_string(FieldType type) {
    switch (type) {
    case FieldType::text:
        return "TEXT";
    case FieldType::integer:
        return "INTEGER";
    case FieldType::real:
        return "REAL";
    case FieldType::boolean:
        return "BOOLEAN";
    case FieldType::date:
        return "DATE";
    case FieldType::datetime:
        return "DATETIME";
    case FieldType::binary:
        return "BLOB";
    }
    return "TEXT";
}

std::string_view to_string(GeometryKind kind) {
    switch (kind) {
    case GeometryKind::none:
        return "";
    case GeometryKind::point:
        return "POINT";
    case GeometryKind::line:
        return "MULTILINESTRING";
    case GeometryKind::polygon:
        return "MULTIPOLYGON";
    }
    return "";
}

} // namespace gridmap
