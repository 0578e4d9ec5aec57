// Cross-checks the England and Wales calendar against an independent
// implementation: QuantLib's UnitedKingdom(UnitedKingdom::Settlement), which
// encodes the same bank holidays (including the one-off days) in code.
// 1995-2030: every day's working/non-working status, and many thousand
// seeded random add-working-days and working-days-between computations.
#include "calendar/calendar.hpp"

#include <catch2/catch.hpp>

#include <ql/time/calendars/unitedkingdom.hpp>
#include <ql/time/date.hpp>

#include <random>
#include <string>
#include <vector>

using namespace cprules;
using namespace cprules::calendar;

namespace {

const working_calendar& national() {
    static const auto cal = [] {
        std::vector<diagnostic> diags;
        auto c = working_calendar::load("england-and-wales", CPRULES_TEST_SOURCE_DIR "/policies/calendars", diags);
        if (!c) throw std::runtime_error("cannot load england-and-wales");
        return c;
    }();
    return *cal;
}

QuantLib::Date to_ql(date d) {
    const year_month_day ymd = d.ymd();
    return QuantLib::Date(static_cast<QuantLib::Day>(ymd.day), static_cast<QuantLib::Month>(ymd.month),
                          static_cast<QuantLib::Year>(ymd.year));
}

date from_ql(const QuantLib::Date& d) {
    return *date::from_ymd(d.year(), static_cast<unsigned>(d.month()), static_cast<unsigned>(d.dayOfMonth()));
}

const date oracle_first = *date::from_ymd(1995, 1, 1);
const date oracle_last = *date::from_ymd(2030, 12, 31);

}  // namespace

TEST_CASE("every day 1995-2030: working day status agrees with QuantLib", "[oracle]") {
    const working_calendar& cal = national();
    const QuantLib::UnitedKingdom uk(QuantLib::UnitedKingdom::Settlement);
    std::vector<std::string> disagreements;
    int days = 0;
    for (date d = oracle_first; d <= oracle_last; d = d + 1, ++days) {
        if (cal.is_working_day(d) != uk.isBusinessDay(to_ql(d)))
            disagreements.push_back(to_string(d) + (cal.is_working_day(d) ? " working here" : " closed here"));
    }
    CHECK(days == 13149);
    // QuantLib 1.29 agrees on every day, including all the one-off days and the
    // 2023 coronation; a difference prints here as "YYYY-MM-DD working here".
    CHECK(disagreements == std::vector<std::string>{});
}

TEST_CASE("random add-working-days agree with QuantLib's advance", "[oracle]") {
    const working_calendar& cal = national();
    const QuantLib::UnitedKingdom uk(QuantLib::UnitedKingdom::Settlement);
    std::mt19937 rng(1971);  // the Banking and Financial Dealings Act
    std::uniform_int_distribution<std::int32_t> day(oracle_first.days(), oracle_last.days());
    std::uniform_int_distribution<std::int32_t> small(-30, 30);
    std::uniform_int_distribution<std::int32_t> large(-600, 600);
    int compared = 0;
    for (int i = 0; i < 6000; ++i) {
        const date from = date::from_days(day(rng));
        const std::int32_t n = i % 2 == 0 ? small(rng) : large(rng);
        if (n == 0) continue;  // QuantLib adjusts a holiday to the next working day; we return the date itself
        const auto ours = cal.add_working_days(from, n);
        if (!ours) {  // before 1995-01-01: outside our calendar (2035 is out of reach from 2030)
            REQUIRE(n < 0);
            REQUIRE(from.ymd().year <= 1997);
            continue;
        }
        if (*ours > oracle_last) continue;
        const date theirs = from_ql(uk.advance(to_ql(from), n, QuantLib::Days));
        INFO(to_string(from) << " " << n << " working days");
        REQUIRE(to_string(*ours) == to_string(theirs));
        ++compared;
    }
    CHECK(compared > 5500);
}

TEST_CASE("random working-days-between agree with QuantLib's businessDaysBetween", "[oracle]") {
    const working_calendar& cal = national();
    const QuantLib::UnitedKingdom uk(QuantLib::UnitedKingdom::Settlement);
    std::mt19937 rng(2022'09'19);
    std::uniform_int_distribution<std::int32_t> day(oracle_first.days(), oracle_last.days());
    std::uniform_int_distribution<std::int32_t> span(-800, 800);
    int compared = 0;
    for (int i = 0; i < 6000; ++i) {
        const date a = date::from_days(day(rng));
        const date b = i % 3 == 0 ? date::from_days(day(rng)) : a + span(rng);
        if (b < oracle_first || b > oracle_last) continue;
        const auto ours = cal.working_days_between(a, b);
        REQUIRE(ours);
        // Working days after a up to and including b: includeFirst = false, includeLast = true.
        // For b < a QuantLib counts [b, a) and negates, as we do.
        const auto theirs = uk.businessDaysBetween(to_ql(a), to_ql(b), false, true);
        INFO(to_string(a) << " to " << to_string(b));
        REQUIRE(*ours == theirs);
        ++compared;
    }
    CHECK(compared > 5500);
}

TEST_CASE("the `cprules date` command agrees with QuantLib", "[oracle][cli]") {
    const QuantLib::UnitedKingdom uk(QuantLib::UnitedKingdom::Settlement);
    const std::string cli = CPRULES_TEST_BINARY_DIR "/tools/cprules/cprules";
    std::mt19937 rng(2022);
    std::uniform_int_distribution<std::int32_t> day(date::from_ymd(1996, 1, 1)->days(), date::from_ymd(2029, 12, 31)->days());
    std::uniform_int_distribution<std::int32_t> n_dist(-40, 40);
    // One shell script runs every query through the command line, as a user would.
    // Each query is a process of its own (about 0.1 s under AddressSanitizer), so
    // there are 400 of them: the arithmetic itself is checked 12,000 times above.
    std::string script;
    std::vector<std::string> expected;
    for (int i = 0; i < 400; ++i) {
        const date from = date::from_days(day(rng));
        std::int32_t n = n_dist(rng);
        if (n == 0) n = 15;
        const bool between = i % 3 == 2;
        const date to = date::from_days(from.days() + n * 2);
        if (between) {
            script += "'" + cli + "' date --between " + to_string(from) + " " + to_string(to) + "\n";
            expected.push_back(std::to_string(uk.businessDaysBetween(to_ql(from), to_ql(to), false, true)));
        } else {
            script += "'" + cli + "' date " + to_string(from) + " " + (n > 0 ? "+" : "") + std::to_string(n) + "wd\n";
            expected.push_back(to_string(from_ql(uk.advance(to_ql(from), n, QuantLib::Days))));
        }
    }
    const std::string path = CPRULES_TEST_BINARY_DIR "/calendar_oracle_cli.sh";
    {
        FILE* f = std::fopen(path.c_str(), "w");
        REQUIRE(f);
        std::fputs(script.c_str(), f);
        std::fclose(f);
    }
    FILE* p = popen(("bash '" + path + "'").c_str(), "r");
    REQUIRE(p);
    std::vector<std::string> got;
    char line[64];
    while (std::fgets(line, sizeof line, p)) {
        std::string s(line);
        if (!s.empty() && s.back() == '\n') s.pop_back();
        got.push_back(s);
    }
    REQUIRE(pclose(p) == 0);
    REQUIRE(got.size() == expected.size());
    for (std::size_t i = 0; i < got.size(); ++i) {
        INFO("query " << i + 1);
        REQUIRE(got[i] == expected[i]);
    }
}
