#pragma once

// One parser each for the values people type or keep in spreadsheets: whole numbers, real
// numbers and date-times. Every command option and every imported field reads them through
// these functions, so "2026-02-30", "5.5" for a whole number or "1e400" are refused the same
// way everywhere.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace gridmap {

/// A whole decimal number and nothing else ("42", "-7", "+3"); nullopt for "4.5", "1e3", "",
/// " 4", "0x10" and anything outside int64.
std::optional<std::int64_t> parse_integer(std::string_view text);

/// A finite decimal number and nothing else ("3.5", "-1e3", "42"); nullopt for "nan", "inf",
/// trailing text, and values that overflow a double.
std::optional<double> parse_real(std::string_view text);

/// A calendar-valid date or date-time as seconds since 1970 (UTC): "2026-11-28",
/// "2026-11-28 18:05", "2026-11-28T18:05:00", "2026/11/28", with an optional offset ("Z",
/// "+08:00"). A time without an offset is Beijing time (UTC+8), a date alone is its midnight
/// in Beijing. nullopt for anything else: "2026-02-30", "2026-13-01", "25:00", "".
std::optional<std::int64_t> parse_date_time(std::string_view text);

/// The same as `parse_date_time`, but throws InputError "<what> '<text>': not a valid date
/// (YYYY-MM-DD, optionally with a time HH:MM[:SS] and an offset)".
std::int64_t require_date_time(std::string_view text, const std::string& what);

} // namespace gridmap
