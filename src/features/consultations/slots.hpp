#pragma once
// Free-consultation slots: pure time arithmetic, no database. A specialist's
// weekly hours are wall-clock times in their own time zone; slots are real
// instants (UTC seconds), correct across daylight-saving changes.
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "features/consultations/consultation_mode.hpp"

namespace hearth::consultations {

inline constexpr std::int64_t slot_seconds = 30 * 60;

struct WeeklyWindow {
    int weekday = 1;       // ISO: 1 = Monday ... 7 = Sunday, in the specialist's zone
    int start_minute = 0;  // minutes after local midnight, 0..1439
    int end_minute = 0;    // start_minute < end_minute <= 1440
};

struct Interval {
    std::int64_t start = 0;  // UTC unix seconds, [start, end)
    std::int64_t end = 0;
};

struct AvailabilityRules {
    std::string timezone = "UTC";            // IANA name
    std::vector<WeeklyWindow> weekly;
    std::vector<Interval> time_off;          // UTC
    std::int64_t min_notice_seconds = 12 * 3600;
    std::int64_t horizon_seconds = 30 * 24 * 3600;
    // How the conversations take place (not used by the arithmetic below):
    // nullopt for a specialist who has never chosen, and in a command that
    // leaves the stored choice as it is.
    std::optional<ConsultationMode> mode;
};

// Open 30-minute slots whose start lies in [from, to), sorted, given the
// current time and the busy intervals (booked consultations). A slot is
// open when it lies inside a weekly window (slots start at the window's
// start and every 30 minutes after, in local time), starts at least
// min_notice after now and no later than now + horizon, and overlaps no
// time off and no busy interval. Local times skipped by a DST change have
// no slot; local times that happen twice give two slots.
// Throws std::runtime_error for an unknown time zone.
std::vector<Interval> open_slots(const AvailabilityRules& rules, std::int64_t from, std::int64_t to, std::int64_t now,
                                 const std::vector<Interval>& busy);

// Whether `start` is exactly the start of an open slot.
bool is_open_slot(const AvailabilityRules& rules, std::int64_t start, std::int64_t now,
                  const std::vector<Interval>& busy);

// Where a wished-for start stands, by the rule open_slots lists slots with
// (one rule for the slot list, booking and rescheduling):
// - not_offered: not a slot start of `rules` (outside the weekly hours,
//   inside time off, too soon, beyond the horizon);
// - taken: a slot start, but the slot [start, start + 30 min) overlaps a
//   busy interval, even by a minute (a booking made before the specialist
//   moved their hours need not start on today's slot grid);
// - open: neither.
// Throws std::runtime_error for an unknown time zone.
enum class SlotState { open, not_offered, taken };
SlotState slot_state(const AvailabilityRules& rules, std::int64_t start, std::int64_t now,
                     const std::vector<Interval>& busy);

// --- Bookable (issue 10: no ghost listings) ---
// A specialist is shown as offering a free consultation only while they
// have an open slot within bookable_window_seconds; when they have none
// within run_out_window_seconds they are told their hours have run out.
inline constexpr std::int64_t bookable_window_seconds = 14 * 24 * 3600;
inline constexpr std::int64_t run_out_window_seconds = 7 * 24 * 3600;
// With no open slot in the window, new ones can only enter at its far end
// as time passes: looked at again this often.
inline constexpr std::int64_t empty_recheck_seconds = 5 * 60;

// What a specialist's hours offer from `now`, and until when that answer
// holds without any change to the hours or bookings.
struct Outlook {
    std::optional<std::int64_t> next_open;  // first open slot start in [now, now + 14 days), UTC seconds
    // When to compute again: the instant next_open stops being bookable
    // (its start minus the minimum notice), or now + empty_recheck_seconds
    // when there is none. Slots only leave at the near end and enter at the
    // far end of the window, so nothing else changes with time alone.
    std::int64_t recheck_at = 0;
    bool ran_out = true;  // no open slot in [now, now + 7 days)
};
// Throws std::runtime_error for an unknown time zone.
Outlook outlook(const AvailabilityRules& rules, std::int64_t now, const std::vector<Interval>& busy);

// Parses "09:00" / "24:00" into minutes; -1 when malformed.
int parse_clock(const std::string& hhmm);
std::string format_clock(int minutes);

// Local display of an instant in a zone: date "2026-03-08", time "14:30",
// weekday "Sunday", offset "+01:00", and a human line "Sunday 8 March, 14:30".
struct LocalTime {
    std::string date;
    std::string time;
    std::string weekday;
    std::string offset;
    std::string human;
    std::string brief;  // "Tue 1 Dec, 10:00": for cards, where space is short
};
LocalTime local_time(std::int64_t instant, const std::string& timezone);
bool valid_timezone(const std::string& name);

}  // namespace hearth::consultations
