#pragma once
// The admin's side of specialist profiles: the lists by state (those
// awaiting verification first), a preview of any profile, and the verify /
// suspend / reinstate forms. Every action goes through Profiles, which
// checks the policy and writes the audit log.
#include <boost/json/object.hpp>

#include "features/specialists/profiles.hpp"
#include "http/response.hpp"
#include "render/view.hpp"

namespace hearth::specialists {

class AdminSpecialistPages {
public:
    AdminSpecialistPages(Profiles& profiles, const render::View& view) : profiles_(profiles), view_(view) {}

    http::Response list(http::Request& req);       // GET /admin/specialists?state=awaiting|listed|suspended|draft
    http::Response preview(http::Request& req);    // GET /admin/specialists/{slug}
    http::Response verify(http::Request& req);     // POST /admin/specialists/{slug}/verify
    http::Response suspend(http::Request& req);    // POST /admin/specialists/{slug}/suspend (reason required)
    http::Response reinstate(http::Request& req);  // POST /admin/specialists/{slug}/reinstate

private:
    // The preview page's model: the profile as the public would see it, and the admin's actions.
    boost::json::object preview_json(http::Request& req, const Profile& p);
    Profiles& profiles_;
    const render::View& view_;
};

}  // namespace hearth::specialists
