#pragma once
#include <chrono>
#include <cstdint>

namespace hearth {

// UTC unix seconds: the one time representation stored in the database.
inline std::int64_t now_seconds() {
    using namespace std::chrono;
    return duration_cast<seconds>(system_clock::now().time_since_epoch()).count();
}

}  // namespace hearth
