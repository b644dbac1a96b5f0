#pragma once

#include "gridmap/grid.hpp"
#include "gridmap/seed.hpp"

#include <string>

namespace gridmap::cli {

// Chinese renderings of the summaries geo/ writes in English for the CLI (the English ones stay
// in geo/: grid_to_text ...). Words as in docs/GLOSSARY.md.

/// gridmap::grid_to_text in Chinese: the same lines, figures and codes.
std::string grid_to_text_zh(const GridReport& r);

} // namespace gridmap::cli
