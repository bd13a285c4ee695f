#include "features/specialists/reply_time.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <limits>
#include <vector>

namespace hearth::specialists {

namespace {

constexpr std::int64_t never = std::numeric_limits<std::int64_t>::max();

// The upper median of `values` (sorted here); `values` is not empty.
std::int64_t upper_median(std::vector<std::int64_t>& values) {
    std::sort(values.begin(), values.end());
    return values[values.size() / 2];
}

std::int64_t ceil_div(std::int64_t a, std::int64_t b) { return (a + b - 1) / b; }

}  // namespace

std::optional<std::int64_t> usual_reply_seconds(std::span<const ReplySample> samples, std::int64_t now) {
    std::vector<std::int64_t> answered;
    for (const auto& s : samples) {
        if (s.first_reply_at) answered.push_back(std::max<std::int64_t>(0, *s.first_reply_at - s.created_at));
    }
    // With nothing answered, every unanswered conversation counts as "never".
    auto values = answered;
    const std::int64_t answered_median = answered.empty() ? 0 : upper_median(answered);
    for (const auto& s : samples) {
        if (!s.first_reply_at && now - s.created_at >= answered_median) values.push_back(never);
    }
    if (values.size() < min_reply_samples) return std::nullopt;
    const auto median = upper_median(values);
    if (median == never) return std::nullopt;
    return median;
}

std::int64_t reply_hours(std::int64_t seconds) { return std::max<std::int64_t>(1, ceil_div(seconds, 3600)); }

std::string reply_time_words(std::int64_t seconds) {
    if (seconds <= 3600) return "within an hour";
    if (seconds <= 6 * 3600) return "within a few hours";
    if (seconds <= 86400) return "within a day";
    return fmt::format("within {} days", ceil_div(seconds, 86400));
}

}  // namespace hearth::specialists
