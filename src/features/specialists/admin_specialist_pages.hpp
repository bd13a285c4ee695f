#pragma once
// The admin's side of specialist profiles: the lists by state (those
// awaiting verification first), a preview of any profile, and the verify /
// suspend / reinstate forms. Every action goes through Profiles, which
// checks the policy and writes the audit log.
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
    http::Response render_preview(http::Request& req, const Profile& p, const std::vector<FieldError>& errors,
                                  int status);
    Profiles& profiles_;
    const render::View& view_;
};

}  // namespace hearth::specialists
