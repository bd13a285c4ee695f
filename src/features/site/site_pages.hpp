#pragma once
// The pages that belong to the site rather than to one feature: home,
// "Need help now?", privacy, contact, offline, and sections still being built.
#include "db/database.hpp"
#include "features/campaign/campaign_pages.hpp"
#include "http/response.hpp"
#include "http/static_files.hpp"
#include "render/view.hpp"

namespace hearth::site {

class SitePages {
public:
    SitePages(db::Database& db, const render::View& view, campaign::FeaturedStrip& featured,
              const http::StaticFiles& static_files)
        : db_(db), view_(view), featured_(featured), service_worker_(service_worker_script(static_files)),
          service_worker_version_(static_files.version()) {}

    // The featured strip comes rendered from memory at the current content
    // version (campaign::FeaturedStrip).
    http::Response home(http::Request& req);
    http::Response help(http::Request& req);
    http::Response privacy(http::Request& req);
    // GET /contact: the operators' address (configuration contact_email) or,
    // when there is none, a page that says so; never a 404.
    http::Response contact(http::Request& req);
    http::Response offline(http::Request& req);
    // GET /sw.js: the service worker (static/js/service-worker.js) with the
    // cache version and the list of what it keeps ahead of time put in
    // front. At the root so its scope is the whole site; revalidated on
    // every check (no-cache), so a deploy reaches browsers at once.
    http::Response service_worker(http::Request& req);
    // A calm placeholder for a section that is not open yet.
    http::Response coming_soon(http::Request& req, std::string_view section, std::string heading, std::string text);
    http::Response health(http::Request& req);  // GET /healthz
    http::Response not_found(http::Request& req);

private:
    // The script /sw.js answers with, built once from the static files
    // (which are read once at start-up): "const HEARTH_CACHE_VERSION = ...;
    // const HEARTH_PRECACHE = [...];" and then the worker's source. Empty
    // when static/js/service-worker.js is missing.
    static std::string service_worker_script(const http::StaticFiles& static_files);

    db::Database& db_;
    const render::View& view_;
    campaign::FeaturedStrip& featured_;
    std::string service_worker_;
    std::string service_worker_version_;  // StaticFiles::version()
};

}  // namespace hearth::site
