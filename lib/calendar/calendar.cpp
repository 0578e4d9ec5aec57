// Working-day arithmetic over a precomputed calendar (contract section 5).
//
// A calendar covers [first, last]. Two tables make every query O(1):
//   prefix[i]  = working days in [first, first + i)          (int32, days + 1 entries)
//   working[k] = the day number of the k-th working day      (int32, ascending)
// "The Nth working day after X" is working[prefix[X + 1] + N - 1]; "the Nth
// working day before X" is working[prefix[X] - N]. Neither path allocates
// unless an error message or an explain trace is asked for.
#include "calendar/calendar_impl.hpp"
#include "support/data_dir.hpp"

#include <algorithm>
#include <cstdlib>
#include <ctime>
#include <filesystem>
#include <system_error>

namespace cprules::calendar {

namespace {
/// a / b rounded down (towards minus infinity, where C++ rounds towards zero), for b > 0.
constexpr std::int64_t floor_div(std::int64_t a, std::int64_t b) { return a >= 0 ? a / b : -((-a + b - 1) / b); }
}  // namespace

namespace detail {

std::unique_ptr<working_calendar::impl> build_calendar(std::string name, std::string title, date first,
                                                       date last, std::vector<closure> closures) {
    auto cal = std::make_unique<working_calendar::impl>();
    cal->name = std::move(name);
    cal->title = std::move(title);
    cal->first = first;
    cal->last = last;
    cal->first_month = std::int64_t{first.ymd().year} * 12 + first.ymd().month - 1;
    cal->last_month = std::int64_t{last.ymd().year} * 12 + last.ymd().month - 1;
    for (std::int64_t m = cal->first_month; m <= cal->last_month + 1; ++m) {
        const std::int64_t year = floor_div(m, 12);
        cal->month_starts.push_back(date::from_ymd(static_cast<int>(year), static_cast<unsigned>(m - year * 12 + 1), 1)->days());
    }

    std::stable_sort(closures.begin(), closures.end(),
                     [](const closure& a, const closure& b) { return a.day < b.day; });
    for (auto& c : closures) {
        if (c.day < first || c.day > last || c.day.is_weekend()) continue;
        if (!cal->closures.empty() && cal->closures.back().day == c.day) continue;
        cal->closures.push_back(std::move(c));
    }

    const auto days = static_cast<std::size_t>(last - first + 1);
    cal->prefix.resize(days + 1);
    cal->working.reserve(days);
    auto next_closure = cal->closures.begin();
    std::int32_t count = 0;
    for (std::size_t i = 0; i < days; ++i) {
        const date d = first + static_cast<std::int32_t>(i);
        cal->prefix[i] = count;
        const bool closed = next_closure != cal->closures.end() && next_closure->day == d;
        if (closed) ++next_closure;
        if (!closed && !d.is_weekend()) {
            cal->working.push_back(d.days());
            ++count;
        }
    }
    cal->prefix[days] = count;
    return cal;
}

std::string describe_range(const working_calendar::impl& cal) {
    return "the calendar " + cal.name + " (" + to_string(cal.first) + " to " + to_string(cal.last) + ")";
}

}  // namespace detail

namespace {

using impl = working_calendar::impl;

std::nullopt_t outside(const impl& cal, const std::string& what, std::string* error) {
    if (error) *error = what + " is outside " + detail::describe_range(cal);
    return std::nullopt;
}

// "15 days after 2035-12-20 is 2036-01-04, outside the calendar ..." (or
// without the date when it is not representable).
std::nullopt_t result_outside(const impl& cal, const std::string& from, offset o, std::optional<std::string> result,
                              std::string* error) {
    if (error) {
        *error = describe(o) + ' ' + from;
        *error += result ? " is " + *result + ", outside " : " is outside ";
        *error += detail::describe_range(cal);
    }
    return std::nullopt;
}

std::optional<std::string> representable(std::int64_t days) {
    constexpr std::int64_t limit = 3'000'000;  // about 8,000 years either side of 1970
    if (days < -limit || days > limit) return std::nullopt;
    return to_string(date::from_days(static_cast<std::int32_t>(days)));
}

}  // namespace

working_calendar::working_calendar(std::unique_ptr<impl> p)
    : impl_(std::move(p)), first_(impl_->first), last_(impl_->last), prefix_(impl_->prefix.data()),
      working_(impl_->working.data()), working_count_(static_cast<std::int64_t>(impl_->working.size())),
      first_month_(impl_->first_month), last_month_(impl_->last_month) {}
working_calendar::~working_calendar() = default;

const std::string& working_calendar::name() const noexcept { return impl_->name; }
const std::string& working_calendar::title() const noexcept { return impl_->title; }

bool working_calendar::is_working_day(date d) const noexcept {
    const auto i = static_cast<std::size_t>(d - impl_->first);
    return impl_->prefix[i + 1] != impl_->prefix[i];
}

const closure* working_calendar::closure_on(date d) const noexcept {
    const auto& cs = impl_->closures;
    const auto it = std::lower_bound(cs.begin(), cs.end(), d, [](const closure& c, date x) { return c.day < x; });
    return it != cs.end() && it->day == d ? &*it : nullptr;
}

std::vector<closure> working_calendar::closures_between(date from, date to) const {
    const auto& cs = impl_->closures;
    const auto lo = std::lower_bound(cs.begin(), cs.end(), from, [](const closure& c, date x) { return c.day < x; });
    const auto hi = std::upper_bound(cs.begin(), cs.end(), to, [](date x, const closure& c) { return x < c.day; });
    return lo < hi ? std::vector<closure>(lo, hi) : std::vector<closure>{};
}

namespace {

// Every non-working day strictly between a and b, in date order.
void fill_trace(const working_calendar& cal, date a, date b, trace& how) {
    const date lo = std::min(a, b);
    const date hi = std::max(a, b);
    for (date d = lo + 1; d < hi; d = d + 1) {
        if (cal.is_working_day(d)) continue;
        if (const closure* c = cal.closure_on(d)) how.stepped_over.push_back({d, c->name});
        else how.stepped_over.push_back({d, d.weekday() == 5 ? "Saturday" : "Sunday"});
    }
}

}  // namespace

std::optional<date> working_calendar::add_working_days(date from, std::int32_t n, std::string* error,
                                                       trace* how) const {
    const impl& cal = *impl_;
    if (how) how->stepped_over.clear();
    if (!covers(from)) return outside(cal, to_string(from), error);
    if (n == 0) return from;
    const auto i = static_cast<std::size_t>(from - cal.first);
    // Index into `working` of the answer: the n-th after the working days up to
    // and including `from`, or the |n|-th before those strictly before it.
    const std::int64_t k = n > 0 ? std::int64_t{cal.prefix[i + 1]} + n - 1 : std::int64_t{cal.prefix[i]} + n;
    if (k < 0 || k >= static_cast<std::int64_t>(cal.working.size()))
        return result_outside(cal, to_string(from), offset{n, unit::working_days}, std::nullopt, error);
    const date answer = date::from_days(cal.working[static_cast<std::size_t>(k)]);
    if (how) fill_trace(*this, from, answer, *how);
    return answer;
}

std::optional<std::int32_t> working_calendar::working_days_between(date a, date b, std::string* error) const {
    const impl& cal = *impl_;
    if (!covers(a)) return outside(cal, to_string(a), error);
    if (!covers(b)) return outside(cal, to_string(b), error);
    const auto ia = static_cast<std::size_t>(a - cal.first);
    const auto ib = static_cast<std::size_t>(b - cal.first);
    // a <= b: working days d with a < d <= b.
    // b <  a: minus the working days d with b <= d < a, so that
    //         add_working_days(a, result) == b whenever b is a working day.
    if (a <= b) return cal.prefix[ib + 1] - cal.prefix[ia + 1];
    return -(cal.prefix[ia] - cal.prefix[ib]);
}

date_time working_calendar::shift_other(date_time from, offset o) const {
    if (o.start_is_day_1) {  // the anchor day is day 1: count as from the day before it (after it, going back)
        if (counts_start_day(o)) from.day = from.day - (o.amount > 0 ? 1 : -1);
        o.start_is_day_1 = false;
        return shift(from, o);
    }
    if (o.unit == unit::hours && from.has_time()) return apply(from, o).value_or(none_);  // exact hours, through UTC
    if (!covers(from.day)) return none_;
    std::int64_t day = from.day.days();
    if (o.unit == unit::months) {  // add_months, through the table of month starts
        const std::int32_t* starts = impl_->month_starts.data();
        const auto months = static_cast<std::int64_t>(impl_->month_starts.size()) - 1;  // covered months
        // The month of `from`: estimated at 4,800 months in 146,097 days (400 years), which
        // is within a month, then corrected.
        std::int64_t k = (day - starts[0]) * 4800 / 146097;
        k = k < 0 ? 0 : k >= months ? months - 1 : k;
        while (k + 1 < months && starts[k + 1] <= day) ++k;
        while (k > 0 && starts[k] > day) --k;
        const std::int64_t target = k + o.amount;
        if (target < 0 || target >= months) return none_;  // before first_month_ or after last_month_
        const std::int64_t into = day - starts[k];  // days after the 1st
        const std::int64_t length = starts[target + 1] - starts[target];
        day = starts[target] + (into < length ? into : length - 1);
    } else {
        day += o.amount / 24;  // hours on a bare date: whole days
    }
    if (day < first_.days() || day > last_.days()) return none_;
    return with_day(from, static_cast<std::int32_t>(day));
}

std::optional<date> working_calendar::apply(date from, offset o, std::string* error, trace* how) const {
    if (counts_start_day(o)) {  // the anchor day is day 1: count as from the day before it (after it, going back)
        from = from - (o.amount > 0 ? 1 : -1);
        o.start_is_day_1 = false;
    }
    if (o.unit == unit::working_days) return add_working_days(from, o.amount, error, how);
    const impl& cal = *impl_;
    if (how) how->stepped_over.clear();
    if (!covers(from)) return outside(cal, to_string(from), error);
    if (o.unit == unit::months) {
        // Check the month first, so that add_months never sees an absurd count.
        const year_month_day ymd = from.ymd();
        const std::int64_t target = std::int64_t{ymd.year} * 12 + ymd.month - 1 + o.amount;
        if (target < cal.first_month || target > cal.last_month)
            return result_outside(cal, to_string(from), o, std::nullopt, error);
        const date answer = add_months(from, o.amount);
        if (!covers(answer)) return result_outside(cal, to_string(from), o, to_string(answer), error);
        return answer;
    }
    std::int64_t delta = o.amount;                    // days
    if (o.unit == unit::weeks) delta = delta * 7;     // weeks: 7 calendar days
    if (o.unit == unit::hours) delta = o.amount / 24; // whole days, truncated towards the anchor
    const std::int64_t target = std::int64_t{from.days()} + delta;
    if (target < cal.first.days() || target > cal.last.days())
        return result_outside(cal, to_string(from), o, representable(target), error);
    return date::from_days(static_cast<std::int32_t>(target));
}

namespace {

// British Summer Time (UTC+1): from 01:00 UTC on the last Sunday of March to
// 01:00 UTC on the last Sunday of October (Summer Time Order 2002, the EU rule
// in force since 1996); from 1990 to 1995 it ended on the first Sunday on or
// after 22 October, from 1981 to 1989 on or after 23 October; from 1972 to 1980
// it ran from 02:00 GMT on the first Sunday on or after 16 March to 02:00 GMT on
// the first Sunday on or after 23 October (earlier years are read by that rule).
// Minutes are counted from 1970-01-01 00:00.
date last_sunday(int year, unsigned month) {
    date d = *date::from_ymd(year, month, date::days_in_month(year, month));
    while (d.weekday() != 6) d = d - 1;
    return d;
}

date sunday_on_or_after(int year, unsigned month, unsigned day) {
    date d = *date::from_ymd(year, month, day);
    while (d.weekday() != 6) d = d + 1;
    return d;
}

std::pair<std::int64_t, std::int64_t> summer_time_utc(int year) {
    if (year <= 1980)
        return {std::int64_t{sunday_on_or_after(year, 3, 16).days()} * 1440 + 120, std::int64_t{sunday_on_or_after(year, 10, 23).days()} * 1440 + 120};
    const date start = last_sunday(year, 3);
    const date end = year <= 1989 ? sunday_on_or_after(year, 10, 23) : year <= 1995 ? sunday_on_or_after(year, 10, 22) : last_sunday(year, 10);
    return {std::int64_t{start.days()} * 1440 + 60, std::int64_t{end.days()} * 1440 + 60};
}

int year_of_minute(std::int64_t minutes) {
    return date::from_days(static_cast<std::int32_t>(floor_div(minutes, 1440))).ymd().year;
}

}  // namespace

std::int64_t utc_from_local(std::int64_t local) {
    const auto [start, end] = summer_time_utc(year_of_minute(local));
    // Local clocks skip 01:00-02:00 in spring (taken as GMT) and repeat it in autumn (the first, BST).
    const bool summer = local >= start + 60 && local < end + 60;
    return summer ? local - 60 : local;
}

std::int64_t local_from_utc(std::int64_t utc) {
    const auto [start, end] = summer_time_utc(year_of_minute(utc));
    return utc >= start && utc < end ? utc + 60 : utc;
}

date england_date(std::int64_t utc_seconds) {
    constexpr std::int64_t minutes_per_day = 24 * 60;
    return date::from_days(static_cast<std::int32_t>(floor_div(local_from_utc(floor_div(utc_seconds, 60)), minutes_per_day)));
}

}  // namespace cprules::calendar

namespace cprules {
inline namespace v1 {
date today_in_england() { return calendar::england_date(static_cast<std::int64_t>(std::time(nullptr))); }
}  // namespace v1
}  // namespace cprules

namespace cprules::calendar {

std::optional<date_time> working_calendar::apply(date_time from, offset o, std::string* error, trace* how) const {
    if (o.unit != unit::hours || !from.has_time()) {
        const auto day = apply(from.day, o, error, how);
        if (!day) return std::nullopt;
        return date_time{*day, from.minute, from.second};
    }
    const impl& cal = *impl_;
    if (how) how->stepped_over.clear();
    if (!covers(from.day)) return outside(cal, to_string(from), error);
    constexpr std::int64_t minutes_per_day = 24 * 60;
    // Exact elapsed hours: through UTC, so that a clock change in between counts.
    const std::int64_t local = std::int64_t{from.day.days()} * minutes_per_day + from.minute;
    const std::int64_t minutes = local_from_utc(utc_from_local(local) + std::int64_t{o.amount} * 60);
    const std::int64_t day = floor_div(minutes, minutes_per_day);
    const auto minute = static_cast<std::int16_t>(minutes - day * minutes_per_day);
    if (day < cal.first.days() || day > cal.last.days()) {
        std::optional<std::string> shown = representable(day);
        if (shown) shown = to_string(date_time{date::from_days(static_cast<std::int32_t>(day)), minute, from.second});
        return result_outside(cal, to_string(from), o, shown, error);
    }
    return date_time{date::from_days(static_cast<std::int32_t>(day)), minute, from.second};  // whole hours keep the seconds
}

date easter_sunday(int year) noexcept {
    // Anonymous Gregorian algorithm (Meeus/Jones/Butcher), valid for Gregorian years.
    const int a = year % 19;
    const int b = year / 100;
    const int c = year % 100;
    const int d = b / 4;
    const int e = b % 4;
    const int f = (b + 8) / 25;
    const int g = (b - f + 1) / 3;
    const int h = (19 * a + b - d - g + 15) % 30;
    const int i = c / 4;
    const int k = c % 4;
    const int l = (32 + 2 * e + 2 * i - h - k) % 7;
    const int m = (a + 11 * h + 22 * l) / 451;
    const int month = (h + l - 7 * m + 114) / 31;
    const int day = (h + l - 7 * m + 114) % 31 + 1;
    // Always 22 March to 25 April for years >= 1; the fallback only keeps
    // nonsense years (<= 0) from being undefined behaviour.
    return date::from_ymd(year, static_cast<unsigned>(month), static_cast<unsigned>(day)).value_or(date{});
}

std::string bundled_dir() { return cprules::detail::data_dir() + "/calendars"; }

}  // namespace cprules::calendar
