#pragma once
// The choices of the practice step and how a profile names its place:
// countries (ISO 3166-1 alpha-2 codes with English names) and a curated list
// of common IANA time zones.
#include <span>
#include <string_view>

namespace hearth::specialists {

struct Country {
    std::string_view code;  // "DE"
    std::string_view name;  // "Germany"
};

// Every ISO 3166-1 country, sorted by name.
std::span<const Country> countries();
// "Germany" for "DE"; "" for a code that is not on the list.
std::string_view country_name(std::string_view code);
// About ninety zones that cover where people live, grouped by region
// ("Africa/...", "America/...", ...), then "UTC". Profiles may hold any valid
// zone; forms add the current one when it is not on this list.
std::span<const std::string_view> common_timezones();

}  // namespace hearth::specialists
