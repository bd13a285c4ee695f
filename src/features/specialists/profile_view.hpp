#pragma once
// One JSON shape of a profile for the API and for the page templates.
#include <boost/json/object.hpp>

#include "features/specialists/profile.hpp"

namespace hearth::specialists {

// Public fields (what anyone may see of a listed profile), with bio and
// approach also rendered from Markdown (`bio_html`, `approach_html`).
boost::json::object public_profile_json(const Profile& p);
// The part of public_profile_json a card in a list shows (same names and
// values): templates/partials/specialist_card.mustache takes either.
boost::json::object public_card_json(const Profile& p);
// Everything the owner or an admin sees: adds licence number, state and dates.
boost::json::object private_profile_json(const Profile& p);
std::string_view state_name(ListingState s);
// "Dr Amara Okafor" -> "AO": shown in place of a missing photo.
std::string initials(std::string_view full_name);

}  // namespace hearth::specialists
