#include "features/consultations/booking_handoff.hpp"

#include <optional>

#include "core/clock.hpp"
#include "core/error.hpp"
#include "core/time_format.hpp"
#include "features/consultations/local_calendar.hpp"
#include "features/consultations/slots.hpp"
#include "features/specialists/profiles.hpp"
#include "http/form.hpp"

namespace hearth::consultations {

namespace {

// "{slug}" of "/specialists/{slug}/book", nullopt for any other path.
std::optional<std::string_view> booking_slug(std::string_view path) {
    constexpr std::string_view prefix = "/specialists/", suffix = "/book";
    if (!path.starts_with(prefix) || !path.ends_with(suffix)) return std::nullopt;
    const auto slug = path.substr(prefix.size(), path.size() - prefix.size() - suffix.size());
    if (slug.empty() || slug.find('/') != std::string_view::npos) return std::nullopt;
    return slug;
}

}  // namespace

std::string describe_booking_return(specialists::Profiles& profiles, const Principal& viewer,
                                    std::string_view return_to) {
    const auto q = return_to.find('?');
    const auto slug = booking_slug(return_to.substr(0, q));
    if (!slug || q == std::string_view::npos) return {};
    const auto params = http::parse_form(return_to.substr(q + 1));
    if (!params) return {};
    const auto start = parse_rfc3339(http::first_value(*params, "start"));
    // A time already gone cannot be booked any more: naming it would tell
    // the person it is kept when the booking page will refuse it.
    if (!start || *start <= now_seconds()) return {};
    auto tz = http::first_value(*params, "tz");
    if (tz.empty() || !valid_timezone(tz)) tz = "UTC";
    try {
        const auto profile = profiles.public_profile(*slug, viewer);
        if (!profile.fields.offers_free_consultation) return {};
        return "Free consultation with " + profile.fields.full_name + " · " + local_time(*start, tz).human + " (" +
               zone_label(tz) + " time)";
    } catch (const Error&) {
        return {};  // not visible to this person: say nothing about it
    }
}

}  // namespace hearth::consultations
