#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace gridmap {

class Project;

/// How many rows each of `tables` (names of schema.hpp) holds now, in the order given, counted
/// by SQL (`SELECT COUNT(*)`) on the project's connection. Right whichever connection or
/// program wrote the rows, unlike the feature counts GDAL keeps per connection, and it reads
/// no geometry and no other table (the desktop's layer panel counts its layers on its reader
/// thread with it after every edit). A table the project lacks (an older schema opened
/// read-only) counts 0. Throws InputError for a name that is not a table of the schema.
std::vector<std::int64_t> count_rows(const Project& project,
                                     const std::vector<std::string>& tables);

} // namespace gridmap
