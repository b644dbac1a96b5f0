#pragma once

#include <cstdint>
#include <string>
#include <string_view>

namespace gridmap {

/// `text` as a JSON string literal, quotes included (UTF-8 passes through; control
/// characters are escaped).
std::string json_quote(std::string_view text);

/// `text` as one CSV field (RFC 4180): quoted when it holds a comma, quote or line break, with
/// quotes doubled.
std::string csv_field(std::string_view text);

/// `value` with `decimals` digits after the point, "C" locale ("-0.00" becomes "0.00").
std::string fixed(double value, int decimals);

/// Seconds since 1970 (UTC) as Beijing time (UTC+8), the one way times are shown to people:
/// "2026-11-28 18:05", or with `iso` "2026-11-28T18:05:00+08:00".
std::string beijing_time(std::int64_t seconds, bool iso = false);

} // namespace gridmap
