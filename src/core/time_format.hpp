#pragma once
#include <cstdint>
#include <string>

namespace hearth {

// "2026-03-08T14:30:00Z": how the API writes times.
std::string rfc3339(std::int64_t unix_seconds);

}  // namespace hearth
