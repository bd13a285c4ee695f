#pragma once
// "Contact us" pages: sending from /contact (the form itself is part of the
// site's /contact page, features/site/contact.hpp), the confirmation, the
// admin inbox, and the section of /account that lists one's requests.
#include <boost/json/array.hpp>

#include "features/contact/contact.hpp"
#include "http/request.hpp"
#include "http/response.hpp"
#include "render/view.hpp"

namespace hearth::contact {

class ContactPages {
public:
    ContactPages(ContactDesk& desk, const render::View& view) : desk_(desk), view_(view) {}

    // POST /contact: saved -> 303 to the confirmation; refused -> /contact
    // again with what was typed (422, or 429 with Retry-After).
    http::Response send(http::Request& req);
    // GET /contact/sent/{id}: "We have your message" (the sender's own only; 404 otherwise).
    http::Response sent(http::Request& req);
    http::Response inbox(http::Request& req);   // GET /admin/contact?status=open|answered|closed&page=
    http::Response show(http::Request& req);    // GET /admin/contact/{id}
    http::Response answer(http::Request& req);  // POST /admin/contact/{id}/answer
    http::Response close(http::Request& req);   // POST /admin/contact/{id}/close

    // The 20 newest requests of the signed-in person with their answers, for
    // /account's "Your requests to Hearth": [{"subject","body","status_label",
    // "sent_on","answer","answered_on"}]; empty for a visitor.
    boost::json::object account_section(const Actor& actor);

private:
    ContactDesk& desk_;
    const render::View& view_;
};

}  // namespace hearth::contact
