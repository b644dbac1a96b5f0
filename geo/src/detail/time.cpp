#include "detail/time.hpp"

#include "gridmap/text.hpp"

#include <cpl_time.h>
#include <ogr_core.h>
#include <ogr_p.h>

#include <cmath>
#include <cstdio>
#include <ctime>

namespace gridmap::detail {

namespace {
constexpr int beijing_offset_s = 8 * 3600;

std::string format(std::int64_t seconds, const char* suffix, int shift) {
    struct tm t {};
    CPLUnixTimeToYMDHMS(static_cast<GIntBig>(seconds + shift), &t);
    char buf[48];
    std::snprintf(buf, sizeof buf, "%04d-%02d-%02dT%02d:%02d:%02d%s", t.tm_year + 1900,
                  t.tm_mon + 1, t.tm_mday, t.tm_hour, t.tm_min, t.tm_sec, suffix);
    return buf;
}
} // namespace

namespace {
bool is_leap(int year) {
    return (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
}

/// OGRParseDate reads "2026-02-30" and "24:61" without complaint; a date people typed must
/// exist on the calendar.
bool is_calendar_valid(const OGRField& f) {
    static constexpr int days[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    const int year = f.Date.Year;
    const int month = f.Date.Month;
    const int day = f.Date.Day;
    if (year < 1 || year > 9999 || month < 1 || month > 12 || day < 1) {
        return false;
    }
    const int month_days = days[month - 1] + (month == 2 && is_leap(year) ? 1 : 0);
    return day <= month_days && f.Date.Hour <= 23 && f.Date.Minute <= 59 && f.Date.Second >= 0 &&
           f.Date.Second < 61;
}
} // namespace

std::optional<std::int64_t> parse_time(const std::string& text) {
    OGRField f;
    if (text.empty() || !OGRParseDate(text.c_str(), &f, 0) || !is_calendar_valid(f)) {
        return std::nullopt;
    }
    struct tm t {};
    t.tm_year = f.Date.Year - 1900;
    t.tm_mon = f.Date.Month - 1;
    t.tm_mday = f.Date.Day;
    t.tm_hour = f.Date.Hour;
    t.tm_min = f.Date.Minute;
    t.tm_sec = static_cast<int>(std::floor(f.Date.Second));
    const int tz = f.Date.TZFlag;
    const std::int64_t offset = tz > 1 ? (tz - 100) * 15 * 60 : beijing_offset_s;
    return static_cast<std::int64_t>(CPLYMDHMSToUnixTime(&t)) - offset;
}

std::string utc_text(std::int64_t seconds) {
    return format(seconds, ".000Z", 0);
}

std::string beijing_text(std::int64_t seconds) {
    return beijing_time(seconds, true);
}

std::int64_t now_seconds() {
    return static_cast<std::int64_t>(std::time(nullptr));
}

} // namespace gridmap::detail
