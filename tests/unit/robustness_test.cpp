// Bad input never crashes: randomly damaged cases and policies go through the
// loaders and the evaluator, which must answer with diagnostics or findings.
// (Run under AddressSanitizer + UBSan by scripts/test.sh.)
#include "eval/eval.hpp"
#include "facts/facts.hpp"
#include "policy/policy.hpp"
#include "report/report.hpp"

#include <catch2/catch.hpp>
#include <fmt/format.h>

#include <fstream>
#include <random>
#include <sstream>

using namespace cprules;

namespace {

std::string read(const std::string& path) {
    std::ifstream in(path);
    std::stringstream ss;
    ss << in.rdbuf();
    return ss.str();
}

/// A case that must load, evaluated against a policy.
struct evaluated {
    facts::loader loader;
    facts::case_facts facts;
    std::vector<diagnostic> errors;
    eval::evaluator evaluator;
    const std::vector<eval::finding>* found = nullptr;
    evaluated(const policy::compiled_policy& p, const std::string& json, date as_of) : evaluator(p) {
        REQUIRE(loader.load_json(json, facts, errors));
        found = &evaluator.run(facts, as_of);
    }
};

/// Deletes, duplicates, replaces or swaps a few bytes or tokens.
std::string damage(std::string s, std::mt19937& rng) {
    static const char* tokens[] = {"{", "}", "[", "]", ",", ":", "\"", "null", "true", "-1", "1e999", "\"2025-02-30\"",
                                   "\"\"", "\"conference\"", "\"x\"", "\\u0000", "  ", "\n", "- ", "#", "&a", "*a", "!!"};
    const int edits = 1 + static_cast<int>(rng() % 4);
    for (int i = 0; i < edits && !s.empty(); ++i) {
        const std::size_t at = rng() % s.size();
        switch (rng() % 4) {
            case 0: s.erase(at, 1 + rng() % 8); break;
            case 1: s.insert(at, tokens[rng() % std::size(tokens)]); break;
            case 2: s[at] = static_cast<char>(rng() % 256); break;
            default: s.insert(at, s.substr(rng() % s.size(), rng() % 40)); break;
        }
    }
    return s;
}

}  // namespace

TEST_CASE("damaged cases give errors with pointers, or findings; never a crash", "[robustness]") {
    std::vector<diagnostic> d;
    auto york = policy::load(std::string(CPRULES_TEST_SOURCE_DIR) + "/policies/york.yaml", d);
    REQUIRE(york);
    const std::string good = read(std::string(CPRULES_TEST_SOURCE_DIR) + "/examples/cases/contract-example.json");
    REQUIRE(!good.empty());
    facts::loader loader;
    facts::case_facts c;
    eval::evaluator ev(*york);
    const report::json_writer writer(*york, false);
    std::mt19937 rng(20250106);
    std::string out, scratch;
    int loaded = 0, rejected = 0;
    for (int i = 0; i < 4000; ++i) {
        const std::string text = damage(good, rng);
        std::vector<diagnostic> errors;
        const bool ok = i % 2 ? loader.load_json(text, c, errors) : loader.load_yaml(text, c, errors);
        if (ok) {
            ++loaded;
            const auto& f = ev.run(c, *date::from_ymd(2025, 3, 1));
            out.clear();
            writer.append(out, {york.get(), &c, &f, &ev.errors(), *date::from_ymd(2025, 3, 1), {}}, scratch);
            REQUIRE(!out.empty());
        } else {
            ++rejected;
            REQUIRE(!errors.empty());
            for (const auto& e : errors) {
                REQUIRE(!e.code.empty());
                REQUIRE(!e.message.empty());
            }
        }
    }
    // The damage is varied enough to exercise both paths.
    CHECK(loaded > 100);
    CHECK(rejected > 1000);
}

TEST_CASE("damaged policies give positioned diagnostics, never a crash", "[robustness]") {
    const std::string good = read(std::string(CPRULES_TEST_SOURCE_DIR) + "/tests/fixtures/engine/policy.yaml");
    REQUIRE(!good.empty());
    std::mt19937 rng(1971);
    int compiled = 0, rejected = 0;
    for (int i = 0; i < 1500; ++i) {
        std::vector<diagnostic> d;
        auto p = policy::load_text(damage(good, rng), "damaged.yaml", d);
        if (p) {
            ++compiled;
        } else {
            ++rejected;
            REQUIRE(has_errors(d));
            for (const auto& x : d) {
                INFO(to_string(x));
                REQUIRE(x.location.file.size() > 0);
            }
        }
    }
    CHECK(rejected > 500);
    CHECK(compiled + rejected == 1500);
}

TEST_CASE("the JSON writer stays within the room it asks for, however much its text needs escaping", "[robustness][report]") {
    std::vector<diagnostic> d;
    auto york = policy::load(std::string(CPRULES_TEST_SOURCE_DIR) + "/policies/york.yaml", d);
    REQUIRE(york);
    // Every id, reason and detail the writer copies from the facts is made of characters it must escape.
    const std::string nasty = R"(\"\u0001\u001f\\\n\t\"\"\u0002)";
    std::string text = read(std::string(CPRULES_TEST_SOURCE_DIR) + "/examples/cases/contract-example.json");
    for (const std::string from : {"\"C-1042\"", "\"icpc\"", "\"rcpc1\""}) {
        const auto at = text.find(from);
        REQUIRE(at != std::string::npos);
        text.replace(at, from.size(), "\"" + nasty + from.substr(1));
    }
    const auto outcome = text.find("\"decision\": \"plan_continues\"");
    REQUIRE(outcome != std::string::npos);
    text.insert(outcome, "\"exceptional_reason\": \"" + nasty + nasty + "\", ");
    evaluated run(*york, text, *date::from_ymd(2025, 6, 1));
    const auto& c = run.facts;
    const auto& found = *run.found;
    auto& errors = run.errors;
    REQUIRE(found.size() > 10);
    // And errors, with an origin, both written the same way.
    diagnostic e;
    e.code = "facts.bad_date";
    e.pointer = "/events/0/" + std::string(40, '"');
    e.message = std::string(200, '\x01');
    errors.assign(3, e);
    errors[1].location.line = 7;
    const std::string origin(30, '\\');
    for (const bool pretty : {false, true}) {
        const report::json_writer writer(*york, pretty);
        const report::case_output co{york.get(), &c, &found, &errors, *date::from_ymd(2025, 6, 1), origin};
        const std::size_t room = writer.bound(co);
        const auto buffer = std::make_unique<char[]>(room);  // exactly the room: AddressSanitizer sees any overrun
        const char* end = writer.write(buffer.get(), co);
        const std::string_view written(buffer.get(), static_cast<std::size_t>(end - buffer.get()));
        CHECK(written.size() <= room);
        std::string appended, scratch;
        writer.append(appended, co, scratch);
        CHECK(written == appended);
        CHECK(written.find(R"(\u0001\u001f\\\n\t)") != std::string_view::npos);  // the facts' text, escaped
        CHECK(written.find("\"line\":") != std::string_view::npos);
        CHECK(written.find("\"origin\":") != std::string_view::npos);
    }
}

TEST_CASE("the room the JSON writer asks for stays near what it writes when one id is very long", "[robustness][report]") {
    // One conference id of 20,000 characters among two years of visits and core groups: the
    // room is counted per finding where an id is long, not as that id for every finding.
    // (Each id byte is counted as six, as it may need escaping.)
    std::vector<diagnostic> d;
    auto york = policy::load(std::string(CPRULES_TEST_SOURCE_DIR) + "/policies/york.yaml", d);
    REQUIRE(york);
    const std::string long_id(20000, 'x');
    std::string json = R"({"case_id":"L","children":[{"id":"A","date_of_birth":"2015-01-01"},{"id":"B","date_of_birth":"2016-01-01"}],"events":[)"
                       R"({"type":"conference","id":")" + long_id + R"(","kind":"initial","date":"2023-01-10","outcome":{"decision":"plan","decided_by":"consensus","categories":["neglect"]}})";
    for (int day = 20; day < 700; day += 9)
        json += fmt::format(R"(,{{"type":"{}","date":"{}"}})", day % 2 ? "visit" : "core_group", to_string(*date::from_ymd(2023, 1, 1) + day));
    json += "]}";
    const evaluated run(*york, json, *date::from_ymd(2025, 6, 1));
    REQUIRE(run.found->size() > 100);
    const report::json_writer writer(*york, false);
    const report::case_output co{york.get(), &run.facts, run.found, &run.errors, *date::from_ymd(2025, 6, 1), ""};
    const std::size_t room = writer.bound(co);
    const auto buffer = std::make_unique<char[]>(room);
    const auto written = static_cast<std::size_t>(writer.write(buffer.get(), co) - buffer.get());
    CHECK(written <= room);
    INFO("written " << written << ", room " << room);
    CHECK(room < 8 * written);  // an id may need escaping, six bytes a byte: not 60 times, as counting the long id for every finding gave
}

TEST_CASE("finding details of every length stay intact, case after case", "[robustness][eval]") {
    // A check whose condition runs to some 7,000 characters: each breach's detail quotes it whole.
    std::string condition = "event.kind == 'review'";
    while (condition.size() < 7000) condition += " or event.kind == 'review'";
    const std::string yaml = "cprules: 1\nid: long-details\ntitle: Long details\npartnership: None (test)\nversion: \"1\"\n"
                             "sources: [{ file: fixture.txt, title: Fixture }]\nrules:\n"
                             "  - id: outcome.long\n    kind: check\n    severity: violation\n    summary: Long\n"
                             "    each: { event: conference }\n    require: \"" + condition + "\"\n"
                             "    source: { document: fixture.txt, section: S, quote: q }\n"
                             "  - id: outcome.short\n    kind: check\n    severity: violation\n    summary: Short\n"
                             "    each: { event: conference }\n    require: \"event.kind == 'review'\"\n"
                             "    source: { document: fixture.txt, section: S, quote: q }\n";
    std::vector<diagnostic> d;
    auto policy = policy::load_text(yaml, "long-details.yaml", d);
    for (const auto& diag : d) UNSCOPED_INFO(to_string(diag));
    REQUIRE(policy);
    eval::evaluator ev(*policy);
    facts::loader loader;
    facts::case_facts c;
    for (const int conferences : {3, 40, 1}) {
        std::string json = R"({"case_id":"L","children":[{"id":"A"}],"events":[)";
        for (int i = 0; i < conferences; ++i)
            json += (i ? "," : "") + fmt::format(R"({{"type":"conference","id":"c{}","kind":"initial","date":"2025-01-{:02}"}})", i, 1 + i % 28);
        json += "]}";
        std::vector<diagnostic> errors;
        REQUIRE(loader.load_json(json, c, errors));
        const auto& found = ev.run(c, *date::from_ymd(2025, 3, 1));
        REQUIRE(found.size() == 2 * static_cast<std::size_t>(conferences));
        for (const auto& f : found) {
            REQUIRE(f.state == eval::status::breached);
            if (f.rule->id == "outcome.long") CHECK(f.detail == "not so: " + condition);
            else CHECK(f.detail == "not so: event.kind == 'review'");
        }
        CHECK(ev.summary().counts[static_cast<std::size_t>(eval::status::breached)] == found.size());
    }
}

// The writer's tail after its 16-byte blocks, and dates outside its table of date texts.

TEST_CASE("a short text ending in a control byte or a byte that is not UTF-8 is escaped", "[robustness][report]") {
    std::vector<diagnostic> d;
    auto york = policy::load(std::string(CPRULES_TEST_SOURCE_DIR) + "/policies/york.yaml", d);
    REQUIRE(york);
    for (const auto& [origin, want] : {std::pair<std::string, std::string>{"a\x1f", R"("origin":"a\u001f")"},
                                       {"b\xff", "\"origin\":\"b\xef\xbf\xbd\""}}) {
        const report::case_output co{york.get(), nullptr, nullptr, nullptr, *date::from_ymd(2025, 6, 1), origin};
        std::string out;
        report::append_json(out, co, false);
        CHECK(out.find(want) != std::string::npos);
    }
}

TEST_CASE("the JSON writer writes dates outside its table of date texts too", "[robustness][report]") {
    std::vector<diagnostic> d;
    auto york = policy::load(std::string(CPRULES_TEST_SOURCE_DIR) + "/policies/york.yaml", d);
    REQUIRE(york);
    facts::loader loader;
    facts::case_facts c;
    std::vector<diagnostic> errors;
    REQUIRE(loader.load_json(read(std::string(CPRULES_TEST_SOURCE_DIR) + "/examples/cases/contract-example.json"), c, errors));
    eval::evaluator ev(*york);
    std::vector<eval::finding> found(ev.run(c, *date::from_ymd(2025, 6, 1)));
    REQUIRE(!found.empty());
    found.resize(1);
    for (const auto& [day, text] : {std::pair{*date::from_ymd(2049, 12, 31), "2049-12-31"}, {*date::from_ymd(2050, 1, 1), "2050-01-01"},
                                    {*date::from_ymd(1989, 12, 31), "1989-12-31"}}) {
        found[0].has_due = true;
        found[0].due = date_time{day, -1};
        const report::case_output co{york.get(), &c, &found, nullptr, *date::from_ymd(2025, 6, 1), ""};
        std::string out;
        report::append_json(out, co, false);
        CHECK(out.find(std::string("\"due\":\"") + text + "\"") != std::string::npos);
    }
}
