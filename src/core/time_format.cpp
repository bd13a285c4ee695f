#include "core/time_format.hpp"

#include <fmt/chrono.h>
#include <fmt/format.h>

namespace hearth {

std::string rfc3339(std::int64_t unix_seconds) {
    return fmt::format("{:%Y-%m-%dT%H:%M:%SZ}", fmt::gmtime(static_cast<std::time_t>(unix_seconds)));
}

}  // namespace hearth
