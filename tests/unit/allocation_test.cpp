// Per-case work allocates nothing once its buffers have grown: a batch of cases
// loaded, evaluated and written a second time makes no allocation at all.
// (This binary counts every operator new; the other tests do not need it.)
#include "eval/eval.hpp"
#include "facts/facts.hpp"
#include "report/report.hpp"

#include <catch2/catch.hpp>

#include <atomic>
#include <cstddef>
#include <cstdio>
#include <cstdlib>
#include <memory>
#include <new>
#include <string>
#include <vector>

namespace {
std::atomic<bool> counting{false};
std::atomic<long> allocations{0};

/// Every replaceable operator new comes here, and every delete goes to free(): a
/// sanitizer's own operators would otherwise pair with these (new by one, free by the other).
void* allocate(std::size_t n, std::size_t alignment = 0) noexcept {
    if (counting.load(std::memory_order_relaxed)) allocations.fetch_add(1, std::memory_order_relaxed);
    if (n == 0) n = 1;
    if (alignment <= alignof(std::max_align_t)) return std::malloc(n);
    void* p = nullptr;
    return posix_memalign(&p, alignment, n) == 0 ? p : nullptr;
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
void operator delete(void* p) noexcept { std::free(p); }
void operator delete[](void* p) noexcept { std::free(p); }
void operator delete(void* p, std::size_t) noexcept { std::free(p); }
void operator delete[](void* p, std::size_t) noexcept { std::free(p); }
void operator delete(void* p, std::align_val_t) noexcept { std::free(p); }
void operator delete[](void* p, std::align_val_t) noexcept { std::free(p); }
void operator delete(void* p, std::size_t, std::align_val_t) noexcept { std::free(p); }
void operator delete[](void* p, std::size_t, std::align_val_t) noexcept { std::free(p); }
void operator delete(void* p, const std::nothrow_t&) noexcept { std::free(p); }
void operator delete[](void* p, const std::nothrow_t&) noexcept { std::free(p); }
void operator delete(void* p, std::align_val_t, const std::nothrow_t&) noexcept { std::free(p); }
void operator delete[](void* p, std::align_val_t, const std::nothrow_t&) noexcept { std::free(p); }

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
        const auto policy = policy::load(name, d);
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
