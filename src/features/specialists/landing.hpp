#pragma once
// Where someone is sent after signing up or logging in when no particular
// page asked for them (issue 10: a new specialist lands on a page that
// tells them the next step, not on the home page).
#include <string>
#include <string_view>

#include <optional>

#include "core/actor.hpp"
#include "features/specialists/profile.hpp"

namespace hearth::specialists {

// The wizard's start page, which says where a specialist's profile stands
// and names the next step (ProfilePages::start).
inline constexpr std::string_view specialist_start = "/account/profile";

// Where a specialist is sent after signing in when no page asked for them:
// the start page, which sends those with nothing left to do (listed, with
// open times if they offer free consultations) on to /account.
inline constexpr std::string_view specialist_landing = "/account/profile?landing=1";

// `return_to` (already a safe local target) when it names a page; when it
// is empty or the forms' default "/account", where `role` starts:
// specialist_landing for specialists, "/account" for everyone else.
std::string landing_after_sign_in(Role role, std::string_view return_to);

// What a specialist should do next with their profile, in the order the
// wizard asks for it: the page at specialist_start names it.
enum class NextStep {
    start_profile,       // no profile yet
    finish_details,      // something a listing needs is missing (missing_for_listing)
    suspended,           // an admin has hidden the profile
    set_hours,           // offers free consultations but has no open time in the coming 14 days
    ask_to_be_listed,    // complete, not yet asked
    await_verification,  // asked; an admin checks the licence
    listed,              // nothing to do
};
// `details_complete`: missing_for_listing(profile) is empty.
NextStep next_step_of(const std::optional<Profile>& profile, bool details_complete);

}  // namespace hearth::specialists
