#pragma once
// The pages that belong to the site rather than to one feature: home,
// "Need help now?", privacy, contact and offline.
#include <optional>
#include <string>
#include <string_view>

#include "db/database.hpp"
#include "features/campaign/campaign_pages.hpp"
#include "features/site/retention.hpp"
#include "features/specialists/profiles.hpp"
#include "http/response.hpp"
#include "http/static_files.hpp"
#include "render/view.hpp"

namespace hearth::site {

class SitePages {
public:
    // `profiles` names the specialist a person writes about (/contact?about=<slug>).
    // `retention`: the periods /privacy states (app::retention_periods).
    SitePages(db::Database& db, const render::View& view, campaign::FeaturedStrip& featured,
              const http::StaticFiles& static_files, specialists::Profiles& profiles, RetentionPeriods retention = {})
        : db_(db), view_(view), featured_(featured), profiles_(profiles),
          service_worker_(service_worker_script(static_files)), service_worker_version_(static_files.version()),
          retention_(privacy_view(retention)) {}

    // The featured strip comes rendered from memory at the current content
    // version (campaign::FeaturedStrip).
    http::Response home(http::Request& req);
    http::Response help(http::Request& req);
    // GET /privacy: what is kept and for how long, each period from the
    // configuration (features/site/retention.hpp).
    http::Response privacy(http::Request& req);
    // GET /contact: the operators' address (configuration contact_email) or,
    // when there is none, a page that says so; never a 404. With
    // ?about=<slug> of a profile the viewer may see (a specialist who gives
    // no contact details of their own), the page names that specialist and
    // the mailto: link carries their name as its subject; another slug is
    // ignored.
    http::Response contact(http::Request& req);
    http::Response offline(http::Request& req);
    // GET /sw.js: the service worker (static/js/service-worker.js) with the
    // cache version and the list of what it keeps ahead of time put in
    // front. At the root so its scope is the whole site; revalidated on
    // every check (no-cache), so a deploy reaches browsers at once.
    http::Response service_worker(http::Request& req);
    http::Response health(http::Request& req);  // GET /healthz
    http::Response not_found(http::Request& req);

private:
    // The script /sw.js answers with, built once from the static files
    // (which are read once at start-up): "const HEARTH_CACHE_VERSION = ...;
    // const HEARTH_PRECACHE = [...];" and then the worker's source. Empty
    // when static/js/service-worker.js is missing.
    static std::string service_worker_script(const http::StaticFiles& static_files);
    // The fields of a profile `viewer` may see; nullopt for any other slug.
    std::optional<specialists::ProfileFields> specialist_fields(std::string_view slug, const Principal& viewer);

    db::Database& db_;
    const render::View& view_;
    campaign::FeaturedStrip& featured_;
    specialists::Profiles& profiles_;
    std::string service_worker_;
    std::string service_worker_version_;  // StaticFiles::version()
    boost::json::object retention_;       // privacy_view of the configured periods
};

}  // namespace hearth::site
