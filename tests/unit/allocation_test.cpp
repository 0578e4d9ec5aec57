// Per-case work allocates nothing once its buffers have grown: a batch of cases
// loaded, evaluated and written a second time makes no allocation at all.
// A thread of the API keeps no more after one very large case than after an ordinary one.
// (This binary counts every operator new, and the bytes held; the other tests do not need it.)
#include "eval/eval.hpp"
#include "facts/facts.hpp"
#include "report/report.hpp"

#include "api/internal.hpp"  // the engine's policy module as api::compiled, beside the public API

#include <catch2/catch.hpp>

#include <atomic>
#include <cstddef>
#include <cstdio>
#include <cstdlib>
#include <malloc.h>
#include <memory>
#include <new>
#include <string>
#include <vector>

namespace {
std::atomic<bool> counting{false};
std::atomic<long> allocations{0};
std::atomic<long> bytes_held{0};  // by operator new, as malloc_usable_size counts them

/// Every replaceable operator new comes here, and every delete goes to free(): a
/// sanitizer's own operators would otherwise pair with these (new by one, free by the other).
void* allocate(std::size_t n, std::size_t alignment = 0) noexcept {
    if (counting.load(std::memory_order_relaxed)) allocations.fetch_add(1, std::memory_order_relaxed);
    if (n == 0) n = 1;
    void* p = nullptr;
    if (alignment <= alignof(std::max_align_t)) p = std::malloc(n);
    else if (posix_memalign(&p, alignment, n) != 0) p = nullptr;
    if (p) bytes_held.fetch_add(static_cast<long>(malloc_usable_size(p)), std::memory_order_relaxed);
    return p;
}
void release(void* p) noexcept {
    if (p) bytes_held.fetch_sub(static_cast<long>(malloc_usable_size(p)), std::memory_order_relaxed);
    std::free(p);
}
void* allocate_or_throw(std::size_t n, std::size_t alignment = 0) {
    if (void* p = allocate(n, alignment)) return p;
    throw std::bad_alloc();
}
}  // namespace

void* operator new(std::size_t n) { return allocate_or_throw(n); }
void* operator new[](std::size_t n) { return allocate_or_throw(n); }
void* operator new(std::size_t n, std::align_val_t a) { return allocate_or_throw(n, static_cast<std::size_t>(a)); }
void* operator new[](std::size_t n, std::align_val_t a) { return allocate_or_throw(n, static_cast<std::size_t>(a)); }
void* operator new(std::size_t n, const std::nothrow_t&) noexcept { return allocate(n); }
void* operator new[](std::size_t n, const std::nothrow_t&) noexcept { return allocate(n); }
void* operator new(std::size_t n, std::align_val_t a, const std::nothrow_t&) noexcept { return allocate(n, static_cast<std::size_t>(a)); }
void* operator new[](std::size_t n, std::align_val_t a, const std::nothrow_t&) noexcept { return allocate(n, static_cast<std::size_t>(a)); }
void operator delete(void* p) noexcept { release(p); }
void operator delete[](void* p) noexcept { release(p); }
void operator delete(void* p, std::size_t) noexcept { release(p); }
void operator delete[](void* p, std::size_t) noexcept { release(p); }
void operator delete(void* p, std::align_val_t) noexcept { release(p); }
void operator delete[](void* p, std::align_val_t) noexcept { release(p); }
void operator delete(void* p, std::size_t, std::align_val_t) noexcept { release(p); }
void operator delete[](void* p, std::size_t, std::align_val_t) noexcept { release(p); }
void operator delete(void* p, const std::nothrow_t&) noexcept { release(p); }
void operator delete[](void* p, const std::nothrow_t&) noexcept { release(p); }
void operator delete(void* p, std::align_val_t, const std::nothrow_t&) noexcept { release(p); }
void operator delete[](void* p, std::align_val_t, const std::nothrow_t&) noexcept { release(p); }

using namespace cprules;

namespace {

/// Generated cases (bench/generate_cases.py): several children, 15-40 events, breaches of every kind York checks.
std::vector<std::string> generated_cases(int n) {
    std::vector<std::string> out;
    const std::string cmd = "python3 " CPRULES_TEST_SOURCE_DIR "/bench/generate_cases.py " + std::to_string(n) + " 11";
    FILE* p = popen(cmd.c_str(), "r");
    REQUIRE(p != nullptr);
    std::string line;
    char buf[1 << 16];
    while (std::fgets(buf, sizeof buf, p)) {
        line += buf;
        if (line.back() == '\n') {
            line.pop_back();
            out.push_back(std::move(line));
            line.clear();
        }
    }
    REQUIRE(pclose(p) == 0);
    return out;
}

}  // namespace

TEST_CASE("a batch loaded, evaluated and written a second time allocates nothing", "[eval]") {
    const auto cases = generated_cases(300);
    REQUIRE(cases.size() == 300);
    for (const char* name : {"york", "bolton", "stockport", "barnsley", "north-yorkshire"}) {
        INFO("policy " << name);
        std::vector<diagnostic> d;
        const auto policy = api::compiled::load(name, d);
        REQUIRE(policy);
        facts::loader loader;
        facts::case_facts facts;
        std::vector<diagnostic> errors;
        eval::evaluator evaluator(*policy);
        const report::json_writer writer(*policy, false);
        const date as_of = *date::from_ymd(2025, 6, 1);
        std::vector<char> out;
        std::size_t loaded = 0, findings = 0, breached = 0, written = 0;
        auto pass = [&] {  // no test macros in here: they may allocate
            loaded = findings = breached = written = 0;
            for (const auto& text : cases) {
                errors.clear();
                loaded += loader.load_json(text, facts, errors);
                const auto& found = evaluator.run(facts, as_of);
                findings += found.size();
                breached += evaluator.summary().counts[static_cast<std::size_t>(eval::status::breached)];
                const report::case_output co{policy.get(), &facts, &found, &errors, as_of, {}, 0x3f, &evaluator.summary()};
                if (const std::size_t need = writer.bound(co); need > out.size()) out.resize(need);
                written += static_cast<std::size_t>(writer.write(out.data(), co) - out.data());
            }
        };
        pass();
        REQUIRE(loaded == cases.size());
        const std::size_t first_findings = findings, first_written = written;
        allocations = 0;
        counting = true;
        pass();
        counting = false;
        CHECK(allocations.load() == 0);
        // The second pass did the same work, and the work includes breaches (whose details are built as text).
        CHECK(loaded == cases.size());
        CHECK(findings == first_findings);
        CHECK(written == first_written);
        CHECK(breached > 0);
    }
}

TEST_CASE("a thread of the API lets go of what one very large case made it hold", "[api]") {
    const auto york = v1::policy::load("york");
    REQUIRE(york);
    const date as_of = *date::from_ymd(2025, 6, 1);
    const std::string ordinary = generated_cases(1).at(0);
    // A child on a plan with 6,000 visits: about 0.4 MB of JSON, and findings for each visit.
    std::string large = R"({"case_id":"L","children":[{"id":"A"}],"events":[)"
                        R"({"type":"conference","id":"icpc","kind":"initial","date":"2000-01-03","outcome":{"decision":"plan"}})";
    for (int i = 0; i < 6000; ++i) large += R"(,{"type":"visit","date":")" + to_string(*date::from_ymd(2000, 1, 4) + i * 2) + R"(","seen_alone":true})";
    large += "]}";
    REQUIRE(large.size() > 256 * 1024);
    std::string out;
    for (const bool as_json : {true, false}) {
        INFO((as_json ? "evaluate_json" : "evaluate"));
        auto run = [&](const std::string& c) {
            out.clear();
            if (as_json) v1::evaluate_json(*york, c, as_of, out);
            else CHECK_FALSE(v1::evaluate(*york, c, as_of).findings.empty());
        };
        run(ordinary);
        run(ordinary);
        out.shrink_to_fit();
        const long warm = bytes_held.load();
        run(large);
        if (as_json) CHECK(out.size() > 1'000'000);
        out.clear();
        out.shrink_to_fit();
        run(ordinary);
        out.shrink_to_fit();
        // The ordinary case's buffers grow again (a few tens of kilobytes); the large case's
        // megabytes are gone.
        CHECK(bytes_held.load() - warm < 128 * 1024);
    }
}
