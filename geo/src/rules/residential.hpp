#pragma once

// The one definition of a residential building: its kind is empty, `residential` or `住宅`, or
// households live in it. Shops and schools need no party group or building captain. The C++
// predicate (check's facts) and the SQL condition (report, theme) are kept side by side here.

#include <cstdint>
#include <string_view>

namespace gridmap::rules {

inline bool is_residential(std::string_view kind, std::int64_t households) {
    return kind.empty() || kind == "residential" || kind == "住宅" || households > 0;
}

/// The same condition in SQL, on `building b`.
inline constexpr const char* residential_building_sql =
    "(b.kind IS NULL OR b.kind = '' OR b.kind = 'residential' OR b.kind = '住宅' OR "
    "b.id IN (SELECT building FROM household))";

} // namespace gridmap::rules
