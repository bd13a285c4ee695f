#pragma once
// The public reading side of articles: its own SQL over the articles
// tables (migration 0017), always limited to what the public may read, an
// article being public exactly when status = 'published' AND hidden_at IS
// NULL. Drafts and taken-down articles are never returned by anything
// here, so a page, a list, a search, the related articles and a profile's
// list cannot show one. Every function runs inside the caller's read
// transaction.
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "db/database.hpp"
#include "features/articles/article_store.hpp"
#include "features/common/paging.hpp"
#include "features/common/site_search.hpp"

namespace hearth::articles {

struct TopicLabel {
    std::string slug;  // vocabulary slug of kind 'topic'
    std::string name;
};

// One article in a list (cards, the API, related articles, a profile).
struct ArticleCard {
    std::int64_t id = 0;
    std::string slug;
    std::string title;
    std::string summary;
    std::string author_name;  // the author's profile name
    std::string author_slug;  // /specialists/{author_slug}
    std::int64_t published_at = 0;             // UTC seconds
    std::optional<std::int64_t> revised_at;    // UTC seconds: "Updated on"
    std::int64_t updated_at = 0;               // UTC seconds, any change
    std::int64_t word_count = 0;
    std::vector<TopicLabel> topics;            // in vocabulary order
    std::string snippet_html;                  // only when searching: escaped, <mark>ed (db::search_snippet)
};

struct TocEntry {
    int level = 2;
    std::string id;    // the heading's id in body_html
    std::string text;  // plain text
};

// Everything the article page shows of the article itself.
struct PublicArticle {
    ArticleCard card;
    std::int64_t author_id = 0;   // users.id
    std::int64_t profile_id = 0;  // specialist_profiles.id
    std::int64_t version = 1;     // raised by every change (cache keys, ETags)
    std::string body_html;        // rendered and made safe when written; shown as is
    std::vector<TocEntry> toc;
    std::vector<std::string> key_points;
    std::vector<std::string> content_notes;  // slugs ("domestic-violence")
    std::string adapted_from;
    bool has_cover = false;
    std::string cover_alt;
    std::vector<Reference> references;  // in their order (article_store.hpp)
};

// A content note's words within a sentence: "domestic-violence" ->
// "domestic violence" (its label, articles' content_note_label, in lower case).
std::string content_note_words(std::string_view slug);

// The plain text of trusted, already rendered HTML (tags dropped, the
// common entities decoded, blocks separated by spaces): what a snippet is
// cut from.
std::string plain_text_of_html(std::string_view html);

// Enough to answer a conditional request without reading the article:
// its id, version and last change (UTC seconds).
struct ArticleStamp {
    std::int64_t id = 0;
    std::int64_t version = 0;
    std::int64_t updated_at = 0;
};
std::optional<ArticleStamp> find_public_stamp(db::Session& s, std::string_view slug);

// The public article `slug` with its topics and references, or nullopt
// (missing, draft and hidden alike).
std::optional<PublicArticle> find_public_article(db::Session& s, std::string_view slug);

// A list request, already checked: plain search words (search_text::words),
// a topic slug and an author's profile slug ("" for any).
struct ArticleListQuery {
    std::vector<std::string> words;
    std::string topic;
    std::string author_slug;
    paging::Page page;
};

struct PublicArticleList {
    std::vector<ArticleCard> items;
    std::int64_t total = 0;
};

// Newest first (published_at) without words; by relevance through the
// search index (the "articles" collection) with words, each card with a
// snippet.
PublicArticleList list_public_articles(db::Session& s, const ArticleListQuery& q);

// Up to `limit` other public articles sharing a topic with article `id`,
// the most topics shared first, then newest first; never `id` itself.
std::vector<ArticleCard> related_articles(db::Session& s, std::int64_t id, std::int64_t limit = 3);

// The newest `limit` public articles of the author with profile `profile_id`,
// and how many there are in all.
PublicArticleList articles_by_profile(db::Session& s, std::int64_t profile_id, std::int64_t limit = 5);

// The articles' part of the site-wide search (/search).
site_search::Source article_search_source();

}  // namespace hearth::articles
