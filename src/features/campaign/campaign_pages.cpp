#include "features/campaign/campaign_pages.hpp"

#include "core/clock.hpp"
#include "core/error.hpp"
#include "features/common/form_view.hpp"
#include "features/common/page_query.hpp"
#include "features/specialists/profile_pages.hpp"

namespace hearth::campaign {

namespace {

boost::json::array cards(const std::vector<specialists::Profile>& profiles) {
    boost::json::array out;
    for (const auto& p : profiles) out.push_back(specialists::profile_page_json(p));
    return out;
}

boost::json::object stored_values(const Campaign& c) {
    return {{"headline", c.headline},
            {"intro", c.intro},
            {"starts_on", c.starts_at ? format_date(*c.starts_at) : ""},
            // ends_at is the midnight after the last day; the form shows the last day.
            {"ends_on", c.ends_at ? format_date(*c.ends_at - 86400) : ""}};
}

std::string status_text(const Campaign& c, std::int64_t now) {
    if (!c.starts_at && !c.ends_at) return "Running, with no start or end date.";
    if (c.active_at(now)) return "Running now.";
    if (c.starts_at && now < *c.starts_at) return "Scheduled: it starts on " + format_date(*c.starts_at) + ".";
    return "Ended. Visitors see the explainer and the list, without the campaign headline.";
}

}  // namespace

boost::json::array featured_specialists_json(Campaigns& campaigns, std::int64_t now) {
    return cards(campaigns.featured(now));
}

http::Response CampaignPages::free_consultation(http::Request& req) {
    const auto now = now_seconds();
    auto page = paging::from_query(req);
    page.per_page = list_per_page;
    const auto campaign = campaigns_.current();
    auto list = campaigns_.specialists(page, now);

    boost::json::object data{{"specialists", cards(list.items)}};
    if (campaign.active_at(now)) {
        data["campaign"] = boost::json::object{{"headline", campaign.headline}, {"intro", campaign.intro}};
    }
    paging::add_links(data, page, list.total, "/free-consultation");

    render::PageMeta meta;
    meta.title = "Free 30-minute first consultations";
    meta.description =
        "A free, no-obligation 30-minute first conversation with a verified specialist in relational trauma: what "
        "it is, how it differs from therapy, how to prepare, and who offers one.";
    meta.canonical_path = page.page > 1 ? "/free-consultation?page=" + std::to_string(page.page) : "/free-consultation";
    meta.nav_section = "free-consultation";
    return http::html(200, view_.page(req, "campaign/free_consultation", std::move(data), meta));
}

std::pair<boost::json::object, render::PageMeta> CampaignPages::form_view(http::Request& req,
                                                                        boost::json::object values, bool refused) {
    const auto campaign = campaigns_.current();
    boost::json::object data{{"values", std::move(values)}, {"status", status_text(campaign, now_seconds())}};
    if (!refused && req.query_param("saved") == "1") data["notice"] = "The campaign has been saved.";
    render::PageMeta meta;
    meta.title = std::string(refused ? "Error: " : "") + "Free consultation campaign";
    meta.noindex = true;
    return {std::move(data), std::move(meta)};
}

http::Response CampaignPages::edit_form(http::Request& req) {
    // Asked of the service, so the page is refused exactly as saving would be.
    campaigns_.require_editor(req.principal);
    auto [data, meta] = form_view(req, stored_values(campaigns_.current()), false);
    return http::html(200, view_.page(req, "admin/campaign", std::move(data), meta));
}

http::Response CampaignPages::save(http::Request& req) {
    campaigns_.require_editor(req.principal);  // before the body is read
    CampaignDraft draft{req.form_value("headline"), req.form_value("intro"), req.form_value("starts_on"),
                        req.form_value("ends_on")};
    auto saved = campaigns_.save(req.actor(), draft);
    if (!saved) {
        boost::json::object typed{{"headline", draft.headline},
                                  {"intro", draft.intro},
                                  {"starts_on", draft.starts_on},
                                  {"ends_on", draft.ends_on}};
        auto [data, meta] = form_view(req, std::move(typed), true);
        return forms::show_again(view_, req, "admin/campaign", std::move(data), saved.refusal().fields, meta);
    }
    return http::redirect("/admin/campaign?saved=1");
}

}  // namespace hearth::campaign
