// Parsing and formatting of the public date value types (include/cprules/date.hpp).
// Strict ISO 8601 forms only: YYYY-MM-DD, YYYY-MM-DDTHH:MM, YYYY-MM-DDTHH:MM:SS.
#include <cprules/date.hpp>

#include "calendar/calendar.hpp"
#include "support/json.hpp"

#include <array>
#include <climits>
#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <memory>

namespace cprules {
inline namespace v1 {

namespace {

constexpr std::array<const char*, 12> month_names = {
    "January", "February", "March",     "April",   "May",      "June",
    "July",    "August",   "September", "October", "November", "December"};

bool is_digit(char c) noexcept { return c >= '0' && c <= '9'; }

// The value of text[pos, pos + n) when all are digits, else -1.
int digits(std::string_view text, std::size_t pos, std::size_t n) noexcept {
    int v = 0;
    for (std::size_t i = pos; i < pos + n; ++i) {
        if (i >= text.size() || !is_digit(text[i])) return -1;
        v = v * 10 + (text[i] - '0');
    }
    return v;
}

using detail::quoted_excerpt;  // the text as quoted in an error message

/// The day number of the first of each month from 1970 to 2069, computed at
/// compile time: a case has dozens of dates, and a lookup beats the civil-date
/// arithmetic.
constexpr int month_table_first_year = 1970, month_table_years = 100;
constexpr auto month_starts = [] {
    std::array<std::int32_t, month_table_years * 12> out{};
    for (int y = 0; y < month_table_years; ++y)
        for (unsigned m = 1; m <= 12; ++m)
            out[static_cast<std::size_t>(y * 12) + m - 1] = date::from_ymd(month_table_first_year + y, m, 1)->days();
    return out;
}();

/// A well-formed YYYY-MM-DD at `t` naming a real day, as a day number; else INT32_MIN.
std::int32_t fast_day(const char* t) noexcept {
    if (t[4] != '-' || t[7] != '-') return INT32_MIN;
    const auto digit = [t](int i) { return static_cast<unsigned>(static_cast<unsigned char>(t[i]) - '0'); };
    const unsigned y0 = digit(0), y1 = digit(1), y2 = digit(2), y3 = digit(3), m0 = digit(5), m1 = digit(6), d0 = digit(8), d1 = digit(9);
    if (y0 > 9 || y1 > 9 || y2 > 9 || y3 > 9 || m0 > 9 || m1 > 9 || d0 > 9 || d1 > 9) return INT32_MIN;
    const int y = static_cast<int>(y0 * 1000 + y1 * 100 + y2 * 10 + y3);
    const unsigned m = m0 * 10 + m1, d = d0 * 10 + d1;
    if (m < 1 || m > 12 || d < 1 || d > date::days_in_month(y, m)) return INT32_MIN;
    const auto row = static_cast<unsigned>(y - month_table_first_year);
    if (row < static_cast<unsigned>(month_table_years)) return month_starts[row * 12 + m - 1] + static_cast<std::int32_t>(d) - 1;
    return date::from_ymd(y, m, d)->days();
}

// Parses the YYYY-MM-DD at the start of `text` (exactly 10 characters are
// looked at). On failure returns nullopt and sets `why` to the reason.
std::optional<date> parse_day_part(std::string_view text, std::string& why) {
    // The well-formed case, straight through (a case has dozens of dates).
    if (text.size() >= 10) {
        const std::int32_t day = fast_day(text.data());
        if (day != INT32_MIN) return date::from_days(day);
    }
    // Anything else: find out what is wrong with it.
    const int y = digits(text, 0, 4);
    const int m = digits(text, 5, 2);
    const int d = digits(text, 8, 2);
    if (text.size() < 10 || y < 0 || m < 0 || d < 0 || text[4] != '-' || text[7] != '-') {
        why = "expected YYYY-MM-DD";
        return std::nullopt;
    }
    if (m < 1 || m > 12) {
        why = "there is no month " + std::string(text.substr(5, 2));
        return std::nullopt;
    }
    if (d == 0) {
        why = "there is no day 00";
        return std::nullopt;
    }
    const unsigned um = static_cast<unsigned>(m);
    const unsigned len = date::days_in_month(y, um);
    if (static_cast<unsigned>(d) > len) {
        why = std::string(month_names[um - 1]) + ' ' + std::string(text.substr(0, 4)) + " has " +
              std::to_string(len) + " days";
        return std::nullopt;
    }
    return date::from_ymd(y, um, static_cast<unsigned>(d));
}

void write2(char* out, unsigned v) noexcept {
    out[0] = static_cast<char>('0' + v / 10 % 10);
    out[1] = static_cast<char>('0' + v % 10);
}

}  // namespace

std::optional<date> parse_date(std::string_view text, std::string* error) {
    std::string why;
    std::optional<date> d;
    if (text.size() == 10) {
        d = parse_day_part(text, why);
    } else if (text.size() > 10 && (text[10] == 'T' || text[10] == ' ') && parse_day_part(text, why)) {
        why = "expected YYYY-MM-DD (a date without a time)";
    } else {
        why = "expected YYYY-MM-DD";
    }
    if (!d && error) *error = quoted_excerpt(text) + " is not a date: " + why;
    return d;
}

std::optional<date_time> parse_date_time(std::string_view text, std::string* error) {
    // The well-formed YYYY-MM-DD and YYYY-MM-DDTHH:MM, straight through.
    if (const date_time quick = calendar::quick_date_time(text); quick.day != calendar::working_calendar::no_day) return quick;
    const auto fail = [&](const std::string& why) -> std::optional<date_time> {
        if (error) *error = quoted_excerpt(text) + " is not a date-time: " + why;
        return std::nullopt;
    };
    constexpr const char* shapes = "expected YYYY-MM-DD, YYYY-MM-DDTHH:MM or YYYY-MM-DDTHH:MM:SS";
    if (text.size() != 10 && text.size() != 16 && text.size() != 19) return fail(shapes);
    std::string why;
    const auto day = parse_day_part(text, why);
    if (!day) return fail(why == "expected YYYY-MM-DD" ? shapes : why);
    if (text.size() == 10) return date_time{*day, -1};

    const int hh = digits(text, 11, 2);
    const int mm = digits(text, 14, 2);
    if (text[10] != 'T' || hh < 0 || text[13] != ':' || mm < 0) return fail(shapes);
    int ss = 0;
    if (text.size() == 19) {
        ss = digits(text, 17, 2);
        if (text[16] != ':' || ss < 0) return fail(shapes);
        if (ss > 59) return fail("the second must be 00 to 59");
    }
    if (hh > 23) return fail("the hour must be 00 to 23");
    if (mm > 59) return fail("the minute must be 00 to 59");
    return date_time{*day, static_cast<std::int16_t>(hh * 60 + mm), static_cast<std::int8_t>(ss)};
}

namespace {

/// "YYYY-MM-DD" of every day from 1990 to 2049, built on first use: a report
/// writes several dates a finding, and copying ten bytes beats the civil-date
/// arithmetic by several times.
class date_texts {
public:
    static constexpr std::int32_t first = 7305;  // 1990-01-01
    static constexpr std::int32_t count = 21915;  // to 2049-12-31
    date_texts() : text_(new char[static_cast<std::size_t>(count) * 10]) {
        for (std::int32_t i = 0; i < count; ++i) compute(text_.get() + static_cast<std::size_t>(i) * 10, date::from_days(first + i));
    }
    const char* find(date d) const noexcept {
        const std::uint32_t i = static_cast<std::uint32_t>(d.days()) - static_cast<std::uint32_t>(first);  // no signed overflow at INT32_MIN
        return i < static_cast<std::uint32_t>(count) ? text_.get() + static_cast<std::size_t>(i) * 10 : nullptr;
    }
    static char* compute(char* out, date d) noexcept;
    const char* text() const noexcept { return text_.get(); }

private:
    std::unique_ptr<char[]> text_;
};

const date_texts& date_text() noexcept {
    static const date_texts table;
    return table;
}

}  // namespace

char* format_to(char* out, date d) noexcept {
    if (const char* text = date_text().find(d)) {
        std::memcpy(out, text, 10);
        return out + 10;
    }
    return date_texts::compute(out, d);
}

char* date_texts::compute(char* out, date d) noexcept {
    const year_month_day ymd = d.ymd();
    if (ymd.year >= 0 && ymd.year <= 9999) {
        const unsigned y = static_cast<unsigned>(ymd.year);
        write2(out, y / 100);
        write2(out + 2, y % 100);
        out += 4;
    } else {  // ISO 8601 expanded representation: a sign and at least 4 year digits
        *out++ = ymd.year < 0 ? '-' : '+';
        char digits[12];
        unsigned long y = static_cast<unsigned long>(ymd.year < 0 ? -static_cast<long>(ymd.year) : ymd.year);
        int n = 0;
        for (; y > 0 || n < 4; y /= 10) digits[n++] = static_cast<char>('0' + y % 10);
        while (n > 0) *out++ = digits[--n];
    }
    out[0] = '-';
    write2(out + 1, ymd.month);
    out[3] = '-';
    write2(out + 4, ymd.day);
    return out + 6;
}

std::string to_string(date d) {
    char text[24];
    return std::string(text, format_to(text, d));
}

namespace {

char* format_time(char* out, int minute, int second) noexcept {
    out[0] = 'T';
    write2(out + 1, static_cast<unsigned>(minute / 60));
    out[3] = ':';
    write2(out + 4, static_cast<unsigned>(minute % 60));
    if (second == 0) return out + 6;
    out[6] = ':';
    write2(out + 7, static_cast<unsigned>(second));
    return out + 9;
}

}  // namespace

char* format_to(char* out, date_time dt) noexcept {
    out = format_to(out, dt.day);
    return dt.has_time() ? format_time(out, dt.minute, dt.second) : out;
}

std::string to_string(date_time dt) {
    char text[32];
    return std::string(text, format_to(text, dt));
}

}  // namespace v1
}  // namespace cprules

namespace cprules::calendar {

date_text_table date_texts() noexcept {
    using table = cprules::v1::date_texts;
    return {v1::date_text().text(), table::first, static_cast<std::uint32_t>(table::count)};
}


date_time quick_date_time(std::string_view text) noexcept {
    if (text.size() == 10 || text.size() == 16) {
        const char* t = text.data();
        const std::int32_t day = v1::fast_day(t);
        if (day != INT32_MIN) {
            if (text.size() == 10) return packed(day, -1);
            const auto digit = [t](int i) { return static_cast<unsigned>(static_cast<unsigned char>(t[i]) - '0'); };
            const unsigned h0 = digit(11), h1 = digit(12), n0 = digit(14), n1 = digit(15);
            if (t[10] == 'T' && t[13] == ':' && h0 <= 2 && h1 <= 9 && n0 <= 5 && n1 <= 9 && h0 * 10 + h1 <= 23)
                return packed(day, static_cast<std::int16_t>((h0 * 10 + h1) * 60 + n0 * 10 + n1));
        }
    }
    return {working_calendar::no_day, -1};
}

}  // namespace cprules::calendar
