#pragma once
// Calendar arithmetic in a person's own time zone, beside the slot code
// (slots.hpp) that it serves: which local day an instant falls on, when a
// local day begins, and the time-zone choices a form offers. Pages only
// translate these; none of them computes local time itself.
#include <boost/json/array.hpp>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace hearth::consultations {

inline constexpr std::int64_t day_seconds = 86400;

// Days since 1970-01-01 of the local date `instant` (UTC seconds) falls on
// in IANA zone `tz`. Throws std::runtime_error for an unknown zone.
std::int64_t local_day(std::int64_t instant, const std::string& tz);

// The instant (UTC seconds) local day `day` begins in `tz`: the earlier
// one when midnight happens twice, the first instant after the gap when it
// is skipped (DST). Throws std::runtime_error for an unknown zone.
std::int64_t local_midnight(std::int64_t day, const std::string& tz);

// The instant (UTC seconds) at which the local date year-month-day,
// `minutes` after its midnight (0..1439), happens in `tz`: the earlier one
// when it happens twice, the first instant after the gap when the clocks
// skip it (DST). nullopt for a date that does not exist (2026-02-30) or
// minutes out of range. Throws std::runtime_error for an unknown zone.
std::optional<std::int64_t> local_instant(int year, int month, int day, int minutes, const std::string& tz);

// "America/New_York" -> "America/New York": a zone as a person reads it.
std::string zone_label(std::string_view zone);

// <optgroup>s of the common IANA zones by region ("Europe": Berlin,
// London...), each {label, zones: [{value, label, selected}]}, with
// `selected` first in a group of its own when it is not a common one.
boost::json::array timezone_groups(const std::string& selected);

}  // namespace hearth::consultations
