#include "gridmap/terms.hpp"

#include <array>

namespace gridmap {

namespace {

// Roles (分工). 包保到户: a party member answers for a household.
constexpr std::array<Term, 6> roles{{
    {"grid_worker", "网格员", "grid worker"},
    {"compound_captain", "小区长", "compound captain"},
    {"building_captain", "楼栋长", "building captain"},
    {"unit_captain", "单元长", "unit captain"},
    {"party_group", "党小组", "party group"},
    {"household_pairing", "包保到户", "household pairing"},
}};

// Work-order states, named by what has happened (三单: 群众点单 -> 已上报, 社区派单 -> 已派单,
// 党员/网格员接单 -> 已接单). 不予受理: the community declines the request with a reason (not
// 已驳回, which reads as a resolution sent back).
constexpr std::array<Term, 6> issue_states{{
    {"reported", "已上报", "reported"},
    {"dispatched", "已派单", "dispatched"},
    {"accepted", "已接单", "accepted"},
    {"resolved", "已办结", "resolved"},
    {"verified", "已核查", "verified"},
    {"rejected", "不予受理", "rejected"},
}};

constexpr std::array<Term, 3> repair_states{{
    {"planned", "计划中", "planned"},
    {"active", "施工中", "under way"},
    {"done", "已完工", "done"},
}};

// OpenStreetMap highway values in the words of Chinese urban road classes (CJJ 37: 快速路,
// 主干路, 次干路, 支路) where they match, else a plain description.
constexpr std::array<Term, 21> road_kinds{{
    {"motorway", "高速公路", "motorway"},
    {"motorway_link", "高速公路匝道", "motorway ramp"},
    {"trunk", "快速路", "expressway"},
    {"trunk_link", "快速路匝道", "expressway ramp"},
    {"primary", "主干路", "primary road"},
    {"primary_link", "主干路连接道", "primary link"},
    {"secondary", "次干路", "secondary road"},
    {"secondary_link", "次干路连接道", "secondary link"},
    {"tertiary", "支路", "tertiary road"},
    {"tertiary_link", "支路连接道", "tertiary link"},
    {"unclassified", "未分级道路", "unclassified road"},
    {"residential", "居住区道路", "residential street"},
    {"living_street", "生活街道", "living street"},
    {"service", "内部道路", "service road"},
    {"pedestrian", "步行街", "pedestrian street"},
    {"footway", "人行道", "footway"},
    {"cycleway", "自行车道", "cycleway"},
    {"path", "小路", "path"},
    {"steps", "台阶", "steps"},
    {"track", "机耕路", "track"},
    {"road", "道路", "road"},
}};

constexpr std::array<Term, 8> building_kinds{{
    {"residential", "住宅", "residential"},
    {"commercial", "商业", "commercial"},
    {"public", "公共建筑", "public"},
    {"office", "办公", "office"},
    {"school", "学校", "school"},
    {"industrial", "工业", "industrial"},
    {"mixed", "商住混合", "mixed use"},
    {"other", "其他", "other"},
}};

constexpr std::array<Term, 6> service_kinds{{
    {"party_service_center", "党群服务中心", "party and public service centre"},
    {"party_activity_area", "党员活动区", "party activity area"},
    {"volunteer_station", "志愿服务站", "volunteer station"},
    {"volunteer", "志愿服务点", "volunteer point"},
    {"city_library", "城市书房", "city library"},
    {"testing_point", "检测点", "testing point"},
}};

} // namespace

std::span<const Term> terms(Vocabulary vocabulary) {
    switch (vocabulary) {
    case Vocabulary::role:
        return roles;
    case Vocabulary::issue_state:
        return issue_states;
    case Vocabulary::repair_state:
        return repair_states;
    case Vocabulary::road_kind:
        return road_kinds;
    case Vocabulary::building_kind:
        return building_kinds;
    case Vocabulary::service_kind:
        return service_kinds;
    }
    return {};
}

std::optional<Term> find_term(Vocabulary vocabulary, std::string_view code) {
    for (const Term& t : terms(vocabulary)) {
        if (t.code == code || t.zh == code) {
            return t;
        }
    }
    return std::nullopt;
}

std::string term_zh(Vocabulary vocabulary, std::string_view code) {
    const auto t = find_term(vocabulary, code);
    return std::string(t ? t->zh : code);
}

std::string term_en(Vocabulary vocabulary, std::string_view code) {
    const auto t = find_term(vocabulary, code);
    return std::string(t ? t->en : code);
}

} // namespace gridmap
