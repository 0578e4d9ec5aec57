// The evaluator's parts that the policy cases (tests/cases) do not reach one by one.
#include "eval/eval.hpp"
#include "facts/facts.hpp"

#include <catch2/catch.hpp>

#include <algorithm>
#include <random>
#include <string>

using namespace cprules;

TEST_CASE("summarise counts every finding by status, and failures by severity, however many", "[eval]") {
    policy::rule violation, advice;
    advice.severity = policy::severity::advice;
    std::mt19937 rng(7);
    // Past the counters' 1,023-finding blocks, with long runs of one status as rules make them.
    for (const std::size_t n : {0u, 1u, 1022u, 1023u, 1024u, 5000u}) {
        std::vector<eval::finding> findings(n);
        eval::summary want;
        for (auto& f : findings) {
            if (rng() % 8 == 0 || &f == findings.data()) f.state = static_cast<eval::status>(rng() % 6);
            else f.state = (&f - 1)->state;
            f.rule = rng() % 3 == 0 ? &advice : &violation;
            ++want.counts[static_cast<std::size_t>(f.state)];
            const bool failed = f.state == eval::status::late || f.state == eval::status::overdue || f.state == eval::status::breached;
            if (failed) ++want.failed[static_cast<std::size_t>(f.rule->severity)];
        }
        const auto got = eval::summarise(findings);
        INFO(n << " findings");
        CHECK(got.counts == want.counts);
        CHECK(got.failed == want.failed);
    }
    // All of one status, more than a 10-bit field holds.
    std::vector<eval::finding> late(3000);
    for (auto& f : late) {
        f.state = eval::status::late;
        f.rule = &violation;
    }
    const auto got = eval::summarise(late);
    CHECK(got.counts[static_cast<std::size_t>(eval::status::late)] == 3000);
    CHECK(got.counts[static_cast<std::size_t>(eval::status::met)] == 0);
    CHECK(got.failed[0] == 3000);
    CHECK(got.failed[1] == 0);
}

TEST_CASE("a child sharing a plan with another has its own errors for dates the calendar does not cover", "[eval]") {
    // Recurring findings of a child whose plan period and occurrences are the same as the
    // previous child's are copied from that child's; a period whose dates left the calendar
    // is not, so that each child still gets its errors.
    std::vector<diagnostic> d;
    const auto york = policy::load("york", d);
    REQUIRE(york);
    const auto errors_for = [&](const std::string& children, const std::string& ids) {
        const std::string json = R"({"case_id":"E","children":[)" + children + R"(],"events":[)"
                                 R"({"type":"conference","id":"icpc","kind":"initial","date":"2035-12-10","children":[)" + ids +
                                 R"(],"outcome":{"decision":"plan","decided_by":"consensus","categories":["neglect"]}}]})";
        facts::loader loader;
        facts::case_facts c;
        std::vector<diagnostic> load_errors;
        REQUIRE(loader.load_json(json, c, load_errors));
        eval::evaluator ev(*york);
        ev.run(c, *date::from_ymd(2036, 2, 1));
        // The first visit of each variant, contact and seen alone, is due four weeks after
        // the conference: 2036-01-07, past the calendar's end.
        return std::ranges::count_if(ev.errors(), [](const diagnostic& e) { return e.message.starts_with("rule visits.frequency: 4 weeks after 2035-12-10"); });
    };
    CHECK(errors_for(R"({"id":"A","date_of_birth":"2030-01-01"})", R"("A")") == 2);
    CHECK(errors_for(R"({"id":"A","date_of_birth":"2030-01-01"},{"id":"B","date_of_birth":"2031-01-01"})", R"("A","B")") == 4);
}
