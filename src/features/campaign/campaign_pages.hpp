#pragma once
// /free-consultation (what a free first conversation is, and who offers
// one), the admin's campaign form, and the home page's featured specialists.
#include <boost/json/array.hpp>

#include "features/campaign/campaign.hpp"
#include "http/response.hpp"
#include "render/view.hpp"

namespace hearth::campaign {

class CampaignPages {
public:
    CampaignPages(Campaigns& campaigns, const render::View& view) : campaigns_(campaigns), view_(view) {}

    http::Response free_consultation(http::Request& req);  // GET /free-consultation?page=N
    http::Response edit_form(http::Request& req);          // GET /admin/campaign
    http::Response save(http::Request& req);               // POST /admin/campaign

private:
    http::Response render_form(http::Request& req, boost::json::object values, const std::vector<FieldError>& errors,
                               int status);
    Campaigns& campaigns_;
    const render::View& view_;
};

// The home page's cards: up to three specialists offering a free
// consultation, a fair rotation that changes every hour.
boost::json::array featured_specialists_json(db::Database& db, std::int64_t now);

}  // namespace hearth::campaign
