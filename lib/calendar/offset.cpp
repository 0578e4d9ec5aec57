// Offsets ("+15wd", "-2wd", "+3m") and the corresponding-date month rule.
#include "calendar/calendar.hpp"
#include "support/json.hpp"

#include <cstdlib>

namespace cprules::calendar {

namespace {

constexpr std::int32_t max_amount = 1'000'000;
constexpr const char* offset_shape =
    "expected a sign, a number and a unit (wd, d, w, m or h), such as +15wd, -2wd, +3m, +10w, -70d or +48h";

using detail::quoted_excerpt;

}  // namespace

std::optional<offset> parse_offset(std::string_view text, std::string* error) {
    const auto fail = [&](const std::string& why) -> std::optional<offset> {
        if (error) *error = quoted_excerpt(text) + " is not an offset: " + why;
        return std::nullopt;
    };
    std::size_t pos = 0;
    bool negative = false;
    if (pos < text.size() && (text[pos] == '+' || text[pos] == '-')) {
        negative = text[pos] == '-';
        ++pos;
    }
    const std::size_t digits_start = pos;
    std::int64_t amount = 0;
    bool too_large = false;
    while (pos < text.size() && text[pos] >= '0' && text[pos] <= '9') {
        amount = amount * 10 + (text[pos] - '0');
        if (amount > max_amount) {
            too_large = true;
            amount = max_amount + 1;
        }
        ++pos;
    }
    if (pos == digits_start) return fail(offset_shape);
    const std::string_view number = text.substr(digits_start, pos - digits_start);
    const std::string_view suffix = text.substr(pos);
    unit u{};
    if (suffix == "wd") u = unit::working_days;
    else if (suffix == "d") u = unit::days;
    else if (suffix == "w") u = unit::weeks;
    else if (suffix == "m") u = unit::months;
    else if (suffix == "h") u = unit::hours;
    else if (suffix.empty()) return fail("the unit is missing (use wd, d, w, m or h)");
    else return fail("unknown unit " + quoted_excerpt(suffix) + " (use wd, d, w, m or h)");
    if (too_large)
        return fail(std::string(number) + " is too large (at most " + std::to_string(max_amount) + ")");
    const auto value = static_cast<std::int32_t>(amount);
    return offset{negative ? -value : value, u};
}

std::string_view unit_name(unit u, bool plural) {
    switch (u) {
    case unit::working_days: return plural ? "working days" : "working day";
    case unit::days: return plural ? "days" : "day";
    case unit::weeks: return plural ? "weeks" : "week";
    case unit::months: return plural ? "months" : "month";
    case unit::hours: return plural ? "hours" : "hour";
    }
    return plural ? "units" : "unit";
}

std::string to_string(offset o) {
    static constexpr const char* suffixes[] = {"wd", "d", "w", "m", "h"};
    const auto index = static_cast<std::size_t>(o.unit);
    std::string out = o.amount < 0 ? "-" : "+";
    out += std::to_string(std::abs(static_cast<std::int64_t>(o.amount)));
    out += index < std::size(suffixes) ? suffixes[index] : "?";
    if (counts_start_day(o)) out += " inclusive";
    return out;
}

std::string describe(offset o) {
    const std::int64_t n = std::abs(static_cast<std::int64_t>(o.amount));
    std::string out = std::to_string(n);
    out += ' ';
    out += unit_name(o.unit, n != 1);
    if (counts_start_day(o)) out += o.amount < 0 ? " back from and including" : " from and including";
    else out += o.amount < 0 ? " before" : " after";
    return out;
}

date add_months(date d, std::int32_t months) noexcept {
    const year_month_day ymd = d.ymd();
    // Months counted from year 0; floor division keeps negative totals right.
    const std::int64_t total = std::int64_t{ymd.year} * 12 + (ymd.month - 1) + months;
    const std::int64_t year = total >= 0 ? total / 12 : -((-total + 11) / 12);
    const auto month = static_cast<unsigned>(total - year * 12 + 1);
    // Saturate far beyond any calendar so that the day count cannot overflow;
    // callers check the covered range (working_calendar::apply does).
    constexpr std::int64_t year_limit = 1'000'000;
    const int y = static_cast<int>(year < -year_limit ? -year_limit : year > year_limit ? year_limit : year);
    const unsigned last = date::days_in_month(y, month);
    return *date::from_ymd(y, month, ymd.day < last ? ymd.day : last);
}

}  // namespace cprules::calendar
