#include "features/site/retention.hpp"

#include <array>
#include <string_view>

namespace hearth::site {

namespace {

struct Unit {
    std::int64_t seconds;
    std::string_view one;
    std::string_view many;
};

constexpr std::array units{Unit{86400, "day", "days"}, Unit{3600, "hour", "hours"}, Unit{60, "minute", "minutes"},
                           Unit{1, "second", "seconds"}};

}  // namespace

std::string describe_period(std::chrono::seconds period) {
    const std::int64_t s = period.count();
    for (const auto& unit : units) {
        if (s >= unit.seconds && s % unit.seconds == 0) {
            const std::int64_t n = s / unit.seconds;
            return std::to_string(n) + " " + std::string(n == 1 ? unit.one : unit.many);
        }
    }
    return "0 seconds";
}

boost::json::object privacy_view(const RetentionPeriods& p) {
    boost::json::object out;
    out["outbox"] = describe_period(p.outbox);
    out["session_idle"] = describe_period(p.session_idle);
    out["session_absolute"] = describe_period(p.session_absolute);
    out["verify_link"] = describe_period(p.verify_link);
    out["reset_link"] = describe_period(p.reset_link);
    out["rate_limit_counters"] = describe_period(p.rate_limit_counters);
    out["deletion_grace"] = describe_period(p.deletion_grace);
    out["access_log_off"] = !p.access_log;
    out["access_log_file"] = p.access_log && p.access_log_days > 0;
    out["access_log_stdout"] = p.access_log && p.access_log_days <= 0;
    out["access_log_days"] = describe_period(std::chrono::seconds(std::int64_t{p.access_log_days} * 86400));
    return out;
}

}  // namespace hearth::site
