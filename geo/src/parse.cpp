#include "gridmap/parse.hpp"

#include "detail/time.hpp"
#include "gridmap/error.hpp"

#include <charconv>
#include <cmath>
#include <system_error>

namespace gridmap {

namespace {
/// Drops one leading '+' (from_chars reads only '-'); false for "", "+" and "+-1".
bool strip_plus(std::string_view& text) {
    if (!text.empty() && text.front() == '+') {
        text.remove_prefix(1);
        if (!text.empty() && text.front() == '-') {
            return false;
        }
    }
    return !text.empty();
}
} // namespace

std::optional<std::int64_t> parse_integer(std::string_view text) {
    if (!strip_plus(text)) {
        return std::nullopt;
    }
    std::int64_t value = 0;
    const char* end = text.data() + text.size();
    const auto [ptr, ec] = std::from_chars(text.data(), end, value);
    if (ec != std::errc{} || ptr != end) {
        return std::nullopt;
    }
    return value;
}

std::optional<double> parse_real(std::string_view text) {
    if (!strip_plus(text)) {
        return std::nullopt;
    }
    double value = 0;
    const char* end = text.data() + text.size();
    const auto [ptr, ec] = std::from_chars(text.data(), end, value, std::chars_format::general);
    if (ec != std::errc{} || ptr != end || !std::isfinite(value)) {
        return std::nullopt;
    }
    return value;
}

std::optional<std::int64_t> parse_date_time(std::string_view text) {
    return detail::parse_time(std::string(text));
}

std::int64_t require_date_time(std::string_view text, const std::string& what) {
    if (const auto t = parse_date_time(text)) {
        return *t;
    }
    throw InputError(what + " '" + std::string(text) +
                     "': not a valid date (YYYY-MM-DD, optionally with a time HH:MM[:SS] and "
                     "an offset)");
}

} // namespace gridmap
