// Micro-benchmarks of the calendar arithmetic (figures in docs/performance.md).
//   cmake --build build/release --target calendar_bench && build/release/bench/calendar_bench
#include "calendar/calendar.hpp"

#include <benchmark/benchmark.h>

#include <random>
#include <stdexcept>
#include <vector>

using namespace cprules;
using namespace cprules::calendar;

namespace {

const std::string calendars_dir = CPRULES_BENCH_SOURCE_DIR "/policies/calendars";

const working_calendar& national() {
    static const auto cal = [] {
        std::vector<diagnostic> diags;
        auto c = working_calendar::load("england-and-wales", calendars_dir, diags);
        if (!c) throw std::runtime_error("cannot load the england-and-wales calendar");
        return c;
    }();
    return *cal;
}

constexpr std::size_t sample_size = 4096;  // a power of two: index with a mask

/// Seeded random days across the covered range, keeping `margin` days clear
/// of both ends so that every query has an answer.
std::vector<date> random_days(std::int32_t margin, unsigned seed) {
    const working_calendar& cal = national();
    std::mt19937 rng(seed);
    std::uniform_int_distribution<std::int32_t> day(cal.first().days() + margin, cal.last().days() - margin);
    std::vector<date> out(sample_size);
    for (auto& d : out) d = date::from_days(day(rng));
    return out;
}

void add_15_working_days(benchmark::State& state) {
    const working_calendar& cal = national();
    const auto days = random_days(60, 1);
    std::size_t i = 0;
    for (auto _ : state) {
        auto r = cal.add_working_days(days[i++ & (sample_size - 1)], 15);
        benchmark::DoNotOptimize(r);
    }
    state.SetItemsProcessed(state.iterations());
}
BENCHMARK(add_15_working_days);

void add_random_working_days(benchmark::State& state) {
    const working_calendar& cal = national();
    const auto days = random_days(500, 2);
    std::mt19937 rng(3);
    std::uniform_int_distribution<std::int32_t> amount(-300, 300);
    std::vector<std::int32_t> ns(sample_size);
    for (auto& n : ns) n = amount(rng);
    std::size_t i = 0;
    for (auto _ : state) {
        const std::size_t k = i++ & (sample_size - 1);
        auto r = cal.add_working_days(days[k], ns[k]);
        benchmark::DoNotOptimize(r);
    }
    state.SetItemsProcessed(state.iterations());
}
BENCHMARK(add_random_working_days);

void apply_offset_15wd(benchmark::State& state) {
    const working_calendar& cal = national();
    const auto days = random_days(60, 4);
    const offset o{15, unit::working_days};
    std::size_t i = 0;
    for (auto _ : state) {
        auto r = cal.apply(days[i++ & (sample_size - 1)], o);
        benchmark::DoNotOptimize(r);
    }
    state.SetItemsProcessed(state.iterations());
}
BENCHMARK(apply_offset_15wd);

/// The evaluator's path: shift(), inline, on a date-time.
void shift(benchmark::State& state, offset o) {
    const working_calendar& cal = national();
    const auto days = random_days(60, 4);
    std::size_t i = 0;
    for (auto _ : state) {
        auto r = cal.shift(date_time{days[i++ & (sample_size - 1)], -1}, o);
        benchmark::DoNotOptimize(r);
    }
    state.SetItemsProcessed(state.iterations());
}
BENCHMARK_CAPTURE(shift, 15wd, offset{15, unit::working_days});
BENCHMARK_CAPTURE(shift, 3m, offset{3, unit::months});

void add_15_working_days_with_trace(benchmark::State& state) {
    const working_calendar& cal = national();
    const auto days = random_days(60, 5);
    trace how;
    std::size_t i = 0;
    for (auto _ : state) {
        auto r = cal.add_working_days(days[i++ & (sample_size - 1)], 15, nullptr, &how);
        benchmark::DoNotOptimize(r);
        benchmark::DoNotOptimize(how.stepped_over.data());
    }
    state.SetItemsProcessed(state.iterations());
}
BENCHMARK(add_15_working_days_with_trace);

void working_days_between(benchmark::State& state) {
    const working_calendar& cal = national();
    const auto as = random_days(0, 6);
    const auto bs = random_days(0, 7);
    std::size_t i = 0;
    for (auto _ : state) {
        const std::size_t k = i++ & (sample_size - 1);
        auto r = cal.working_days_between(as[k], bs[k]);
        benchmark::DoNotOptimize(r);
    }
    state.SetItemsProcessed(state.iterations());
}
BENCHMARK(working_days_between);

void is_working_day(benchmark::State& state) {
    const working_calendar& cal = national();
    const auto days = random_days(0, 8);
    std::size_t i = 0;
    for (auto _ : state) {
        bool r = cal.is_working_day(days[i++ & (sample_size - 1)]);
        benchmark::DoNotOptimize(r);
    }
    state.SetItemsProcessed(state.iterations());
}
BENCHMARK(is_working_day);

void add_3_months(benchmark::State& state) {
    const auto days = random_days(0, 9);
    std::size_t i = 0;
    for (auto _ : state) {
        date r = add_months(days[i++ & (sample_size - 1)], 3);
        benchmark::DoNotOptimize(r);
    }
    state.SetItemsProcessed(state.iterations());
}
BENCHMARK(add_3_months);

void apply_offset_3m(benchmark::State& state) {
    const working_calendar& cal = national();
    const auto days = random_days(100, 10);
    const offset o{3, unit::months};
    std::size_t i = 0;
    for (auto _ : state) {
        auto r = cal.apply(days[i++ & (sample_size - 1)], o);
        benchmark::DoNotOptimize(r);
    }
    state.SetItemsProcessed(state.iterations());
}
BENCHMARK(apply_offset_3m);

void load_national_calendar(benchmark::State& state) {
    for (auto _ : state) {
        std::vector<diagnostic> diags;
        auto cal = working_calendar::load("england-and-wales", calendars_dir, diags);
        if (!cal) state.SkipWithError("load failed");
        benchmark::DoNotOptimize(cal);
    }
}
BENCHMARK(load_national_calendar)->Unit(benchmark::kMicrosecond);

}  // namespace

BENCHMARK_MAIN();
