#pragma once
// The booking that a visitor was in the middle of when they were asked to
// log in or create an account, in one line for those pages, so the person
// sees that the specialist and the time they chose are kept.
#include <string>
#include <string_view>

#include "core/actor.hpp"

namespace hearth::specialists {
class Profiles;
}

namespace hearth::consultations {

// For `return_to` = "/specialists/{slug}/book?...start=<RFC 3339>&tz=<IANA zone>..."
// (what the booking page sends visitors on with): "Free consultation with
// <name> · Monday 30 November, 10:00 (Europe/London time)". "" for any
// other path, a specialist `viewer` may not see or who offers no free
// consultation, or a start or zone that does not parse (a missing zone
// reads as UTC and says so).
std::string describe_booking_return(specialists::Profiles& profiles, const Principal& viewer,
                                    std::string_view return_to);

}  // namespace hearth::consultations
