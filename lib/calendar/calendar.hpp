// Working-day calendars and the date arithmetic of contract section 5.
// The only module that uses Boost.Date_Time (in its .cpp files only).
#pragma once

#include <cprules/date.hpp>
#include <cprules/diagnostic.hpp>

#include <bit>
#include <climits>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace cprules::calendar {

enum class unit : std::uint8_t { working_days, days, weeks, months, hours };

/// A signed amount of a unit: "+15wd", "-2wd", "+3m", "+10w", "-70d", "+48h".
struct offset {
    std::int32_t amount = 0;
    calendar::unit unit = unit::days;
    /// Working days, days and weeks only: the anchor day counts as day 1 (contract
    /// section 5's "another counting convention"), so +15wd from a working day is the
    /// 14th working day after it, and +1d is the anchor day itself. Months and hours
    /// ignore it. Default: the anchor never counts.
    bool start_is_day_1 = false;
    friend bool operator==(const offset&, const offset&) = default;
};
/// Whether `start_is_day_1` changes what `o` means.
constexpr bool counts_start_day(offset o) noexcept { return o.start_is_day_1 && o.amount != 0 && o.unit <= unit::weeks; }

/// Accepts `[+-]N(wd|d|w|m|h)`. nullopt and a sentence in `error` otherwise.
std::optional<offset> parse_offset(std::string_view text, std::string* error = nullptr);
std::string to_string(offset o);          // "+15wd" ("+15wd inclusive" when the start day is day 1)
std::string describe(offset o);           // "15 working days after" / "2 working days before" / "15 working days from and including"
std::string_view unit_name(unit u, bool plural);  // "working day(s)", "month(s)", ...

/// The corresponding-date month rule: the same day number N months on, or the
/// last day of that month when it is shorter (2025-01-31 + 1 month = 2025-02-28).
date add_months(date d, std::int32_t months) noexcept;

/// format_to()'s text of every day in a range, 10 characters a day
/// ("YYYY-MM-DD"), for writers that put many dates inline.
struct date_text_table {
    const char* text;
    std::int32_t first_day;  // date::days() of the first
    std::uint32_t count;
};
date_text_table date_texts() noexcept;

/// date_time{day, minute} made in one register, so that it is stored whole:
/// stored field by field, a later 8-byte load of it stalls (store forwarding).
inline date_time packed(std::int32_t day, std::int16_t minute) noexcept {
    if constexpr (std::endian::native == std::endian::little && sizeof(date_time) == 8 && offsetof(date_time, minute) == 4) {
        return std::bit_cast<date_time>(std::uint64_t{static_cast<std::uint32_t>(day)} | std::uint64_t{static_cast<std::uint16_t>(minute)} << 32);
    } else {
        return date_time{date::from_days(day), minute};
    }
}

/// `t` on another day, its time of day (minute and second) kept, in one register as packed().
inline date_time with_day(date_time t, std::int32_t day) noexcept {
    if constexpr (std::endian::native == std::endian::little && sizeof(date_time) == 8 && offsetof(date_time, day) == 0) {
        return std::bit_cast<date_time>((std::bit_cast<std::uint64_t>(t) & ~std::uint64_t{0xffffffff}) | static_cast<std::uint32_t>(day));
    } else {
        t.day = date::from_days(day);
        return t;
    }
}

/// Whether `a` comes before `b`, or on the same day where either is a bare date, which leaves
/// the order within the day open. The one reading of the facts' same-day order.
constexpr bool on_or_before(date_time a, date_time b) noexcept {
    return a.has_time() && b.has_time() ? a <= b : a.day <= b.day;
}

class working_calendar;
/// parse_date_time() for the usual YYYY-MM-DD and YYYY-MM-DDTHH:MM, for
/// loaders that read dozens of dates a case: anything else (including every
/// error) gives a day of working_calendar::no_day, and parse_date_time() says
/// what is wrong with it. A date_time, not an std::optional, is returned in a
/// register: GCC builds the optional in memory and reloads it with a stall.
date_time quick_date_time(std::string_view text) noexcept;

/// Easter Sunday of a Gregorian year (the anonymous Gregorian algorithm).
date easter_sunday(int year) noexcept;

/// The directory of the bundled calendar files: `calendars/` in the bundled
/// data directory (support/data_dir.hpp says how that is found).
std::string bundled_dir();

/// A day that is not a working day although it falls Monday to Friday.
struct closure {
    date day;
    std::string name;  // "Christmas Day", "Spring bank holiday (moved for the Platinum Jubilee)"
};

/// England's wall clock and UTC, in minutes since 1970-01-01 00:00: British
/// Summer Time from 01:00 UTC on the last Sunday of March to 01:00 UTC on the
/// last Sunday of October (1981-1995: the first Sunday on or after 22
/// October). A local time in the skipped spring hour is read as GMT; one in the
/// repeated autumn hour as its first (BST) occurrence.
std::int64_t utc_from_local(std::int64_t local_minutes);
std::int64_t local_from_utc(std::int64_t utc_minutes);

/// The date on England's wall clock at `utc` (seconds since 1970-01-01 00:00 UTC):
/// what "today" means for an as-of date, whatever the host's time zone.
date england_date(std::int64_t utc_seconds);

/// One non-working day stepped over by a computation, for `explain`.
struct stepped_day {
    date day;
    std::string_view reason;  // "Saturday", "Sunday", or the closure's name (valid while the calendar lives)
};

/// How an answer was reached: the days stepped over (empty for pure calendar-day arithmetic).
struct trace {
    std::vector<stepped_day> stepped_over;
};

/// An immutable working-day calendar over a covered range [first, last].
/// Queries are O(log n) or O(1) using precomputed prefix counts; thread-safe.
class working_calendar {
public:
    /// Loads a calendar file (policies/calendars/*.yaml). A calendar may
    /// `inherit` another by name, looked up in `search_dir`. Problems are appended to
    /// `diags` with file:line:column; returns nullptr when any is an error.
    static std::shared_ptr<const working_calendar> load_file(const std::string& path,
                                                             std::vector<diagnostic>& diags);
    /// Loads by name ("england-and-wales") from `search_dir`, or a path if `name_or_path`
    /// contains '/' or ends in .yaml.
    static std::shared_ptr<const working_calendar> load(const std::string& name_or_path,
                                                        const std::string& search_dir,
                                                        std::vector<diagnostic>& diags);

    const std::string& name() const noexcept;
    /// The calendar's `title` ("England and Wales bank holidays"); may be empty.
    const std::string& title() const noexcept;
    date first() const noexcept { return first_; }
    date last() const noexcept { return last_; }
    bool covers(date d) const noexcept { return d >= first_ && d <= last_; }

    /// Precondition: covers(d).
    bool is_working_day(date d) const noexcept;
    /// The closure on that day (bank holiday or local closure), or nullptr.
    const closure* closure_on(date d) const noexcept;
    /// All closures in [from, to], in date order.
    std::vector<closure> closures_between(date from, date to) const;

    /// The Nth working day after `from` (n > 0) or before it (n < 0); `from`
    /// itself never counts. nullopt (and `error` set) when the answer or `from`
    /// falls outside the covered range.
    std::optional<date> add_working_days(date from, std::int32_t n, std::string* error = nullptr,
                                         trace* how = nullptr) const;
    /// Working days after `a` up to and including `b`; negative when b < a.
    /// Exactly: a <= b: the number of working days d with a < d <= b;
    /// b < a: minus the number of working days d with b <= d < a. Hence
    /// add_working_days(a, result) == b whenever b is a working day, and
    /// working_days_between(a, add_working_days(a, n)) == n for every n.
    std::optional<std::int32_t> working_days_between(date a, date b, std::string* error = nullptr) const;
    /// Applies any offset to a date: working days through the calendar, the
    /// others by calendar rules (hours on a bare date: whole days, 24h = 1 day,
    /// rounded towards the anchor). Errors when a date falls outside the range.
    std::optional<date> apply(date from, offset o, std::string* error = nullptr,
                              trace* how = nullptr) const;
    /// Hours on date-times are exact: `from` + o.amount hours. Other units as apply().
    std::optional<date_time> apply(date_time from, offset o, std::string* error = nullptr,
                                   trace* how = nullptr) const;

    /// The day shift() answers where apply() fails.
    static constexpr date no_day = date::from_days(INT32_MIN);
    /// apply() on the evaluator's hot path, inline: the same answers, no error
    /// text and no trace. Where apply() fails, a date_time on `no_day` (call
    /// apply() for the reason). Not an std::optional: GCC builds one in memory
    /// part by part, and the copy that follows stalls on reloading it whole.
    /// Days, weeks and working days are inline; months, hours and offsets that
    /// count their start day go out of line, so that the common path stays
    /// small to inline wherever it is called.
    [[gnu::always_inline]] date_time shift(date_time from, offset o) const {
        static_assert(unit::working_days < unit::weeks && unit::days < unit::weeks && unit::months > unit::weeks && unit::hours > unit::weeks,
                      "shift() tells the inline units from the others by their order");
        if (o.start_is_day_1 || o.unit > unit::weeks) [[unlikely]] return shift_other(from, o);
        if (!covers(from.day)) return none_;
        std::int64_t day = from.day.days();
        if (o.unit == unit::working_days) {
            if (o.amount != 0) {
                const auto i = static_cast<std::size_t>(from.day - first_);
                const std::int64_t k = o.amount > 0 ? std::int64_t{prefix_[i + 1]} + o.amount - 1 : std::int64_t{prefix_[i]} + o.amount;
                if (k < 0 || k >= working_count_) return none_;
                day = working_[k];
            }
        } else {
            day += std::int64_t{o.amount} * (o.unit == unit::weeks ? 7 : 1);
        }
        if (day < first_.days() || day > last_.days()) return none_;
        return with_day(from, static_cast<std::int32_t>(day));
    }

    ~working_calendar();
    working_calendar(const working_calendar&) = delete;
    working_calendar& operator=(const working_calendar&) = delete;

    struct impl;
    explicit working_calendar(std::unique_ptr<impl> p);

private:
    static constexpr date_time none_{no_day, -1};
    /// shift() for months, hours, and offsets that count their start day as day 1.
    date_time shift_other(date_time from, offset o) const;
    std::unique_ptr<impl> impl_;
    // impl_'s, here so that covers() and shift() are inline.
    date first_, last_;
    const std::int32_t* prefix_;
    const std::int32_t* working_;
    std::int64_t working_count_, first_month_, last_month_;
};

}  // namespace cprules::calendar
