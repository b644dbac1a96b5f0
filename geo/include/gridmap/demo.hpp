#pragma once

#include "gridmap/import.hpp"

#include <functional>
#include <string>
#include <vector>

namespace gridmap {

/// The files of the bundled demo community, in import order: (table, file name in the data
/// directory). Every table is a GeoJSON (spatial) or CSV (attributes) named after it.
std::vector<std::pair<std::string, std::string>> demo_files();

/// Builds the demo project at `project_path` from the files in `data_dir` (the repository's
/// data/demo). Throws InputError if a file is missing or bad; a half-built file is removed.
/// `on_table` is told each table's report as it is imported.
void build_demo_project(const std::string& data_dir, const std::string& project_path,
                        const std::function<void(const ImportReport&)>& on_table = {});

} // namespace gridmap
