#pragma once

// Date-times: stored in UTC as GeoPackage requires ("2026-09-03T02:15:00.000Z"); a time given
// without an offset is Beijing time (UTC+8), the time of the community's own records; shown
// to people in Beijing time ("2026-09-03T10:15:00+08:00").

#include <cstdint>
#include <optional>
#include <string>

namespace gridmap::detail {

/// Seconds since 1970 (UTC) of an ISO 8601 / GDAL date-time text, or nullopt if unreadable.
std::optional<std::int64_t> parse_time(const std::string& text);

/// "YYYY-MM-DDTHH:MM:SS.000Z" for seconds since 1970.
std::string utc_text(std::int64_t seconds);

/// "YYYY-MM-DDTHH:MM:SS+08:00" for seconds since 1970.
std::string beijing_text(std::int64_t seconds);

/// Seconds since 1970 now.
std::int64_t now_seconds();

} // namespace gridmap::detail
