#pragma once
// What /contact shows: how to reach the people who run this Hearth, or,
// when no address is configured, a true account of that.
#include <boost/json/object.hpp>

#include "render/view.hpp"

namespace hearth::site {

// The view model of templates/pages/contact.mustache:
//   {"has_email": bool, "email": "care@example.org",
//    "mailto": "mailto:care@example.org",
//    "deletion_mailto": "mailto:care@example.org?subject=...",
//    "reply_time": "within two working days" or ""}
// The address is used as it is: the configuration accepts only addresses
// that need no escaping inside a mailto: URL (app/config.cpp).
boost::json::object contact_view(const render::SiteInfo& site);

}  // namespace hearth::site
