#pragma once
// /sitemap.xml and /robots.txt (sitemaps.org protocol 0.9). Each feature
// with public pages hands in a sitemap::Source; up to `urls_per_file` URLs
// in all, /sitemap.xml lists them itself; beyond, it becomes a sitemap
// index of /sitemaps/<source>-<n>.xml files, each with at most that many.
#include <cstddef>
#include <string>
#include <vector>

#include "core/versioned_cache.hpp"
#include "db/database.hpp"
#include "features/common/sitemap_source.hpp"
#include "features/site/public_document.hpp"
#include "http/request.hpp"
#include "http/response.hpp"

namespace hearth::site {

// The protocol's limit of URLs per sitemap file (sitemaps.org, "Sitemap
// index files").
constexpr std::size_t kMaxUrlsPerSitemap = 50000;

// "pages": the site's own pages (site-relative paths such as "/help"), in
// the order given, with no <lastmod>.
sitemap::Source static_pages_source(std::vector<std::string> paths);

// How long a built sitemap is handed out again, in seconds: /sitemap.xml
// may lag the database by this much (shared caches may keep it five
// minutes anyway), and a burst of requests costs one build, not one each.
constexpr std::int64_t kSitemapKeptSeconds = 60;

// The robots.txt text: everything may be crawled except the personal and
// transactional areas, and the sitemap's absolute address.
std::string robots_txt(const std::string& base_url);

class Sitemaps {
public:
    // `base_url` without a trailing slash; `urls_per_file` in 1..50,000.
    Sitemaps(db::Database& db, std::string base_url, std::size_t urls_per_file = kMaxUrlsPerSitemap)
        : db_(db), base_url_(without_trailing_slash(std::move(base_url))), urls_per_file_(urls_per_file) {}

    // The sources, in the order their URLs are listed. Set once at
    // start-up, before the server takes requests.
    void set_sources(std::vector<sitemap::Source> sources) { sources_ = std::move(sources); }

    // GET /sitemap.xml: a <urlset>, or a <sitemapindex> past urls_per_file.
    http::Response sitemap(http::Request& req);
    // GET /sitemaps/{file}: "<source>-<n>.xml", the n-th (from 1) slice of
    // a source's URLs; 404 for an unknown source or a slice past its end.
    http::Response part(http::Request& req);
    // GET /robots.txt
    http::Response robots(http::Request& req);

private:
    // The documents under `key` ("/sitemap.xml", or a source's name: all
    // its numbered files) built within the current kept window.
    std::shared_ptr<const std::vector<PublicDocument>> kept(
        const std::string& key, const std::function<std::vector<PublicDocument>()>& build);
    std::vector<PublicDocument> build_root();
    std::vector<PublicDocument> build_parts(const sitemap::Source& source);

    db::Database& db_;
    std::string base_url_;
    std::size_t urls_per_file_;
    std::vector<sitemap::Source> sources_;
    // The version of an entry is its kept window: now / kSitemapKeptSeconds.
    VersionedCache<std::vector<PublicDocument>> kept_{64};
};

}  // namespace hearth::site
