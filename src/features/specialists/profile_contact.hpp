#pragma once
// A specialist's public contact details ("Get in touch" on the profile):
// the shapes they must have, and what a page shows of them.
//
// Each detail ends up in an href (http(s):, tel:, mailto:) on a public page,
// so each is held to a shape that needs no escaping there and cannot carry
// another scheme (javascript:, data:) or a second address.
#include <boost/json/object.hpp>

#include <string>
#include <string_view>

#include "features/specialists/profile.hpp"

namespace hearth::specialists {

// "https://example.org/path" or "http://...": a host name with a dot (an
// IPv4 address passes too), an optional port, no user part; any printable
// ASCII but space, quotes, <, >, backslash and backtick. Its length
// (limits::website) is checked apart.
bool is_web_address(std::string_view v);
// local@domain.tld with letters, digits and . _ + - ' on the left, letters,
// digits, . and - on the right, one "@", a dot in the domain.
bool is_public_email(std::string_view v);

// What templates/specialists/profile_contact.mustache shows, read inside a
// profile's JSON:
//   {"has_contact": bool, "website": "https://...", "website_label": "example.org/path",
//    "phone": "+44 20 7946 0018", "phone_href": "tel:+442079460018",
//    "contact_email": "hello@example.org", "contact_mailto": "mailto:hello@example.org"}
// (absent keys for details not given).
boost::json::object contact_view(const ProfileFields& f);

}  // namespace hearth::specialists
