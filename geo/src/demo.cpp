#include "gridmap/demo.hpp"

#include "gridmap/error.hpp"
#include "gridmap/meeting.hpp"
#include "gridmap/schema.hpp"

#include <filesystem>
#include <optional>

namespace gridmap {

std::vector<std::pair<std::string, std::string>> demo_files() {
    std::vector<std::pair<std::string, std::string>> files;
    for (const TableDef& t : schema_tables()) {
        if (t.name == "settings" || t.name == "party_group_building" || t.name == "issue_photo" ||
            t.name == "assignment_event" || t.computed) {
            // Settings are the project's, group links come with building.party_group, photos
            // and the assignment log are made by using the app.
            continue;
        }
        const std::string name(t.name);
        files.emplace_back(name, name + (t.geometry == GeometryKind::none ? ".csv" : ".geojson"));
    }
    return files;
}

void build_demo_project(const std::string& data_dir, const std::string& project_path,
                        const std::function<void(const ImportReport&)>& on_table) {
    namespace fs = std::filesystem;
    for (const auto& [table, file] : demo_files()) {
        if (!fs::exists(fs::path(data_dir) / file)) {
            throw InputError((fs::path(data_dir) / file).string() +
                             ": demo data file missing (run from a full checkout or pass --data)");
        }
    }
    std::optional<Project> project = Project::create(project_path, 0);
    try {
        for (const auto& [table, file] : demo_files()) {
            ImportOptions o;
            o.table = table;
            o.source = (fs::path(data_dir) / file).string();
            const ImportReport r = import_layer(*project, o);
            if (on_table) {
                on_table(r);
            }
        }
        // The second coverage snapshot, a month after the one in snapshot.csv (taken with fewer
        // captains, party groups and pairings): the monthly report and presentation mode then
        // show a change. At a fixed time, so the demo is the same whenever it is built.
        take_snapshot(*project, "11月例会", parse_time_text("2026-11-25T18:00:00+08:00"));
    } catch (...) {
        project.reset(); // close the file before removing it
        fs::remove(project_path);
        throw;
    }
}

} // namespace gridmap
