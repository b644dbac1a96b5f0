#include "gridmap/assign.hpp"

#include "detail/gdal.hpp"
#include "detail/project_impl.hpp"
#include "detail/sqlite.hpp"
#include "detail/time.hpp"
#include "gridmap/error.hpp"
#include "gridmap/terms.hpp"

#include <algorithm>
#include <array>
#include <cstdio>
#include <filesystem>
#include <map>
#include <random>
#include <set>

namespace gridmap {

namespace {

using detail::Statement;

constexpr std::size_t max_listed_problems = 20;

/// Where a role's rows live: the table, its person and target columns, the table the target
/// refers to, and whether a target holds one person only. The names are in terms.hpp.
struct RoleTable {
    std::string_view role;
    std::string_view table;
    std::string_view person_column;
    std::string_view target_column;
    std::string_view target_table;
    std::string_view target_key;
    bool exclusive;
};

constexpr std::array<RoleTable, 6> role_tables{{
    {"grid_worker", "role_assignment", "person", "target", "cell", "code", true},
    {"compound_captain", "role_assignment", "person", "target", "compound", "id", true},
    {"building_captain", "role_assignment", "person", "target", "building", "id", true},
    {"unit_captain", "role_assignment", "person", "target", "unit", "id", true},
    {"party_group", "party_group_building", "party_group", "building", "building", "id", true},
    {"household_pairing", "household_pairing", "person", "household", "household", "id", false},
}};

const RoleTable* find_role(const std::string& name) {
    const auto term = find_term(Vocabulary::role, name); // by code or Chinese name
    for (const RoleTable& r : role_tables) {
        if (term && r.role == term->code) {
            return &r;
        }
    }
    return nullptr;
}

bool is_captain(const RoleTable& r) {
    return r.table == "role_assignment";
}

std::string role_list() {
    std::string s;
    for (const RoleTable& r : role_tables) {
        s += (s.empty() ? "" : ", ") + std::string(r.role);
    }
    return s;
}

/// Every problem of one call, thrown together.
class Problems {
public:
    explicit Problems(std::string source) : m_source(std::move(source)) {}
    void add(std::string p) { m_list.push_back(std::move(p)); }
    bool empty() const { return m_list.empty(); }
    void throw_if_any() const {
        if (m_list.empty()) {
            return;
        }
        const std::string prefix = m_source.empty() ? "" : m_source + ": ";
        if (m_list.size() == 1) {
            throw InputError(prefix + m_list.front() + "; nothing was written");
        }
        std::string msg =
            prefix + std::to_string(m_list.size()) + " problems; nothing was written:";
        for (std::size_t i = 0; i < m_list.size() && i < max_listed_problems; ++i) {
            msg += "\n  " + m_list[i];
        }
        if (m_list.size() > max_listed_problems) {
            msg += "\n  ... and " + std::to_string(m_list.size() - max_listed_problems) + " more";
        }
        throw InputError(msg);
    }

private:
    std::string m_source;
    std::vector<std::string> m_list;
};

using detail::writable;

bool exists(sqlite3* db, std::string_view table, std::string_view key, const std::string& value) {
    if (!detail::table_exists(db, std::string(table))) {
        return false;
    }
    Statement s(db, "SELECT 1 FROM \"" + std::string(table) + "\" WHERE \"" + std::string(key) +
                        "\" = ? LIMIT 1");
    s.bind(1, value);
    return s.step();
}

std::string person_label(sqlite3* db, const std::string& id) {
    Statement s(db, "SELECT name FROM person WHERE id = ?");
    s.bind(1, id);
    return s.step() && !s.text(0).empty() ? id + " " + s.text(0) : id;
}

/// "row 3, field 'person': " (or "field 'person': " for a single unnamed change).
std::string field_of(const std::string& label, const char* field) {
    return (label.empty() ? "" : label + ", ") + "field '" + field + "': ";
}

/// A change checked against the project: the role's table and the party group resolved to
/// its id.
struct Resolved {
    std::string label;
    AssignAction action = AssignAction::assign;
    const RoleTable* role = nullptr;
    std::string person; ///< "" for "whoever holds it" (unassign only)
    std::string target;
    std::string note;
};

/// Checks one change; adds its problems and returns nothing when it has any.
std::optional<Resolved> resolve(sqlite3* db, const std::string& label, const AssignmentChange& c,
                                Problems& problems) {
    Resolved r;
    r.label = label;
    r.action = c.action;
    r.note = c.note;
    r.target = c.target;
    bool ok = true;
    r.role = find_role(c.role);
    if (r.role == nullptr) {
        problems.add(field_of(label, "role") +
                     (c.role.empty() ? std::string("missing")
                                     : "'" + c.role + "' is not a role (" + role_list() + ")"));
        ok = false;
    }
    if (c.target.empty()) {
        problems.add(field_of(label, "target") + "missing");
        ok = false;
    } else if (r.role != nullptr &&
               !exists(db, r.role->target_table, r.role->target_key, c.target)) {
        problems.add(field_of(label, "target") + "no " + std::string(r.role->target_table) +
                     " with " + std::string(r.role->target_key) + " '" + c.target + "'");
        ok = false;
    }
    if (c.person.empty()) {
        if (c.action == AssignAction::assign) {
            problems.add(field_of(label, "person") + "missing");
            ok = false;
        }
    } else if (r.role != nullptr && r.role->role == "party_group") {
        if (exists(db, "party_group", "id", c.person)) {
            r.person = c.person;
        } else {
            Statement s(db, "SELECT id FROM party_group WHERE name = ? ORDER BY id");
            s.bind(1, c.person);
            std::vector<std::string> ids;
            while (s.step()) {
                ids.push_back(s.text(0));
            }
            if (ids.size() == 1) {
                r.person = ids.front();
            } else {
                problems.add(field_of(label, "person") +
                             (ids.empty()
                                  ? "no party group with id or name '" + c.person + "'"
                                  : "the name '" + c.person + "' fits " +
                                        std::to_string(ids.size()) + " party groups; give the id"));
                ok = false;
            }
        }
    } else if (!exists(db, "person", "id", c.person)) {
        problems.add(field_of(label, "person") + "no person with id '" + c.person + "'");
        ok = false;
    } else {
        r.person = c.person;
        if (r.role != nullptr && r.role->role == "household_pairing" &&
            c.action == AssignAction::assign) {
            Statement s(db, "SELECT party_member FROM person WHERE id = ?");
            s.bind(1, c.person);
            if (!s.step() || s.is_null(0) || s.integer(0) == 0) {
                problems.add(field_of(label, "person") + person_label(db, c.person) +
                             " is not a party member (household pairing needs one)");
                ok = false;
            }
        }
    }
    if (!ok) {
        return std::nullopt;
    }
    return r;
}

struct Row {
    std::int64_t fid = 0;
    std::string person;
};

/// The rows of a role on a target (inside the caller's transaction: sees its own writes).
std::vector<Row> holders(sqlite3* db, const RoleTable& role, const std::string& target) {
    std::string sql = "SELECT fid, \"" + std::string(role.person_column) + "\" FROM \"" +
                      std::string(role.table) + "\" WHERE \"" + std::string(role.target_column) +
                      "\" = ?";
    if (is_captain(role)) {
        sql += " AND role = ?";
    }
    Statement s(db, sql + " ORDER BY \"" + std::string(role.person_column) + "\", fid");
    s.bind(1, target);
    if (is_captain(role)) {
        s.bind(2, role.role);
    }
    std::vector<Row> out;
    while (s.step()) {
        out.push_back({s.integer(0), s.text(1)});
    }
    return out;
}

/// Writes through GDAL inside the caller's transaction: rows and their events.
class Writer {
public:
    Writer(const detail::ProjectImpl& p, std::string by, std::string session, std::int64_t at)
        : m_p(p), m_by(std::move(by)), m_session(std::move(session)), m_at(at) {}

    void insert(const RoleTable& role, const std::string& person, const std::string& target) {
        OGRLayer* layer = m_p.layer(role.table);
        detail::FeaturePtr f(OGRFeature::CreateFeature(layer->GetLayerDefn()));
        f->SetField(std::string(role.person_column).c_str(), person.c_str());
        f->SetField(std::string(role.target_column).c_str(), target.c_str());
        if (is_captain(role)) {
            f->SetField("role", std::string(role.role).c_str());
        }
        if (layer->CreateFeature(f.get()) != OGRERR_NONE) {
            throw LibraryError(m_p.path + ": cannot write a " + std::string(role.table) +
                               " row: " + CPLGetLastErrorMsg());
        }
    }

    void remove(const RoleTable& role, std::int64_t fid) {
        if (m_p.layer(role.table)->DeleteFeature(static_cast<GIntBig>(fid)) != OGRERR_NONE) {
            throw LibraryError(m_p.path + ": cannot delete " + std::string(role.table) + " fid " +
                               std::to_string(fid) + ": " + CPLGetLastErrorMsg());
        }
    }

    void event(AssignAction action, const RoleTable& role, const std::string& person,
               const std::string& target, const std::string& note) {
        OGRLayer* layer = m_p.layer("assignment_event");
        detail::FeaturePtr e(OGRFeature::CreateFeature(layer->GetLayerDefn()));
        e->SetField("at", detail::utc_text(m_at).c_str());
        if (!m_by.empty()) {
            e->SetField("by", m_by.c_str());
        }
        e->SetField("action", action == AssignAction::assign ? "assign" : "unassign");
        e->SetField("role", std::string(role.role).c_str());
        if (!person.empty()) {
            e->SetField("person", person.c_str());
        }
        e->SetField("target", target.c_str());
        if (!note.empty()) {
            e->SetField("note", note.c_str());
        }
        e->SetField("session", m_session.c_str());
        if (layer->CreateFeature(e.get()) != OGRERR_NONE) {
            throw LibraryError(m_p.path +
                               ": cannot write an assignment event: " + CPLGetLastErrorMsg());
        }
    }

private:
    const detail::ProjectImpl& m_p;
    std::string m_by;
    std::string m_session;
    std::int64_t m_at;
};

std::string new_session_id(std::int64_t at) {
    // Beijing time of the change and a random suffix: readable, and unique in practice.
    const std::string t = detail::beijing_text(at); // YYYY-MM-DDTHH:MM:SS+08:00
    std::random_device rd;
    char suffix[8];
    std::snprintf(suffix, sizeof suffix, "%04x", static_cast<unsigned>(rd() & 0xffffu));
    return t.substr(0, 4) + t.substr(5, 2) + t.substr(8, 2) + "-" + t.substr(11, 2) +
           t.substr(14, 2) + t.substr(17, 2) + "-" + suffix;
}

void check_by(sqlite3* db, const std::string& by, Problems& problems) {
    if (!by.empty() && !exists(db, "person", "id", by)) {
        problems.add("by: no person with id '" + by + "'");
    }
}

const char* replaced_prefix = "replaced by ";

/// Applies checked changes inside an open transaction; conflicts go to `problems`.
void apply_resolved(sqlite3* db, Writer& w, const std::vector<Resolved>& changes, bool replace,
                    AssignResult& result, Problems& problems) {
    for (const Resolved& c : changes) {
        const RoleTable& role = *c.role;
        const std::vector<Row> rows = holders(db, role, c.target);
        if (c.action == AssignAction::assign) {
            if (std::any_of(rows.begin(), rows.end(),
                            [&](const Row& r) { return r.person == c.person; })) {
                ++result.unchanged;
                continue;
            }
            if (role.exclusive && !rows.empty()) {
                if (!replace) {
                    problems.add(field_of(c.label, "target") + c.target + " already has a " +
                                 std::string(role.role) + " (" +
                                 (role.role == "party_group"
                                      ? rows.front().person
                                      : person_label(db, rows.front().person)) +
                                 "); unassign it first or allow replacing");
                    continue;
                }
                for (const Row& r : rows) {
                    w.remove(role, r.fid);
                    w.event(AssignAction::unassign, role, r.person, c.target,
                            replaced_prefix + c.person);
                    ++result.unassigned;
                }
            }
            w.insert(role, c.person, c.target);
            w.event(AssignAction::assign, role, c.person, c.target, c.note);
            ++result.assigned;
        } else {
            bool any = false;
            for (const Row& r : rows) {
                if (c.person.empty() || r.person == c.person) {
                    w.remove(role, r.fid);
                    w.event(AssignAction::unassign, role, r.person, c.target, c.note);
                    ++result.unassigned;
                    any = true;
                }
            }
            if (!any) {
                ++result.unchanged;
            }
        }
    }
}

AssignResult apply_labelled(Project& project,
                            const std::vector<std::pair<std::string, AssignmentChange>>& changes,
                            const AssignOptions& options) {
    const detail::ProjectImpl& p = writable(project);
    detail::Transaction tx(*p.ds); // the write lock, before the holders are read
    sqlite3* db = detail::sqlite_handle(p);
    Problems problems(options.source_name);
    check_by(db, options.by, problems);
    std::vector<Resolved> resolved;
    for (const auto& [label, c] : changes) {
        if (auto r = resolve(db, label, c, problems)) {
            resolved.push_back(std::move(*r));
        }
    }
    problems.throw_if_any();
    const std::int64_t at = options.at.value_or(detail::now_seconds());
    AssignResult result;
    result.session = options.session.empty() ? new_session_id(at) : options.session;
    Writer w(p, options.by, result.session, at);
    apply_resolved(db, w, resolved, options.replace, result, problems);
    problems.throw_if_any(); // the transaction rolls back
    tx.commit();
    return result;
}

struct StoredEvent {
    std::int64_t fid = 0;
    AssignmentEventRecord record;
};

std::vector<StoredEvent> read_events(sqlite3* db, const std::string& where,
                                     const std::string& bind) {
    std::vector<StoredEvent> out;
    if (!detail::table_exists(db, "assignment_event")) {
        return out;
    }
    Statement s(db, "SELECT fid, at, by, action, role, person, target, note, session FROM "
                    "assignment_event " +
                        where + " ORDER BY at, fid");
    if (!bind.empty()) {
        s.bind(1, bind);
    }
    while (s.step()) {
        StoredEvent e;
        e.fid = s.integer(0);
        AssignmentEventRecord& r = e.record;
        r.at = detail::parse_time(s.text(1)).value_or(0);
        r.by = s.text(2);
        r.action = s.text(3) == "unassign" ? AssignAction::unassign : AssignAction::assign;
        r.role = s.text(4);
        r.person = s.text(5);
        r.target = s.text(6);
        r.note = s.text(7);
        r.session = s.text(8);
        out.push_back(std::move(e));
    }
    return out;
}

/// Whether the latest assignment of `person` to `target` in `role` is an event after `fid`
/// that was not itself an undo.
bool assigned_after(sqlite3* db, const std::string& role, const std::string& person,
                    const std::string& target, std::int64_t fid) {
    Statement s(db, "SELECT fid, note FROM assignment_event WHERE role = ? AND person = ? AND "
                    "target = ? AND action = 'assign' ORDER BY fid DESC LIMIT 1");
    s.bind(1, role);
    s.bind(2, person);
    s.bind(3, target);
    return s.step() && s.integer(0) > fid && s.text(1) != "undo";
}

} // namespace

AssignResult apply_assignments(Project& project, const std::vector<AssignmentChange>& changes,
                               const AssignOptions& options) {
    std::vector<std::pair<std::string, AssignmentChange>> labelled;
    for (std::size_t i = 0; i < changes.size(); ++i) {
        labelled.emplace_back(changes.size() == 1 ? "" : "change " + std::to_string(i + 1),
                              changes[i]);
    }
    return apply_labelled(project, labelled, options);
}

AssignResult import_assignments(Project& project, const std::string& path,
                                const AssignOptions& options) {
    writable(project);
    const std::string source = options.source_name.empty() ? path : options.source_name;
    if (!std::filesystem::exists(path)) {
        throw InputError(path + ": no such file");
    }
    // Registers are often all text, which GDAL cannot tell from a header: row 1 is the header.
    const detail::ScopedConfigOption xlsx_headers("OGR_XLSX_HEADERS", "FORCE");
    const detail::ScopedConfigOption ods_headers("OGR_ODS_HEADERS", "FORCE");
    CPLStringList oo;
    oo.AddNameValue("AUTODETECT_TYPE", "NO");
    oo.AddNameValue("HEADERS", "YES");
    GDALDatasetUniquePtr ds;
    {
        detail::GdalErrorCapture errors;
        const std::string ext = std::filesystem::path(path).extension().string();
        ds.reset(GDALDataset::Open(path.c_str(), GDAL_OF_VECTOR | GDAL_OF_READONLY, nullptr,
                                   (ext == ".csv" || ext == ".CSV") ? oo.List() : nullptr,
                                   nullptr));
        if (!ds || ds->GetLayerCount() < 1) {
            throw InputError(source + ": not a readable table (CSV, XLSX or ODS)" +
                             (errors.last().empty() ? "" : " (" + errors.last() + ")"));
        }
    }
    OGRLayer* layer = ds->GetLayer(0);
    OGRFeatureDefn* defn = layer->GetLayerDefn();
    std::map<std::string, int> column;
    for (const char* name : {"role", "person", "target", "action", "note"}) {
        column[name] = defn->GetFieldIndex(name);
    }
    for (const char* name : {"role", "person", "target"}) {
        if (column[name] < 0) {
            std::string names;
            for (int j = 0; j < defn->GetFieldCount(); ++j) {
                names += (j > 0 ? ", " : "") + std::string(defn->GetFieldDefn(j)->GetNameRef());
            }
            throw InputError(source + ": no column '" + name +
                             "' (the first row must name the columns role, person, target and "
                             "optionally action, note; it names: " +
                             names + ")");
        }
    }
    auto text = [&](const OGRFeature& f, const char* name) {
        const int i = column[name];
        if (i < 0 || !f.IsFieldSetAndNotNull(i)) {
            return std::string();
        }
        std::string v = f.GetFieldAsString(i);
        const auto b = v.find_first_not_of(" \t\r\n");
        const auto e = v.find_last_not_of(" \t\r\n");
        return b == std::string::npos ? std::string() : v.substr(b, e - b + 1);
    };
    std::vector<std::pair<std::string, AssignmentChange>> changes;
    Problems problems(source);
    int row = 1; // the header is row 1, as a spreadsheet shows it
    for (auto& f : *layer) {
        ++row;
        AssignmentChange c;
        c.role = text(*f, "role");
        c.person = text(*f, "person");
        c.target = text(*f, "target");
        c.note = text(*f, "note");
        const std::string action = text(*f, "action");
        if (c.role.empty() && c.person.empty() && c.target.empty() && action.empty()) {
            continue; // an empty row of a spreadsheet
        }
        const std::string label = "row " + std::to_string(row);
        if (action.empty() || action == "assign" || action == "分配") {
            c.action = AssignAction::assign;
        } else if (action == "unassign" || action == "取消") {
            c.action = AssignAction::unassign;
        } else {
            problems.add(field_of(label, "action") + "'" + action +
                         "' is neither assign nor unassign");
            continue;
        }
        changes.emplace_back(label, std::move(c));
    }
    if (changes.empty() && problems.empty()) {
        throw InputError(source + ": no rows to apply");
    }
    // Rows with a bad action are reported together with the other rows' problems.
    sqlite3* db = detail::sqlite_handle(project.impl());
    for (const auto& [label, c] : changes) {
        resolve(db, label, c, problems);
    }
    check_by(db, options.by, problems);
    problems.throw_if_any();
    AssignOptions o = options;
    o.source_name = source;
    return apply_labelled(project, changes, o);
}

AssignResult undo_assignments(Project& project, const std::string& session, std::size_t count,
                              const AssignOptions& options) {
    const detail::ProjectImpl& p = writable(project);
    if (session.empty()) {
        throw InputError("undo: a session id is required");
    }
    detail::Transaction tx(*p.ds); // the write lock, before the events are read
    sqlite3* db = detail::sqlite_handle(p);
    std::vector<StoredEvent> events = read_events(db, "WHERE session = ?", session);
    if (events.empty()) {
        throw InputError("undo: no assignment changes in session '" + session + "'");
    }
    std::sort(events.begin(), events.end(),
              [](const StoredEvent& a, const StoredEvent& b) { return a.fid < b.fid; });
    // The events not yet undone, as a stack: each "undo" event cancels the newest event left.
    std::vector<const StoredEvent*> stack;
    for (const StoredEvent& e : events) {
        if (e.record.note == "undo") {
            if (!stack.empty()) {
                stack.pop_back();
            }
        } else {
            stack.push_back(&e);
        }
    }
    if (stack.empty()) {
        throw InputError("undo: every change of session '" + session + "' is already undone");
    }
    // Changes, newest first: an assignment that replaced a holder takes its unassign along.
    std::vector<const StoredEvent*> undo;
    std::size_t changes = 0;
    while (!stack.empty() && (count == 0 || changes < count)) {
        const StoredEvent* top = stack.back();
        stack.pop_back();
        undo.push_back(top);
        if (top->record.action == AssignAction::assign) {
            const std::string note = replaced_prefix + top->record.person;
            while (!stack.empty() && stack.back()->record.action == AssignAction::unassign &&
                   stack.back()->record.role == top->record.role &&
                   stack.back()->record.target == top->record.target &&
                   stack.back()->record.note == note) {
                undo.push_back(stack.back());
                stack.pop_back();
            }
        }
        ++changes;
    }
    Problems problems("undo of session " + session);
    check_by(db, options.by, problems);
    problems.throw_if_any();
    const std::int64_t at = options.at.value_or(detail::now_seconds());
    AssignResult result;
    result.session = session;
    Writer w(p, options.by, session, at);
    for (const StoredEvent* e : undo) {
        const AssignmentEventRecord& r = e->record;
        const RoleTable* role = find_role(r.role);
        const std::string label = "event " + std::to_string(e->fid) + " (" + r.role + " " +
                                  r.person + " on " + r.target + ")";
        if (role == nullptr) {
            problems.add(label + ": unknown role");
            continue;
        }
        const std::vector<Row> rows = holders(db, *role, r.target);
        if (r.action == AssignAction::assign) {
            bool any = false;
            for (const Row& row : rows) {
                if (row.person == r.person) {
                    w.remove(*role, row.fid);
                    any = true;
                }
            }
            if (any) {
                ++result.unassigned;
            } else {
                ++result.unchanged;
            }
            w.event(AssignAction::unassign, *role, r.person, r.target, "undo");
        } else {
            const bool held = std::any_of(rows.begin(), rows.end(),
                                          [&](const Row& row) { return row.person == r.person; });
            // A holder given after the event (not by an undo) would be pushed out: refused.
            const auto later = std::find_if(rows.begin(), rows.end(), [&](const Row& row) {
                return role->exclusive && assigned_after(db, r.role, row.person, r.target, e->fid);
            });
            if (held) {
                ++result.unchanged;
            } else if (later != rows.end()) {
                problems.add(label + ": " + r.target + " now has " + std::string(r.role) + " " +
                             later->person + ", given after this change");
                continue;
            } else if (!exists(db, role->target_table, role->target_key, r.target)) {
                problems.add(label + ": " + std::string(role->target_table) + " '" + r.target +
                             "' no longer exists");
                continue;
            } else if (!exists(db, role->role == "party_group" ? "party_group" : "person", "id",
                               r.person)) {
                problems.add(label + ": '" + r.person + "' no longer exists");
                continue;
            } else {
                w.insert(*role, r.person, r.target);
                ++result.assigned;
            }
            w.event(AssignAction::assign, *role, r.person, r.target, "undo");
        }
    }
    problems.throw_if_any();
    tx.commit();
    return result;
}

std::vector<AssignmentEventRecord> assignment_events(const Project& project,
                                                     const std::string& target) {
    std::vector<AssignmentEventRecord> out;
    for (StoredEvent& e : read_events(detail::sqlite_handle(project.impl()),
                                      target.empty() ? "" : "WHERE target = ?", target)) {
        out.push_back(std::move(e.record));
    }
    return out;
}

std::map<std::string, std::set<std::string>> person_roles(const Project& project) {
    sqlite3* db = detail::sqlite_handle(project.impl());
    static const std::array<std::pair<const char*, const char*>, 3> queries{{
        {"role_assignment", "SELECT person, role FROM role_assignment"},
        {"party_group",
         "SELECT leader, 'party_group_leader' FROM party_group WHERE leader IS NOT NULL"},
        {"person", "SELECT id, 'party_member' FROM person WHERE party_member = 1"},
    }};
    std::map<std::string, std::set<std::string>> roles;
    for (const auto& [table, sql] : queries) {
        if (!detail::table_exists(db, table)) {
            continue;
        }
        Statement s(db, sql);
        while (s.step()) {
            roles[s.text(0)].insert(s.text(1));
        }
    }
    return roles;
}

std::vector<std::string> targets_of_buildings(const Project& project, const std::string& role,
                                              const std::vector<std::string>& buildings) {
    std::string sql;
    if (role == "party_group" || role == "building_captain") {
        sql = "SELECT id FROM building WHERE id = ?";
    } else if (role == "compound_captain") {
        sql = "SELECT compound FROM building WHERE id = ? AND compound IS NOT NULL";
    } else if (role == "grid_worker") {
        sql = "SELECT cell FROM building WHERE id = ? AND cell IS NOT NULL";
    } else if (role == "unit_captain") {
        sql = "SELECT id FROM unit WHERE building = ? ORDER BY id";
    } else if (role == "household_pairing") {
        sql = "SELECT id FROM household WHERE building = ? ORDER BY id";
    } else {
        throw InputError("unknown role '" + role +
                         "' (grid_worker, compound_captain, building_captain, unit_captain, "
                         "party_group, household_pairing)");
    }
    sqlite3* db = detail::sqlite_handle(project.impl());
    std::vector<std::string> out;
    std::set<std::string> seen;
    Statement s(db, sql);
    for (const std::string& b : buildings) {
        s.reset();
        s.bind(1, b);
        while (s.step()) {
            std::string t = s.text(0);
            if (!t.empty() && seen.insert(t).second) {
                out.push_back(std::move(t));
            }
        }
    }
    return out;
}

std::string assignment_event_text(const AssignmentEventRecord& e) {
    std::string note = e.note;
    const std::string_view replaced(replaced_prefix);
    if (note == "undo") {
        note = "撤销";
    } else if (note.starts_with(replaced)) {
        note = "由 " + note.substr(replaced.size()) + " 接替";
    }
    return std::string(e.action == AssignAction::assign ? "分配 " : "取消 ") +
           term_zh(Vocabulary::role, e.role) + " " + (e.person.empty() ? "-" : e.person) + " → " +
           e.target + (note.empty() ? "" : "（" + note + "）");
}

} // namespace gridmap
