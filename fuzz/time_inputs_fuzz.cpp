// Times, dates and time zones that arrive as text: RFC 3339 instants
// (core/time_format, ?from= ?to= and "start"), campaign dates (YYYY-MM-DD),
// clock times of weekly hours (HH:MM), and IANA zone names (?tz=, profile
// and availability), with the local-time arithmetic that uses them
// (consultations/slots and local_calendar). Whatever parses must print
// back as it was read, and local days must contain their instants.
#include <fuzzer/FuzzedDataProvider.h>

#include <cstddef>
#include <cstdint>
#include <string>

#include "core/time_format.hpp"
#include "features/campaign/campaign.hpp"
#include "features/consultations/local_calendar.hpp"
#include "features/consultations/slots.hpp"
#include "fuzz_check.hpp"

using hearth::fuzz::check;

namespace {

// Years 0001..9999, the instants the slot code works with (slots.cpp).
constexpr std::int64_t first_instant = -62135596800;  // 0001-01-01T00:00:00Z
constexpr std::int64_t last_instant = 253402300799;   // 9999-12-31T23:59:59Z

void text_inputs(const std::string& text) {
    if (auto t = hearth::parse_rfc3339(text)) {
        // Offsets are at most ±23:59 around years 0000..9999.
        check(*t >= first_instant - 366 * 86400 - 86400 && *t <= last_instant + 86400, "parse_rfc3339 out of range");
        if (*t >= first_instant && *t <= last_instant) {
            check(hearth::parse_rfc3339(hearth::rfc3339(*t)) == t, "rfc3339 and parse_rfc3339 do not round-trip");
        }
    }
    if (auto day = hearth::campaign::parse_date(text)) {
        check(*day % 86400 == 0, "parse_date is not a midnight");
        check(hearth::campaign::format_date(*day) == text, "parse_date and format_date do not round-trip");
    }
    const int minutes = hearth::consultations::parse_clock(text);
    check(minutes >= -1 && minutes <= 1440, "parse_clock out of range");
    if (minutes >= 0) check(hearth::consultations::format_clock(minutes) == text, "parse_clock does not round-trip");
}

void zone_inputs(const std::string& zone, std::int64_t instant) {
    if (!hearth::consultations::valid_timezone(zone)) return;
    const auto local = hearth::consultations::local_time(instant, zone);
    check(local.time.size() == 5 && local.time[2] == ':', "local_time.time is not HH:MM");
    check(local.offset.size() == 6 && (local.offset[0] == '+' || local.offset[0] == '-'), "offset is not +HH:MM");
    check(!local.weekday.empty() && local.human.starts_with(local.weekday), "local_time.human lacks the weekday");

    const auto day = hearth::consultations::local_day(instant, zone);
    const auto begins = hearth::consultations::local_midnight(day, zone);
    const auto next = hearth::consultations::local_midnight(day + 1, zone);
    check(begins <= instant && instant < next, "an instant lies outside its own local day");
    if (instant >= 0) {
        check(hearth::campaign::format_date(day * 86400) == local.date, "local_day and local_time disagree on the date");
    }
    (void)hearth::consultations::zone_label(zone);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    FuzzedDataProvider in(data, size);
    const std::string zone = in.ConsumeRandomLengthString(64);
    const std::int64_t instant = in.ConsumeIntegralInRange<std::int64_t>(first_instant + 86400, last_instant - 86400);
    const std::string text = in.ConsumeRemainingBytesAsString();
    text_inputs(text);
    text_inputs(zone);
    zone_inputs(zone, instant);
    if (auto t = hearth::parse_rfc3339(text); t && *t > first_instant + 86400 && *t < last_instant - 86400) {
        zone_inputs(zone, *t);
    }
    return 0;
}
