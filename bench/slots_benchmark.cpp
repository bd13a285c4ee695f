// Open-slot computation for a busy specialist: 30 days (across the March
// DST change in Berlin) with 1,000 booked intervals in random order.
#include <benchmark/benchmark.h>

#include <cstdint>
#include <vector>

#include "features/consultations/slots.hpp"

namespace hc = hearth::consultations;

namespace {

constexpr std::int64_t day = 24 * 3600;
constexpr std::int64_t march_15_2026 = 1773532800;  // 2026-03-15T00:00:00Z

hc::AvailabilityRules busy_specialist() {
    hc::AvailabilityRules rules;
    rules.timezone = "Europe/Berlin";
    for (int weekday = 1; weekday <= 5; ++weekday) rules.weekly.push_back({weekday, 8 * 60, 20 * 60});
    rules.weekly.push_back({6, 9 * 60, 13 * 60});
    rules.time_off = {{march_15_2026 + 10 * day, march_15_2026 + 11 * day}};
    rules.min_notice_seconds = 0;
    return rules;
}

// 1,000 half-hour bookings on the half-hour grid, shuffled by a fixed LCG
// so runs are comparable.
std::vector<hc::Interval> bookings(std::int64_t from, int count) {
    std::vector<hc::Interval> busy;
    std::uint64_t state = 42;
    for (int i = 0; i < count; ++i) {
        state = state * 6364136223846793005ULL + 1442695040888963407ULL;
        const auto half_hours = static_cast<std::int64_t>((state >> 33) % (30 * 48));
        const std::int64_t start = from + half_hours * 1800;
        busy.push_back({start, start + 1800});
    }
    return busy;
}

void SlotsOpenSlots30DaysBusy1000(benchmark::State& state) {
    const auto rules = busy_specialist();
    const auto busy = bookings(march_15_2026, 1000);
    std::size_t found = 0;
    for (auto _ : state) {
        auto slots = hc::open_slots(rules, march_15_2026, march_15_2026 + 30 * day, march_15_2026, busy);
        found = slots.size();
        benchmark::DoNotOptimize(slots);
    }
    state.counters["slots"] = static_cast<double>(found);
}
BENCHMARK(SlotsOpenSlots30DaysBusy1000)->Unit(benchmark::kMicrosecond);

void SlotsOpenSlots30DaysNoBookings(benchmark::State& state) {
    const auto rules = busy_specialist();
    for (auto _ : state) {
        auto slots = hc::open_slots(rules, march_15_2026, march_15_2026 + 30 * day, march_15_2026, {});
        benchmark::DoNotOptimize(slots);
    }
}
BENCHMARK(SlotsOpenSlots30DaysNoBookings)->Unit(benchmark::kMicrosecond);

// The check made when a booking arrives.
void SlotsIsOpenSlotBusy1000(benchmark::State& state) {
    const auto rules = busy_specialist();
    const auto busy = bookings(march_15_2026, 1000);
    const std::int64_t monday_10_cet = march_15_2026 + day + 9 * 3600;  // 2026-03-16 10:00 CET
    for (auto _ : state) benchmark::DoNotOptimize(hc::is_open_slot(rules, monday_10_cet, march_15_2026, busy));
}
BENCHMARK(SlotsIsOpenSlotBusy1000)->Unit(benchmark::kMicrosecond);

}  // namespace
