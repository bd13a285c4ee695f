#pragma once
// The articles' SQL (migrations 0017_articles): an article with its topics
// and references, read and written in one unit of work. Callers (the
// service, the seeder) have checked the content and the permission; every
// query that changes an article names its id, and list_by_author filters by
// author as a second guard.
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "db/database.hpp"
#include "features/common/paging.hpp"

namespace hearth::articles {

// One entry of an article's reference list, in its order on the page.
struct Reference {
    std::string authors;
    std::string year;  // text: "1992", "n.d."
    std::string title;
    std::string publisher;
    std::string url;  // http(s) or ""
    std::string note;
};

// What an author writes; the service checks it (articles.hpp) before a
// store function sees it.
struct ArticleContent {
    std::string title;
    std::string summary;
    std::string body;  // Markdown
    std::vector<std::string> key_points;
    std::vector<std::string> topics;         // vocabulary slugs of kind 'topic'
    std::vector<std::string> content_notes;  // slugs of content_note_kinds (articles.hpp)
    std::vector<Reference> references;
    std::string adapted_from;
    std::string cover_alt;
};

// What is rendered from the Markdown at each change, stored with it.
struct RenderedBody {
    std::string html;
    std::string toc_json;  // [{"level","id","text"}]
    std::int64_t word_count = 0;
};

struct Article {
    std::int64_t id = 0;
    std::int64_t author_id = 0;
    std::int64_t profile_id = 0;
    std::string slug;
    std::string status;  // "draft" | "published"
    ArticleContent content;
    RenderedBody rendered;
    std::optional<std::string> cover_file;  // a file name in the covers folder
    std::optional<std::string> cover_type;  // its content type
    std::int64_t version = 1;
    std::int64_t created_at = 0;  // UTC seconds, like every time here
    std::int64_t updated_at = 0;
    std::optional<std::int64_t> published_at;
    std::optional<std::int64_t> revised_at;
    std::optional<std::int64_t> hidden_at;
    std::string hidden_reason;
    std::string author_name;  // the profile's full name
    std::string author_slug;  // the profile's slug
    // The author's account is suspended (users.suspended_at, migration
    // 0019): their articles leave the public until it is lifted.
    bool author_suspended = false;

    bool published() const noexcept { return status == "published"; }
    bool hidden() const noexcept { return hidden_at.has_value(); }
    // What the public may read: published, not taken down, and by an
    // author whose account is not suspended.
    bool visible() const noexcept { return published() && !hidden() && !author_suspended; }
};

struct ArticleList {
    std::vector<Article> items;  // without topics and references
    std::int64_t total = 0;
};

// The article with this slug (topics and references included), or none.
std::optional<Article> find_article(db::Session& s, std::string_view slug);
std::optional<Article> find_article_by_id(db::Session& s, std::int64_t id);

// A slug made from `title` that no article has had: "some-title", then
// "some-title-2", "-3"; never one of reserved_slugs.
std::string unique_slug(db::Session& s, std::string_view title);
// Paths beside /articles/{slug} that a slug must never shadow.
inline constexpr std::string_view reserved_slugs[] = {"new", "mine", "feed", "topics", "search", "page"};

// Inserts a draft; returns its id.
std::int64_t insert_article(db::Session& s, std::int64_t author_id, std::int64_t profile_id, std::string_view slug,
                            const ArticleContent& c, const RenderedBody& r, std::int64_t now);
// Replaces the content (topics and references too) and raises the
// version; `revised` also sets revised_at = now (an edit while published).
void update_article(db::Session& s, std::int64_t id, const ArticleContent& c, const RenderedBody& r, bool revised,
                    std::int64_t now);
// Publishes (published_at set on the first publication, kept afterwards)
// or returns to draft; raises the version.
void set_status(db::Session& s, std::int64_t id, bool published, std::int64_t now);
// An admin's take-down (reason shown to the author), or its end.
void set_hidden(db::Session& s, std::int64_t id, std::int64_t admin_id, std::string_view reason, std::int64_t now);
void clear_hidden(db::Session& s, std::int64_t id, std::int64_t now);
void delete_article(db::Session& s, std::int64_t id);
// Points the article at a stored cover file (none: no cover) with its alt
// text; raises the version.
void set_cover(db::Session& s, std::int64_t id, const std::optional<std::string>& file,
               const std::optional<std::string>& content_type, std::string_view alt, std::int64_t now);

// One author's articles, drafts included, most recently changed first.
ArticleList list_by_author(db::Session& s, std::int64_t author_id, const paging::Page& page);

}  // namespace hearth::articles
