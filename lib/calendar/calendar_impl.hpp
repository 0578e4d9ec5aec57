// Private to lib/calendar: the representation behind working_calendar.
#pragma once

#include "calendar/calendar.hpp"

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

namespace cprules::calendar {

/// Everything precomputed when a calendar is built; never changed afterwards.
struct working_calendar::impl {
    std::string name;
    std::string title;
    date first;
    date last;
    /// The non-working weekdays in [first, last], in date order.
    std::vector<closure> closures;
    /// prefix[i] = number of working days in [first, first + i); size = days + 1.
    std::vector<std::int32_t> prefix;
    /// The working days in [first, last] as day numbers, ascending.
    std::vector<std::int32_t> working;
    /// year * 12 + month - 1 of `first` and `last`, for month arithmetic.
    std::int64_t first_month = 0;
    std::int64_t last_month = 0;
    /// month_starts[k]: the day number of the 1st of month first_month + k, for k up to
    /// the month after last_month (so that every covered month's length is a difference).
    std::vector<std::int32_t> month_starts;
};

namespace detail {

/// Builds the lookup tables. `closures` may be in any order and may hold
/// days outside [first, last] and weekend days; both are dropped. Where two
/// closures share a day the first is kept.
std::unique_ptr<working_calendar::impl> build_calendar(std::string name, std::string title, date first,
                                                       date last, std::vector<closure> closures);

/// "the calendar england-and-wales (1995-01-01 to 2035-12-31)"
std::string describe_range(const working_calendar::impl& cal);

}  // namespace detail
}  // namespace cprules::calendar
