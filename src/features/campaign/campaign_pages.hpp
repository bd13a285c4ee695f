#pragma once
// /free-consultation (what a free first conversation is, and who offers
// one), the admin's campaign form, and the home page's featured specialists.
#include <boost/json/array.hpp>
#include <boost/json/object.hpp>

#include <utility>

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
    // The form's page model (with `values` in it) and metadata.
    std::pair<boost::json::object, render::PageMeta> form_view(http::Request& req, boost::json::object values,
                                                               bool refused);
    Campaigns& campaigns_;
    const render::View& view_;
};

// The home page's cards: up to three specialists offering a free
// consultation, a fair rotation that changes every hour.
boost::json::array featured_specialists_json(Campaigns& campaigns, std::int64_t now);

}  // namespace hearth::campaign
