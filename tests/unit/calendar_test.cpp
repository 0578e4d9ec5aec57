// Unit tests of lib/calendar: dates, offsets, the month rule, the England and
// Wales calendar (generated holidays, substitute days, one-off days), working
// day arithmetic, range limits, calendar files and their diagnostics.
#include "calendar/calendar.hpp"

#include <catch2/catch.hpp>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <random>
#include <string>
#include <utility>
#include <vector>

using namespace cprules;
using namespace cprules::calendar;

namespace {

const std::string calendars_dir = CPRULES_TEST_SOURCE_DIR "/policies/calendars";

date d(std::string_view text) {
    const auto parsed = parse_date(text);
    REQUIRE(parsed);
    return *parsed;
}

date_time dt(std::string_view text) {
    const auto parsed = parse_date_time(text);
    REQUIRE(parsed);
    return *parsed;
}

std::shared_ptr<const working_calendar> load_bundled(const std::string& name) {
    std::vector<diagnostic> diags;
    auto cal = working_calendar::load(name, calendars_dir, diags);
    for (const auto& diag : diags) UNSCOPED_INFO(to_string(diag));
    REQUIRE(cal);
    REQUIRE(diags.empty());
    return cal;
}

const working_calendar& national() {
    static const auto cal = load_bundled("england-and-wales");
    return *cal;
}

std::string add(const working_calendar& cal, std::string_view from, std::string_view off) {
    std::string error;
    const auto o = parse_offset(off, &error);
    REQUIRE(o);
    const auto r = cal.apply(d(from), *o, &error);
    return r ? to_string(*r) : "error: " + error;
}
std::string add(std::string_view from, std::string_view off) { return add(national(), from, off); }

std::string add_dt(std::string_view from, std::string_view off) {
    std::string error;
    const auto o = parse_offset(off, &error);
    REQUIRE(o);
    const auto r = national().apply(dt(from), *o, &error);
    return r ? to_string(*r) : "error: " + error;
}

std::string between(const working_calendar& cal, std::string_view a, std::string_view b) {
    std::string error;
    const auto n = cal.working_days_between(d(a), d(b), &error);
    return n ? std::to_string(*n) : "error: " + error;
}
std::string between(std::string_view a, std::string_view b) { return between(national(), a, b); }

/// "2022-01-03 New Year's Day (substitute day)" for every closure of a year.
std::vector<std::string> holidays(const working_calendar& cal, int year) {
    std::vector<std::string> out;
    for (const auto& c : cal.closures_between(*date::from_ymd(year, 1, 1), *date::from_ymd(year, 12, 31)))
        out.push_back(to_string(c.day) + " " + c.name);
    return out;
}
std::vector<std::string> holidays(int year) { return holidays(national(), year); }

std::string parse_error_date(std::string_view text) {
    std::string error;
    REQUIRE_FALSE(parse_date(text, &error));
    return error;
}
std::string parse_error_date_time(std::string_view text) {
    std::string error;
    REQUIRE_FALSE(parse_date_time(text, &error));
    return error;
}
std::string parse_error_offset(std::string_view text) {
    std::string error;
    REQUIRE_FALSE(parse_offset(text, &error));
    return error;
}

/// Writes a calendar file for a test and returns its path.
std::string write_file(const std::string& name, const std::string& text) {
    const std::filesystem::path dir = std::filesystem::path(CPRULES_TEST_BINARY_DIR) / "calendar_test_files";
    std::filesystem::create_directories(dir);
    const std::filesystem::path path = dir / name;
    std::ofstream(path, std::ios::binary) << text;
    return path.string();
}

struct load_result {
    std::shared_ptr<const working_calendar> cal;
    std::vector<diagnostic> diags;
};
load_result load_text(const std::string& name, const std::string& text) {
    load_result r;
    r.cal = working_calendar::load(write_file(name, text), calendars_dir, r.diags);
    return r;
}

}  // namespace

// ------------------------------------------------------------------ dates

TEST_CASE("parse_date accepts strict ISO dates only", "[date]") {
    CHECK(d("2025-01-06") == *date::from_ymd(2025, 1, 6));
    CHECK(d("2024-02-29").ymd() == year_month_day{2024, 2, 29});
    CHECK(d("1970-01-01").days() == 0);
    CHECK(d("0001-01-01").ymd().year == 1);

    CHECK(parse_error_date("2025-02-30") == "'2025-02-30' is not a date: February 2025 has 28 days");
    CHECK(parse_error_date("2024-02-30") == "'2024-02-30' is not a date: February 2024 has 29 days");
    CHECK(parse_error_date("2025-02-29") == "'2025-02-29' is not a date: February 2025 has 28 days");
    CHECK(parse_error_date("1900-02-29") == "'1900-02-29' is not a date: February 1900 has 28 days");
    CHECK(parse_error_date("2025-04-31") == "'2025-04-31' is not a date: April 2025 has 30 days");
    CHECK(parse_error_date("2025-13-01") == "'2025-13-01' is not a date: there is no month 13");
    CHECK(parse_error_date("2025-00-10") == "'2025-00-10' is not a date: there is no month 00");
    CHECK(parse_error_date("2025-01-00") == "'2025-01-00' is not a date: there is no day 00");
    CHECK(parse_error_date("2025-1-6") == "'2025-1-6' is not a date: expected YYYY-MM-DD");
    CHECK(parse_error_date("06/01/2025") == "'06/01/2025' is not a date: expected YYYY-MM-DD");
    CHECK(parse_error_date("") == "'' is not a date: expected YYYY-MM-DD");
    CHECK(parse_error_date(" 2025-01-06") == "' 2025-01-06' is not a date: expected YYYY-MM-DD");
    CHECK(parse_error_date("2025-01-06 ") == "'2025-01-06 ' is not a date: expected YYYY-MM-DD (a date without a time)");
    CHECK(parse_error_date("2025/01/06") == "'2025/01/06' is not a date: expected YYYY-MM-DD");
    CHECK(parse_error_date("+2025-01-06") == "'+2025-01-06' is not a date: expected YYYY-MM-DD");
    CHECK(parse_error_date("2025-01-06T10:00") ==
          "'2025-01-06T10:00' is not a date: expected YYYY-MM-DD (a date without a time)");
    CHECK(parse_error_date(std::string(60, 'x')) ==
          "'" + std::string(40, 'x') + "...' is not a date: expected YYYY-MM-DD");
    CHECK_FALSE(parse_date("2025-02-30"));  // no error pointer: still fine
}

TEST_CASE("parse_date_time accepts YYYY-MM-DD[THH:MM[:SS]]", "[date]") {
    CHECK(dt("2025-01-27T10:00") == date_time{d("2025-01-27"), 600});
    CHECK(dt("2025-01-27T23:59:59") == date_time{d("2025-01-27"), 23 * 60 + 59, 59});  // seconds are kept (contract section 1)
    CHECK(dt("2025-01-27T10:00:00") == dt("2025-01-27T10:00"));
    CHECK(dt("2025-01-27T10:00:30") > dt("2025-01-27T10:00"));
    CHECK(dt("2025-01-27T10:00:30") < dt("2025-01-27T10:01"));
    CHECK(dt("2025-01-27T00:00") == date_time{d("2025-01-27"), 0});
    CHECK(dt("2025-01-27") == date_time{d("2025-01-27"), -1});
    CHECK_FALSE(dt("2025-01-27").has_time());

    CHECK(parse_error_date_time("2025-01-27T24:00") == "'2025-01-27T24:00' is not a date-time: the hour must be 00 to 23");
    CHECK(parse_error_date_time("2025-01-27T10:60") ==
          "'2025-01-27T10:60' is not a date-time: the minute must be 00 to 59");
    CHECK(parse_error_date_time("2025-01-27T10:00:60") ==
          "'2025-01-27T10:00:60' is not a date-time: the second must be 00 to 59");
    CHECK(parse_error_date_time("2025-01-27 10:00") ==
          "'2025-01-27 10:00' is not a date-time: expected YYYY-MM-DD, YYYY-MM-DDTHH:MM or YYYY-MM-DDTHH:MM:SS");
    CHECK(parse_error_date_time("2025-01-27T10") ==
          "'2025-01-27T10' is not a date-time: expected YYYY-MM-DD, YYYY-MM-DDTHH:MM or YYYY-MM-DDTHH:MM:SS");
    CHECK(parse_error_date_time("2025-02-30T10:00") == "'2025-02-30T10:00' is not a date-time: February 2025 has 28 days");
    CHECK(parse_error_date_time("27/01/2025") ==
          "'27/01/2025' is not a date-time: expected YYYY-MM-DD, YYYY-MM-DDTHH:MM or YYYY-MM-DDTHH:MM:SS");
}

TEST_CASE("quick_date_time answers as parse_date_time does, or leaves the answer to it", "[date]") {
    const auto same = [](std::string_view text) {
        INFO(text);
        const date_time quick = quick_date_time(text);
        const auto full = parse_date_time(text);
        if (quick.day != working_calendar::no_day) {
            REQUIRE(full);
            CHECK(quick == *full);
        }
        return quick.day != working_calendar::no_day;
    };
    // The usual forms, across the month table's edges and beyond them.
    for (const char* text : {"2025-01-27", "2025-01-27T10:00", "2024-02-29", "2024-02-29T23:59", "1970-01-01", "2069-12-31",
                             "1969-12-31", "2070-01-01T00:00", "0001-01-01", "9999-12-31T12:30", "2000-02-29"})
        CHECK(same(text));
    // Everything else is left to parse_date_time, which says what is wrong (or reads the seconds).
    for (const char* text : {"2025-02-29", "2025-13-01", "2025-00-10", "2025-01-00", "2025-01-32", "2025-01-27T24:00",
                             "2025-01-27T10:60", "2025-01-27 10:00", "2025-01-27T10:00:59", "25-01-27", "2025/01/27", "",
                             "2025-01-2a", "２025-01-27", "2025-01-27T1a:00", "1900-02-29"})
        CHECK_FALSE(same(text));
    // Each byte of a date-time replaced by every other byte value: a character one off a
    // digit (`/`, `:`), a dash where a digit goes, a digit where a dash goes, ... Checked
    // against a reading character by character (parse_date_time shares the quick path).
    const auto by_hand = [](std::string_view text) -> std::optional<date_time> {
        const auto is_digit = [&](std::size_t i) { return text[i] >= '0' && text[i] <= '9'; };
        const auto two = [&](std::size_t i) { return (text[i] - '0') * 10 + (text[i + 1] - '0'); };
        if ((text.size() != 10 && text.size() != 16) || text[4] != '-' || text[7] != '-') return std::nullopt;
        for (std::size_t i : {0, 1, 2, 3, 5, 6, 8, 9})
            if (!is_digit(i)) return std::nullopt;
        if (text.size() == 16)
            for (std::size_t i : {11, 12, 14, 15})
                if (!is_digit(i)) return std::nullopt;
        const int y = two(0) * 100 + two(2), m = two(5), dd = two(8);
        const auto day = date::from_ymd(y, static_cast<unsigned>(m), static_cast<unsigned>(dd));
        if (!day) return std::nullopt;
        if (text.size() == 10) return date_time{*day, -1};
        const int h = two(11), mi = two(14);
        if (text[10] != 'T' || text[13] != ':' || h > 23 || mi > 59) return std::nullopt;
        return date_time{*day, static_cast<std::int16_t>(h * 60 + mi)};
    };
    int accepted = 0;
    for (const std::string base : {"2024-02-29T13:45", "1999-12-31T09:59", "2025-10-09"}) {
        for (std::size_t at = 0; at < base.size(); ++at)
            for (int c = 0; c < 256; ++c) {
                std::string text = base;
                text[at] = static_cast<char>(c);
                INFO(text);
                const date_time quick = quick_date_time(text);
                const auto want = by_hand(text);
                CHECK((quick.day != working_calendar::no_day) == want.has_value());
                if (want && quick.day != working_calendar::no_day) CHECK(quick == *want);
                accepted += want.has_value();
            }
    }
    CHECK(accepted > 100);
    // And at random, every day from 1960 to 2080 at a random minute.
    std::mt19937 rng(11);
    for (date day = d("1960-01-01"); day <= d("2080-12-31"); day = day + 1) {
        const auto minute = static_cast<std::int16_t>(rng() % 1440);
        CHECK(same(to_string(day)));
        CHECK(same(to_string(date_time{day, minute})));
    }
}

TEST_CASE("dates format as ISO 8601", "[date]") {
    CHECK(to_string(d("2025-01-06")) == "2025-01-06");
    CHECK(to_string(date::from_days(0)) == "1970-01-01");
    CHECK(to_string(*date::from_ymd(5, 3, 9)) == "0005-03-09");
    CHECK(to_string(*date::from_ymd(-1, 12, 31)) == "-0001-12-31");
    CHECK(to_string(*date::from_ymd(12345, 1, 2)) == "+12345-01-02");
    CHECK(to_string(dt("2025-01-27T09:05")) == "2025-01-27T09:05");
    CHECK(to_string(dt("2025-01-27T09:05:30")) == "2025-01-27T09:05:30");
    CHECK(to_string(dt("2025-01-27T09:05:00")) == "2025-01-27T09:05");  // no seconds to show
    char with_seconds[20] = {};
    CHECK(format_to(with_seconds, dt("2025-01-27T09:05:07")) == with_seconds + 19);
    CHECK(std::string(with_seconds) == "2025-01-27T09:05:07");
    CHECK(to_string(dt("2025-01-27")) == "2025-01-27");
    char buffer[11] = {};
    CHECK(format_to(buffer, d("1999-12-31")) == buffer + 10);
    CHECK(std::string(buffer) == "1999-12-31");
    // Round trip over a long stretch of days.
    for (std::int32_t n = -719'000; n <= 2'900'000; n += 997) {  // years 0001 to 9909
        const date x = date::from_days(n);
        REQUIRE(parse_date(to_string(x)) == x);
    }
}

TEST_CASE("a date is exact over every int32 day, and from_ymd refuses a year past them", "[date]") {
    STATIC_REQUIRE(date::from_days(INT32_MAX).ymd() == year_month_day{5'881'580, 7, 11});
    STATIC_REQUIRE(date::from_days(INT32_MIN).ymd() == year_month_day{-5'877'641, 6, 23});
    STATIC_REQUIRE(date::from_ymd(5'881'580, 7, 11)->days() == INT32_MAX);
    STATIC_REQUIRE(date::from_ymd(-5'877'641, 6, 23)->days() == INT32_MIN);
    STATIC_REQUIRE(!date::from_ymd(5'881'580, 7, 12));
    STATIC_REQUIRE(!date::from_ymd(-5'877'641, 6, 22));
    STATIC_REQUIRE(!date::from_ymd(6'000'000, 1, 1));
    STATIC_REQUIRE(!date::from_ymd(INT_MAX, 12, 31));
    STATIC_REQUIRE(!date::from_ymd(INT_MIN, 1, 1));
    CHECK(to_string(date::from_days(INT32_MAX)) == "+5881580-07-11");
    CHECK(to_string(date::from_days(INT32_MIN)) == "-5877641-06-23");
    for (const std::int32_t n : {INT32_MIN, INT32_MIN + 1, -1, 0, INT32_MAX - 1, INT32_MAX}) {
        const auto ymd = date::from_days(n).ymd();
        CHECK(date::from_ymd(ymd.year, ymd.month, ymd.day)->days() == n);
    }
}

// ------------------------------------------------------------------ offsets

TEST_CASE("parse_offset reads [+-]N(wd|d|w|m|h)", "[offset]") {
    CHECK(parse_offset("+15wd") == offset{15, unit::working_days});
    CHECK(parse_offset("-2wd") == offset{-2, unit::working_days});
    CHECK(parse_offset("+3m") == offset{3, unit::months});
    CHECK(parse_offset("+10w") == offset{10, unit::weeks});
    CHECK(parse_offset("-70d") == offset{-70, unit::days});
    CHECK(parse_offset("+48h") == offset{48, unit::hours});
    CHECK(parse_offset("15wd") == offset{15, unit::working_days});
    CHECK(parse_offset("+0d") == offset{0, unit::days});
    CHECK(parse_offset("+1000000d") == offset{1'000'000, unit::days});

    CHECK(parse_error_offset("+15x") == "'+15x' is not an offset: unknown unit 'x' (use wd, d, w, m or h)");
    CHECK(parse_error_offset("+15WD") == "'+15WD' is not an offset: unknown unit 'WD' (use wd, d, w, m or h)");
    CHECK(parse_error_offset("+15") == "'+15' is not an offset: the unit is missing (use wd, d, w, m or h)");
    CHECK(parse_error_offset("+1.5wd") == "'+1.5wd' is not an offset: unknown unit '.5wd' (use wd, d, w, m or h)");
    CHECK(parse_error_offset("+wd") ==
          "'+wd' is not an offset: expected a sign, a number and a unit (wd, d, w, m or h), such as +15wd, "
          "-2wd, +3m, +10w, -70d or +48h");
    CHECK(parse_error_offset("") ==
          "'' is not an offset: expected a sign, a number and a unit (wd, d, w, m or h), such as +15wd, -2wd, "
          "+3m, +10w, -70d or +48h");
    CHECK(parse_error_offset("+ 15wd").starts_with("'+ 15wd' is not an offset: expected a sign"));
    CHECK(parse_error_offset("+99999999wd") == "'+99999999wd' is not an offset: 99999999 is too large (at most 1000000)");
    CHECK(parse_error_offset("+1000001d") == "'+1000001d' is not an offset: 1000001 is too large (at most 1000000)");
}

TEST_CASE("offsets print and describe themselves", "[offset]") {
    CHECK(to_string(offset{15, unit::working_days}) == "+15wd");
    CHECK(to_string(offset{-2, unit::working_days}) == "-2wd");
    CHECK(to_string(offset{0, unit::days}) == "+0d");
    CHECK(to_string(offset{3, unit::months}) == "+3m");
    CHECK(to_string(offset{10, unit::weeks}) == "+10w");
    CHECK(to_string(offset{48, unit::hours}) == "+48h");
    CHECK(describe(offset{15, unit::working_days}) == "15 working days after");
    CHECK(describe(offset{-2, unit::working_days}) == "2 working days before");
    CHECK(describe(offset{1, unit::working_days}) == "1 working day after");
    CHECK(describe(offset{-1, unit::months}) == "1 month before");
    CHECK(describe(offset{10, unit::weeks}) == "10 weeks after");
    CHECK(describe(offset{-70, unit::days}) == "70 days before");
    CHECK(describe(offset{48, unit::hours}) == "48 hours after");
    CHECK(unit_name(unit::working_days, false) == "working day");
    CHECK(unit_name(unit::months, true) == "months");
}

// ------------------------------------------------------------------ months

TEST_CASE("add_months follows the corresponding-date rule", "[months]") {
    const auto m = [](std::string_view from, int n) { return to_string(add_months(d(from), n)); };
    // Contract section 5 and the brief.
    CHECK(m("2025-04-30", 3) == "2025-07-30");
    CHECK(m("2025-01-31", 1) == "2025-02-28");
    CHECK(m("2024-02-29", 6) == "2024-08-29");
    CHECK(m("2024-02-29", 12) == "2025-02-28");
    // Month ends.
    CHECK(m("2024-01-31", 1) == "2024-02-29");
    CHECK(m("2025-08-31", 1) == "2025-09-30");
    CHECK(m("2025-08-31", 6) == "2026-02-28");
    CHECK(m("2025-04-30", 1) == "2025-05-30");
    CHECK(m("2025-02-28", 1) == "2025-03-28");
    CHECK(m("2023-02-28", 12) == "2024-02-28");
    CHECK(m("2024-02-29", 48) == "2028-02-29");
    CHECK(m("2025-10-31", 4) == "2026-02-28");
    CHECK(m("2025-12-15", 1) == "2026-01-15");
    // Backwards.
    CHECK(m("2025-03-31", -1) == "2025-02-28");
    CHECK(m("2024-03-31", -1) == "2024-02-29");
    CHECK(m("2025-01-15", -1) == "2024-12-15");
    CHECK(m("2025-01-31", -13) == "2023-12-31");
    CHECK(m("2025-05-31", -3) == "2025-02-28");
    CHECK(m("2025-06-30", 0) == "2025-06-30");
}

// ------------------------------------------------------------------ contract section 5

TEST_CASE("contract section 5: every example", "[contract]") {
    // within N working days of X: the Nth working day after X (X never counts).
    CHECK(add("2025-01-06", "+15wd") == "2025-01-27");
    // at least N working days before X: the Nth working day before X.
    CHECK(add("2025-01-27", "-2wd") == "2025-01-23");
    CHECK(add("2025-01-27", "-15wd") == "2025-01-06");
    // within N days / N weeks: X + N / X + 7N calendar days.
    CHECK(add("2025-01-06", "+10d") == "2025-01-16");
    CHECK(add("2025-01-27", "+10w") == "2025-04-07");
    CHECK(add("2025-09-10", "-70d") == "2025-07-02");
    // within N months: the corresponding date.
    CHECK(add("2025-04-30", "+3m") == "2025-07-30");
    CHECK(add("2025-01-31", "+1m") == "2025-02-28");
    // hours: exact on date-times; whole days on a bare date (48 hours = 2 days).
    CHECK(add("2025-01-06", "+48h") == "2025-01-08");
    CHECK(add_dt("2025-01-27T10:00", "+48h") == "2025-01-29T10:00");
    CHECK(add_dt("2025-01-27T10:00", "-36h") == "2025-01-25T22:00");
    CHECK(add_dt("2025-01-27T23:30", "+1h") == "2025-01-28T00:30");
    CHECK(add_dt("2025-01-27T00:30", "-1h") == "2025-01-26T23:30");
    CHECK(add_dt("2025-01-27T10:00", "+0h") == "2025-01-27T10:00");
}

TEST_CASE("hours on a bare date round towards the anchor", "[contract]") {
    CHECK(add("2025-01-06", "+24h") == "2025-01-07");
    CHECK(add("2025-01-06", "+47h") == "2025-01-07");
    CHECK(add("2025-01-06", "+23h") == "2025-01-06");
    CHECK(add("2025-01-06", "-47h") == "2025-01-05");
    CHECK(add("2025-01-06", "-48h") == "2025-01-04");
    CHECK(add_dt("2025-01-06", "+72h") == "2025-01-09");  // a bare date-time stays bare
    // Other units keep the time of day.
    CHECK(add_dt("2025-01-27T10:00", "+3wd") == "2025-01-30T10:00");
    CHECK(add_dt("2025-01-31T09:00", "+1m") == "2025-02-28T09:00");
}

TEST_CASE("working days: the start never counts, even on a weekend or holiday", "[working_days]") {
    CHECK(add("2025-01-06", "+1wd") == "2025-01-07");
    CHECK(add("2025-01-10", "+1wd") == "2025-01-13");  // Friday -> Monday
    CHECK(add("2025-01-11", "+1wd") == "2025-01-13");  // Saturday
    CHECK(add("2025-01-12", "+1wd") == "2025-01-13");  // Sunday
    CHECK(add("2025-12-25", "+1wd") == "2025-12-29");  // Christmas Day
    CHECK(add("2025-12-24", "+1wd") == "2025-12-29");
    CHECK(add("2025-12-24", "+2wd") == "2025-12-30");
    CHECK(add("2025-01-06", "+0wd") == "2025-01-06");
    CHECK(add("2025-01-11", "+0wd") == "2025-01-11");
    // Negative: the Nth working day before.
    CHECK(add("2025-01-06", "-1wd") == "2025-01-03");
    CHECK(add("2025-01-02", "-1wd") == "2024-12-31");  // New Year's Day skipped
    CHECK(add("2024-12-27", "-1wd") == "2024-12-24");
    CHECK(add("2025-01-12", "-1wd") == "2025-01-10");  // Sunday
    CHECK(add("2025-01-11", "-1wd") == "2025-01-10");  // Saturday
    CHECK(add("2025-04-22", "-1wd") == "2025-04-17");  // Easter Monday and Good Friday skipped
    CHECK(add("2025-04-22", "-2wd") == "2025-04-16");
    CHECK(add("2025-04-17", "+1wd") == "2025-04-22");
    CHECK(add("2025-01-06", "+260wd") == "2026-01-15");
}

TEST_CASE("working_days_between counts a < d <= b, and b <= d < a negated", "[working_days]") {
    CHECK(between("2025-01-06", "2025-01-27") == "15");
    CHECK(between("2025-01-27", "2025-01-06") == "-15");
    CHECK(between("2025-01-06", "2025-01-06") == "0");
    CHECK(between("2025-01-11", "2025-01-11") == "0");
    CHECK(between("2025-01-10", "2025-01-13") == "1");
    CHECK(between("2025-01-10", "2025-01-12") == "0");  // Friday to Sunday
    CHECK(between("2025-01-12", "2025-01-10") == "-1");  // Sunday back to Friday: Friday counts
    CHECK(between("2025-01-13", "2025-01-10") == "-1");
    CHECK(between("2025-01-13", "2025-01-11") == "0");   // Saturday is not a working day
    CHECK(between("2025-12-24", "2025-12-29") == "1");
    CHECK(between("2025-12-29", "2025-12-24") == "-1");
    CHECK(between("2024-12-31", "2025-12-31") == "253");  // 261 weekdays less 8 bank holidays
    CHECK(between("2025-12-31", "2024-12-31") == "-253");

    // add_working_days(a, between(a, b)) == b whenever b is a working day.
    const working_calendar& cal = national();
    std::mt19937 rng(20250106);
    std::uniform_int_distribution<std::int32_t> day(cal.first().days(), cal.last().days());
    std::uniform_int_distribution<std::int32_t> span(-400, 400);
    int checked = 0;
    for (int i = 0; i < 20000; ++i) {
        const date a = date::from_days(day(rng));
        const date b = a + span(rng);
        if (!cal.covers(b)) continue;
        const auto n = cal.working_days_between(a, b);
        REQUIRE(n);
        if (cal.is_working_day(b)) {
            const auto back = cal.add_working_days(a, *n);
            REQUIRE(back);
            REQUIRE(*back == b);
            ++checked;
        }
        // and between agrees with a plain count.
        std::int32_t count = 0;
        if (a <= b) {
            for (date x = a + 1; x <= b; x = x + 1) count += cal.is_working_day(x);
        } else {
            for (date x = b; x < a; x = x + 1) count -= cal.is_working_day(x);
        }
        REQUIRE(*n == count);
    }
    CHECK(checked > 10000);

    // and between(a, add_working_days(a, n)) == n for every n.
    std::uniform_int_distribution<std::int32_t> amount(-300, 300);
    for (int i = 0; i < 20000; ++i) {
        const date a = date::from_days(day(rng));
        const std::int32_t n = amount(rng);
        const auto b = cal.add_working_days(a, n);
        if (!b) continue;  // near the ends of the range
        REQUIRE(cal.working_days_between(a, *b) == n);
    }
}

// ------------------------------------------------------------------ the England and Wales calendar

TEST_CASE("Easter Sunday by the anonymous Gregorian algorithm", "[easter]") {
    CHECK(to_string(easter_sunday(1995)) == "1995-04-16");
    CHECK(to_string(easter_sunday(2000)) == "2000-04-23");
    CHECK(to_string(easter_sunday(2008)) == "2008-03-23");
    CHECK(to_string(easter_sunday(2011)) == "2011-04-24");
    CHECK(to_string(easter_sunday(2016)) == "2016-03-27");
    CHECK(to_string(easter_sunday(2019)) == "2019-04-21");
    CHECK(to_string(easter_sunday(2024)) == "2024-03-31");
    CHECK(to_string(easter_sunday(2025)) == "2025-04-20");
    CHECK(to_string(easter_sunday(2026)) == "2026-04-05");
    CHECK(to_string(easter_sunday(2038)) == "2038-04-25");  // the latest possible
    CHECK(to_string(easter_sunday(2285)) == "2285-03-22");  // the earliest possible
    CHECK(to_string(easter_sunday(1818)) == "1818-03-22");
}

TEST_CASE("Good Friday and Easter Monday across years", "[easter]") {
    const working_calendar& cal = national();
    const std::vector<std::pair<int, std::pair<std::string, std::string>>> expected = {
        {1995, {"1995-04-14", "1995-04-17"}}, {2000, {"2000-04-21", "2000-04-24"}},
        {2008, {"2008-03-21", "2008-03-24"}}, {2011, {"2011-04-22", "2011-04-25"}},
        {2016, {"2016-03-25", "2016-03-28"}}, {2019, {"2019-04-19", "2019-04-22"}},
        {2024, {"2024-03-29", "2024-04-01"}}, {2025, {"2025-04-18", "2025-04-21"}},
        {2026, {"2026-04-03", "2026-04-06"}}, {2035, {"2035-03-23", "2035-03-26"}},
    };
    for (const auto& [year, days] : expected) {
        INFO(year);
        const closure* gf = cal.closure_on(d(days.first));
        const closure* em = cal.closure_on(d(days.second));
        REQUIRE(gf);
        REQUIRE(em);
        CHECK(gf->name == "Good Friday");
        CHECK(em->name == "Easter Monday");
        CHECK_FALSE(cal.is_working_day(d(days.first)));
        CHECK_FALSE(cal.is_working_day(d(days.second)));
        CHECK(cal.is_working_day(d(days.first) - 1));  // Maundy Thursday
        CHECK(cal.is_working_day(d(days.second) + 1));
    }
}

TEST_CASE("complete bank holiday lists, as GOV.UK publishes them", "[holidays]") {
    CHECK(holidays(2025) == std::vector<std::string>{
                                "2025-01-01 New Year's Day", "2025-04-18 Good Friday", "2025-04-21 Easter Monday",
                                "2025-05-05 Early May bank holiday", "2025-05-26 Spring bank holiday",
                                "2025-08-25 Summer bank holiday", "2025-12-25 Christmas Day", "2025-12-26 Boxing Day"});
    CHECK(holidays(2022) == std::vector<std::string>{
                                "2022-01-03 New Year's Day (substitute day)",
                                "2022-04-15 Good Friday",
                                "2022-04-18 Easter Monday",
                                "2022-05-02 Early May bank holiday",
                                "2022-06-02 Spring bank holiday (moved for the Platinum Jubilee)",
                                "2022-06-03 Platinum Jubilee bank holiday",
                                "2022-08-29 Summer bank holiday",
                                "2022-09-19 Bank Holiday for the State Funeral of Queen Elizabeth II",
                                "2022-12-26 Boxing Day",
                                "2022-12-27 Christmas Day (substitute day)"});
    CHECK(holidays(2023) == std::vector<std::string>{
                                "2023-01-02 New Year's Day (substitute day)", "2023-04-07 Good Friday",
                                "2023-04-10 Easter Monday", "2023-05-01 Early May bank holiday",
                                "2023-05-08 Bank holiday for the coronation of King Charles III",
                                "2023-05-29 Spring bank holiday", "2023-08-28 Summer bank holiday",
                                "2023-12-25 Christmas Day", "2023-12-26 Boxing Day"});
    CHECK(holidays(2020) == std::vector<std::string>{
                                "2020-01-01 New Year's Day", "2020-04-10 Good Friday", "2020-04-13 Easter Monday",
                                "2020-05-08 Early May bank holiday (VE Day 75th anniversary)",
                                "2020-05-25 Spring bank holiday", "2020-08-31 Summer bank holiday",
                                "2020-12-25 Christmas Day", "2020-12-28 Boxing Day (substitute day)"});
    CHECK(holidays(2021) == std::vector<std::string>{
                                "2021-01-01 New Year's Day", "2021-04-02 Good Friday", "2021-04-05 Easter Monday",
                                "2021-05-03 Early May bank holiday", "2021-05-31 Spring bank holiday",
                                "2021-08-30 Summer bank holiday", "2021-12-27 Christmas Day (substitute day)",
                                "2021-12-28 Boxing Day (substitute day)"});
    CHECK(holidays(2012) == std::vector<std::string>{
                                "2012-01-02 New Year's Day (substitute day)", "2012-04-06 Good Friday",
                                "2012-04-09 Easter Monday", "2012-05-07 Early May bank holiday",
                                "2012-06-04 Spring bank holiday (moved for the Diamond Jubilee)",
                                "2012-06-05 Queen's Diamond Jubilee", "2012-08-27 Summer bank holiday",
                                "2012-12-25 Christmas Day", "2012-12-26 Boxing Day"});
    CHECK(holidays(2002) == std::vector<std::string>{
                                "2002-01-01 New Year's Day", "2002-03-29 Good Friday", "2002-04-01 Easter Monday",
                                "2002-05-06 Early May bank holiday", "2002-06-03 Golden Jubilee bank holiday",
                                "2002-06-04 Spring bank holiday (moved for the Golden Jubilee)",
                                "2002-08-26 Summer bank holiday", "2002-12-25 Christmas Day", "2002-12-26 Boxing Day"});
    CHECK(holidays(1995) == std::vector<std::string>{
                                "1995-01-02 New Year's Day (substitute day)", "1995-04-14 Good Friday",
                                "1995-04-17 Easter Monday", "1995-05-08 Early May bank holiday (VE Day 50th anniversary)",
                                "1995-05-29 Spring bank holiday", "1995-08-28 Summer bank holiday",
                                "1995-12-25 Christmas Day", "1995-12-26 Boxing Day"});
    CHECK(holidays(1999) == std::vector<std::string>{
                                "1999-01-01 New Year's Day", "1999-04-02 Good Friday", "1999-04-05 Easter Monday",
                                "1999-05-03 Early May bank holiday", "1999-05-31 Spring bank holiday",
                                "1999-08-30 Summer bank holiday", "1999-12-27 Christmas Day (substitute day)",
                                "1999-12-28 Boxing Day (substitute day)", "1999-12-31 Millennium Day"});
    CHECK(holidays(2011) == std::vector<std::string>{
                                "2011-01-03 New Year's Day (substitute day)", "2011-04-22 Good Friday",
                                "2011-04-25 Easter Monday", "2011-04-29 Royal wedding",
                                "2011-05-02 Early May bank holiday", "2011-05-30 Spring bank holiday",
                                "2011-08-29 Summer bank holiday", "2011-12-26 Boxing Day",
                                "2011-12-27 Christmas Day (substitute day)"});
}

TEST_CASE("Christmas, Boxing Day and New Year at weekends: substitute days", "[holidays]") {
    const working_calendar& cal = national();
    const auto name = [&](std::string_view day) {
        const closure* c = cal.closure_on(d(day));
        return c ? c->name : std::string("working day");
    };
    // 25 December on a Saturday: Monday 27 Christmas, Tuesday 28 Boxing Day.
    for (const char* year : {"2004", "2010", "2021"}) {
        INFO(year);
        const std::string y = year;
        CHECK(d(y + "-12-25").weekday() == 5);
        CHECK(name(y + "-12-27") == "Christmas Day (substitute day)");
        CHECK(name(y + "-12-28") == "Boxing Day (substitute day)");
        CHECK(name(y + "-12-29") == "working day");
        CHECK(name(y + "-12-24") == "working day");
    }
    // 25 December on a Sunday: Monday 26 Boxing Day, Tuesday 27 Christmas.
    for (const char* year : {"2005", "2011", "2016", "2022"}) {
        INFO(year);
        const std::string y = year;
        CHECK(d(y + "-12-25").weekday() == 6);
        CHECK(name(y + "-12-26") == "Boxing Day");
        CHECK(name(y + "-12-27") == "Christmas Day (substitute day)");
        CHECK(name(y + "-12-28") == "working day");
    }
    // 25 December on a Friday, 26 on a Saturday: Monday 28 Boxing Day.
    for (const char* year : {"2009", "2015", "2020", "2026"}) {
        INFO(year);
        const std::string y = year;
        CHECK(d(y + "-12-25").weekday() == 4);
        CHECK(name(y + "-12-25") == "Christmas Day");
        CHECK(name(y + "-12-28") == "Boxing Day (substitute day)");
        CHECK(name(y + "-12-29") == "working day");
    }
    // New Year's Day on a Saturday (Monday 3rd) or a Sunday (Monday 2nd).
    CHECK(name("2005-01-03") == "New Year's Day (substitute day)");
    CHECK(name("2011-01-03") == "New Year's Day (substitute day)");
    CHECK(name("2022-01-03") == "New Year's Day (substitute day)");
    CHECK(name("2012-01-02") == "New Year's Day (substitute day)");
    CHECK(name("2017-01-02") == "New Year's Day (substitute day)");
    CHECK(name("2023-01-02") == "New Year's Day (substitute day)");
    CHECK(name("2016-01-01") == "New Year's Day");
    CHECK(name("2016-01-04") == "working day");
    CHECK(name("2021-01-01") == "New Year's Day");
    CHECK(name("2028-01-03") == "New Year's Day (substitute day)");
    CHECK(name("2034-01-02") == "New Year's Day (substitute day)");
    // Across the turn of the year 2021/22: 24 Dec (Fri) +1wd skips five days.
    CHECK(add("2021-12-24", "+1wd") == "2021-12-29");
    CHECK(add("2021-12-31", "+1wd") == "2022-01-04");
    CHECK(add("2022-01-04", "-1wd") == "2021-12-31");
    CHECK(add("2010-12-24", "+1wd") == "2010-12-29");
    CHECK(add("2016-12-23", "+1wd") == "2016-12-28");
}

TEST_CASE("every one-off day is a holiday and every day it replaced is a working day", "[holidays]") {
    const working_calendar& cal = national();
    const std::vector<std::string> closed = {"1995-05-08", "1999-12-31", "2002-06-03", "2002-06-04", "2011-04-29",
                                             "2012-06-04", "2012-06-05", "2020-05-08", "2022-06-02", "2022-06-03",
                                             "2022-09-19", "2023-05-08"};
    const std::vector<std::string> working = {"1995-05-01", "2002-05-27", "2012-05-28", "2020-05-04", "2022-05-30"};
    for (const auto& day : closed) {
        INFO(day);
        CHECK_FALSE(cal.is_working_day(d(day)));
        CHECK(cal.closure_on(d(day)) != nullptr);
    }
    for (const auto& day : working) {
        INFO(day);
        CHECK(cal.is_working_day(d(day)));
        CHECK(cal.closure_on(d(day)) == nullptr);
    }
    CHECK(cal.closure_on(d("2022-09-19"))->name == "Bank Holiday for the State Funeral of Queen Elizabeth II");
    CHECK(cal.closure_on(d("2023-05-01"))->name == "Early May bank holiday");  // still there in 2023
    CHECK(add("2022-09-16", "+1wd") == "2022-09-20");
    CHECK(add("2022-06-01", "+1wd") == "2022-06-06");
    CHECK(add("2020-05-07", "+1wd") == "2020-05-11");
    CHECK(add("2020-05-01", "+1wd") == "2020-05-04");
}

TEST_CASE("every covered year has eight bank holidays, plus its one-offs", "[holidays]") {
    const working_calendar& cal = national();
    for (int year = 1995; year <= 2035; ++year) {
        INFO(year);
        std::size_t expected = 8;
        if (year == 1999 || year == 2002 || year == 2011 || year == 2012 || year == 2023) expected = 9;
        if (year == 2022) expected = 10;
        CHECK(holidays(cal, year).size() == expected);
    }
    CHECK(cal.closures_between(cal.first(), cal.last()).size() == 41 * 8 + 7);
    CHECK(cal.closures_between(d("2025-12-27"), d("2025-12-24")).empty());
}

TEST_CASE("explain: the days stepped over, with reasons", "[trace]") {
    const working_calendar& cal = national();
    const auto stepped = [&](std::string_view from, std::int32_t n) {
        trace how;
        how.stepped_over.push_back({d("2000-01-01"), "stale"});  // cleared by the call
        const auto r = cal.add_working_days(d(from), n, nullptr, &how);
        REQUIRE(r);
        std::vector<std::string> out;
        for (const auto& s : how.stepped_over) out.push_back(to_string(s.day) + " " + std::string(s.reason));
        return out;
    };
    CHECK(stepped("2025-01-06", 15) == std::vector<std::string>{"2025-01-11 Saturday", "2025-01-12 Sunday",
                                                                 "2025-01-18 Saturday", "2025-01-19 Sunday",
                                                                 "2025-01-25 Saturday", "2025-01-26 Sunday"});
    CHECK(stepped("2021-12-24", 1) ==
          std::vector<std::string>{"2021-12-25 Saturday", "2021-12-26 Sunday", "2021-12-27 Christmas Day (substitute day)",
                                   "2021-12-28 Boxing Day (substitute day)"});
    CHECK(stepped("2025-04-22", -1) == std::vector<std::string>{"2025-04-18 Good Friday", "2025-04-19 Saturday",
                                                                 "2025-04-20 Sunday", "2025-04-21 Easter Monday"});
    CHECK(stepped("2025-01-07", 1).empty());
    // Calendar-day arithmetic steps over nothing.
    trace how;
    how.stepped_over.push_back({d("2000-01-01"), "stale"});
    CHECK(cal.apply(d("2025-01-06"), offset{10, unit::days}, nullptr, &how));
    CHECK(how.stepped_over.empty());
}

// ------------------------------------------------------------------ range limits

TEST_CASE("a date outside the covered range is an error, never a guess", "[range]") {
    const working_calendar& cal = national();
    CHECK(cal.name() == "england-and-wales");
    CHECK(cal.title() == "England and Wales bank holidays");
    CHECK(to_string(cal.first()) == "1995-01-01");
    CHECK(to_string(cal.last()) == "2035-12-31");
    CHECK(cal.covers(d("1995-01-01")));
    CHECK(cal.covers(d("2035-12-31")));
    CHECK_FALSE(cal.covers(d("1994-12-31")));
    CHECK_FALSE(cal.covers(d("2036-01-01")));

    const std::string range = "the calendar england-and-wales (1995-01-01 to 2035-12-31)";
    CHECK(add("1994-12-31", "+1wd") == "error: 1994-12-31 is outside " + range);
    CHECK(add("2036-01-01", "-1wd") == "error: 2036-01-01 is outside " + range);
    CHECK(add("1900-06-01", "+1wd") == "error: 1900-06-01 is outside " + range);
    CHECK(add("1900-06-01", "+3m") == "error: 1900-06-01 is outside " + range);
    CHECK(add("2040-01-01", "+1d") == "error: 2040-01-01 is outside " + range);
    // The first and last covered days work; one more working day does not.
    CHECK(add("1995-01-01", "+1wd") == "1995-01-03");  // 2 January 1995 was the New Year substitute day
    CHECK(add("1995-01-04", "-1wd") == "1995-01-03");
    CHECK(add("1995-01-03", "-1wd") == "error: 1 working day before 1995-01-03 is outside " + range);
    CHECK(add("2035-12-28", "+1wd") == "2035-12-31");
    CHECK(add("2035-12-28", "+2wd") == "error: 2 working days after 2035-12-28 is outside " + range);
    CHECK(add("2035-12-31", "+0wd") == "2035-12-31");
    CHECK(add("2035-12-31", "-1wd") == "2035-12-28");
    // Calendar days, weeks, months and hours also stay inside.
    CHECK(add("2035-12-31", "+0d") == "2035-12-31");
    CHECK(add("2035-12-31", "+1d") == "error: 1 day after 2035-12-31 is 2036-01-01, outside " + range);
    CHECK(add("1995-01-01", "-1d") == "error: 1 day before 1995-01-01 is 1994-12-31, outside " + range);
    CHECK(add("2035-12-25", "+1w") == "error: 1 week after 2035-12-25 is 2036-01-01, outside " + range);
    CHECK(add("2035-12-24", "+1w") == "2035-12-31");
    CHECK(add("2035-11-30", "+1m") == "2035-12-30");
    CHECK(add("2035-12-01", "+1m") == "error: 1 month after 2035-12-01 is outside " + range);
    CHECK(add("1995-01-31", "-1m") == "error: 1 month before 1995-01-31 is outside " + range);
    CHECK(add("2035-12-30", "+48h") == "error: 48 hours after 2035-12-30 is 2036-01-01, outside " + range);
    CHECK(add_dt("2035-12-31T23:00", "+1h") == "error: 1 hour after 2035-12-31T23:00 is 2036-01-01T00:00, outside " + range);
    CHECK(add_dt("2035-12-31T22:59", "+1h") == "2035-12-31T23:59");
    CHECK(add("2025-01-01", "+1000000d") == "error: 1000000 days after 2025-01-01 is 4762-11-29, outside " + range);
    CHECK(add("2025-01-01", "-1000000m") == "error: 1000000 months before 2025-01-01 is outside " + range);
    CHECK(add("2025-01-01", "+1000000wd") == "error: 1000000 working days after 2025-01-01 is outside " + range);
    // Between.
    CHECK(between("1994-12-31", "2025-01-01") == "error: 1994-12-31 is outside " + range);
    CHECK(between("2025-01-01", "2036-01-01") == "error: 2036-01-01 is outside " + range);
    // 10,696 weekdays from 1995-01-02 to 2035-12-31, less 41 x 8 + 7 bank holidays.
    CHECK(between("1995-01-01", "2035-12-31") == "10361");
    CHECK(between("2035-12-31", "1995-01-01") == "-10360");  // 2035-12-31 itself does not count
    // Without an error pointer the answer is still just nullopt.
    CHECK_FALSE(cal.add_working_days(d("1900-01-01"), 1));
    CHECK_FALSE(cal.working_days_between(d("1900-01-01"), d("2025-01-01")));
}

TEST_CASE("shift(), the evaluator's fast path, answers exactly as apply()", "[range][shift]") {
    const working_calendar& cal = national();
    auto same = [&](date_time from, offset o) {
        const date_time fast = cal.shift(from, o);
        const auto slow = cal.apply(from, o);
        INFO(to_string(from) << " " << to_string(o));
        REQUIRE((fast.day != working_calendar::no_day) == slow.has_value());
        if (slow) REQUIRE(fast == *slow);
        return slow.has_value();
    };
    // The edges of the covered range, in every unit, each way.
    int inside = 0, outside = 0;
    for (const char* day : {"1994-12-31", "1995-01-01", "1995-01-03", "1995-01-31", "2035-11-30", "2035-12-01", "2035-12-28",
                            "2035-12-31", "2036-01-01"})
        for (const std::int32_t amount : {0, 1, -1, 2, -2, 48, -48, 1000000, -1000000})
            for (const unit u : {unit::working_days, unit::days, unit::weeks, unit::months, unit::hours})
                for (const std::int16_t minute : {std::int16_t{-1}, std::int16_t{0}, std::int16_t{1439}})
                    for (const bool day_1 : {false, true})
                        (same({d(day), minute}, {amount, u, day_1}) ? inside : outside)++;
    // And at random, across and beyond the range.
    std::mt19937 rng(20261124);
    std::uniform_int_distribution<std::int32_t> day(d("1990-01-01").days(), d("2040-12-31").days());
    std::uniform_int_distribution<std::int32_t> amount(-800, 800), minute(-1, 1439), which(0, 4);
    for (int i = 0; i < 200000; ++i)
        (same({date::from_days(day(rng)), static_cast<std::int16_t>(minute(rng)), static_cast<std::int8_t>(i % 7 == 0 ? i % 60 : 0)},
              {amount(rng), static_cast<unit>(which(rng)), i % 3 == 0})
             ? inside
             : outside)++;
    CHECK(inside > 100000);  // both answers were exercised
    CHECK(outside > 10000);
}

TEST_CASE("counting the start day as day 1 (a rule's counting: inclusive)", "[range][shift]") {
    const working_calendar& cal = national();
    // Against the default count: from a working day, the Nth working day counting it as day 1 is
    // the (N-1)th after it (the day itself for N = 1), going back likewise; from a non-working day
    // nothing changes; days and weeks end one calendar day sooner (later, going back).
    std::mt19937 rng(20261125);
    std::uniform_int_distribution<std::int32_t> day(d("1996-01-01").days(), d("2034-12-31").days()), amount(1, 300);
    for (int i = 0; i < 50000; ++i) {
        const date x = date::from_days(day(rng));
        const std::int32_t n = amount(rng);
        INFO(to_string(x) << " " << n);
        for (const std::int32_t sign : {1, -1}) {
            const auto inclusive = cal.apply(x, offset{sign * n, unit::working_days, true});
            const auto expected = !cal.is_working_day(x) ? cal.apply(x, offset{sign * n, unit::working_days})
                                  : n == 1               ? std::optional<date>(x)
                                                         : cal.apply(x, offset{sign * (n - 1), unit::working_days});
            REQUIRE(inclusive == expected);
            auto in_range = [&](date y) { return cal.covers(y) ? std::optional<date>(y) : std::nullopt; };
            CHECK(cal.apply(x, offset{sign * n, unit::days, true}) == in_range(x + sign * (n - 1)));
            CHECK(cal.apply(x, offset{sign * n, unit::weeks, true}) == in_range(x + sign * (7 * n - 1)));
        }
    }
    // Months and hours have no start day to count, and zero is the anchor either way.
    CHECK(cal.apply(d("2025-01-31"), offset{1, unit::months, true}) == d("2025-02-28"));
    CHECK(cal.apply(d("2025-01-06"), offset{48, unit::hours, true}) == d("2025-01-08"));
    CHECK(cal.apply(d("2025-01-04"), offset{0, unit::working_days, true}) == d("2025-01-04"));
    CHECK(to_string(offset{15, unit::working_days, true}) == "+15wd inclusive");
    CHECK(describe(offset{-2, unit::working_days, true}) == "2 working days back from and including");
    CHECK(describe(offset{3, unit::months, true}) == "3 months after");
}

// ------------------------------------------------------------------ calendar files

TEST_CASE("loading by name and by path", "[file]") {
    std::vector<diagnostic> diags;
    const auto by_path = working_calendar::load_file(calendars_dir + "/england-and-wales.yaml", diags);
    REQUIRE(by_path);
    CHECK(diags.empty());
    CHECK(by_path->name() == "england-and-wales");

    const auto missing = working_calendar::load("atlantis", calendars_dir, diags);
    CHECK_FALSE(missing);
    REQUIRE(diags.size() == 1);
    CHECK(diags[0].code == "calendar.not_found");
    CHECK(diags[0].message == "no calendar named 'atlantis' in " + calendars_dir +
                                  " (there are: england-and-wales, example-local)");

    diags.clear();
    CHECK_FALSE(working_calendar::load_file(calendars_dir + "/nowhere.yaml", diags));
    REQUIRE(diags.size() == 1);
    CHECK(to_string(diags[0]) == calendars_dir + "/nowhere.yaml: error[calendar.not_found]: cannot read the calendar file");
}

TEST_CASE("bundled_dir: CPRULES_DATA_DIR wins", "[file]") {
    ::setenv("CPRULES_DATA_DIR", "/opt/somewhere", 1);
    CHECK(bundled_dir() == "/opt/somewhere/calendars");
    ::unsetenv("CPRULES_DATA_DIR");
    const std::string dir = bundled_dir();
    CHECK(dir.ends_with("/calendars"));
    CHECK(std::filesystem::is_regular_file(dir + "/england-and-wales.yaml"));
}

TEST_CASE("calendar files: unknown keys, bad dates and other errors have positions", "[file]") {
    SECTION("a misspelt key") {
        const auto r = load_text("misspelt.yaml", "name: misspelt\n"
                                                  "covres: {from: 1995-01-01, to: 2035-12-31}\n");
        CHECK_FALSE(r.cal);
        REQUIRE(r.diags.size() == 2);  // sorted by position
        CHECK(r.diags[1].code == "calendar.unknown_key");
        CHECK(r.diags[1].message == "unknown key 'covres' in a calendar: did you mean 'covers'?");
        CHECK(r.diags[1].location.line == 2);
        CHECK(r.diags[1].location.column == 1);
        CHECK(r.diags[1].location.file.ends_with("calendar_test_files/misspelt.yaml"));
        CHECK(r.diags[0].code == "calendar.missing_key");
        CHECK(r.diags[0].message ==
              "a calendar needs 'covers' (the first and last day it knows), unless it inherits one");
        CHECK(r.diags[0].location.line == 1);
        CHECK(r.diags[0].location.column == 1);
    }
    SECTION("an unknown key far from any known one, inside a rule") {
        const auto r = load_text("unknown.yaml", "name: x\n"
                                                 "covers: {from: 2000-01-01, to: 2001-12-31}\n"
                                                 "rules:\n"
                                                 "  - name: Christmas Day\n"
                                                 "    date: 25 December\n"
                                                 "    colour: red\n");
        CHECK_FALSE(r.cal);
        REQUIRE(r.diags.size() == 1);
        CHECK(to_string(r.diags[0]).ends_with(
            "unknown.yaml:6:5: error[calendar.unknown_key]: unknown key 'colour' in a rule (expected name, date, "
            "easter, weekday, substitute, from_year, to_year)"));
    }
    SECTION("a date that does not exist") {
        const auto r = load_text("bad_date.yaml", "name: bad\n"
                                                  "covers: {from: 1995-01-01, to: 2035-02-30}\n");
        CHECK_FALSE(r.cal);
        REQUIRE(r.diags.size() == 1);
        CHECK(r.diags[0].code == "calendar.bad_date");
        CHECK(r.diags[0].message == "'2035-02-30' is not a date: February 2035 has 28 days");
        CHECK(r.diags[0].location.line == 2);
        CHECK(r.diags[0].location.column == 32);
    }
    SECTION("several errors are all reported") {
        const auto r = load_text("several.yaml", "name: several\n"
                                                 "covers:\n"
                                                 "  from: 2035-01-01\n"
                                                 "  to: 2030-12-31\n"
                                                 "rules:\n"
                                                 "  - name: Odd day\n"
                                                 "    weekday: fifth Monday of May\n"
                                                 "  - date: 31 April\n"
                                                 "    name: No such day\n"
                                                 "  - name: Both\n"
                                                 "    date: 1 May\n"
                                                 "    easter: +1\n"
                                                 "one_off:\n"
                                                 "  - {date: 2031-02-29, name: Leap}\n"
                                                 "  - {name: Undated}\n");
        CHECK_FALSE(r.cal);
        std::vector<std::string> got;
        for (const auto& diag : r.diags)
            got.push_back(std::to_string(diag.location.line) + ":" + std::to_string(diag.location.column) + " " +
                          diag.code + " " + diag.message);
        CHECK(got == std::vector<std::string>{
                         "3:3 calendar.bad_range 'covers' runs backwards: 2030-12-31 is before 2035-01-01",
                         "7:14 calendar.bad_value 'fifth Monday of May' is not a weekday rule: expected first, "
                         "second, third, fourth or last, a weekday, 'of' and a month, such as 'last Monday of May'",
                         "8:11 calendar.bad_value '31 April' is not a day of the year: April has 30 days",
                         "10:5 calendar.bad_value a rule needs exactly one of 'date' (25 December), 'easter' (-2) "
                         "or 'weekday' (last Monday of May)",
                         "14:12 calendar.bad_date '2031-02-29' is not a date: February 2031 has 28 days",
                         "15:5 calendar.missing_key a one-off holiday needs 'date'",
                     });
    }
    SECTION("YAML syntax errors") {
        const auto r = load_text("syntax.yaml", "name: broken\ncovers: {from: 1995-01-01, to: 2035-12-31\n");
        CHECK_FALSE(r.cal);
        REQUIRE(r.diags.size() == 1);
        CHECK(r.diags[0].code == "calendar.bad_yaml");
        CHECK(r.diags[0].location.line >= 2);
        CHECK(r.diags[0].location.column >= 1);
    }
    SECTION("a second YAML document is an error, not dropped") {
        const auto r = load_text("two.yaml", "name: one\ncovers: {from: 2025-01-01, to: 2025-12-31}\n---\nname: two\n");
        CHECK_FALSE(r.cal);
        REQUIRE(r.diags.size() == 1);
        CHECK(r.diags[0].code == "calendar.bad_yaml");
        CHECK(r.diags[0].location.line == 4);
        CHECK(r.diags[0].message == "a second YAML document: a calendar file holds one calendar");
    }
    SECTION("not a mapping, and a repeated key") {
        auto r = load_text("list.yaml", "- a\n- b\n");
        CHECK_FALSE(r.cal);
        REQUIRE(r.diags.size() == 1);
        CHECK(r.diags[0].code == "calendar.bad_value");
        CHECK(r.diags[0].location.line == 1);
        r = load_text("twice.yaml", "name: a\nname: b\ncovers: {from: 2000-01-01, to: 2000-12-31}\n");
        CHECK_FALSE(r.cal);
        REQUIRE(r.diags.size() == 1);
        CHECK(r.diags[0].code == "calendar.duplicate_key");
        CHECK(r.diags[0].message == "'name' is given twice in a calendar");
        CHECK(r.diags[0].location.line == 2);
    }
    SECTION("one-off days: not on a weekend, not on an existing holiday") {
        const auto r = load_text("one_off.yaml", "name: x\n"
                                                 "inherit: england-and-wales\n"
                                                 "one_off:\n"
                                                 "  - {date: 2025-05-10, name: Saturday party}\n"
                                                 "  - {date: 2025-12-25, name: Christmas again}\n"
                                                 "moved:\n"
                                                 "  - {from: 2025-05-06, to: 2025-05-07}\n");
        CHECK_FALSE(r.cal);
        std::vector<std::string> got;
        for (const auto& diag : r.diags)
            got.push_back(std::to_string(diag.location.line) + ":" + std::to_string(diag.location.column) + " " +
                          diag.code + " " + diag.message);
        CHECK(got == std::vector<std::string>{
                         "4:5 calendar.weekend 2025-05-10 is a Saturday: a one-off holiday must fall on a weekday",
                         "5:5 calendar.duplicate 2025-12-25 is already a holiday (Christmas Day)",
                         "7:5 calendar.bad_move 2025-05-06 is not a holiday in this calendar, so it cannot be moved",
                     });
    }
    SECTION("a bad entry does not hide the problems of the others") {
        auto r = load_text("mixed.yaml", "name: mixed\n"
                                         "covers: {from: 2020-01-01, to: 2030-12-31}\n"
                                         "rules:\n"
                                         "  - {name: Christmas Day, date: 25 December}\n"
                                         "one_off:\n"
                                         "  - {date: 2025-02-30, name: X}\n"
                                         "  - {date: 2025-01-04, name: Saturday one-off}\n"
                                         "moved:\n"
                                         "  - {from: 2025-03-03, to: 2025-03-04, name: not a holiday}\n"
                                         "  - {from: 2025-12-25, to: 2025-12-27}\n");
        CHECK_FALSE(r.cal);
        const auto lines = [](const std::vector<diagnostic>& diags) {
            std::vector<std::string> got;
            for (const auto& diag : diags)
                got.push_back(std::to_string(diag.location.line) + ":" + std::to_string(diag.location.column) + " " +
                              diag.code + " " + diag.message);
            return got;
        };
        CHECK(lines(r.diags) == std::vector<std::string>{
                                    "6:12 calendar.bad_date '2025-02-30' is not a date: February 2025 has 28 days",
                                    "7:5 calendar.weekend 2025-01-04 is a Saturday: a one-off holiday must fall on a weekday",
                                    "9:5 calendar.bad_move 2025-03-03 is not a holiday in this calendar, so it cannot be moved",
                                    "10:5 calendar.weekend 2025-12-27 is a Saturday: a holiday can only be moved to a weekday",
                                });
        // With a rule that does not load, any day moved may be its holiday: no bad_move.
        r = load_text("bad_rule.yaml", "name: bad-rule\n"
                                       "covers: {from: 2020-01-01, to: 2030-12-31}\n"
                                       "rules:\n"
                                       "  - {name: May Day, date: 31 April}\n"
                                       "one_off:\n"
                                       "  - {date: 2025-01-04, name: Saturday one-off}\n"
                                       "moved:\n"
                                       "  - {from: 2025-04-30, to: 2025-05-02}\n");
        CHECK_FALSE(r.cal);
        CHECK(lines(r.diags) == std::vector<std::string>{
                                    "4:27 calendar.bad_value '31 April' is not a day of the year: April has 30 days",
                                    "6:5 calendar.weekend 2025-01-04 is a Saturday: a one-off holiday must fall on a weekday",
                                });
    }
    SECTION("inheriting: a missing parent, a loop, a range beyond the parent") {
        auto r = load_text("orphan.yaml", "name: orphan\ninherit: atlantis\n");
        CHECK_FALSE(r.cal);
        REQUIRE(r.diags.size() == 1);
        CHECK(r.diags[0].code == "calendar.not_found");
        CHECK(r.diags[0].message.starts_with("'atlantis' names no calendar (looked for "));
        CHECK(r.diags[0].location.line == 2);
        CHECK(r.diags[0].location.column == 10);

        write_file("loop_a.yaml", "name: loop-a\ninherit: loop_b\n");
        r = load_text("loop_b.yaml", "name: loop-b\ninherit: loop_a\n");
        CHECK_FALSE(r.cal);
        REQUIRE(r.diags.size() == 1);
        CHECK(r.diags[0].code == "calendar.inherit_cycle");
        CHECK(r.diags[0].message == "calendars inherit in a loop: loop_b.yaml -> loop_a.yaml -> loop_b.yaml");

        r = load_text("wide.yaml", "name: wide\ninherit: england-and-wales\ncovers: {from: 1990-01-01, to: 2030-12-31}\n");
        CHECK_FALSE(r.cal);
        REQUIRE(r.diags.size() == 1);
        CHECK(r.diags[0].code == "calendar.bad_range");
        CHECK(r.diags[0].message == "'covers' (1990-01-01 to 2030-12-31) goes beyond the calendar england-and-wales "
                                    "(1995-01-01 to 2035-12-31), which it inherits");
        CHECK(r.diags[0].location.line == 3);
    }
    SECTION("redundant closures are warnings; the calendar still loads") {
        const auto r = load_text("redundant.yaml", "name: redundant\n"
                                                   "inherit: england-and-wales\n"
                                                   "closures:\n"
                                                   "  - {date: 2025-12-27, name: Saturday}\n"
                                                   "  - {date: 2025-12-25, name: Christmas}\n"
                                                   "  - {date: 2040-01-02, name: Far away}\n"
                                                   "  - {from: 2026-12-29, to: 2026-12-31, name: Winter closure}\n");
        REQUIRE(r.cal);
        std::vector<std::string> got;
        for (const auto& diag : r.diags) got.push_back(diag.code + " " + diag.message);
        CHECK(got == std::vector<std::string>{
                         "calendar.redundant_closure 2025-12-27 is a Saturday, not a working day anyway; the "
                         "closure is ignored",
                         "calendar.redundant_closure 2025-12-25 is already closed (Christmas Day); the closure is "
                         "ignored",
                         "calendar.outside_range 2040-01-02 is outside this calendar (1995-01-01 to 2035-12-31); "
                         "the entry is ignored",
                     });
        for (const auto& diag : r.diags) CHECK(diag.severity == diagnostic_severity::warning);
        CHECK(add(*r.cal, "2026-12-24", "+1wd") == "2027-01-04");  // 25, 28 (subst.), 29-31 closed, 1 Jan
        CHECK(r.cal->closure_on(d("2026-12-30"))->name == "Winter closure");
    }
}

TEST_CASE("a calendar file of its own rules", "[file]") {
    const auto r = load_text("own.yaml", "name: own\n"
                                         "title: Own rules\n"
                                         "covers: {from: 2024-01-01, to: 2026-12-31}\n"
                                         "rules:\n"
                                         "  - {name: Whit Monday, easter: +50}\n"
                                         "  - {name: Second Tuesday, weekday: second Tuesday of March}\n"
                                         "  - {name: Leap Day, date: 29 February, substitute: next free weekday}\n"
                                         "  - {name: Late summer, weekday: last Friday of August, from_year: 2025}\n");
    REQUIRE(r.cal);
    CHECK(r.diags.empty());
    CHECK(holidays(*r.cal, 2024) == std::vector<std::string>{"2024-02-29 Leap Day", "2024-03-12 Second Tuesday",
                                                              "2024-05-20 Whit Monday"});
    CHECK(holidays(*r.cal, 2025) == std::vector<std::string>{"2025-03-11 Second Tuesday", "2025-06-09 Whit Monday",
                                                              "2025-08-29 Late summer"});
}

TEST_CASE("an inheriting calendar may add rules of its own", "[file][inherit]") {
    const auto r = load_text("eve.yaml", "name: eve\n"
                                         "inherit: england-and-wales\n"
                                         "covers: {from: 2020-01-01, to: 2025-12-31}\n"
                                         "rules:\n"
                                         "  - {name: Christmas Eve closure, date: 24 December}\n");
    REQUIRE(r.cal);
    CHECK(r.diags.empty());
    CHECK(holidays(*r.cal, 2025) == std::vector<std::string>{
                                        "2025-01-01 New Year's Day", "2025-04-18 Good Friday", "2025-04-21 Easter Monday",
                                        "2025-05-05 Early May bank holiday", "2025-05-26 Spring bank holiday",
                                        "2025-08-25 Summer bank holiday", "2025-12-24 Christmas Eve closure",
                                        "2025-12-25 Christmas Day", "2025-12-26 Boxing Day"});
    CHECK(r.cal->is_working_day(d("2021-12-23")));
    CHECK_FALSE(r.cal->is_working_day(d("2021-12-24")));  // a Friday
    CHECK(r.cal->closure_on(d("2022-12-24")) == nullptr);  // a Saturday: no substitute
}

TEST_CASE("a local calendar inherits the national one and adds closures", "[file][inherit]") {
    const auto local = load_bundled("example-local");
    CHECK(local->name() == "example-local");
    CHECK(to_string(local->first()) == "2020-01-01");
    CHECK(to_string(local->last()) == "2030-12-31");
    // National holidays are inherited...
    REQUIRE(local->closure_on(d("2025-12-25")));
    CHECK(local->closure_on(d("2025-12-25"))->name == "Christmas Day");
    CHECK(local->closure_on(d("2022-09-19"))->name == "Bank Holiday for the State Funeral of Queen Elizabeth II");
    // ... and the local closures added.
    CHECK(local->closure_on(d("2025-12-24"))->name == "Christmas Eve office closure");
    CHECK(local->closure_on(d("2025-12-29"))->name == "Office closure between Christmas and New Year");
    CHECK(national().is_working_day(d("2025-12-24")));
    CHECK_FALSE(local->is_working_day(d("2025-12-24")));
    CHECK(add("2025-12-22", "+3wd") == "2025-12-29");
    CHECK(add(*local, "2025-12-22", "+3wd") == "2025-12-31");
    CHECK(add(*local, "2026-01-02", "-3wd") == "2025-12-23");
    CHECK(between(*local, "2025-12-22", "2025-12-31") == "3");
    CHECK(between("2025-12-22", "2025-12-31") == "5");
    // Its narrower range is enforced.
    CHECK(add(*local, "2019-12-31", "+1wd") ==
          "error: 2019-12-31 is outside the calendar example-local (2020-01-01 to 2030-12-31)");
    CHECK(add(*local, "2030-12-31", "+1wd") ==
          "error: 1 working day after 2030-12-31 is outside the calendar example-local (2020-01-01 to 2030-12-31)");
    trace how;
    REQUIRE(local->add_working_days(d("2025-12-23"), 2, nullptr, &how));
    std::vector<std::string> reasons;
    for (const auto& s : how.stepped_over) reasons.push_back(to_string(s.day) + " " + std::string(s.reason));
    CHECK(reasons == std::vector<std::string>{"2025-12-24 Christmas Eve office closure", "2025-12-25 Christmas Day",
                                              "2025-12-26 Boxing Day", "2025-12-27 Saturday", "2025-12-28 Sunday",
                                              "2025-12-29 Office closure between Christmas and New Year"});
}

TEST_CASE("hours on date-times are exact across clock changes", "[calendar][hours]") {
    std::vector<cprules::diagnostic> diags;
    auto cal = cprules::calendar::working_calendar::load("england-and-wales", cprules::calendar::bundled_dir(), diags);
    REQUIRE(cal);
    auto at = [](int y, unsigned m, unsigned d, int h, int min) {
        return cprules::date_time{*cprules::date::from_ymd(y, m, d), static_cast<std::int16_t>(h * 60 + min)};
    };
    const cprules::calendar::offset back48{-48, cprules::calendar::unit::hours};
    const cprules::calendar::offset on24{24, cprules::calendar::unit::hours};
    // Clocks went forward at 01:00 GMT on Sunday 30 March 2025: 48 real hours before 10:00 BST on the 31st is 09:00 GMT on the 29th.
    CHECK(cal->apply(at(2025, 3, 31, 10, 0), back48) == at(2025, 3, 29, 9, 0));
    // Clocks went back at 01:00 GMT on Sunday 26 October 2025: 24 hours after 12:00 BST on the 25th is 11:00 GMT on the 26th.
    CHECK(cal->apply(at(2025, 10, 25, 12, 0), on24) == at(2025, 10, 26, 11, 0));
    // No change in between: wall-clock arithmetic.
    CHECK(cal->apply(at(2025, 1, 27, 10, 0), back48) == at(2025, 1, 25, 10, 0));
    CHECK(cal->apply(at(2025, 7, 10, 10, 0), back48) == at(2025, 7, 8, 10, 0));
    // 1995: summer time ended on 22 October (the first Sunday on or after the 22nd), not the last Sunday (29th).
    CHECK(cal->apply(at(1995, 10, 21, 12, 0), on24) == at(1995, 10, 22, 11, 0));
    CHECK(cal->apply(at(1996, 10, 26, 12, 0), on24) == at(1996, 10, 27, 11, 0));
    // Seconds are kept: whole hours move the minute, not the second.
    auto secs = [&](int h, int min, int s) {
        auto t = at(2025, 3, 31, h, min);
        t.second = static_cast<std::int8_t>(s);
        return t;
    };
    const auto moved = cal->apply(secs(10, 0, 30), back48);
    REQUIRE(moved);
    CHECK(moved->second == 30);
    CHECK(moved->minute == 9 * 60);
    CHECK(cal->shift(secs(10, 0, 30), back48) == *moved);
}

TEST_CASE("England's wall clock agrees with the system's tz database for Europe/London, 1972-2035", "[calendar][hours]") {
    setenv("TZ", "Europe/London", 1);
    tzset();
    std::mt19937_64 rng(20250301);
    const std::int64_t first = std::int64_t{cprules::date::from_ymd(1972, 1, 1)->days()} * 1440;
    const std::int64_t last = std::int64_t{cprules::date::from_ymd(2035, 12, 31)->days()} * 1440;
    std::uniform_int_distribution<std::int64_t> pick(first, last);
    int checked = 0;
    auto expect_same = [&](std::int64_t utc_minute) {
        const std::time_t t = static_cast<std::time_t>(utc_minute) * 60;
        std::tm local{};
        localtime_r(&t, &local);
        const auto day = cprules::date::from_ymd(local.tm_year + 1900, static_cast<unsigned>(local.tm_mon + 1), static_cast<unsigned>(local.tm_mday));
        const std::int64_t expected = std::int64_t{day->days()} * 1440 + local.tm_hour * 60 + local.tm_min;
        REQUIRE(cprules::calendar::local_from_utc(utc_minute) == expected);
        // A local time in the repeated autumn hour has two instants: the first (BST) is the one taken.
        const bool repeated = local.tm_isdst == 0 && cprules::calendar::local_from_utc(utc_minute - 60) == expected;
        REQUIRE(cprules::calendar::utc_from_local(expected) == (repeated ? utc_minute - 60 : utc_minute));
        ++checked;
    };
    for (int i = 0; i < 20000; ++i) expect_same(pick(rng));
    // Every minute either side of each change.
    for (int year = 1972; year <= 2035; ++year)
        for (unsigned month : {3u, 10u})
            for (unsigned day = 15; day <= 31; ++day)
                for (std::int64_t m = 0; m < 1440; m += 30)
                    expect_same(std::int64_t{cprules::date::from_ymd(year, month, day)->days()} * 1440 + m);
    CHECK(checked > 80000);
}

TEST_CASE("today in England: the date on England's wall clock, whatever the host's time zone", "[calendar][hours]") {
    using cprules::calendar::england_date;
    auto ymd = [](int y, unsigned m, unsigned d) { return *cprules::date::from_ymd(y, m, d); };
    CHECK(england_date(1748820600) == ymd(2025, 6, 2));    // 2025-06-01 23:30 UTC is 00:30 BST on the 2nd
    CHECK(england_date(1764631800) == ymd(2025, 12, 1));   // 2025-12-01 23:30 UTC is 23:30 GMT
    CHECK(england_date(1761435000) == ymd(2025, 10, 26));  // 2025-10-25 23:30 UTC: still BST
    CHECK(england_date(1761438600) == ymd(2025, 10, 26));  // 2025-10-26 00:30 UTC: 01:30 BST
    CHECK(england_date(1743291000) == ymd(2025, 3, 29));   // 2025-03-29 23:30 UTC: GMT, before the change
    CHECK(england_date(-1800) == ymd(1969, 12, 31));       // before 1970, rounded down, not towards zero
    // Whatever TZ says: the host's own zone is not read.
    setenv("TZ", "Pacific/Kiritimati", 1);
    tzset();
    const auto a = cprules::today_in_england();
    setenv("TZ", "Europe/London", 1);
    tzset();
    const std::time_t now = std::time(nullptr);
    std::tm local{};
    localtime_r(&now, &local);
    const auto london = ymd(local.tm_year + 1900, static_cast<unsigned>(local.tm_mon + 1), static_cast<unsigned>(local.tm_mday));
    CHECK((london == a || london == a + 1));  // the same day, unless midnight passed in between
}
