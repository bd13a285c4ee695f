#pragma once
// The admin's view of a person: /admin/people (find by e-mail address),
// /admin/people/{id} (what exists for them, as counts, never content) and
// "Start deletion (requested by e-mail)", which takes the same grace
// period as a person's own request.
#include <boost/json/object.hpp>

#include "core/error.hpp"
#include "features/privacy/account_deletion.hpp"
#include "http/response.hpp"
#include "render/view.hpp"

namespace hearth::privacy {

class AdminPersonPages {
public:
    AdminPersonPages(AccountDeletion& deletion, const render::View& view) : deletion_(deletion), view_(view) {}

    http::Response people(http::Request& req);          // GET /admin/people?email=
    http::Response person(http::Request& req);          // GET /admin/people/{id}
    http::Response start_deletion(http::Request& req);  // POST /admin/people/{id}/deletion

private:
    http::Response show(http::Request& req, const PersonView& view, boost::json::object data, int status,
                        const std::vector<FieldError>& errors);
    AccountDeletion& deletion_;
    const render::View& view_;
};

// {"id","email","display_name","role","created_at","counts":{...},"deletion":{...}|null}
boost::json::object person_json(const PersonView& view);

}  // namespace hearth::privacy
