// The evaluator's parts that the policy cases (tests/cases) do not reach one by one.
#include "eval/eval.hpp"

#include <catch2/catch.hpp>

#include <random>

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
