#include "features/site/site_pages.hpp"

#include <boost/json/array.hpp>
#include <boost/json/serialize.hpp>
#include <boost/json/value.hpp>

#include "core/clock.hpp"
#include "core/error.hpp"
#include "features/campaign/campaign_pages.hpp"
#include "features/site/contact.hpp"
#include "features/specialists/profile_contact.hpp"
#include "http/form.hpp"
#include "security/tokens.hpp"

namespace hearth::site {

http::Response SitePages::home(http::Request& req) {
    render::PageMeta meta;
    meta.description =
        "Hearth helps you find mental-health specialists who understand trauma in relationships and "
        "book a free 30-minute first conversation.";
    meta.canonical_path = "/";
    meta.json_ld = R"({"@context":"https://schema.org","@type":"WebSite","name":"Hearth","url":")" +
                   view_.site().base_url + R"("})";
    // A fair hourly rotation of specialists offering a free consultation.
    const auto strip = featured_.html(now_seconds());
    return http::html(200, view_.page(req, "home/index", {{"featured_html", *strip}}, meta));
}

http::Response SitePages::help(http::Request& req) {
    render::PageMeta meta;
    meta.title = "Need help now?";
    meta.description = "If you are in danger or thinking about harming yourself, here is where to turn right now.";
    meta.nav_section = "help";
    return http::html(200, view_.page(req, "pages/help", {}, meta));
}

http::Response SitePages::privacy(http::Request& req) {
    render::PageMeta meta;
    meta.title = "Privacy";
    meta.description = "What Hearth stores, why, and what it never does.";
    meta.nav_section = "privacy";
    return http::html(200, view_.page(req, "pages/privacy", {{"retention", retention_}}, meta));
}

http::Response SitePages::contact(http::Request& req) {
    render::PageMeta meta;
    meta.title = "Contact";
    meta.description = "How to reach the people who run this Hearth, and how to ask for your account to be deleted.";
    meta.nav_section = "contact";
    auto data = contact_view(view_.site());
    std::string subject;  // the form's, written for the person when they came from a profile
    if (const auto slug = req.query_param("about"); !slug.empty()) {
        if (auto fields = specialist_fields(slug, req.principal)) {
            const auto& name = fields->full_name;
            data["about_name"] = name;
            data["about_url"] = "/specialists/" + slug;
            // A link kept from before they shared their own details must not
            // say they have none: the profile is then the way to them.
            data["about_has_contact"] = specialists::contact_view(*fields).at("has_contact");
            if (!view_.site().contact_email.empty()) {
                data["about_mailto"] = "mailto:" + view_.site().contact_email +
                                       "?subject=" + http::url_encode("Please put me in touch with " + name);
            }
            meta.noindex = true;  // one page per specialist, all saying the same
            subject = "Please put me in touch with " + name;
        }
    }
    add_contact_form(data, req.principal.signed_in(), std::move(subject), "", security::random_token(18));
    return http::html(200, view_.page(req, "pages/contact", std::move(data), meta));
}

std::optional<specialists::ProfileFields> SitePages::specialist_fields(std::string_view slug,
                                                                      const Principal& viewer) {
    try {
        return profiles_.public_profile(slug, viewer).fields;
    } catch (const Error& e) {
        // An unknown or hidden profile: the page is still the way to reach the operators.
        if (e.status() == 404) return std::nullopt;
        throw;
    }
}

http::Response SitePages::offline(http::Request& req) {
    render::PageMeta meta;
    meta.title = "You are offline";
    meta.noindex = true;
    return http::html(200, view_.page(req, "pages/offline", {}, meta));
}

namespace {

// Where the worker's source lives among the static files.
constexpr std::string_view service_worker_source = "/static/js/service-worker.js";

}  // namespace

std::string SitePages::service_worker_script(const http::StaticFiles& static_files) {
    const std::string* source = static_files.content(std::string(service_worker_source));
    if (source == nullptr) return {};
    // The offline page and every static file (CSS, scripts, the icon), so a
    // page can be drawn without a connection. Never a signed-in page.
    boost::json::array precache{"/offline"};
    for (const auto& url : static_files.urls()) {
        if (url != service_worker_source) precache.emplace_back(url);
    }
    return "const HEARTH_CACHE_VERSION = " + boost::json::serialize(boost::json::value(static_files.version())) +
           ";\nconst HEARTH_PRECACHE = " + boost::json::serialize(precache) + ";\n" + *source;
}

http::Response SitePages::service_worker(http::Request& req) {
    if (service_worker_.empty()) throw Error::not_found();
    namespace bh = boost::beast::http;
    // The script is the source plus the version, so the version names it.
    const std::string etag = "\"sw-" + service_worker_version_ + "\"";
    http::Response res{bh::status::ok, 11};
    if (req.header("If-None-Match") == etag) {
        res.result(bh::status::not_modified);
    } else {
        res = http::text(200, service_worker_, "text/javascript; charset=utf-8");
    }
    res.set(bh::field::etag, etag);
    // Asked again on every check (browsers cap a worker script's freshness
    // at a day anyway), so a deploy reaches people on their next visit.
    res.set(bh::field::cache_control, "no-cache");
    return res;
}

http::Response SitePages::health(http::Request&) {
    const auto database = db::check_health(db_);
    return http::json(200, boost::json::object{{"status", "ok"}, {"database", database}});
}

http::Response SitePages::not_found(http::Request&) { throw Error::not_found(); }

}  // namespace hearth::site
