#pragma once

#include <cstdint>
#include <string>
#include <string_view>

namespace gridmap {

/// `text` as a JSON string literal, quotes included (valid UTF-8 passes through, invalid bytes
/// become U+FFFD; control characters are escaped): the output is always valid UTF-8 JSON.
std::string json_quote(std::string_view text);

/// `value` as a JSON number with `decimals` digits after the point; `null` when it is NaN or
/// infinite (JSON has no such numbers).
std::string json_number(double value, int decimals);

/// `text` as one CSV field (RFC 4180): quoted when it holds a comma, quote or line break, with
/// quotes doubled. A cell that starts with = + - @, a tab or a carriage return and is not a
/// number is prefixed with ' so that Excel and WPS show it as text instead of running it as a
/// formula (OWASP CSV injection); "-3.5" stays a number. Invalid UTF-8 becomes U+FFFD. Every
/// CSV Gridmap writes goes through this function.
std::string csv_field(std::string_view text);

/// The UTF-8 byte-order mark that makes Excel read a CSV as UTF-8 (the --bom option).
std::string csv_bom();

/// The length of the valid UTF-8 sequence at the start of `s` (1-4), or 0 when it is not one
/// (a stray continuation byte, an overlong form, a surrogate, beyond U+10FFFF, cut short).
std::size_t utf8_sequence_length(std::string_view s);

/// Whether `text` is valid UTF-8 (no stray or overlong bytes, no surrogates).
bool is_valid_utf8(std::string_view text);

/// `text` with each byte that is not part of valid UTF-8 replaced by U+FFFD.
std::string to_valid_utf8(std::string_view text);

/// `value` with `decimals` digits after the point, "C" locale ("-0.00" becomes "0.00").
std::string fixed(double value, int decimals);

/// Seconds since 1970 (UTC) as Beijing time (UTC+8), the one way times are shown to people:
/// "2026-11-28 18:05", or with `iso` "2026-11-28T18:05:00+08:00".
std::string beijing_time(std::int64_t seconds, bool iso = false);

} // namespace gridmap
