#pragma once
// The SQL behind the articles' Atom feeds and their part of /sitemap.xml.
// Public articles only: published and not taken down by an admin
// (status = 'published' AND hidden_at IS NULL, migration 0017).
#include <cstdint>
#include <string>
#include <vector>

#include "db/database.hpp"
#include "features/common/sitemap_source.hpp"

namespace hearth::articles {

struct FeedEntry {
    std::int64_t id = 0;
    std::string slug;
    std::string title;
    std::string summary;
    std::string body_html;          // rendered and sanitised when the article was saved
    std::int64_t published_at = 0;  // UTC seconds, first publication
    std::int64_t updated_at = 0;    // UTC seconds: the last revision of the text, else published_at
    std::string author_name;
    std::string author_slug;
    bool author_listed = false;       // only then is there a public profile to link to
    std::vector<std::string> topics;  // vocabulary slugs, alphabetical
};

// Which articles a feed shows; empty / 0 fields do not narrow.
struct FeedFilter {
    std::string topic;            // a vocabulary slug of kind 'topic'
    std::int64_t profile_id = 0;  // specialist_profiles.id of the author
};

// The newest `limit` public articles that pass `filter`, newest first
// (publication time, then id), with their topics; two queries whatever
// the number.
std::vector<FeedEntry> latest_feed_entries(db::Session& s, const FeedFilter& filter, int limit);

// "articles": /articles/<slug> of every public article, by id, last
// modified at its last revision (else its publication).
sitemap::Source article_sitemap_source();

}  // namespace hearth::articles
