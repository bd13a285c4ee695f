#pragma once
// Atom feeds (RFC 4287) of published articles: the whole site, one topic,
// one specialist. Public documents: cached by shared caches for five
// minutes and revalidated by ETag (public_document.hpp).
#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "db/database.hpp"
#include "features/articles/article_feed_store.hpp"
#include "features/site/public_document.hpp"
#include "http/request.hpp"
#include "http/response.hpp"

namespace hearth::site {

// What a feed says about itself; paths are site-relative.
struct AtomHead {
    std::string self_path;       // "/feed.xml": also the feed's id, made absolute
    std::string alternate_path;  // the HTML page the feed follows
    std::string title;
};

// The Atom document for `entries` (newest first). `base_url` has no
// trailing slash ("https://hearth.example"); `topic_names` maps topic slugs
// to their names for category labels. Entry ids are the articles'
// absolute URLs (stable: slugs are never changed or reused). The feed's
// <updated> is the newest entry's, or the Unix epoch for an empty feed.
std::string atom_feed(const AtomHead& head, const std::vector<articles::FeedEntry>& entries,
                      const std::string& base_url, const std::map<std::string, std::string>& topic_names);

class Feeds {
public:
    // Entries per feed: the latest 20 (issue 12).
    static constexpr int kEntries = 20;

    Feeds(db::Database& db, std::string base_url, std::string site_name)
        : db_(db), base_url_(without_trailing_slash(std::move(base_url))), site_name_(std::move(site_name)) {}

    // GET /feed.xml: the latest public articles.
    http::Response latest(http::Request& req);
    // GET /topics/{topic}/feed.xml: the latest public articles on a topic of
    // the vocabulary; 404 for any other slug.
    http::Response topic(http::Request& req);
    // GET /specialists/{slug}/feed.xml: a listed specialist's latest public
    // articles; 404 for a draft, suspended or unknown profile.
    http::Response specialist(http::Request& req);

private:
    http::Response answer(const http::Request& req, const AtomHead& head, const articles::FeedFilter& filter);

    db::Database& db_;
    std::string base_url_;
    std::string site_name_;
};

}  // namespace hearth::site
