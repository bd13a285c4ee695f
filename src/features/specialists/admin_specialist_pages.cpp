#include "features/specialists/admin_specialist_pages.hpp"

#include <boost/json/array.hpp>

#include "core/error.hpp"
#include "core/time_format.hpp"
#include "features/common/form_view.hpp"
#include "features/common/page_query.hpp"
#include "features/specialists/profile_api.hpp"
#include "features/specialists/profile_pages.hpp"
#include "features/specialists/profile_view.hpp"
#include "http/form.hpp"
#include "http/redirect.hpp"

namespace hearth::specialists {

namespace {

struct Tab {
    std::string_view key;  // ?state=
    std::string_view label;
    ListingState state;
};

constexpr Tab tabs[] = {
    {"awaiting", "Awaiting verification", ListingState::awaiting_verification},
    {"listed", "Listed", ListingState::listed},
    {"suspended", "Suspended", ListingState::suspended},
    {"draft", "Drafts", ListingState::draft},
};

const Tab& tab_of(const http::Request& req) {
    const auto key = req.query_param("state");
    if (key.empty()) return tabs[0];
    for (const auto& t : tabs) {
        if (t.key == key) return t;
    }
    throw Error::not_found("There is no such list of specialists.");
}

std::string_view state_label(ListingState s) {
    switch (s) {
        case ListingState::draft: return "Draft";
        case ListingState::awaiting_verification: return "Awaiting verification";
        case ListingState::listed: return "Listed";
        case ListingState::suspended: return "Suspended";
    }
    return "Draft";
}

// What the admin needs about one profile, and which actions apply to it.
boost::json::object admin_row(const Profile& p) {
    const auto state = p.state();
    boost::json::object o{{"slug", p.slug},
                          {"full_name", p.fields.full_name},
                          {"licence_number", p.fields.licence_number},
                          {"licence_region", p.fields.licence_region},
                          {"state", state_name(state)},
                          {"state_label", state_label(state)},
                          {"preview_url", "/admin/specialists/" + p.slug},
                          {"public_url", "/specialists/" + p.slug},
                          {"is_listed", state == ListingState::listed},
                          {"can_verify", state == ListingState::awaiting_verification},
                          {"can_suspend", state != ListingState::suspended},
                          {"can_reinstate", state == ListingState::suspended},
                          {"suspended_reason", p.suspended_reason}};
    if (p.publish_requested_at) o["requested_on"] = long_date(*p.publish_requested_at);
    if (p.verified_at) o["verified_on"] = long_date(*p.verified_at);
    if (p.suspended_at) o["suspended_on"] = long_date(*p.suspended_at);
    return o;
}

std::string notice_for(std::string_view done) {
    if (done == "verify") return "Verified. The profile is now listed publicly.";
    if (done == "suspend") return "Suspended. The profile is hidden from the public.";
    if (done == "reinstate") return "Reinstated. The profile is listed again if its licence is verified.";
    return "";
}

// Back to the list or preview the form was on, saying what was done.
http::Response back(const http::Request& req, std::string_view done) {
    auto to = http::safe_local_target(req.form_value("return_to"), "/");
    if (to == "/") to = "/admin/specialists";
    to += (to.find('?') == std::string::npos ? "?" : "&") + std::string("done=") + std::string(done);
    return http::redirect(to);
}

render::PageMeta admin_meta(std::string title) {
    render::PageMeta meta;
    meta.title = std::move(title);
    meta.noindex = true;
    return meta;
}

}  // namespace

http::Response AdminSpecialistPages::list(http::Request& req) {
    const auto& tab = tab_of(req);
    auto page = paging::from_query(req);
    auto result = profiles_.in_state(req.principal, tab.state, page);

    boost::json::array rows;
    for (const auto& p : result.items) rows.push_back(admin_row(p));
    boost::json::array nav;
    for (const auto& t : tabs) {
        nav.push_back(boost::json::object{{"label", t.label},
                                          {"url", "/admin/specialists?state=" + std::string(t.key)},
                                          {"current", &t == &tab}});
    }
    const std::string base = "/admin/specialists?state=" + std::string(tab.key);
    boost::json::object data{{"tabs", std::move(nav)},
                             {"tab_label", tab.label},
                             {"awaiting", tab.state == ListingState::awaiting_verification},
                             {"rows", std::move(rows)},
                             {"return_to", page.page > 1 ? base + "&page=" + std::to_string(page.page) : base},
                             {"notice", notice_for(req.query_param("done"))}};
    paging::add_links(data, page, result.total, base);
    return http::html(200, view_.page(req, "admin/specialists", std::move(data), admin_meta("Specialists")));
}

boost::json::object AdminSpecialistPages::preview_json(http::Request& req, const Profile& p) {
    auto profile = profile_page_json(p);
    profile["preview"] = true;
    return boost::json::object{{"profile", std::move(profile)},
                               {"admin", admin_row(p)},
                               {"return_to", "/admin/specialists/" + p.slug},
                               {"notice", notice_for(req.query_param("done"))}};
}

http::Response AdminSpecialistPages::preview(http::Request& req) {
    const auto p = profiles_.for_admin(req.principal, req.path_param("slug"));
    return http::html(200, view_.page(req, "admin/specialist", preview_json(req, p),
                                      admin_meta(p.fields.full_name + " (preview)")));
}

http::Response AdminSpecialistPages::verify(http::Request& req) {
    auto verified = profiles_.verify(req.actor(), req.path_param("slug"));
    if (!verified) throw refusal_error(verified.refusal());  // not asked to be listed: a 409 page
    return back(req, "verify");
}

http::Response AdminSpecialistPages::suspend(http::Request& req) {
    // Admins only, and 404 for an unknown slug, before the form is read.
    const auto p = profiles_.for_admin(req.principal, req.path_param("slug"));
    auto suspended = profiles_.suspend(req.actor(), SuspendRequest{p.slug, req.form_value("reason")});
    if (!suspended) {
        auto data = preview_json(req, p);
        data["values"] = boost::json::object{{"reason", req.form_value("reason")}};
        return forms::show_again(view_, req, "admin/specialist", std::move(data), suspended.refusal().fields,
                                 admin_meta("Error: " + p.fields.full_name + " (preview)"));
    }
    return back(req, "suspend");
}

http::Response AdminSpecialistPages::reinstate(http::Request& req) {
    profiles_.reinstate(req.actor(), req.path_param("slug"));
    return back(req, "reinstate");
}

}  // namespace hearth::specialists
