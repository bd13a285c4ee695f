#include "features/specialists/landing.hpp"

namespace hearth::specialists {

std::string landing_after_sign_in(Role role, std::string_view return_to) {
    const bool given = !return_to.empty() && return_to != "/account";
    if (given) return std::string(return_to);
    return role == Role::specialist ? std::string(specialist_landing) : std::string("/account");
}

NextStep next_step_of(const std::optional<Profile>& profile, bool details_complete) {
    if (!profile) return NextStep::start_profile;
    if (!details_complete) return NextStep::finish_details;
    if (profile->suspended_at) return NextStep::suspended;
    if (profile->fields.offers_free_consultation && !profile->next_open_at) return NextStep::set_hours;
    if (!profile->publish_requested_at) return NextStep::ask_to_be_listed;
    if (!profile->listed) return NextStep::await_verification;
    return NextStep::listed;
}

}  // namespace hearth::specialists
