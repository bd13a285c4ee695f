#include "features/consultations/slots.hpp"

#include <date/tz.h>

#include <algorithm>
#include <array>
#include <chrono>
#include <limits>
#include <stdexcept>

namespace hearth::consultations {
namespace {

// Instants outside years 0001..9999 are clamped away: date's day counts are
// `int`, and nobody books a consultation in year 10000. This also keeps the
// day loop finite when a caller passes INT64_MAX as "no upper bound".
constexpr std::int64_t min_instant = -62135596800;  // 0001-01-01T00:00:00Z
constexpr std::int64_t max_instant = 253402300800;  // 10000-01-01T00:00:00Z

constexpr std::int64_t day_seconds = 24 * 3600;

// Callers may pass "unbounded" values (INT64_MAX horizon, INT64_MIN from);
// adding them must not overflow.
std::int64_t add_saturated(std::int64_t a, std::int64_t b) {
    std::int64_t sum = 0;
    if (__builtin_add_overflow(a, b, &sum)) {
        return b > 0 ? std::numeric_limits<std::int64_t>::max() : std::numeric_limits<std::int64_t>::min();
    }
    return sum;
}

// date also lists "localtime" (it walks /usr/share/zoneinfo), but that is
// the server's own zone, not an IANA name: a profile saved with it would
// change meaning with the machine it runs on.
const date::time_zone* find_zone(const std::string& name) {
    if (!name.empty() && name != "localtime") {
        try {
            return date::locate_zone(name);
        } catch (const std::exception&) {
        }
    }
    throw std::runtime_error("unknown time zone: \"" + name + "\"");
}

bool valid_window(const WeeklyWindow& w) {
    return w.weekday >= 1 && w.weekday <= 7 && w.start_minute >= 0 && w.start_minute < w.end_minute &&
           w.end_minute <= 1440;
}

// Appends every instant at which the wall-clock time `local` happens in
// `zone`: none inside a spring-forward gap, two inside a fall-back overlap.
void append_instants(const date::time_zone& zone, date::local_seconds local, std::vector<std::int64_t>& out) {
    const date::local_info info = zone.get_info(local);
    const std::int64_t wall = local.time_since_epoch().count();
    switch (info.result) {
        case date::local_info::unique:
            out.push_back(wall - info.first.offset.count());
            break;
        case date::local_info::nonexistent:
            break;
        case date::local_info::ambiguous:
            out.push_back(wall - info.first.offset.count());
            if (info.second.offset != info.first.offset) out.push_back(wall - info.second.offset.count());
            break;
    }
}

// Slot starts of every weekly window on the local days that can hold an
// instant in [lo, hi). Offsets stay within ±14 h, so one extra local day on
// each side of the UTC days is enough. Unsorted; may hold duplicates when
// windows overlap, and instants outside [lo, hi).
std::vector<std::int64_t> candidate_starts(const date::time_zone& zone, const std::vector<WeeklyWindow>& weekly,
                                           std::int64_t lo, std::int64_t hi) {
    using std::chrono::seconds;
    const auto first = date::floor<date::days>(date::sys_seconds{seconds{lo}}) - date::days{1};
    const auto last = date::floor<date::days>(date::sys_seconds{seconds{hi - 1}}) + date::days{1};
    std::vector<std::int64_t> starts;
    for (auto day = first; day <= last; day += date::days{1}) {
        const int weekday = static_cast<int>(date::weekday{day}.iso_encoding());
        const date::local_seconds midnight{day.time_since_epoch()};
        for (const auto& w : weekly) {
            if (w.weekday != weekday || !valid_window(w)) continue;
            for (int m = w.start_minute; m + 30 <= w.end_minute; m += 30) {
                append_instants(zone, midnight + std::chrono::minutes{m}, starts);
            }
        }
    }
    return starts;
}

// Busy and time-off intervals that can touch a slot starting in [lo, hi),
// merged into disjoint runs sorted by start. Their ends then ascend too, so
// one binary search answers "does this slot overlap anything?".
std::vector<Interval> blocked_runs(const std::vector<Interval>& time_off, const std::vector<Interval>& busy,
                                   std::int64_t lo, std::int64_t hi) {
    std::vector<Interval> runs;
    const std::int64_t reach = add_saturated(hi, slot_seconds);
    for (const auto* list : {&time_off, &busy}) {
        for (const auto& i : *list) {
            if (i.start < i.end && i.end > lo && i.start < reach) runs.push_back(i);
        }
    }
    std::sort(runs.begin(), runs.end(), [](const Interval& a, const Interval& b) { return a.start < b.start; });
    std::vector<Interval> merged;
    for (const auto& i : runs) {
        if (!merged.empty() && i.start <= merged.back().end) {
            merged.back().end = std::max(merged.back().end, i.end);
        } else {
            merged.push_back(i);
        }
    }
    return merged;
}

bool overlaps_any(const std::vector<Interval>& runs, std::int64_t start, std::int64_t end) {
    // The first run that ends after `start` is the only one that can overlap.
    auto it = std::upper_bound(runs.begin(), runs.end(), start,
                               [](std::int64_t t, const Interval& run) { return t < run.end; });
    return it != runs.end() && it->start < end;
}

std::string two_digits(int n) { return {static_cast<char>('0' + n / 10), static_cast<char>('0' + n % 10)}; }

// Fixed English names: the output must not depend on the server's locale.
constexpr std::array<const char*, 7> weekday_names{"Monday", "Tuesday",  "Wednesday", "Thursday",
                                                   "Friday", "Saturday", "Sunday"};
constexpr std::array<const char*, 12> month_names{"January",   "February", "March",    "April",
                                                  "May",       "June",     "July",     "August",
                                                  "September", "October",  "November", "December"};

// "+01:00", "-04:00", "+10:30". Seconds (only in pre-1900 local mean time)
// are dropped.
std::string format_offset(std::chrono::seconds offset) {
    const auto total = offset.count();
    const auto magnitude = total < 0 ? -total : total;
    const int hours = static_cast<int>(magnitude / 3600);
    const int minutes = static_cast<int>(magnitude % 3600 / 60);
    return (total < 0 ? "-" : "+") + two_digits(hours) + ":" + two_digits(minutes);
}

}  // namespace

std::vector<Interval> open_slots(const AvailabilityRules& rules, std::int64_t from, std::int64_t to, std::int64_t now,
                                 const std::vector<Interval>& busy) {
    const date::time_zone* zone = find_zone(rules.timezone);  // looked up once, not per slot

    // Every bound on the start folds into one half-open range [lo, hi).
    const std::int64_t lo = std::max({from, add_saturated(now, rules.min_notice_seconds), min_instant});
    const std::int64_t hi = std::min({to, add_saturated(add_saturated(now, rules.horizon_seconds), 1), max_instant});
    if (lo >= hi) return {};

    std::vector<std::int64_t> starts = candidate_starts(*zone, rules.weekly, lo, hi);
    std::sort(starts.begin(), starts.end());
    starts.erase(std::unique(starts.begin(), starts.end()), starts.end());

    const std::vector<Interval> blocked = blocked_runs(rules.time_off, busy, lo, hi);
    std::vector<Interval> open;
    for (std::int64_t t : starts) {
        if (t < lo || t >= hi) continue;
        if (overlaps_any(blocked, t, t + slot_seconds)) continue;
        open.push_back({t, t + slot_seconds});
    }
    return open;
}

bool is_open_slot(const AvailabilityRules& rules, std::int64_t start, std::int64_t now,
                  const std::vector<Interval>& busy) {
    // A one-second range makes open_slots look only at the local days
    // around `start`; any slot it returns starts exactly at `start`.
    return !open_slots(rules, start, add_saturated(start, 1), now, busy).empty();
}

SlotState slot_state(const AvailabilityRules& rules, std::int64_t start, std::int64_t now,
                     const std::vector<Interval>& busy) {
    if (!is_open_slot(rules, start, now, {})) return SlotState::not_offered;
    return is_open_slot(rules, start, now, busy) ? SlotState::open : SlotState::taken;
}

int parse_clock(const std::string& hhmm) {
    const auto digit = [&](std::size_t i) { return hhmm[i] >= '0' && hhmm[i] <= '9'; };
    if (hhmm.size() != 5 || hhmm[2] != ':' || !digit(0) || !digit(1) || !digit(3) || !digit(4)) return -1;
    const int hours = (hhmm[0] - '0') * 10 + (hhmm[1] - '0');
    const int minutes = (hhmm[3] - '0') * 10 + (hhmm[4] - '0');
    // "24:00" is the end of the day, allowed as a window's end.
    if (minutes > 59 || hours > 24 || (hours == 24 && minutes != 0)) return -1;
    return hours * 60 + minutes;
}

std::string format_clock(int minutes) {
    if (minutes < 0 || minutes > 1440) return {};  // not a time of day
    return two_digits(minutes / 60) + ":" + two_digits(minutes % 60);
}

LocalTime local_time(std::int64_t instant, const std::string& timezone) {
    const date::time_zone* zone = find_zone(timezone);
    const date::sys_seconds utc{std::chrono::seconds{instant}};
    const date::sys_info info = zone->get_info(utc);
    const date::local_seconds local{utc.time_since_epoch() + info.offset};
    const auto day = date::floor<date::days>(local);
    const date::year_month_day ymd{day};
    const date::hh_mm_ss<std::chrono::seconds> clock{local - day};

    LocalTime out;
    const int month = static_cast<int>(static_cast<unsigned>(ymd.month()));
    const int day_of_month = static_cast<int>(static_cast<unsigned>(ymd.day()));
    out.date = std::to_string(static_cast<int>(ymd.year())) + "-" + two_digits(month) + "-" + two_digits(day_of_month);
    out.time = two_digits(static_cast<int>(clock.hours().count())) + ":" +
               two_digits(static_cast<int>(clock.minutes().count()));
    out.weekday = weekday_names[date::weekday{day}.iso_encoding() - 1];
    out.offset = format_offset(info.offset);
    out.human = out.weekday + " " + std::to_string(day_of_month) + " " + month_names[month - 1] + ", " + out.time;
    out.brief = out.weekday.substr(0, 3) + " " + std::to_string(day_of_month) + " " +
                std::string(month_names[month - 1]).substr(0, 3) + ", " + out.time;
    return out;
}

Outlook outlook(const AvailabilityRules& rules, std::int64_t now, const std::vector<Interval>& busy) {
    Outlook out;
    // The first open slot, a day at a time: most specialists have one soon,
    // so this rarely computes the whole window.
    for (std::int64_t from = now; from < now + bookable_window_seconds && !out.next_open; from += day_seconds) {
        const auto to = std::min(from + day_seconds, now + bookable_window_seconds);
        const auto slots = open_slots(rules, from, to, now, busy);
        if (!slots.empty()) out.next_open = slots.front().start;
    }
    if (out.next_open) {
        out.recheck_at = std::max(now + 1, *out.next_open - rules.min_notice_seconds);
        out.ran_out = *out.next_open >= now + run_out_window_seconds;
    } else {
        out.recheck_at = now + empty_recheck_seconds;
        out.ran_out = true;
    }
    return out;
}

bool valid_timezone(const std::string& name) {
    try {
        find_zone(name);
        return true;
    } catch (const std::runtime_error&) {
        return false;
    }
}

}  // namespace hearth::consultations
