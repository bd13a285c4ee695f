#pragma once
// The pages that belong to the site rather than to one feature: home,
// "Need help now?", privacy, contact, offline, and sections still being built.
#include "db/database.hpp"
#include "features/campaign/campaign.hpp"
#include "http/response.hpp"
#include "render/view.hpp"

namespace hearth::site {

class SitePages {
public:
    SitePages(db::Database& db, const render::View& view, campaign::Campaigns& campaigns)
        : db_(db), view_(view), campaigns_(campaigns) {}

    // The featured strip comes from memory at the current content version
    // (Campaigns::featured), so the home page needs no query of its own.
    http::Response home(http::Request& req);
    http::Response help(http::Request& req);
    http::Response privacy(http::Request& req);
    // GET /contact: the operators' address (configuration contact_email) or,
    // when there is none, a page that says so; never a 404.
    http::Response contact(http::Request& req);
    http::Response offline(http::Request& req);
    // A calm placeholder for a section that is not open yet.
    http::Response coming_soon(http::Request& req, std::string_view section, std::string heading, std::string text);
    http::Response health(http::Request& req);  // GET /healthz
    http::Response not_found(http::Request& req);

private:
    db::Database& db_;
    const render::View& view_;
    campaign::Campaigns& campaigns_;
};

}  // namespace hearth::site
