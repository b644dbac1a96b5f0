#include "detail/field_aliases.hpp"

#include "gridmap/error.hpp"
#include "gridmap/field_aliases.hpp"

#include <algorithm>
#include <array>

namespace gridmap::detail {

namespace {

// clang-format off
/// THE alias table. A field's own (English) name is always an alias too and is not repeated.
constexpr std::array aliases{
    FieldAlias{"household", "id", "编号|户编号"},
    FieldAlias{"household", "compound", "小区|小区名称|小区名"},
    FieldAlias{"household", "building", "楼栋|楼号|楼栋名称|楼栋号|栋号"},
    FieldAlias{"household", "unit", "单元|单元号|单元名称"},
    FieldAlias{"household", "room", "房号|门牌号|室|房间号|房屋号"},
    FieldAlias{"household", "persons", "人数|家庭人数|人口数|户人数|家庭人口"},
    FieldAlias{"household", "head_name", "户主|户主姓名"},
    FieldAlias{"household", "phone", "电话|联系电话|手机|手机号|电话号码|联系方式"},
    FieldAlias{"household", "tags", "标签|户类型|户类别"},
    FieldAlias{"unit", "id", "编号|单元编号"},
    FieldAlias{"unit", "compound", "小区|小区名称|小区名"},
    FieldAlias{"unit", "building", "楼栋|楼号|楼栋名称|楼栋号|栋号"},
    FieldAlias{"unit", "name", "单元|单元号|单元名称|名称"},
    FieldAlias{"person", "id", "编号|人员编号"},
    FieldAlias{"person", "name", "姓名|名字"},
    FieldAlias{"person", "phone", "电话|联系电话|手机|手机号|电话号码|联系方式"},
    FieldAlias{"person", "party_member", "党员|是否党员|政治面貌"},
    FieldAlias{"person", "assigned_member", "在职党员|报到党员|是否报到"},
    FieldAlias{"person", "member_unit", "工作单位|所在单位|报到单位"},
    FieldAlias{"person", "party_branch", "党支部|所属党支部|支部"},
    FieldAlias{"party_branch", "id", "编号|党支部编号"},
    FieldAlias{"party_branch", "name", "党支部|党支部名称|名称"},
    FieldAlias{"party_group", "id", "编号|党小组编号"},
    FieldAlias{"party_group", "name", "党小组|党小组名称|名称"},
    FieldAlias{"party_group", "party_branch", "党支部|所属党支部|支部"},
    FieldAlias{"party_group", "leader", "组长|党小组长"},
    FieldAlias{"building", "id", "编号|楼栋编号"},
    FieldAlias{"building", "name", "楼栋名称|楼名"},
    FieldAlias{"building", "number", "楼号|栋号"},
    FieldAlias{"building", "compound", "小区|小区名称"},
    FieldAlias{"building", "floors", "层数|楼层数|总层数|building:levels"},
    FieldAlias{"building", "kind", "类型|用途|楼栋类型|建筑类型|building"},
    FieldAlias{"building", "party_group", "党小组"},
    FieldAlias{"visit", "id", "编号|走访编号"},
    FieldAlias{"visit", "household", "户编号|户号"},
    FieldAlias{"visit", "building", "楼栋编号"},
    FieldAlias{"visit", "person", "走访人|走访人编号"},
    FieldAlias{"visit", "date", "走访日期|日期"},
    FieldAlias{"visit", "kind", "走访类型|走访方式|类型"},
    FieldAlias{"visit", "findings", "走访情况|情况|发现问题"},
    FieldAlias{"visit", "issue", "工单|工单编号|问题编号"},
    FieldAlias{"key_place", "id", "编号|场所编号"},
    FieldAlias{"key_place", "name", "名称|场所名称"},
    FieldAlias{"key_place", "kind", "类型|场所类型"},
    FieldAlias{"key_place", "building", "楼栋编号"},
    FieldAlias{"key_place", "patrol_days", "巡查周期|巡查频次|巡查天数"},
    FieldAlias{"patrol", "id", "编号|巡查编号"},
    FieldAlias{"patrol", "place", "场所|场所编号"},
    FieldAlias{"patrol", "person", "巡查人|巡查人编号"},
    FieldAlias{"patrol", "date", "巡查日期|日期"},
    FieldAlias{"patrol", "findings", "巡查情况|情况"},
};

constexpr std::array refused{
    RefusedHeader{"身份证号|身份证|身份证号码|公民身份号码|证件号码|idcard|id_card|id_number",
                  "ID card numbers: Gridmap does not need them and should not keep them "
                  "(personal data)"},
};

/// A stored value and the source words read as it.
struct Word {
    std::string_view table;
    std::string_view field;
    std::string_view stored; ///< "" = no value (the source says nothing about the field)
    std::string_view words;  ///< '|'-separated, compared ASCII case-blind
};

/// building.kind: what check and report count as residential (residential, or empty) and the
/// rest; OSM's building=* values read as the same words. person.party_member: 政治面貌.
constexpr std::array words{
    Word{"building", "kind", "residential",
         "residential|住宅|住宅楼|居民楼|居住|宿舍|apartments|house|detached|semidetached_house|"
         "terrace|dormitory|bungalow|residences"},
    Word{"building", "kind", "commercial",
         "commercial|商业|商铺|门面|市场|菜市场|办公|写字楼|retail|office|supermarket|kiosk"},
    Word{"building", "kind", "public",
         "public|公共|公建|学校|幼儿园|医院|卫生院|党群服务中心|civic|government|school|"
         "kindergarten|hospital|college|university|community_centre"},
    Word{"building", "kind", "industrial", "industrial|工业|厂房|仓库|warehouse|factory"},
    Word{"building", "kind", "other", "other|其他|车库|garage|garages|shed|roof|construction"},
    Word{"building", "kind", "", "yes|building|building_part|建筑|楼栋"},
    Word{"person", "party_member", "1", "中共党员|党员|中共预备党员|预备党员"},
    Word{"person", "party_member", "0", "群众|共青团员|团员|非党员"},
};
// clang-format on

/// Headers compare trimmed (ASCII blanks and the ideographic space) and ASCII case-blind.
std::string header_key(std::string_view h) {
    auto blank_at_front = [&h]() -> std::size_t {
        if (!h.empty() && (h.front() == ' ' || h.front() == '\t')) {
            return 1;
        }
        return h.substr(0, 3) == "\xE3\x80\x80" ? 3 : 0;
    };
    auto blank_at_back = [&h]() -> std::size_t {
        if (!h.empty() && (h.back() == ' ' || h.back() == '\t' || h.back() == '\r')) {
            return 1;
        }
        return h.size() >= 3 && h.substr(h.size() - 3) == "\xE3\x80\x80" ? 3 : 0;
    };
    while (std::size_t n = blank_at_front()) {
        h.remove_prefix(n);
    }
    while (std::size_t n = blank_at_back()) {
        h.remove_suffix(n);
    }
    std::string out(h);
    std::transform(out.begin(), out.end(), out.begin(), [](char c) {
        return static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    });
    return out;
}

bool in_list(std::string_view list, const std::string& key) {
    while (!list.empty()) {
        const auto bar = list.find('|');
        if (header_key(list.substr(0, bar)) == key) {
            return true;
        }
        list = bar == std::string_view::npos ? std::string_view{} : list.substr(bar + 1);
    }
    return false;
}

/// Whether source header `key` (header_key) names `table.field`.
bool names_field(const TableDef& table, std::string_view field, const std::string& key) {
    if (header_key(field) == key) {
        return true;
    }
    for (const FieldAlias& a : aliases) {
        if (a.table == table.name && a.field == field && in_list(a.headers, key)) {
            return true;
        }
    }
    return false;
}

std::string join(const std::vector<std::string>& names) {
    std::string out;
    for (const std::string& n : names) {
        out += (out.empty() ? "" : ", ") + n;
    }
    return out;
}

/// The table's readable fields and lookups, in order.
std::vector<std::string_view> readable_fields(const TableDef& table) {
    std::vector<std::string_view> out;
    for (const FieldDef& f : table.fields) {
        if (!f.computed) {
            out.push_back(f.name);
        }
    }
    for (const FieldAlias& a : aliases) {
        if (a.table == table.name && is_lookup_field(table, a.field) &&
            std::find(out.begin(), out.end(), a.field) == out.end()) {
            out.push_back(a.field);
        }
    }
    return out;
}

} // namespace

std::span<const FieldAlias> field_aliases() {
    return aliases;
}

std::span<const RefusedHeader> refused_headers() {
    return refused;
}

bool is_lookup_field(const TableDef& table, std::string_view field) {
    return find_field(table, field) == nullptr &&
           std::any_of(aliases.begin(), aliases.end(), [&](const FieldAlias& a) {
               return a.table == table.name && a.field == field;
           });
}

namespace {

/// The source's columns while their fields are being chosen.
class Columns {
public:
    Columns(const std::vector<std::string>& headers, const std::string& source)
        : m_headers(headers), m_source(source), m_used(headers.size(), false) {
        for (const std::string& h : headers) {
            m_keys.push_back(header_key(h));
        }
    }

    /// The column called `name` (header_key), or -1.
    int find(const std::string& name) const {
        const std::string k = header_key(name);
        const auto it = std::find(m_keys.begin(), m_keys.end(), k);
        return it == m_keys.end() ? -1 : static_cast<int>(it - m_keys.begin());
    }

    /// The column `option` names; InputError when there is none.
    int require(const std::string& name, const std::string& option) const {
        const int j = find(name);
        if (j < 0) {
            throw InputError(m_source + ": " + option + ": no field '" + name +
                             "' in the source; its fields are: " + join(m_headers));
        }
        return j;
    }

    void use(int j) { m_used[static_cast<std::size_t>(j)] = true; }

    /// The one unused column the alias table reads as `table.field` (-1 if none); InputError
    /// when several do.
    int alias_of(const TableDef& table, std::string_view field) const {
        std::vector<std::string> found;
        int column = -1;
        for (std::size_t j = 0; j < m_headers.size(); ++j) {
            if (!m_used[j] && names_field(table, field, m_keys[j])) {
                found.push_back(m_headers[j]);
                column = static_cast<int>(j);
            }
        }
        if (found.size() > 1) {
            const std::string target(field);
            throw InputError(m_source + ": columns " + join(found) + " all name " +
                             std::string(table.name) + "." + target + "; choose one with --map " +
                             target + "=COLUMN (and --ignore the others)");
        }
        return column;
    }

    /// The columns left unread; InputError for a refused one (ID card numbers).
    std::vector<std::string> unread() const {
        std::vector<std::string> out;
        for (std::size_t j = 0; j < m_headers.size(); ++j) {
            if (m_used[j]) {
                continue;
            }
            for (const RefusedHeader& r : refused) {
                if (in_list(r.headers, m_keys[j])) {
                    throw InputError(m_source + ": column '" + m_headers[j] + "' holds " +
                                     std::string(r.reason) +
                                     "; remove the column from the file, or leave it unread "
                                     "with --ignore " +
                                     m_headers[j]);
                }
            }
            out.push_back(m_headers[j]);
        }
        return out;
    }

    const std::string& header(int j) const { return m_headers[static_cast<std::size_t>(j)]; }

private:
    const std::vector<std::string>& m_headers;
    const std::string& m_source;
    std::vector<std::string> m_keys;
    std::vector<bool> m_used;
};

} // namespace

SourceFields resolve_source_fields(const TableDef& table, const std::vector<std::string>& headers,
                                   const std::map<std::string, std::string>& field_map,
                                   const std::set<std::string>& ignore, const std::string& merge_by,
                                   const std::string& source) {
    Columns columns(headers, source);
    for (const std::string& name : ignore) {
        columns.use(columns.require(name, "--ignore " + name));
    }
    const std::vector<std::string_view> fields = readable_fields(table);
    for (const auto& [target, name] : field_map) {
        if (std::find(fields.begin(), fields.end(), target) == fields.end()) {
            throw InputError("--map " + target + "=" + name + ": table '" +
                             std::string(table.name) + "' has no field '" + target + "'");
        }
        columns.use(columns.require(name, "--map " + target + "=" + name));
    }
    SourceFields out;
    out.index.assign(table.fields.size(), -1);
    out.source_names.resize(table.fields.size());
    for (std::string_view field : fields) {
        const std::string target(field);
        const auto mapped = field_map.find(target);
        const int column = mapped != field_map.end() ? columns.find(mapped->second)
                                                     : columns.alias_of(table, field);
        if (column < 0) {
            continue;
        }
        columns.use(column);
        out.taken.push_back(target + " <- " + columns.header(column));
        if (const FieldDef* f = find_field(table, field)) {
            const auto i = static_cast<std::size_t>(f - table.fields.data());
            out.index[i] = column;
            out.source_names[i] = columns.header(column);
        } else {
            out.lookups[target] = column;
        }
    }
    out.ignored = columns.unread();
    // The --merge-by column is read by the import itself (and may be a field too).
    std::erase_if(out.ignored,
                  [&](const std::string& h) { return header_key(h) == header_key(merge_by); });
    return out;
}

std::string headers_of(const TableDef& table, std::string_view field) {
    std::string out(field);
    for (const FieldAlias& a : aliases) {
        if (a.table == table.name && a.field == field) {
            std::string_view list = a.headers;
            while (!list.empty()) {
                const auto bar = list.find('|');
                out += ", " + std::string(list.substr(0, bar));
                list = bar == std::string_view::npos ? std::string_view{} : list.substr(bar + 1);
            }
        }
    }
    return out;
}

std::optional<std::string> vocabulary_value(const TableDef& table, std::string_view field,
                                            const std::string& value) {
    bool has_vocabulary = false;
    const std::string key = header_key(value);
    for (const Word& w : words) {
        if (w.table != table.name || w.field != field) {
            continue;
        }
        has_vocabulary = true;
        if (in_list(w.words, key)) {
            return std::string(w.stored);
        }
    }
    if (!has_vocabulary) {
        return value;
    }
    return std::nullopt;
}

std::string vocabulary_words(const TableDef& table, std::string_view field) {
    std::string out;
    for (const Word& w : words) {
        if (w.table == table.name && w.field == field && !w.stored.empty()) {
            out += (out.empty() ? "" : ", ") + std::string(w.stored);
        }
    }
    return out;
}

} // namespace gridmap::detail

namespace gridmap {

namespace {

std::string cell_list(std::string_view first, std::string_view list) {
    std::string out = first.empty() ? "" : "`" + std::string(first) + "`";
    while (!list.empty()) {
        const auto bar = list.find('|');
        out += (out.empty() ? "" : ", ") + std::string(list.substr(0, bar));
        list = bar == std::string_view::npos ? std::string_view{} : list.substr(bar + 1);
    }
    return out;
}

} // namespace

std::string field_aliases_markdown() {
    std::string out = "| table | field | source headers read as the field |\n|---|---|---|\n";
    for (const detail::FieldAlias& a : detail::field_aliases()) {
        const TableDef* t = find_table(a.table);
        const bool lookup = t != nullptr && detail::is_lookup_field(*t, a.field);
        out += "| " + std::string(a.table) + " | " + std::string(a.field) +
               (lookup ? " (lookup, not stored)" : "") + " | " + cell_list(a.field, a.headers) +
               " |\n";
    }
    out += "\nRefused unless left unread with `--ignore COLUMN`:\n\n";
    for (const detail::RefusedHeader& r : detail::refused_headers()) {
        out += "- " + cell_list("", r.headers) + ": " + std::string(r.reason) + "\n";
    }
    out += "\nValues read as the project's words (any other value is kept as it is and listed in "
           "the import's report; a building kind other than residential or empty is not "
           "residential):\n\n";
    for (const detail::Word& w : detail::words) {
        out += "- " + std::string(w.table) + "." + std::string(w.field) + " " +
               (w.stored.empty() ? std::string("empty (unknown)")
                                 : "`" + std::string(w.stored) + "`") +
               " <- " + cell_list("", w.words) + "\n";
    }
    return out;
}

} // namespace gridmap
