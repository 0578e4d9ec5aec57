// The evaluator's parts that the policy cases (tests/cases) do not reach one by one.
#include "eval/eval.hpp"
#include "facts/facts.hpp"

#include <catch2/catch.hpp>

#include <algorithm>
#include <map>
#include <random>
#include <string>
#include <tuple>
#include <vector>

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
        // the conference: 2036-01-07, past the calendar's end. Each error names its variant.
        return std::pair{std::ranges::count_if(ev.errors(), [](const diagnostic& e) { return e.message.starts_with("rule visits.frequency (contact): 4 weeks after 2035-12-10"); }),
                         std::ranges::count_if(ev.errors(), [](const diagnostic& e) { return e.message.starts_with("rule visits.frequency (seen_alone): 4 weeks after 2035-12-10"); })};
    };
    CHECK(errors_for(R"({"id":"A","date_of_birth":"2030-01-01"})", R"("A")") == std::pair<std::ptrdiff_t, std::ptrdiff_t>{1, 1});
    CHECK(errors_for(R"({"id":"A","date_of_birth":"2030-01-01"},{"id":"B","date_of_birth":"2031-01-01"})", R"("A","B")") == std::pair<std::ptrdiff_t, std::ptrdiff_t>{2, 2});
}

namespace {

/// A recurring finding as a case's output shows it, for one child.
using shown = std::tuple<std::string, std::string, std::string, int, std::string, std::string, int>;

std::vector<shown> recurring_findings(const policy::compiled_policy& p, const std::string& json, std::string_view child, date as_of) {
    facts::loader loader;
    facts::case_facts c;
    std::vector<diagnostic> errors;
    REQUIRE(loader.load_json(json, c, errors));
    eval::evaluator ev(p);
    std::vector<shown> out;
    for (const auto& f : ev.run(c, as_of)) {
        if (f.rule->kind != policy::rule_kind::recurring || f.child < 0 || c.children[static_cast<std::size_t>(f.child)].id != child) continue;
        out.emplace_back(f.rule->id, f.rule->variant, f.subject ? eval::subject_name(*f.subject) : "", static_cast<int>(f.state),
                         f.has_due ? to_string(f.due) : "", f.has_done ? to_string(f.done) : "", f.days_late);
    }
    return out;
}

}  // namespace

TEST_CASE("a child's recurring findings are the same in a case with siblings as in a case of its own", "[eval]") {
    // Siblings share plan periods and events, and the evaluator reuses one child's occurrences and
    // findings for the next where nothing about the child can change them. A child's recurring
    // findings depend only on the events that concern it and on its own dates, so the case cut
    // down to that child alone must give them too. Random cases: two to four children, events
    // for some of them or all, births, unborn and looked-after children.
    std::vector<diagnostic> d;
    const auto york = policy::load("york", d);
    REQUIRE(york);
    std::mt19937 rng(2024);
    const date as_of = *date::from_ymd(2025, 9, 1);
    const auto day = [&](int offset) { return to_string(*date::from_ymd(2024, 1, 1) + offset); };
    int compared = 0, with_findings = 0;
    for (int n = 0; n < 400; ++n) {
        const int children = 2 + static_cast<int>(rng() % 3);
        std::vector<std::string> ids, child_json(static_cast<std::size_t>(children));
        for (int k = 0; k < children; ++k) {
            ids.push_back(std::string(1, static_cast<char>('A' + k)));
            std::string& j = child_json[static_cast<std::size_t>(k)];
            j = R"({"id":")" + ids.back() + '"';
            switch (rng() % 4) {
                case 0: j += R"(,"expected_date_of_delivery":")" + day(60 + static_cast<int>(rng() % 60)) + '"'; break;  // unborn at first
                case 1: j += R"(,"date_of_birth":")" + day(-3000) + R"(","looked_after_from":")" + day(static_cast<int>(rng() % 200)) +
                             R"(","looked_after_to":")" + day(200 + static_cast<int>(rng() % 200)) + '"'; break;
                default: j += R"(,"date_of_birth":")" + day(-1000 - static_cast<int>(rng() % 3000)) + '"';
            }
        }
        // Events, each for all the children (no `children`) or for a random few.
        std::vector<std::pair<std::string, unsigned>> events;  // JSON without `children`, and which children (0: all)
        const auto some = [&] { return rng() % 3 == 0 ? 0u : 1u + static_cast<unsigned>(rng() % ((1u << children) - 1)); };
        events.push_back({R"({"type":"conference","id":"icpc","kind":"initial","date":")" + day(10) +
                              R"(","outcome":{"decision":"plan","decided_by":"consensus","categories":["neglect"]})", some()});
        for (int k = 0; k < children; ++k)
            if (child_json[static_cast<std::size_t>(k)].find("expected_date_of_delivery") != std::string::npos && rng() % 2)
                events.push_back({R"({"type":"birth","date":")" + day(90 + static_cast<int>(rng() % 40)) + '"', 1u << k});
        int t = 12;
        for (int e = 0; e < 25; ++e) {
            t += 1 + static_cast<int>(rng() % 30);
            switch (rng() % 5) {
                case 0: events.push_back({R"({"type":"core_group","date":")" + day(t) + '"', some()}); break;
                case 1: events.push_back({R"({"type":"conference","id":"r)" + std::to_string(e) + R"(","kind":"review","date":")" + day(t) +
                                              R"(","outcome":{"decision":")" + (rng() % 8 ? "plan_continues" : "plan_ends") + R"("})", some()});
                        break;
                default: events.push_back({R"({"type":"visit","date":")" + day(t) + R"(","seen_alone":)" + (rng() % 2 ? "true" : "false"), some()});
            }
        }
        const auto case_json = [&](unsigned only) {  // only: the child kept (its bit), or 0 for them all
            std::string j = R"({"case_id":"P)" + std::to_string(n) + R"(","children":[)";
            bool first = true;
            for (int k = 0; k < children; ++k) {
                if (only && !(only >> k & 1u)) continue;
                j += (first ? "" : ",") + child_json[static_cast<std::size_t>(k)] + '}';
                first = false;
            }
            j += R"(],"events":[)";
            first = true;
            for (const auto& [text, who] : events) {
                if (only && who && !(who & only)) continue;  // not about the child kept
                std::string list;
                for (int k = 0; k < children; ++k)
                    if (who >> k & 1u && (!only || only >> k & 1u)) list += (list.empty() ? "\"" : ",\"") + ids[static_cast<std::size_t>(k)] + '"';
                j += (first ? "" : ",") + text + (who ? R"(,"children":[)" + list + "]" : std::string()) + '}';
                first = false;
            }
            return j + "]}";
        };
        const std::string all = case_json(0);
        for (int k = 0; k < children; ++k) {
            INFO(all << "\nchild " << ids[static_cast<std::size_t>(k)]);
            const auto together = recurring_findings(*york, all, ids[static_cast<std::size_t>(k)], as_of);
            CHECK(together == recurring_findings(*york, case_json(1u << k), ids[static_cast<std::size_t>(k)], as_of));
            ++compared;
            with_findings += !together.empty();
        }
    }
    CHECK(compared > 1000);
    CHECK(with_findings > compared / 2);
}
