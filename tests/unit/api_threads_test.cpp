// The public APIs under threads: many cases evaluated at once against shared
// policies, through the C++ API and the C API, must give byte for byte what a
// single thread gives. Run it under ThreadSanitizer too (docs/api.md).
#include <cprules/cprules.h>
#include <cprules/cprules.hpp>

#include <catch2/catch.hpp>
#include <yaml-cpp/yaml.h>

#include <algorithm>
#include <atomic>
#include <filesystem>
#include <map>
#include <fstream>
#include <iterator>
#include <memory>
#include <optional>
#include <string>
#include <thread>
#include <vector>

namespace {

const std::string source_dir = CPRULES_TEST_SOURCE_DIR;
constexpr int thread_count = 4;

std::string read(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    REQUIRE(in);
    return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

std::string replace_all(std::string s, const std::string& from, const std::string& to) {
    for (auto at = s.find(from); at != std::string::npos; at = s.find(from, at + to.size())) s.replace(at, from.size(), to);
    return s;
}

struct job {
    std::size_t policy;  // index into the policies
    std::string json;    // one line
    cprules::date as_of;
};

// Variations of the contract example (different ids, children's dates and
// as-of dates) plus cases with input errors, against two policies.
std::vector<job> make_jobs() {
    std::string example = replace_all(read(source_dir + "/examples/cases/contract-example.json"), "\n", " ");
    std::vector<job> jobs;
    const cprules::date start = *cprules::parse_date("2025-01-01");
    for (int i = 0; i < 48; ++i) {
        std::string json = replace_all(example, "\"C-1042\"", "\"C-" + std::to_string(i) + "\"");
        if (i % 3 == 1) json = replace_all(json, "\"2025-09-10\"", "\"2025-0" + std::to_string(4 + i % 5) + "-15\"");
        if (i % 4 == 2) json = replace_all(json, "\"decision_circulated\": \"2025-01-28\",", "");
        jobs.push_back({static_cast<std::size_t>(i % 2), json, start + 9 * i});
    }
    jobs.push_back({0, "{", start});
    jobs.push_back({1, R"({"case_id":"BAD-1","children":[{"id":"A","date_of_birth":"2016-02-30"}],"events":[]})", start});
    jobs.push_back({0, replace_all(example, "\"children\": [\"A\"]", "\"children\": [\"Z\"]"), start});
    return jobs;
}

// Runs `work(thread, i)` for every job index on `thread_count` threads, each
// thread going through all the jobs from its own starting point, twice.
template <class Work>
void on_threads(std::size_t jobs, Work work) {
    std::vector<std::thread> threads;
    for (int t = 0; t < thread_count; ++t)
        threads.emplace_back([&, t] {
            for (std::size_t k = 0; k < 2 * jobs; ++k) work(t, (k + static_cast<std::size_t>(t) * jobs / thread_count) % jobs);
        });
    for (auto& th : threads) th.join();
}

// A YAML case (as the policy test cases write them) as one line of JSON.
void append_json(std::string& out, const YAML::Node& n) {
    if (n.IsMap()) {
        out += '{';
        bool first = true;
        for (const auto& kv : n) {
            if (!first) out += ',';
            first = false;
            append_json(out, kv.first);
            out += ':';
            append_json(out, kv.second);
        }
        out += '}';
    } else if (n.IsSequence()) {
        out += '[';
        for (std::size_t i = 0; i < n.size(); ++i) {
            if (i) out += ',';
            append_json(out, n[i]);
        }
        out += ']';
    } else if (n.IsNull()) {
        out += "null";
    } else {
        const std::string& v = n.Scalar();
        const bool plain = n.Tag() != "!";
        const std::size_t digits = !v.empty() && v[0] == '-' ? 1 : 0;
        const bool integer = v.size() > digits && v.find_first_not_of("0123456789", digits) == std::string::npos;
        if (plain && (v == "true" || v == "false" || integer)) {
            out += v;
            return;
        }
        out += '"';
        for (char c : v) {
            if (c == '"' || c == '\\') out += '\\';
            if (c == '\n') out += "\\n";
            else out += c;
        }
        out += '"';
    }
}

}  // namespace

TEST_CASE("api: to_json and evaluate_json agree on every bundled policy test case", "[api]") {
    namespace fs = std::filesystem;
    std::map<std::string, cprules::policy> policies;
    std::size_t cases = 0, with_errors = 0, with_findings = 0;
    std::string out;
    for (const auto& entry : fs::recursive_directory_iterator(source_dir + "/tests/cases/policies")) {
        if (entry.path().extension() != ".yaml") continue;
        const YAML::Node file = YAML::LoadFile(entry.path().string());
        std::string name = file["policy"].as<std::string>("");
        if (name.find('/') != std::string::npos || name.ends_with(".yaml"))
            name = (entry.path().parent_path() / name).lexically_normal().string();
        if (!policies.count(name)) {
            auto loaded = cprules::policy::load(name);
            INFO(name);
            REQUIRE(loaded);
            policies.emplace(name, *loaded);
        }
        const cprules::policy& p = policies.at(name);
        for (const auto& test : file["tests"]) {
            if (!test["case"] || !test["as_of"]) continue;
            std::string json;
            append_json(json, test["case"]);
            const auto as_of = cprules::parse_date(test["as_of"].as<std::string>());
            REQUIRE(as_of);
            cprules::evaluation e = cprules::evaluate(p, json, *as_of);
            e.origin = "here";
            out.clear();
            const auto stats = cprules::evaluate_json(p, json, *as_of, out, "here");
            INFO(entry.path().string() << ": " << json);
            CHECK(out == e.to_json());
            CHECK(stats.summary == e.summary);
            CHECK(stats.findings == e.findings.size());
            CHECK(stats.errors == e.errors.size());
            ++cases;
            with_errors += !e.ok();
            with_findings += !e.findings.empty();
        }
    }
    CHECK(cases > 500);
    CHECK(with_findings > 100);
}

TEST_CASE("api: C++ API evaluations on many threads equal single-threaded ones", "[api][threads]") {
    const std::vector<job> jobs = make_jobs();
    std::vector<cprules::policy> policies;
    for (const char* name : {"york.yaml", "barnsley.yaml"}) {
        auto p = cprules::policy::load(source_dir + "/policies/" + name);
        REQUIRE(p);
        policies.push_back(*p);
    }

    std::vector<std::string> expected;
    std::vector<cprules::evaluation> expected_values;
    for (const auto& j : jobs) {
        expected_values.push_back(cprules::evaluate(policies[j.policy], j.json, j.as_of));
        expected.push_back(expected_values.back().to_json());
    }
    CHECK(expected_values.front().ok());
    CHECK(!expected_values.front().findings.empty());
    CHECK(!expected_values.back().ok());

    std::atomic<int> mismatches{0};
    on_threads(jobs.size(), [&](int, std::size_t i) {
        const auto e = cprules::evaluate(policies[jobs[i].policy], jobs[i].json, jobs[i].as_of);
        if (e != expected_values[i] || e.to_json() != expected[i]) ++mismatches;
        std::string json;
        cprules::evaluate_json(policies[jobs[i].policy], jobs[i].json, jobs[i].as_of, json);
        if (json != expected[i]) ++mismatches;
    });
    CHECK(mismatches == 0);

    // Copies of a handle share the compiled policy; a handle copied into each thread works the same.
    on_threads(jobs.size(), [&, copies = std::vector<cprules::policy>(policies)](int, std::size_t i) {
        const cprules::policy local = copies[jobs[i].policy];
        if (cprules::evaluate(local, jobs[i].json, jobs[i].as_of).to_json() != expected[i]) ++mismatches;
    });
    CHECK(mismatches == 0);
}

TEST_CASE("api: C API evaluations on many threads equal single-threaded ones", "[api][capi][threads]") {
    const std::vector<job> jobs = make_jobs();
    std::vector<std::unique_ptr<cprules_policy, void (*)(cprules_policy*)>> policies;
    for (const char* name : {"york.yaml", "barnsley.yaml"}) {
        cprules_policy* p = nullptr;
        REQUIRE(cprules_policy_load((source_dir + "/policies/" + name).c_str(), &p) == CPRULES_OK);
        policies.emplace_back(p, cprules_policy_free);
    }
    auto check = [&](std::size_t i) {
        cprules_result* r = nullptr;
        const std::string as_of = to_string(jobs[i].as_of);
        if (cprules_check_json(policies[jobs[i].policy].get(), jobs[i].json.data(), jobs[i].json.size(), as_of.c_str(), &r) != CPRULES_OK)
            return std::string("failed: ") + cprules_last_error();
        std::string json = cprules_result_json(r);
        cprules_result_free(r);
        return json;
    };
    std::vector<std::string> expected;
    for (std::size_t i = 0; i < jobs.size(); ++i) expected.push_back(check(i));
    // The C API gives what the C++ API gives.
    auto york = cprules::policy::load(source_dir + "/policies/york.yaml");
    REQUIRE(york);
    CHECK(expected[0] == cprules::evaluate(*york, jobs[0].json, jobs[0].as_of).to_json());

    std::atomic<int> mismatches{0};
    on_threads(jobs.size(), [&](int, std::size_t i) {
        if (check(i) != expected[i]) ++mismatches;
    });
    CHECK(mismatches == 0);

    // Batches: every thread evaluates all the york cases as one JSON Lines text.
    std::string batch, batch_expected;
    for (std::size_t i = 0; i < jobs.size(); ++i) {
        if (jobs[i].policy != 0 || jobs[i].as_of != jobs[0].as_of) continue;
        batch += jobs[i].json + "\n";
        cprules::evaluation e = cprules::evaluate(*york, jobs[i].json, jobs[0].as_of);
        if (!e.ok()) e.origin = "line " + std::to_string(std::count(batch.begin(), batch.end(), '\n'));
        batch_expected += e.to_json() + "\n";
    }
    REQUIRE(std::count(batch.begin(), batch.end(), '\n') >= 2);
    const std::string as_of = to_string(jobs[0].as_of);
    std::vector<std::string> got(thread_count);
    std::vector<std::thread> threads;
    for (int t = 0; t < thread_count; ++t)
        threads.emplace_back([&, t] {
            cprules_result* r = nullptr;
            if (cprules_check_jsonl(policies[0].get(), batch.data(), batch.size(), as_of.c_str(), &r) == CPRULES_OK)
                got[static_cast<std::size_t>(t)] = cprules_result_json(r);
            cprules_result_free(r);
        });
    for (auto& th : threads) th.join();
    for (const auto& g : got) CHECK(g == batch_expected);
}

TEST_CASE("api: a policy freed on one thread while another keeps its copy", "[api][threads]") {
    auto loaded = cprules::policy::load(source_dir + "/policies/york.yaml");
    REQUIRE(loaded);
    const std::string json = replace_all(read(source_dir + "/examples/cases/contract-example.json"), "\n", " ");
    const auto as_of = *cprules::parse_date("2025-03-01");
    const std::string expected = cprules::evaluate(*loaded, json, as_of).to_json();
    std::optional<cprules::policy> first(*loaded);
    loaded = cprules::policy::load(source_dir + "/policies/barnsley.yaml");  // drop the original handle
    std::string got;
    std::thread worker([copy = *first, &json, &got, as_of] { got = cprules::evaluate(copy, json, as_of).to_json(); });
    first.reset();
    worker.join();
    CHECK(got == expected);
    // This thread evaluated york before; it now gets a new york: its cached evaluator must not be reused wrongly.
    auto again = cprules::policy::load(source_dir + "/policies/york.yaml");
    REQUIRE(again);
    CHECK(cprules::evaluate(*again, json, as_of).to_json() == expected);
}

TEST_CASE("api: C++ load errors are diagnostics with positions", "[api]") {
    auto missing = cprules::policy::load("no-such-policy");
    REQUIRE(!missing);
    REQUIRE(missing.diagnostics().size() == 1);
    CHECK(missing.diagnostics()[0].code == "policy.not_found");

    auto bad = cprules::policy::load_yaml("extends: york\nid: york-local\ncolour: blue\n", "local.yaml");
    REQUIRE(!bad);
    REQUIRE(bad.diagnostics().size() == 1);
    const auto& d = bad.diagnostics()[0];
    CHECK(d.code == "policy.unknown_key");
    CHECK(d.location == cprules::source_location{"local.yaml", 3, 1});
    CHECK_THAT(to_string(d), Catch::StartsWith("local.yaml:3:1: error[policy.unknown_key]: unknown key 'colour' in policy"));

    auto york = cprules::policy::load(source_dir + "/policies/york.yaml");
    REQUIRE(york);
    CHECK(york->id() == "york");
    CHECK(york->file() == source_dir + "/policies/york.yaml");
    CHECK(!york->rule_ids().empty());
    CHECK(std::find(york->rule_ids().begin(), york->rule_ids().end(), "icpc.timescale") != york->rule_ids().end());
    const cprules::policy copy = *york;
    CHECK(copy == *york);

    const auto e = cprules::evaluate(*york, R"({"case_id":"X","children":[{"id":"A","date_of_birth":"2016-13-01"}],"events":[]})",
                                     *cprules::parse_date("2025-03-01"));
    REQUIRE(e.errors.size() == 1);
    CHECK(e.errors[0].code == "facts.bad_date");
    CHECK(e.errors[0].pointer == "/children/0/date_of_birth");
    CHECK(!e.policy);
    CHECK(e.findings.empty());
}
