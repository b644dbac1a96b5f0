#pragma once

// The files of the phone page, bundled into the program at build time (no CDN): the page, its
// script and style, and Leaflet from Debian's libjs-leaflet (src/serve/CMakeLists.txt).

#include <string_view>
#include <vector>

namespace gridmap::serve {

struct Asset {
    std::string_view path; ///< URL path, "/" for the page
    std::string_view mime;
    std::string_view data;
};

/// Every bundled file.
const std::vector<Asset>& assets();

} // namespace gridmap::serve
