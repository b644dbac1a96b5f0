#include "gridmap/text.hpp"

#include "gridmap/parse.hpp"

#include <cmath>
#include <cstdio>
#include <ctime>

namespace gridmap {

namespace {

/// Whether a spreadsheet would read `text` as a number ("-3.5", "+7", "1e3").
bool is_number_text(std::string_view text) {
    return parse_real(text).has_value();
}

} // namespace

std::size_t utf8_sequence_length(std::string_view s) {
    const auto b = [&s](std::size_t i) {
        return static_cast<unsigned char>(s[i]);
    };
    const unsigned char c = b(0);
    if (c < 0x80) {
        return 1;
    }
    std::size_t n = 0;
    unsigned char lo = 0x80;
    unsigned char hi = 0xBF;
    if (c >= 0xC2 && c <= 0xDF) {
        n = 2;
    } else if (c >= 0xE0 && c <= 0xEF) {
        n = 3;
        lo = c == 0xE0 ? 0xA0 : 0x80; // no overlong forms
        hi = c == 0xED ? 0x9F : 0xBF; // no surrogates
    } else if (c >= 0xF0 && c <= 0xF4) {
        n = 4;
        lo = c == 0xF0 ? 0x90 : 0x80;
        hi = c == 0xF4 ? 0x8F : 0xBF; // up to U+10FFFF
    } else {
        return 0;
    }
    if (s.size() < n || b(1) < lo || b(1) > hi) {
        return 0;
    }
    for (std::size_t i = 2; i < n; ++i) {
        if (b(i) < 0x80 || b(i) > 0xBF) {
            return 0;
        }
    }
    return n;
}

bool is_valid_utf8(std::string_view text) {
    for (std::size_t i = 0; i < text.size();) {
        const std::size_t n = utf8_sequence_length(text.substr(i));
        if (n == 0) {
            return false;
        }
        i += n;
    }
    return true;
}

std::string to_valid_utf8(std::string_view text) {
    std::string out;
    out.reserve(text.size());
    for (std::size_t i = 0; i < text.size();) {
        const std::size_t n = utf8_sequence_length(text.substr(i));
        if (n == 0) {
            out += "\xEF\xBF\xBD"; // U+FFFD REPLACEMENT CHARACTER
            ++i;
        } else {
            out.append(text.substr(i, n));
            i += n;
        }
    }
    return out;
}

std::string csv_field(std::string_view text) {
    std::string value = to_valid_utf8(text);
    // OWASP CSV injection: a cell a spreadsheet would read as a formula (= + - @, or a tab or
    // carriage return before one) is made text with a leading quote; a number stays a number.
    if (!value.empty() && std::string_view("=+-@\t\r").find(value.front()) != std::string::npos &&
        !is_number_text(value)) {
        value.insert(0, 1, '\'');
    }
    if (value.find_first_of(",\"\r\n") == std::string::npos) {
        return value;
    }
    std::string out = "\"";
    for (const char c : value) {
        out += c;
        if (c == '"') {
            out += '"';
        }
    }
    return out + "\"";
}

std::string csv_bom() {
    return "\xEF\xBB\xBF";
}

std::string json_quote(std::string_view raw) {
    const std::string text = to_valid_utf8(raw);
    std::string out;
    out.reserve(text.size() + 2);
    out += '"';
    for (const char c : text) {
        switch (c) {
        case '"':
            out += "\\\"";
            break;
        case '\\':
            out += "\\\\";
            break;
        case '\n':
            out += "\\n";
            break;
        case '\r':
            out += "\\r";
            break;
        case '\t':
            out += "\\t";
            break;
        default:
            if (static_cast<unsigned char>(c) < 0x20) {
                char buf[8];
                std::snprintf(buf, sizeof buf, "\\u%04x", static_cast<unsigned>(c));
                out += buf;
            } else {
                out += c;
            }
        }
    }
    out += '"';
    return out;
}

std::string json_number(double value, int decimals) {
    return std::isfinite(value) ? fixed(value, decimals) : "null";
}

std::string fixed(double value, int decimals) {
    char buf[64];
    if (std::isfinite(value) && std::fabs(value) >= 1e15) {
        std::snprintf(buf, sizeof buf, "%.6g", value); // 1e+200, not 200 digits
        return buf;
    }
    std::snprintf(buf, sizeof buf, "%.*f", decimals, value);
    std::string s = buf;
    if (s.find_first_not_of("-0.") == std::string::npos && s[0] == '-') {
        s.erase(0, 1);
    }
    return s;
}

std::string beijing_time(std::int64_t seconds, bool iso) {
    const auto t = static_cast<std::time_t>(seconds + 8 * 3600);
    std::tm tm{};
    gmtime_r(&t, &tm);
    char buf[64];
    std::strftime(buf, sizeof buf, iso ? "%Y-%m-%dT%H:%M:%S+08:00" : "%Y-%m-%d %H:%M", &tm);
    return buf;
}

} // namespace gridmap
