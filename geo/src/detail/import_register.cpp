#include "detail/import_register.hpp"

#include "detail/analysis.hpp"
#include "detail/project_impl.hpp"
#include "detail/sqlite.hpp"
#include "detail/time.hpp"
#include "gridmap/error.hpp"
#include "gridmap/import.hpp"
#include "gridmap/parse.hpp"

#include <algorithm>
#include <map>
#include <unordered_map>
#include <unordered_set>

namespace gridmap::detail {

namespace {

/// Cap on the "did you mean" searches of one import (each scans every building name).
constexpr int max_suggestions = 20;

std::string trim(std::string_view s) {
    while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) {
        s.remove_prefix(1);
    }
    while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) {
        s.remove_suffix(1);
    }
    return std::string(s);
}

/// The UTF-8 code points of a string (bytes as they are when it is not UTF-8).
std::vector<char32_t> code_points(std::string_view s) {
    std::vector<char32_t> out;
    for (std::size_t i = 0; i < s.size();) {
        const auto c = static_cast<unsigned char>(s[i]);
        const std::size_t n = c < 0x80 ? 1 : c >= 0xF0 ? 4 : c >= 0xE0 ? 3 : c >= 0xC0 ? 2 : 1;
        char32_t cp = n == 1 ? c : c & (0x3F >> (n - 1));
        for (std::size_t k = 1; k < n && i + k < s.size(); ++k) {
            cp = (cp << 6) | (static_cast<unsigned char>(s[i + k]) & 0x3F);
        }
        out.push_back(cp);
        i += n;
    }
    return out;
}

/// A number as registers write it: "3", "03", "３", "三", "十二", "第3"; nullopt otherwise.
std::optional<int> number_word(const std::vector<char32_t>& s) {
    static const std::u32string digits = U"零一二三四五六七八九";
    std::size_t i = !s.empty() && s.front() == U'第' ? 1 : 0;
    if (i == s.size()) {
        return std::nullopt;
    }
    int n = 0;
    bool arabic = false;
    for (; i < s.size(); ++i) {
        char32_t c = s[i];
        if (c >= U'０' && c <= U'９') {
            c = U'0' + (c - U'０');
        }
        if (c < U'0' || c > U'9' || n > 9999) {
            break;
        }
        n = n * 10 + static_cast<int>(c - U'0');
        arabic = true;
    }
    if (arabic) {
        return i == s.size() ? std::optional<int>(n) : std::nullopt;
    }
    // Chinese numerals up to 99: 三, 十, 十二, 二十, 二十三; 两 for 2.
    int tens = 0;
    int units = -1;
    for (; i < s.size(); ++i) {
        const char32_t c = s[i] == U'两' ? U'二' : s[i];
        if (c == U'十' && tens == 0) {
            tens = units < 0 ? 1 : units;
            units = -1;
        } else if (const auto d = digits.find(c); d != std::u32string::npos && units < 0) {
            units = static_cast<int>(d);
        } else {
            return std::nullopt;
        }
    }
    const int value = tens * 10 + std::max(units, 0);
    return value > 0 ? std::optional<int>(value) : std::nullopt;
}

/// The number of a building ("3", "3栋", "3幢", "3号楼", "3号", "第三栋") or of a unit ("1",
/// "1单元", "一单元"): the same number is the same building or unit within its parent.
std::optional<int> ordinal(std::string_view text,
                           std::initializer_list<std::u32string_view> tails) {
    std::vector<char32_t> s = code_points(trim(text));
    for (std::u32string_view tail : tails) {
        if (s.size() > tail.size() &&
            std::equal(tail.begin(), tail.end(),
                       s.end() - static_cast<std::ptrdiff_t>(tail.size()))) {
            s.resize(s.size() - tail.size());
            break;
        }
    }
    return number_word(s);
}

std::optional<int> building_number(std::string_view text) {
    return ordinal(text, {U"号楼", U"栋楼", U"栋", U"幢", U"座", U"号", U"楼"});
}

std::optional<int> unit_number(std::string_view text) {
    return ordinal(text, {U"单元"});
}

/// A room as written: "302", "302室", "３０２" all read "302".
std::string room_key(std::string_view room) {
    const std::string s = trim(room);
    std::string out;
    for (std::size_t i = 0; i < s.size();) {
        const auto third = i + 2 < s.size() ? static_cast<unsigned char>(s[i + 2]) : 0;
        if (s.compare(i, 2, "\xEF\xBC") == 0 && third >= 0x90 && third <= 0x99) {
            out += static_cast<char>('0' + (third - 0x90)); // a full-width digit
            i += 3;
        } else {
            out += s[i++];
        }
    }
    for (std::string_view tail : {"室", "房"}) {
        if (out.size() > tail.size() && out.ends_with(tail)) {
            out.resize(out.size() - tail.size());
        }
    }
    return out;
}

/// Edit distance of two code-point strings, stopping early above 1.
bool within_one_edit(const std::vector<char32_t>& a, const std::vector<char32_t>& b) {
    if (a.size() > b.size() + 1 || b.size() > a.size() + 1) {
        return false;
    }
    std::size_t i = 0;
    while (i < a.size() && i < b.size() && a[i] == b[i]) {
        ++i;
    }
    auto same = [](auto x, auto xe, auto y, auto ye) {
        return std::equal(x, xe, y, ye);
    };
    if (a.size() == b.size()) {
        return i == a.size() || same(a.begin() + static_cast<std::ptrdiff_t>(i) + 1, a.end(),
                                     b.begin() + static_cast<std::ptrdiff_t>(i) + 1, b.end());
    }
    const auto& longer = a.size() > b.size() ? a : b;
    const auto& shorter = a.size() > b.size() ? b : a;
    return same(longer.begin() + static_cast<std::ptrdiff_t>(i) + 1, longer.end(),
                shorter.begin() + static_cast<std::ptrdiff_t>(i), shorter.end());
}

struct Building {
    std::string id;
    std::string name;
    std::string number;
    std::string compound;
};

/// The project's buildings and compounds, for finding a building by what a register calls it.
class Buildings {
public:
    /// Reads the building ids; names and compounds only when a row gives a name.
    explicit Buildings(const ProjectImpl& p) : m_db(sqlite_handle(p)) {
        if (table_exists(m_db, "building")) {
            m_ids.reserve(rows_to_reserve(m_db, "building")); // no rehash as a city's ids come
            Statement s(m_db, "SELECT id FROM building");
            while (s.step()) {
                m_ids.insert(s.text(0));
            }
        }
    }

    /// The building `value` names (inside `compound` when given): its id, or a problem ("").
    std::string find(const std::string& value, const std::optional<std::string>& compound,
                     std::string& problem) {
        // Registers list the households of one building together: the id found last is
        // found again without hashing it.
        if (!m_last.empty() && value == m_last) {
            return value;
        }
        if (m_ids.contains(value)) {
            m_last = value;
            return value;
        }
        load_names();
        std::vector<std::size_t> found;
        if (compound) {
            const std::vector<std::pair<std::string, std::string>> in = compounds_named(*compound);
            if (in.empty()) {
                problem = "no compound (小区) with id or name '" + *compound + "'";
                return {};
            }
            for (const auto& [cid, cname] : in) {
                add_matches(value, cid, cname, found);
            }
        } else {
            for (std::size_t i = 0; i < m_all.size(); ++i) {
                if (m_all[i].name == value) {
                    found.push_back(i);
                }
            }
            for (const auto& [cid, cname] : m_compounds) {
                if (found.empty() && value.size() > cname.size() && value.starts_with(cname)) {
                    add_matches(value.substr(cname.size()), cid, cname, found);
                }
            }
            if (found.empty()) {
                add_number_matches(value, nullptr, found);
            }
        }
        if (found.size() == 1) {
            return m_all[found.front()].id;
        }
        problem = found.empty() ? unknown(value, compound) : ambiguous(value, found);
        return {};
    }

private:
    void load_names() {
        if (m_loaded) {
            return;
        }
        m_loaded = true;
        if (table_exists(m_db, "compound")) {
            Statement s(m_db, "SELECT id, name FROM compound");
            while (s.step()) {
                m_compounds.emplace_back(s.text(0), s.text(1));
            }
        }
        if (!m_ids.empty()) {
            Statement s(m_db, "SELECT id, name, number, compound FROM building ORDER BY id");
            while (s.step()) {
                m_all.push_back({s.text(0), s.text(1), s.text(2), s.text(3)});
            }
        }
    }

    std::vector<std::pair<std::string, std::string>> compounds_named(const std::string& c) const {
        std::vector<std::pair<std::string, std::string>> out;
        for (const auto& pair : m_compounds) {
            if (pair.first == c || pair.second == c) {
                out.push_back(pair);
            }
        }
        return out;
    }

    /// Buildings of compound `cid` called `value`, its name plus `value`, or its number.
    void add_matches(const std::string& value, const std::string& cid, const std::string& cname,
                     std::vector<std::size_t>& found) const {
        for (std::size_t i = 0; i < m_all.size(); ++i) {
            const Building& b = m_all[i];
            if (b.compound == cid && (b.name == value || b.name == cname + value)) {
                found.push_back(i);
            }
        }
        if (found.empty()) {
            add_number_matches(value, &cid, found);
        }
    }

    /// Buildings (of compound `cid`, or of any) with the number `value` reads as.
    void add_number_matches(const std::string& value, const std::string* cid,
                            std::vector<std::size_t>& found) const {
        const std::optional<int> n = building_number(value);
        if (!n) {
            return;
        }
        for (std::size_t i = 0; i < m_all.size(); ++i) {
            const Building& b = m_all[i];
            // Without a compound, only buildings of a compound: a street address (槐荫路3号)
            // is not "3栋".
            if (cid != nullptr ? b.compound != *cid : b.compound.empty()) {
                continue;
            }
            std::optional<int> bn = building_number(b.number);
            if (!bn) {
                const std::string cname = compound_name(b.compound);
                if (!cname.empty() && b.name.starts_with(cname)) {
                    bn = building_number(b.name.substr(cname.size()));
                }
            }
            if (bn == n) {
                found.push_back(i);
            }
        }
    }

    std::string compound_name(const std::string& cid) const {
        for (const auto& [id, name] : m_compounds) {
            if (id == cid) {
                return name;
            }
        }
        return {};
    }

    std::string label(std::size_t i) const { return m_all[i].name + " (" + m_all[i].id + ")"; }

    std::string ambiguous(const std::string& value, const std::vector<std::size_t>& found) const {
        std::string list;
        for (std::size_t k = 0; k < found.size() && k < 8; ++k) {
            list += (k > 0 ? ", " : "") + label(found[k]);
        }
        if (found.size() > 8) {
            list += ", ... (" + std::to_string(found.size()) + " in all)";
        }
        return "'" + value + "' matches " + std::to_string(found.size()) + " buildings: " + list +
               "; give the compound (小区 column) or the building's id";
    }

    std::string unknown(const std::string& value, const std::optional<std::string>& compound) {
        std::string text = "no building with id or name '" + value + "'" +
                           (compound ? " in compound '" + *compound + "'" : "");
        if (m_suggestions++ < max_suggestions) {
            const auto wanted = code_points(value);
            const auto in_compound = compound ? code_points(*compound + value) : wanted;
            std::vector<std::string> near;
            for (const Building& b : m_all) {
                const auto name = code_points(b.name);
                if (within_one_edit(name, wanted) || within_one_edit(name, in_compound)) {
                    near.push_back(b.name + " (" + b.id + ")");
                }
            }
            if (!near.empty() && near.size() <= 5) {
                std::string list;
                for (const std::string& n : near) {
                    list += (list.empty() ? "" : ", ") + n;
                }
                text += " (did you mean " + list + "?)";
            }
        }
        return text;
    }

    sqlite3* m_db;
    std::unordered_set<std::string> m_ids;
    std::string m_last; ///< the id find() found last in m_ids
    bool m_loaded = false;
    std::vector<Building> m_all;
    std::vector<std::pair<std::string, std::string>> m_compounds; ///< (id, name)
    int m_suggestions = 0;
};

struct UnitRow {
    std::string id;
    std::string name;
};

/// The project's units by building, plus those this import creates.
class Units {
public:
    explicit Units(const ProjectImpl& p) {
        sqlite3* db = sqlite_handle(p);
        if (table_exists(db, "unit")) {
            Statement s(db, "SELECT id, building, name FROM unit");
            while (s.step()) {
                m_building_of.emplace(s.text(0), s.text(1));
                m_by_building[s.text(1)].push_back({s.text(0), s.text(2)});
            }
        }
    }

    /// The unit `value` names in `building`, created when missing: its id, or a problem ("").
    std::string find(const std::string& building, const std::string& value,
                     std::vector<NewUnit>& created, std::string& problem) {
        if (const auto it = m_building_of.find(value); it != m_building_of.end()) {
            if (it->second == building) {
                return value;
            }
            problem = "unit '" + value + "' is in building " + it->second + ", not in " + building;
            return {};
        }
        const std::optional<int> n = unit_number(value);
        std::vector<const UnitRow*> found;
        for (const UnitRow& u : m_by_building[building]) {
            if (u.name == value ||
                (n && (unit_number(u.name) == n || u.id == building + "-" + std::to_string(*n)))) {
                found.push_back(&u);
            }
        }
        if (found.size() > 1) {
            problem = "'" + value + "' matches units " + found[0]->id + " and " + found[1]->id +
                      " of building " + building + "; give the unit's id";
            return {};
        }
        if (found.size() == 1) {
            return found.front()->id;
        }
        const std::string id = building + "-" + (n ? std::to_string(*n) : trim(value));
        if (const auto it = m_building_of.find(id); it != m_building_of.end()) {
            problem = "unit '" + value + "' would be " + id + ", which is a unit of building " +
                      it->second;
            return {};
        }
        const std::string name = n ? std::to_string(*n) + "单元" : trim(value);
        created.push_back({id, building, name});
        m_building_of.emplace(id, building);
        m_by_building[building].push_back({id, name});
        return id;
    }

private:
    std::unordered_map<std::string, std::string> m_building_of;
    std::unordered_map<std::string, std::vector<UnitRow>> m_by_building;
};

std::size_t field_pos(const TableDef& t, std::string_view name) {
    const FieldDef* f = find_field(t, name);
    return f == nullptr ? t.fields.size() : static_cast<std::size_t>(f - t.fields.data());
}

std::string where(const RegisterRow& row, const TableDef& t, const SourceFields& fields,
                  std::size_t i) {
    const std::string& column = fields.source_names[i];
    return row.label() + ", field '" + std::string(t.fields[i].name) + "'" +
           (column.empty() || column == t.fields[i].name ? "" : " (column '" + column + "')");
}

/// Translates each field's vocabulary words (building.kind: OSM's apartments -> residential).
/// Words that say nothing (building=yes) become no value; words outside the vocabulary stay as
/// they are (a church is not residential); both are listed in the report with their counts.
void translate_words(const TableDef& t, std::vector<RegisterRow>& rows, RegisterResult& out) {
    std::map<std::string, std::map<std::string, std::int64_t>> emptied;
    std::map<std::string, std::map<std::string, std::int64_t>> kept;
    std::vector<std::size_t> with_words;
    for (std::size_t i = 0; i < t.fields.size(); ++i) {
        if (!vocabulary_words(t, t.fields[i].name).empty()) {
            with_words.push_back(i);
        }
    }
    for (RegisterRow& row : rows) {
        for (std::size_t i : with_words) {
            auto& v = (*row.values)[i];
            if (!v) {
                continue;
            }
            const std::string field(t.fields[i].name);
            const std::optional<std::string> word = vocabulary_value(t, field, *v);
            if (!word && t.fields[i].type != FieldType::boolean) {
                ++kept[field][*v]; // yes/no values go on to the import's own parser
            } else if (word && word->empty()) {
                ++emptied[field][*v];
                v.reset();
            } else if (word) {
                v = *word;
            }
        }
    }
    auto counts = [](const std::map<std::string, std::int64_t>& values) {
        std::string list;
        for (const auto& [value, n] : values) {
            list += (list.empty() ? "" : ", ") + value + " (" + std::to_string(n) + ")";
        }
        return list;
    };
    for (const auto& [field, values] : emptied) {
        out.notes.push_back(std::string(t.name) + "." + field + ": " + counts(values) +
                            " say nothing about it: stored empty");
    }
    for (const auto& [field, values] : kept) {
        out.notes.push_back(std::string(t.name) + "." + field + ": " + counts(values) +
                            " are none of " + vocabulary_words(t, field) + ": kept as they are" +
                            (field == "kind" ? " (not residential)" : ""));
    }
}

/// Existing households by (building, unit, room), for giving a register's row its id.
std::unordered_map<std::string, std::vector<std::string>>
households_by_place(const ProjectImpl& p) {
    std::unordered_map<std::string, std::vector<std::string>> out;
    sqlite3* db = sqlite_handle(p);
    if (!table_exists(db, "household")) {
        return out;
    }
    Statement s(db, "SELECT id, building, unit, room FROM household WHERE room IS NOT NULL");
    while (s.step()) {
        out[s.text(1) + '\x1f' + s.text(2) + '\x1f' + room_key(s.text(3))].push_back(s.text(0));
    }
    return out;
}

/// The part of a unit id after its building's id ("B003-1" in B003 -> "1").
std::string unit_part(const std::string& building, const std::string& unit) {
    return unit.starts_with(building + "-") ? unit.substr(building.size() + 1) : unit;
}

/// Household ids: the project's household at the same building, unit and room, else
/// BUILDING-UNIT-ROOM ("B003-1-302"; "B003-302" without a unit).
void make_household_keys(const ProjectImpl& p, const TableDef& t, std::vector<RegisterRow>& rows,
                         RegisterResult& out) {
    const std::size_t id = field_pos(t, "id");
    const std::size_t building = field_pos(t, "building");
    const std::size_t unit = field_pos(t, "unit");
    const std::size_t room = field_pos(t, "room");
    std::optional<std::unordered_map<std::string, std::vector<std::string>>> existing;
    std::int64_t made = 0;
    std::string example;
    for (RegisterRow& row : rows) {
        auto& v = *row.values;
        if (v[id] || !v[building]) {
            continue;
        }
        if (!v[room]) {
            out.problems.push_back(row.label() +
                                   ": no id and no room (房号): a household is found by its "
                                   "building, unit and room");
            continue;
        }
        if (!existing) {
            existing = households_by_place(p);
        }
        const std::string u = v[unit].value_or("");
        const auto it = existing->find(*v[building] + '\x1f' + u + '\x1f' + room_key(*v[room]));
        if (it != existing->end() && it->second.size() > 1) {
            out.problems.push_back(row.label() + ": households " + it->second[0] + " and " +
                                   it->second[1] +
                                   " of the project are both at this building, "
                                   "unit and room; give the id");
            continue;
        }
        v[id] = it != existing->end()
                    ? it->second.front()
                    : *v[building] + (u.empty() ? "" : "-" + unit_part(*v[building], u)) + "-" +
                          room_key(*v[room]);
        *row.key = *v[id];
        if (it == existing->end() && example.empty()) {
            example = *v[id];
        }
        ++made;
    }
    if (made > 0) {
        out.notes.push_back(std::to_string(made) +
                            " rows without an id: the id of the household at the same building, "
                            "unit and room, or one made from them" +
                            (example.empty() ? "" : " (e.g. " + example + ")"));
    }
}

/// Unit ids (BUILDING-NUMBER, or the unit of that building with that number) and party group
/// ids (the group's name, or the id of the group with that name).
void make_other_keys(const ProjectImpl& p, const TableDef& t, std::vector<RegisterRow>& rows,
                     Units* units, RegisterResult& out) {
    const std::size_t id = field_pos(t, "id");
    std::unordered_map<std::string, std::string> group_by_name;
    if (t.name != "unit" && table_exists(sqlite_handle(p), std::string(t.name))) {
        Statement s(sqlite_handle(p), "SELECT id, name FROM " + std::string(t.name));
        while (s.step()) {
            group_by_name.emplace(s.text(1), s.text(0));
        }
    }
    std::int64_t made = 0;
    for (RegisterRow& row : rows) {
        auto& v = *row.values;
        if (v[id]) {
            continue;
        }
        if (t.name == "unit") {
            const std::size_t building = field_pos(t, "building");
            const std::size_t name = field_pos(t, "name");
            if (!v[building] || !v[name]) {
                out.problems.push_back(row.label() + ": no id, and no building and unit name to "
                                                     "make one from");
                continue;
            }
            std::string problem;
            std::vector<NewUnit> unused;
            v[id] = units->find(*v[building], *v[name], unused, problem);
            if (!problem.empty()) {
                out.problems.push_back(row.label() + ", field 'name': " + problem);
                v[id].reset();
                continue;
            }
        } else if (const std::size_t name = field_pos(t, "name"); v[name]) {
            const auto it = group_by_name.find(*v[name]);
            v[id] = it != group_by_name.end() ? it->second : *v[name];
        } else {
            continue;
        }
        *row.key = *v[id];
        ++made;
    }
    if (made > 0) {
        out.notes.push_back(std::to_string(made) + " rows without an id: " +
                            (t.name == "unit" ? "the unit of the building with that number, or "
                                                "BUILDING-NUMBER"
                                              : "the id of the row with that name, or the name"));
    }
}

/// The project's people by name: (id, phone), and the next free P-number.
struct People {
    std::unordered_map<std::string, std::vector<std::pair<std::string, std::string>>> by_name;
    std::int64_t next = 1;
    std::size_t width = 0; ///< digits of the project's P-numbers (3 when it has none)

    void count_id(const std::string& id) {
        if (id.size() > 1 && id[0] == 'P') {
            if (const auto n = parse_integer(std::string_view(id).substr(1)); n && *n >= next) {
                next = *n + 1;
                width = std::max(width, id.size() - 1);
            }
        }
    }
};

/// Person ids: the project's person with the same name and phone (or the same name where one
/// of them has no phone), else the next free P-number (P121 after P120). A namesake with
/// another phone is a new person, and the report says so: give the id to update the other.
void make_person_keys(const ProjectImpl& p, const TableDef& t, std::vector<RegisterRow>& rows,
                      RegisterResult& out) {
    const std::size_t id = field_pos(t, "id");
    const std::size_t name = field_pos(t, "name");
    const std::size_t phone = field_pos(t, "phone");
    People people;
    if (table_exists(sqlite_handle(p), "person")) {
        Statement s(sqlite_handle(p), "SELECT id, name, phone FROM person");
        while (s.step()) {
            people.by_name[s.text(1)].emplace_back(s.text(0), s.text(2));
            people.count_id(s.text(0));
        }
    }
    std::unordered_set<std::string> given;
    for (const RegisterRow& row : rows) {
        if ((*row.values)[id]) {
            people.count_id(*(*row.values)[id]);
            given.insert(*(*row.values)[id]);
        }
    }
    std::int64_t matched = 0;
    std::int64_t made = 0;
    for (RegisterRow& row : rows) {
        auto& v = *row.values;
        if (v[id] || !v[name]) {
            continue;
        }
        const std::string tel = v[phone].value_or("");
        for (const auto& [pid, ptel] : people.by_name[*v[name]]) {
            if ((tel == ptel || tel.empty() || ptel.empty()) && given.insert(pid).second) {
                v[id] = pid;
                ++matched;
                break;
            }
        }
        if (!v[id]) {
            const std::string n = std::to_string(people.next++);
            const std::size_t width = people.width > 0 ? people.width : 3;
            v[id] = "P" + std::string(width > n.size() ? width - n.size() : 0, '0') + n;
            given.insert(*v[id]);
            ++made;
            if (!people.by_name[*v[name]].empty()) {
                out.notes.push_back(row.label() + ": " + *v[name] + " is new as " + *v[id] +
                                    ": the project's " + people.by_name[*v[name]].front().first +
                                    " of that name has another phone (give the id to update it)");
            }
        }
        *row.key = *v[id];
    }
    if (matched + made > 0) {
        out.notes.push_back(std::to_string(matched + made) +
                            " rows without an id: " + std::to_string(matched) +
                            " are people of the project (same name and "
                            "phone), " +
                            std::to_string(made) + " new with the next P-numbers");
    }
}

} // namespace

bool makes_keys(const TableDef& table) {
    return table.name == "household" || table.name == "unit" || table.name == "party_group" ||
           table.name == "party_branch" || table.name == "person";
}

bool updates_by_key(const TableDef& table) {
    if (table.geometry != GeometryKind::none || table.key.empty() || table.computed ||
        table.name == "settings") {
        return false;
    }
    return std::none_of(table.fields.begin(), table.fields.end(),
                        [](const FieldDef& f) { return !f.link_table.empty(); });
}

RegisterResult resolve_register(const ProjectImpl& p, const TableDef& table,
                                const SourceFields& fields, std::vector<RegisterRow>& rows) {
    RegisterResult out;
    translate_words(table, rows, out);
    const std::size_t building = field_pos(table, "building");
    const bool finds_buildings =
        (table.name == "household" || table.name == "unit") && fields.index[building] >= 0;
    std::optional<Units> units;
    if (finds_buildings) {
        Buildings buildings(p);
        const std::size_t unit = field_pos(table, "unit");
        units.emplace(p);
        std::int64_t by_name = 0;
        for (RegisterRow& row : rows) {
            auto& v = *row.values;
            if (!v[building]) {
                continue;
            }
            std::string problem;
            // Cells typed with a stray blank ("3栋 ") name the same building.
            const std::optional<std::string> compound =
                row.compound != nullptr && *row.compound
                    ? std::optional<std::string>(trim(**row.compound))
                    : std::nullopt;
            const std::string id = buildings.find(trim(*v[building]), compound, problem);
            if (!problem.empty()) {
                out.problems.push_back(where(row, table, fields, building) + ": " + problem);
                v[building].reset();
                if (unit < table.fields.size()) {
                    v[unit].reset(); // found within the building only
                }
                row.refused = true;
                continue;
            }
            by_name += id != *v[building] ? 1 : 0;
            v[building] = id;
            if (unit < table.fields.size() && v[unit]) {
                const std::string uid = units->find(id, trim(*v[unit]), out.units, problem);
                if (!problem.empty()) {
                    out.problems.push_back(where(row, table, fields, unit) + ": " + problem);
                }
                v[unit] = uid.empty() ? std::optional<std::string>() : uid;
            }
        }
        if (by_name > 0) {
            out.notes.push_back(std::to_string(by_name) +
                                " rows name their building (楼栋) rather than give its id");
        }
        for (const NewUnit& u : out.units) {
            out.notes.push_back("unit " + u.id + " (" + u.name + " of building " + u.building +
                                ") created");
        }
    }
    if (table.name == "household") {
        make_household_keys(p, table, rows, out);
    } else if (table.name == "unit") {
        if (!units) {
            units.emplace(p);
        }
        make_other_keys(p, table, rows, &*units, out);
    } else if (table.name == "party_group" || table.name == "party_branch") {
        make_other_keys(p, table, rows, nullptr, out);
    } else if (table.name == "person") {
        make_person_keys(p, table, rows, out);
    }
    return out;
}

namespace {

bool same_value(const FieldDef& f, const std::optional<std::string>& now,
                const std::optional<std::string>& stored) {
    if (!now || !stored) {
        return !now && !stored;
    }
    switch (f.type) {
    case FieldType::integer:
    case FieldType::boolean:
        return parse_integer(*now) == parse_integer(*stored);
    case FieldType::real:
        return parse_real(*now) == parse_real(*stored);
    case FieldType::datetime:
        return parse_date_time(*now) == parse_date_time(*stored);
    default:
        return *now == *stored;
    }
}

/// The fields the source gives (and the key), in table order.
std::vector<std::size_t> given_fields(const TableDef& t, const SourceFields& fields) {
    std::vector<std::size_t> out;
    for (std::size_t i = 0; i < t.fields.size(); ++i) {
        if ((fields.index[i] >= 0 || t.fields[i].name == t.key) && !t.fields[i].computed) {
            out.push_back(i);
        }
    }
    return out;
}

std::string quoted(std::string_view name) {
    return "\"" + std::string(name) + "\"";
}

} // namespace

std::vector<RowChange> compare_with_project(const ProjectImpl& p, const TableDef& table,
                                            const SourceFields& fields,
                                            const std::vector<RegisterRow>& rows) {
    std::vector<RowChange> out(rows.size(), RowChange::added);
    sqlite3* db = sqlite_handle(p);
    if (!updates_by_key(table) || !table_exists(db, std::string(table.name)) ||
        !Statement(db, "SELECT 1 FROM " + quoted(table.name) + " LIMIT 1").step()) {
        return out; // nothing to compare with: every row is new
    }
    const std::vector<std::size_t> given = given_fields(table, fields);
    std::string sql = "SELECT 1";
    for (std::size_t i : given) {
        sql += ", " + quoted(table.fields[i].name);
    }
    sql += " FROM " + quoted(table.name) + " WHERE " + quoted(table.key) + " = ?";
    Statement s(db, sql);
    for (std::size_t r = 0; r < rows.size(); ++r) {
        if (rows[r].key->empty()) {
            continue;
        }
        s.bind(1, *rows[r].key);
        if (s.step()) {
            bool same = true;
            for (std::size_t k = 0; k < given.size() && same; ++k) {
                const int column = static_cast<int>(k) + 1;
                const std::optional<std::string> stored =
                    s.is_null(column) ? std::nullopt : std::optional<std::string>(s.text(column));
                same = same_value(table.fields[given[k]], (*rows[r].values)[given[k]], stored);
            }
            out[r] = same ? RowChange::unchanged : RowChange::updated;
        }
        s.reset();
    }
    return out;
}

void insert_units(const ProjectImpl& p, const std::vector<NewUnit>& units) {
    if (units.empty()) {
        return;
    }
    OGRLayer* layer = p.layer("unit");
    for (const NewUnit& u : units) {
        FeaturePtr f(OGRFeature::CreateFeature(layer->GetLayerDefn()));
        f->SetField("id", u.id.c_str());
        f->SetField("building", u.building.c_str());
        f->SetField("name", u.name.c_str());
        if (layer->CreateFeature(f.get()) != OGRERR_NONE) {
            throw LibraryError(p.path + ": cannot write unit " + u.id + ": " +
                               CPLGetLastErrorMsg());
        }
    }
}

void update_row(const ProjectImpl& p, const TableDef& table, const SourceFields& fields,
                const std::vector<std::optional<std::string>>& values) {
    std::vector<std::size_t> given = given_fields(table, fields);
    std::erase_if(given, [&](std::size_t i) { return table.fields[i].name == table.key; });
    if (given.empty()) {
        return;
    }
    std::string sql = "UPDATE " + quoted(table.name) + " SET ";
    for (std::size_t k = 0; k < given.size(); ++k) {
        sql += (k > 0 ? ", " : "") + quoted(table.fields[given[k]].name) + " = ?";
    }
    sql += " WHERE " + quoted(table.key) + " = ?";
    Statement s(sqlite_handle(p), sql);
    for (std::size_t k = 0; k < given.size(); ++k) {
        const FieldDef& f = table.fields[given[k]];
        const auto& v = values[given[k]];
        const int at = static_cast<int>(k) + 1;
        if (!v) {
            s.bind_null(at);
        } else if (f.type == FieldType::integer || f.type == FieldType::boolean) {
            s.bind(at, parse_integer(*v).value_or(0));
        } else if (f.type == FieldType::real) {
            s.bind(at, parse_real(*v).value_or(0.0));
        } else if (f.type == FieldType::datetime) {
            s.bind(at, utc_text(parse_time(*v).value_or(0)));
        } else {
            s.bind(at, *v);
        }
    }
    s.bind(static_cast<int>(given.size()) + 1, *values[field_pos(table, table.key)]);
    s.step();
}

std::vector<SourceFields> resolve_layers(const TableDef& table,
                                         const std::vector<OGRLayer*>& layers,
                                         const ImportOptions& o) {
    std::vector<SourceFields> out;
    for (OGRLayer* layer : layers) {
        std::vector<std::string> headers;
        OGRFeatureDefn* defn = layer->GetLayerDefn();
        for (int j = 0; j < defn->GetFieldCount(); ++j) {
            headers.emplace_back(defn->GetFieldDefn(j)->GetNameRef());
        }
        out.push_back(resolve_source_fields(table, headers, o.field_map, o.ignore_fields,
                                            o.merge_by, o.source));
        auto targets = [](const SourceFields& f) {
            std::vector<bool> t;
            for (int i : f.index) {
                t.push_back(i >= 0);
            }
            return std::make_pair(t, f.lookups.size());
        };
        if (out.size() > 1 && targets(out.back()) != targets(out.front())) {
            throw InputError(o.source + ": sheet '" + layer->GetName() + "' reads " +
                             std::to_string(out.back().taken.size()) + " fields, sheet '" +
                             layers.front()->GetName() + "' " +
                             std::to_string(out.front().taken.size()) +
                             "; --all-sheets needs sheets with the same headers");
        }
    }
    return out;
}

} // namespace gridmap::detail
