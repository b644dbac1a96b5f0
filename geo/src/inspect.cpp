#include "gridmap/inspect.hpp"

#include "detail/project_impl.hpp"
#include "detail/sqlite.hpp"
#include "detail/time.hpp"
#include "gridmap/error.hpp"
#include "gridmap/meeting.hpp"
#include "gridmap/schema.hpp"
#include "gridmap/text.hpp"

#include <cctype>

namespace gridmap {

namespace {

using detail::Statement;

bool has_column(sqlite3* db, const std::string& table, const std::string& column) {
    Statement s(db, "SELECT 1 FROM pragma_table_info(?) WHERE name = ?");
    s.bind(1, table);
    s.bind(2, column);
    return s.step();
}

/// The first row of a query with one text parameter, column by column ("" for NULL); empty
/// when there is no row.
std::vector<std::string> row(sqlite3* db, const std::string& sql, const std::string& key,
                             int columns) {
    Statement s(db, sql);
    s.bind(1, key);
    std::vector<std::string> out;
    if (s.step()) {
        for (int i = 0; i < columns; ++i) {
            out.push_back(s.text(i));
        }
    }
    return out;
}

/// Every row of a one-column query with one text parameter, joined by `sep`.
std::string joined(sqlite3* db, const std::string& sql, const std::string& key,
                   const char* sep = "、") {
    Statement s(db, sql);
    s.bind(1, key);
    std::string out;
    while (s.step()) {
        const std::string v = s.text(0);
        if (!v.empty()) {
            out += (out.empty() ? "" : sep) + v;
        }
    }
    return out;
}

std::string count(sqlite3* db, const std::string& sql, const std::string& key) {
    Statement s(db, sql);
    s.bind(1, key);
    return s.step() ? std::to_string(s.integer(0)) : "0";
}

/// Staff holding `role` for `target`: "name 138****1234", joined.
std::string staff(sqlite3* db, const std::string& role, const std::string& target) {
    Statement s(db,
                "SELECT p.name, p.phone FROM role_assignment r JOIN person p ON p.id = r.person "
                "WHERE r.role = ? AND r.target = ? ORDER BY p.name, p.id");
    s.bind(1, role);
    s.bind(2, target);
    std::string out;
    while (s.step()) {
        std::string who = s.text(0);
        const std::string phone = mask_phone(s.text(1));
        if (!phone.empty()) {
            who += " " + phone;
        }
        out += (out.empty() ? "" : "、") + who;
    }
    return out;
}

void add(FeatureFacts& f, const char* field, const std::string& value) {
    if (!value.empty()) {
        f.facts.push_back({field, value});
    }
}

/// "code name" of a cell, or the code alone.
std::string cell_label(sqlite3* db, const std::string& code) {
    if (code.empty()) {
        return {};
    }
    const auto r = row(db, "SELECT name FROM cell WHERE code = ?", code, 1);
    return r.empty() || r[0].empty() ? code : code + " " + r[0];
}

std::string name_of(sqlite3* db, const std::string& table, const std::string& key_field,
                    const std::string& key) {
    if (key.empty()) {
        return {};
    }
    const auto r = row(db, "SELECT name FROM " + table + " WHERE " + key_field + " = ?", key, 1);
    return r.empty() || r[0].empty() ? key : r[0];
}

} // namespace

std::string mask_phone(std::string_view phone) {
    std::string digits;
    for (char c : phone) {
        if (std::isdigit(static_cast<unsigned char>(c)) != 0) {
            digits += c;
        }
    }
    if (digits.empty()) {
        return {};
    }
    if (digits.size() <= 7) {
        return "****" + digits.substr(digits.size() - std::min<std::size_t>(2, digits.size()));
    }
    return digits.substr(0, 3) + "****" + digits.substr(digits.size() - 4);
}

std::optional<FeatureFacts> inspect_feature(const Project& project, const std::string& table,
                                            const std::string& key) {
    const TableDef* def = find_table(table);
    if (def == nullptr || def->geometry == GeometryKind::none) {
        throw InputError("'" + table + "' is not a spatial layer");
    }
    sqlite3* db = detail::sqlite_handle(project.impl());
    if (!detail::table_exists(db, table)) {
        return std::nullopt;
    }
    const std::string key_field(def->key);
    FeatureFacts f;
    f.table = table;
    f.key = key;
    if (table == "building") {
        const auto r = row(db,
                           "SELECT name, number, compound, cell, kind, floors FROM building "
                           "WHERE id = ?",
                           key, 6);
        if (r.empty()) {
            return std::nullopt;
        }
        f.title = r[0].empty() ? key : r[0];
        add(f, "number", r[1]);
        add(f, "compound", name_of(db, "compound", "id", r[2]));
        add(f, "cell", cell_label(db, r[3]));
        add(f, "kind", r[4]);
        add(f, "floors", r[5]);
        add(f, "party_groups",
            joined(db,
                   "SELECT g.name FROM party_group_building l JOIN party_group g ON g.id = "
                   "l.party_group WHERE l.building = ? ORDER BY g.name",
                   key));
        add(f, "building_captain", staff(db, "building_captain", key));
        {
            Statement s(db, "SELECT id, name FROM unit WHERE building = ? ORDER BY id");
            s.bind(1, key);
            std::string captains;
            while (s.step()) {
                const std::string who = staff(db, "unit_captain", s.text(0));
                if (!who.empty()) {
                    const std::string unit = s.text(1).empty() ? s.text(0) : s.text(1);
                    captains += (captains.empty() ? "" : "; ") + unit + ": " + who;
                }
            }
            add(f, "unit_captains", captains);
        }
        add(f, "units", count(db, "SELECT COUNT(*) FROM unit WHERE building = ?", key));
        add(f, "households", count(db, "SELECT COUNT(*) FROM household WHERE building = ?", key));
    } else if (table == "cell") {
        const auto r = row(db, "SELECT name, community FROM cell WHERE code = ?", key, 2);
        if (r.empty()) {
            return std::nullopt;
        }
        f.title = r[0].empty() ? key : r[0];
        add(f, "code", key);
        add(f, "community", name_of(db, "community", "code", r[1]));
        add(f, "grid_worker", staff(db, "grid_worker", key));
        add(f, "buildings", count(db, "SELECT COUNT(*) FROM building WHERE cell = ?", key));
        add(f, "households",
            count(db,
                  "SELECT COUNT(*) FROM household h JOIN building b ON b.id = h.building "
                  "WHERE b.cell = ?",
                  key));
        const std::int64_t now = detail::now_seconds();
        add(f, "issues_open",
            std::to_string(count_issues(issues_as_of(project, now), now, "cell", key).open));
        add(f, "issues_total", count(db, "SELECT COUNT(*) FROM issue WHERE cell = ?", key));
    } else if (table == "compound") {
        const auto r = row(db, "SELECT name, community FROM compound WHERE id = ?", key, 2);
        if (r.empty()) {
            return std::nullopt;
        }
        f.title = r[0].empty() ? key : r[0];
        add(f, "community", name_of(db, "community", "code", r[1]));
        add(f, "compound_captain", staff(db, "compound_captain", key));
        add(f, "buildings", count(db, "SELECT COUNT(*) FROM building WHERE compound = ?", key));
        add(f, "households",
            count(db,
                  "SELECT COUNT(*) FROM household h JOIN building b ON b.id = h.building "
                  "WHERE b.compound = ?",
                  key));
    } else if (table == "community") {
        const auto r = row(db, "SELECT name, street FROM community WHERE code = ?", key, 2);
        if (r.empty()) {
            return std::nullopt;
        }
        f.title = r[0].empty() ? key : r[0];
        add(f, "code", key);
        add(f, "street", r[1]);
        add(f, "cells", count(db, "SELECT COUNT(*) FROM cell WHERE community = ?", key));
        add(f, "compounds", count(db, "SELECT COUNT(*) FROM compound WHERE community = ?", key));
        add(f, "buildings", count(db, "SELECT COUNT(*) FROM building WHERE community = ?", key));
        add(f, "households",
            count(db,
                  "SELECT COUNT(*) FROM household h JOIN building b ON b.id = h.building "
                  "WHERE b.community = ?",
                  key));
    } else if (table == "road") {
        const auto r = row(db, "SELECT name, kind FROM road WHERE id = ?", key, 2);
        if (r.empty()) {
            return std::nullopt;
        }
        f.title = r[0].empty() ? key : r[0];
        add(f, "kind", r[1]);
        // A repair segment names its road by id or by name.
        Statement s(db, "SELECT COUNT(*) FROM repair_segment WHERE road = ? OR road = ?");
        s.bind(1, key);
        s.bind(2, r[0].empty() ? key : r[0]);
        add(f, "repair_segments", s.step() ? std::to_string(s.integer(0)) : "0");
    } else if (table == "repair_segment") {
        const auto r = row(db,
                           "SELECT road, work_type, state, start_date, end_date FROM "
                           "repair_segment WHERE id = ?",
                           key, 5);
        if (r.empty()) {
            return std::nullopt;
        }
        f.title = key;
        const auto road = row(db, "SELECT name FROM road WHERE id = ?", r[0], 1);
        add(f, "road", road.empty() || road[0].empty() ? r[0] : road[0]);
        add(f, "work_type", r[1]);
        add(f, "state", r[2]);
        add(f, "start_date", r[3]);
        add(f, "end_date", r[4]);
        {
            detail::GeosContext ctx;
            detail::WkbReaderPtr reader(GEOSWKBReader_create_r(ctx), detail::WkbReaderDeleter{ctx});
            Statement g(db, "SELECT geom FROM repair_segment WHERE id = ?");
            g.bind(1, key);
            double length = 0;
            if (g.step()) {
                detail::Geom line(ctx, detail::gpkg_blob_to_geos(ctx, reader.get(), g.blob(0)));
                if (line && GEOSLength_r(ctx, line.get(), &length) == 1) {
                    add(f, "length_m", fixed(length, 1));
                }
            }
        }
        Statement s(db, "SELECT cell, length_m FROM repair_segment_cell WHERE repair_segment = ? "
                        "ORDER BY cell");
        s.bind(1, key);
        std::string cells;
        while (s.step()) {
            cells += (cells.empty() ? "" : "; ") + s.text(0) + " " + fixed(s.real(1), 1) + " m";
        }
        add(f, "cells", cells);
    } else if (table == "service_point") {
        const auto r = row(db, "SELECT name, kind, cell FROM service_point WHERE id = ?", key, 3);
        if (r.empty()) {
            return std::nullopt;
        }
        f.title = r[0].empty() ? key : r[0];
        add(f, "kind", r[1]);
        add(f, "cell", cell_label(db, r[2]));
    } else if (table == "issue") {
        // Older schemas (opened read-only, not migrated) lack the work-order columns.
        const bool v4 = has_column(db, "issue", "assignee");
        const auto r = row(db,
                           std::string("SELECT category, small_class, state, ") +
                               (v4 ? "address, assignee" : "NULL, NULL") +
                               ", text, reported_at, deadline, cell FROM issue WHERE id = ?",
                           key, 9);
        if (r.empty()) {
            return std::nullopt;
        }
        f.title = key;
        add(f, "category", r[0]);
        add(f, "small_class", r[1]);
        add(f, "state", r[2]);
        add(f, "address", r[3]);
        add(f, "text", r[5]);
        add(f, "reported_at", r[6]);
        add(f, "deadline", r[7]);
        if (!r[4].empty()) {
            const auto who = row(db, "SELECT name, phone FROM person WHERE id = ?", r[4], 2);
            if (!who.empty()) {
                const std::string phone = mask_phone(who[1]);
                add(f, "assignee", who[0] + (phone.empty() ? "" : " " + phone));
            }
        }
        add(f, "cell", cell_label(db, r[8]));
    } else {
        const auto r =
            row(db, "SELECT 1 FROM \"" + table + "\" WHERE " + key_field + " = ?", key, 1);
        if (r.empty()) {
            return std::nullopt;
        }
        f.title = key;
    }
    return f;
}

} // namespace gridmap
