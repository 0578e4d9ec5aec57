// Per-case cost of the pipeline: parse (simdjson) -> evaluate -> write JSON.
// Cases come from bench/generate_cases.py (deterministic); the policy is the
// bundled York policy. Run: build/release/bench/pipeline_bench
#include "eval/eval.hpp"
#include "facts/facts.hpp"
#include "report/report.hpp"

#include <benchmark/benchmark.h>
#include <fmt/format.h>

#include <cstdio>
#include <memory>
#include <stdexcept>
#include <string>
#include <vector>

namespace {

using namespace cprules;

const std::vector<std::string>& cases() {
    static const std::vector<std::string> all = [] {
        std::vector<std::string> out;
        const std::string cmd = std::string("python3 ") + CPRULES_BENCH_SOURCE_DIR + "/bench/generate_cases.py 2000";
        FILE* p = popen(cmd.c_str(), "r");
        if (!p) throw std::runtime_error("cannot run " + cmd);
        std::string line;
        char buf[1 << 16];
        while (std::fgets(buf, sizeof buf, p)) {
            line += buf;
            if (!line.empty() && line.back() == '\n') {
                line.pop_back();
                out.push_back(std::move(line));
                line.clear();
            }
        }
        pclose(p);
        if (out.empty()) throw std::runtime_error("no cases generated");
        return out;
    }();
    return all;
}

const policy::compiled_policy& york() {
    static const auto p = [] {
        std::vector<diagnostic> d;
        auto loaded = policy::load("york", d);
        if (!loaded) throw std::runtime_error("the york policy does not load");
        return loaded;
    }();
    return *p;
}

void parse(benchmark::State& state) {
    const auto& all = cases();
    facts::loader loader;
    facts::case_facts c;
    std::vector<diagnostic> errors;
    std::size_t i = 0, bytes = 0;
    for (auto _ : state) {
        const auto& text = all[i++ % all.size()];
        bytes += text.size();
        benchmark::DoNotOptimize(loader.load_json(text, c, errors));
    }
    state.SetItemsProcessed(static_cast<std::int64_t>(state.iterations()));
    state.SetBytesProcessed(static_cast<std::int64_t>(bytes));
}
BENCHMARK(parse);

/// Evaluation alone, over cases parsed up front (each loader owns its case's strings): 64 of
/// them, which the processor's caches and branch predictors come to know, and 2,000.
void evaluate(benchmark::State& state) {
    const auto& all = cases();
    const std::size_t n = static_cast<std::size_t>(state.range(0));
    std::vector<facts::loader> loaders(n);
    std::vector<facts::case_facts> parsed(n);
    std::vector<diagnostic> errors;
    for (std::size_t k = 0; k < n; ++k)
        if (!loaders[k].load_json(all[k % all.size()], parsed[k], errors)) throw std::runtime_error("a generated case does not load");
    eval::evaluator ev(york());
    const date as_of = *date::from_ymd(2025, 3, 1);
    std::size_t i = 0;
    for (auto _ : state) benchmark::DoNotOptimize(ev.run(parsed[i++ % n], as_of).data());
    state.SetItemsProcessed(static_cast<std::int64_t>(state.iterations()));
}
BENCHMARK(evaluate)->Arg(64)->Arg(2000);

/// Parses and evaluates the generated cases in turn, as the command line does.
struct pipeline {
    const std::vector<std::string>& all = cases();
    facts::loader loader;
    facts::case_facts c;
    std::vector<diagnostic> errors;
    eval::evaluator ev{york()};
    const date as_of = *date::from_ymd(2025, 3, 1);
    std::size_t next = 0;

    const std::vector<eval::finding>& next_case() {
        errors.clear();
        loader.load_json(all[next++ % all.size()], c, errors);
        return ev.run(c, as_of);
    }
};

void parse_and_evaluate(benchmark::State& state) {
    pipeline p;
    std::size_t findings = 0;
    for (auto _ : state) findings += p.next_case().size();
    state.SetItemsProcessed(static_cast<std::int64_t>(state.iterations()));
    state.counters["findings/case"] = static_cast<double>(findings) / static_cast<double>(state.iterations());
}
BENCHMARK(parse_and_evaluate);

/// As `cprules check --format jsonl` writes: into reused room that is not zeroed first.
void parse_evaluate_write(benchmark::State& state) {
    pipeline p;
    const report::json_writer writer(york(), false);
    std::unique_ptr<char[]> out;
    std::size_t room = 0, written = 0;
    for (auto _ : state) {
        const auto& f = p.next_case();
        const report::case_output co{&york(), &p.c, &f, &p.errors, p.as_of, {}, 0x3f, &p.ev.summary()};
        const std::size_t need = writer.bound(co);
        if (need > room) {
            room = 2 * need;
            out = std::make_unique_for_overwrite<char[]>(room);
        }
        written += static_cast<std::size_t>(writer.write(out.get(), co) - out.get());
    }
    state.SetItemsProcessed(static_cast<std::int64_t>(state.iterations()));
    state.counters["output bytes/case"] = static_cast<double>(written) / static_cast<double>(state.iterations());
}
BENCHMARK(parse_evaluate_write);

/// One long case: `range(0)` enquiries, one a day from 2000-01-03, each a strategy discussion, a
/// Section 47 start, an initial conference deciding a plan, visits and a core group, and a review
/// ending the plan (8 events), for `range(1)` children (1 or 2; siblings share every event). Items
/// are events: a time per event that stays flat as the case grows shows that evaluation stays
/// linear in its events (no rule rescans the case, nor one child's plans for each of another's).
std::string long_case(int enquiries, int children) {
    std::string json = children == 1 ? R"({"case_id":"LONG","children":[{"id":"A","date_of_birth":"1995-06-01"}],"events":[)"
                                     : R"({"case_id":"LONG","children":[{"id":"A","date_of_birth":"1995-06-01"},{"id":"B","date_of_birth":"1997-03-01"}],"events":[)";
    const char* contact = children == 1 ? R"(["A"])" : R"(["A","B"])";
    const date first = *date::from_ymd(2000, 1, 3);
    for (int i = 0; i < enquiries; ++i) {
        const std::string attendees = fmt::format(
            R"([{{"name":"IRO {}","kind":"chair"}},{{"name":"SW","kind":"professional","agency":"social_care","direct_contact_with":{},"line_manager":"TM","recommendation":"plan"}},)"
            R"({{"name":"PC","kind":"professional","agency":"police","line_manager":"DS","recommendation":"plan"}},{{"name":"HV","kind":"professional","agency":"health","direct_contact_with":{},"recommendation":"no_plan"}}])",
            i % 3, contact, contact);
        json += fmt::format(
            R"({{"type":"strategy_discussion","date":"{0}T08:00","s47_initiated":true,"recommended_conference":true}},{{"type":"section47_started","date":"{0}T08:30"}},)"
            R"({{"type":"conference","id":"i{1}","kind":"initial","date":"{0}T09:00","attendees":{2},"outcome":{{"decision":"plan","decided_by":"vote","categories":["neglect"]}}}},)"
            R"({{"type":"visit","date":"{0}T10:00","seen_alone":true}},{{"type":"core_group","date":"{0}T11:00"}},{{"type":"visit","date":"{0}T12:00","seen_alone":true}},)"
            R"({{"type":"conference","id":"r{1}","kind":"review","date":"{0}T13:00","attendees":{2},"outcome":{{"decision":"plan_ends","reasons":"risk reduced"}}}},)"
            R"({{"type":"visit","date":"{0}T14:00","seen_alone":false}}{3})",
            to_string(date::from_days(first.days() + i)), i, attendees, i + 1 < enquiries ? "," : "");
    }
    return json + "]}";
}

void one_long_case(benchmark::State& state) {
    const std::string text = long_case(static_cast<int>(state.range(0)), static_cast<int>(state.range(1)));
    facts::loader loader;
    facts::case_facts c;
    std::vector<diagnostic> errors;
    eval::evaluator ev{york()};
    const date as_of = *date::from_ymd(2036 - 1, 1, 1);
    const report::json_writer writer(york(), false);
    std::unique_ptr<char[]> out;
    std::size_t room = 0, findings = 0;
    for (auto _ : state) {
        errors.clear();
        if (!loader.load_json(text, c, errors)) throw std::runtime_error("the long case does not load");
        const auto& f = ev.run(c, as_of);
        if (!ev.errors().empty()) throw std::runtime_error("the long case has evaluation errors");
        findings += f.size();
        const report::case_output co{&york(), &c, &f, &errors, as_of, {}, 0x3f, &ev.summary()};
        const std::size_t need = writer.bound(co);
        if (need > room) {
            room = need;
            out = std::make_unique_for_overwrite<char[]>(room);
        }
        benchmark::DoNotOptimize(writer.write(out.get(), co));
    }
    state.SetItemsProcessed(static_cast<std::int64_t>(state.iterations() * c.events.size()));
    state.counters["events"] = static_cast<double>(c.events.size());
    state.counters["findings/event"] = static_cast<double>(findings) / static_cast<double>(state.iterations() * c.events.size());
}
BENCHMARK(one_long_case)
    ->ArgNames({"enquiries", "children"})
    ->ArgsProduct({{8, 128, 512, 2048, 8192}, {1}})
    ->ArgsProduct({{512, 2048, 8192}, {2}})
    ->Unit(benchmark::kMillisecond);

}  // namespace

BENCHMARK_MAIN();
