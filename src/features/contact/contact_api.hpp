#pragma once
// "Contact us" as JSON (/api/v1): a person's requests and the admin inbox.
// Shapes in docs/openapi.yaml (ContactRequest).
#include <cstdint>

#include <boost/json/object.hpp>

#include "features/contact/contact.hpp"
#include "http/input.hpp"
#include "http/request.hpp"
#include "http/response.hpp"

namespace hearth::contact {

// {"id","subject","body","status","answer" (null until answered),
//  "answered_at" (RFC 3339 or null),"created_at","updated_at"}; with
// `with_author` also "author":{"name","email"} (the admin inbox).
boost::json::object request_json(const ContactRequest& c, bool with_author);

// The {id} of a path as a positive number; anything else is 404.
std::int64_t request_id(const http::Request& req);

// ContactRefusal -> Error 422 "invalid" naming the first field (all in fields()).
Error as_error(const ContactRefusal& refusal);
// The optional "replaces_answer_at" of an answer (RFC 3339, the answered_at
// the admin saw; absent or empty: no answer seen). A field error when it is
// not a time.
std::optional<std::int64_t> replaces_answer_at(http::Input& in);

class ContactApi {
public:
    explicit ContactApi(ContactDesk& desk) : desk_(desk) {}

    http::Response send(http::Request& req);         // POST /api/v1/contact -> 201 (200 for a repeated key)
    http::Response own(http::Request& req);          // GET /api/v1/me/contact
    http::Response inbox(http::Request& req);        // GET /api/v1/admin/contact?status=open|answered|closed
    http::Response show(http::Request& req);         // GET /api/v1/admin/contact/{id}
    http::Response answer(http::Request& req);       // POST /api/v1/admin/contact/{id}/answer {"answer"}
    http::Response close(http::Request& req);        // POST /api/v1/admin/contact/{id}/close

private:
    ContactDesk& desk_;
};

}  // namespace hearth::contact
