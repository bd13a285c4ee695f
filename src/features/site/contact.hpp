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

// Adds the "Contact us" form to a contact_view (features/contact takes what
// it sends, POST /contact):
//   {"form": {"signed_in": bool, "idempotency_key": "...",
//             "values": {"subject": "...", "body": "..."}}}
// A visitor sees the same fields (what they type stays in the browser as the
// draft "contact") with log in / sign up links that come back to /contact
// in place of the send button. The key is made once per form shown, so a
// double submit saves one request.
void add_contact_form(boost::json::object& view, bool signed_in, std::string subject, std::string body,
                      std::string idempotency_key);

}  // namespace hearth::site
