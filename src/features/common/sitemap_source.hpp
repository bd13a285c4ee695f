#pragma once
// /sitemap.xml: each feature with public pages (the static pages, listed
// profiles, published articles, questions) provides a SitemapSource; the
// site feature writes the sitemap (and a sitemap index past 50,000 URLs,
// sitemaps.org protocol) from all of them.
#include <cstdint>
#include <functional>
#include <string>

#include "db/database.hpp"

namespace hearth::sitemap {

struct Url {
    std::string path;            // "/articles/boundaries-are-not-walls", site-relative
    std::int64_t last_modified;  // UTC seconds; 0: unknown (no <lastmod>)
};

struct Source {
    std::string name;  // "pages", "specialists", "articles", "questions": names the sitemap file of an index
    // Calls `emit` once for every public URL, in a stable order, inside a
    // read transaction on `s`. Drafts, hidden and unlisted records never.
    std::function<void(db::Session& s, const std::function<void(const Url&)>& emit)> each;
};

}  // namespace hearth::sitemap
