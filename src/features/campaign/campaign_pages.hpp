#pragma once
// /free-consultation (what a free first conversation is, and who offers
// one), the admin's campaign form, and the home page's featured specialists.
#include <boost/json/array.hpp>
#include <boost/json/object.hpp>

#include <memory>
#include <string>
#include <utility>

#include "core/versioned_cache.hpp"

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

// The home page's strip of featured specialists (templates/home/featured),
// rendered once per hour and content version and then served from memory:
// the same bytes for every visitor, so the home page does no per-request
// work for it beyond finding the version.
class FeaturedStrip {
public:
    FeaturedStrip(Campaigns& campaigns, const render::Templates& templates)
        : campaigns_(campaigns), templates_(templates), html_(kept_hours) {}

    // The strip's HTML for `now` (UTC seconds); "" when nobody is featured.
    std::shared_ptr<const std::string> html(std::int64_t now);

private:
    static constexpr std::size_t kept_hours = 4;
    Campaigns& campaigns_;
    const render::Templates& templates_;
    VersionedCache<std::string> html_;  // by hour
};

}  // namespace hearth::campaign
