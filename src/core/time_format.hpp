#pragma once
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace hearth {

// "2026-03-08T14:30:00Z": how the API writes times.
std::string rfc3339(std::int64_t unix_seconds);
// "08 March 2026" (UTC): how pages write a day.
std::string long_date(std::int64_t unix_seconds);
// Parses "2026-03-08T14:30:00Z" or with an offset ("...+01:00"), seconds
// optional fractions ignored; nullopt when malformed.
std::optional<std::int64_t> parse_rfc3339(std::string_view text);

}  // namespace hearth
