// cprules: calendar value types (public API).
// A civil date and a local (England) wall-clock date-time. Plain values: cheap
// to copy, totally ordered, no time zone; only today_in_england() reads the clock.
#pragma once

#include <climits>
#include <compare>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace cprules {
inline namespace v1 {

struct year_month_day {
    int year = 1970;
    unsigned month = 1;  // 1..12
    unsigned day = 1;    // 1..31
    friend constexpr bool operator==(const year_month_day&, const year_month_day&) = default;
};

/// A proleptic Gregorian date, stored as days since 1970-01-01.
class date {
public:
    constexpr date() = default;
    static constexpr date from_days(std::int32_t days) noexcept { date d; d.days_ = days; return d; }
    /// nullopt when the fields do not name a real day (2025-02-29, month 13, ...) or one
    /// past the int32 days from 1970 (years beyond about -5,877,000 and +5,881,000).
    static constexpr std::optional<date> from_ymd(int y, unsigned m, unsigned d) noexcept {
        if (m < 1 || m > 12 || d < 1 || d > days_in_month(y, m)) return std::nullopt;
        const std::int64_t days = days_from_civil(y, m, d);
        if (days < INT32_MIN || days > INT32_MAX) return std::nullopt;
        return from_days(static_cast<std::int32_t>(days));
    }
    constexpr std::int32_t days() const noexcept { return days_; }
    constexpr year_month_day ymd() const noexcept { return civil_from_days(days_); }
    /// 0 = Monday ... 6 = Sunday (ISO 8601 order).
    constexpr unsigned weekday() const noexcept {
        const std::int32_t w = (days_ + 3) % 7;  // 1970-01-01 was a Thursday
        return static_cast<unsigned>(w < 0 ? w + 7 : w);
    }
    constexpr bool is_weekend() const noexcept { return weekday() >= 5; }

    constexpr date operator+(std::int32_t n) const noexcept { return from_days(days_ + n); }
    constexpr date operator-(std::int32_t n) const noexcept { return from_days(days_ - n); }
    constexpr std::int32_t operator-(date other) const noexcept { return days_ - other.days_; }
    friend constexpr auto operator<=>(date, date) = default;
    friend constexpr bool operator==(date, date) = default;

    static constexpr bool is_leap(int y) noexcept { return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0; }
    static constexpr unsigned days_in_month(int y, unsigned m) noexcept {
        constexpr unsigned len[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
        return m == 2 && is_leap(y) ? 29u : len[m - 1];
    }

private:
    // H. Hinnant's civil-date algorithms (public domain), in 64 bits: exact for every int32
    // day, and for every int year.
    static constexpr std::int64_t days_from_civil(std::int64_t y, unsigned m, unsigned d) noexcept {
        y -= m <= 2;
        const std::int64_t era = (y >= 0 ? y : y - 399) / 400;
        const auto yoe = static_cast<unsigned>(y - era * 400);
        const unsigned doy = (153 * (m > 2 ? m - 3 : m + 9) + 2) / 5 + d - 1;
        const unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
        return era * 146097 + doe - 719468;
    }
    static constexpr year_month_day civil_from_days(std::int32_t days) noexcept {
        const std::int64_t z = std::int64_t{days} + 719468;
        const std::int64_t era = (z >= 0 ? z : z - 146096) / 146097;
        const auto doe = static_cast<unsigned>(z - era * 146097);
        const unsigned yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
        const std::int64_t y = yoe + era * 400;
        const unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
        const unsigned mp = (5 * doy + 2) / 153;
        const unsigned d = doy - (153 * mp + 2) / 5 + 1;
        const unsigned m = mp < 10 ? mp + 3 : mp - 9;
        return {static_cast<int>(y + (m <= 2)), m, d};
    }
    std::int32_t days_ = 0;
};

/// A local wall-clock moment. `minute` is minutes after midnight, or -1 for a
/// bare date (the facts gave only a day); `second` the seconds of that minute
/// (0 for a bare date and when the facts gave none).
struct date_time {
    cprules::date day;
    std::int16_t minute = -1;
    std::int8_t second = 0;
    constexpr bool has_time() const noexcept { return minute >= 0; }
    friend constexpr auto operator<=>(const date_time&, const date_time&) = default;
    friend constexpr bool operator==(const date_time&, const date_time&) = default;
};

/// ISO 8601 `YYYY-MM-DD`. On failure returns nullopt and, if `error` is given,
/// sets it to a sentence saying what is wrong.
std::optional<date> parse_date(std::string_view text, std::string* error = nullptr);
/// `YYYY-MM-DD`, `YYYY-MM-DDTHH:MM` or `YYYY-MM-DDTHH:MM:SS`.
std::optional<date_time> parse_date_time(std::string_view text, std::string* error = nullptr);
std::string to_string(date d);       // YYYY-MM-DD
std::string to_string(date_time dt); // YYYY-MM-DD, YYYY-MM-DDTHH:MM, or YYYY-MM-DDTHH:MM:SS when the seconds are not 0
/// Writes YYYY-MM-DD (10 characters) for years 0..9999, and the ISO 8601 expanded form
/// (+10183-09-21, -0221-09-04: at most 14 characters) for others; returns the end.
char* format_to(char* out, date d) noexcept;
/// The same, then `THH:MM` when the value has a time, and `:SS` when its seconds are not 0
/// (10, 16 or 19 characters); returns the end.
char* format_to(char* out, date_time dt) noexcept;

/// Today's date on England's wall clock, from the system clock, whatever the host's
/// time zone: what "as of today" means (GMT, or British Summer Time from 01:00 UTC on
/// the last Sunday of March to 01:00 UTC on the last Sunday of October).
date today_in_england();

}  // namespace v1
}  // namespace cprules
