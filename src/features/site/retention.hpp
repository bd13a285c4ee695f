#pragma once
// How long Hearth keeps what it keeps, as this server is configured. The
// privacy page states every period from these values, never from a copy in
// its text, so changing a setting (HEARTH_OUTBOX_RETENTION, the session
// timeouts, the access log's days) changes the sentence that describes it.
#include <chrono>
#include <cstdint>
#include <string>

#include <boost/json/object.hpp>

namespace hearth::site {

// The grace period between asking for an account's deletion and its
// removal, in which logging in cancels it (issue 14: 7 days). Used until
// the deletion setting (HEARTH_DELETION_GRACE) is given to RetentionPeriods.
inline constexpr std::chrono::seconds default_deletion_grace{7 * 86400};

struct RetentionPeriods {
    // Sent e-mail: the text is cleared on delivery, the record (address,
    // subject, times) deleted this long after (mail::prune_outbox).
    std::chrono::seconds outbox{30 * 86400};
    // Sessions end after `session_idle` unused, and `session_absolute`
    // after log-in at the latest; their rows go at the next maintenance.
    std::chrono::seconds session_idle{30 * 60};
    std::chrono::seconds session_absolute{12 * 3600};
    std::chrono::seconds verify_link{48 * 3600};  // the "confirm your address" link works this long
    std::chrono::seconds reset_link{3600};        // the "choose a new password" link works this long
    // Counters of attempts (rate limits), kept under a one-way hash of the
    // address or account, are deleted once the longest window has passed.
    std::chrono::seconds rate_limit_counters{86400};
    // The access log: off (no line per request at all), on into its own
    // daily files kept `access_log_days`, or on into the server's standard
    // output (access_log_days 0), whose keeping Hearth does not control.
    bool access_log = true;
    int access_log_days = 14;
    std::chrono::seconds deletion_grace = default_deletion_grace;
};

// A period as a person reads it: the largest whole unit, "1 day",
// "30 days", "12 hours", "30 minutes", "90 seconds". Days are used from a
// whole day up ("2 days" for 48 hours).
std::string describe_period(std::chrono::seconds period);

// The privacy page's view of `periods`: each period described
// ("outbox": "30 days", "session_idle": "30 minutes", ...) and which
// access-log sentence applies ("access_log_file" / "access_log_stdout" /
// "access_log_off" true).
boost::json::object privacy_view(const RetentionPeriods& periods);

}  // namespace hearth::site
