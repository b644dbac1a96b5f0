#pragma once

#include <string>

namespace gridmap {

/// The headers an import reads as each table's fields (the one alias table, with the
/// headers it refuses and the values it translates), as the Markdown table README.md shows
/// under "Importing your community's registers". `gridmap import --aliases` prints it.
std::string field_aliases_markdown();

} // namespace gridmap
