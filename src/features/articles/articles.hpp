#pragma once
// Articles by verified specialists, the writing side: drafts, preview,
// publishing, edits while published ("Updated on"), and an admin's
// take-down with a reason. The service takes an Actor and typed commands,
// asks the policy, and runs each change as one unit of work that also
// re-renders the Markdown, keeps the search index in step and raises the
// content version when the public can see the change. It knows no HTTP.
#include <cstdint>
#include <filesystem>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "core/actor.hpp"
#include "db/database.hpp"
#include "features/articles/article_refusals.hpp"
#include "features/articles/article_store.hpp"
#include "features/common/paging.hpp"

namespace hearth::articles {

// The Markdown of a body rendered as articles show it (outbound links only,
// heading ids, footnotes), with its table of contents and word count.
RenderedBody render_body(std::string_view markdown);

// Minutes to read `words` at 200 words a minute, at least 1.
std::int64_t reading_minutes(std::int64_t words);

// What a preview shows: the content as checked, and its rendering.
struct Preview {
    ArticleContent content;
    RenderedBody rendered;
};

class Articles {
public:
    // Builds the articles' search documents if they were never built.
    // Covers are kept in `cover_dir` (the data folder's covers/).
    Articles(db::Database& db, std::filesystem::path cover_dir);

    // A new draft by the actor. 401 for a visitor; 403 for anyone but a
    // specialist whose licence is verified and whose listing is not
    // suspended (the same 403 for publish(), and for update() of a
    // published article, by its author; admins are not asked). Refused (invalid_fields) with
    // nothing saved when the content breaks a rule or names a topic not in
    // the vocabulary (field "topics").
    ArticleOutcome<Article> create(const Actor& actor, ArticleContent content);
    // Checks and renders without saving (the same rules as create).
    ArticleOutcome<Preview> preview(const Actor& actor, ArticleContent content);
    // The article as the actor may see it: published and not taken down for
    // anyone; otherwise only its author and admins (404 for the rest).
    Article read(const Actor& actor, std::string_view slug);
    // The article for its editor: 404 when the actor may not see it, 403
    // when they may see it but not change it.
    Article for_editing(const Actor& actor, std::string_view slug);
    // The topics an article may have: (slug, name) in the vocabulary's order.
    std::vector<std::pair<std::string, std::string>> topic_choices();
    // Replaces the content. Drafts are 404 to anyone but their author and
    // admins; someone else's published article is 403. An edit of a
    // published article is live at once and sets revised_at. With
    // `expected_version` (the version the writer's form or client was given),
    // refused edited_elsewhere, nothing saved, when the article has changed
    // since: two windows never silently overwrite each other (a lost update).
    ArticleOutcome<Article> update(const Actor& actor, std::string_view slug, ArticleContent content,
                                   std::optional<std::int64_t> expected_version = std::nullopt);
    // Publishes a draft (published_at set the first time) / returns it to
    // draft (published_at kept). Doing it twice changes nothing.
    Article publish(const Actor& actor, std::string_view slug);
    Article unpublish(const Actor& actor, std::string_view slug);
    // Deletes a draft that was never published (refused not_a_draft for one
    // that was: its slug stays taken, so it is unpublished instead).
    ArticleOutcome<bool> remove(const Actor& actor, std::string_view slug);
    // An admin hides an article from the public with a reason the author
    // sees (1-1,000 characters, field "reason"), audit-logged; restore
    // shows it again. 403 for anyone but an admin, 404 for unknown slugs.
    ArticleOutcome<Article> take_down(const Actor& actor, std::string_view slug, std::string reason);
    Article restore(const Actor& actor, std::string_view slug);
    // Keeps `bytes` as the cover with `alt` (one line, 1-300 characters;
    // field "cover_image_alt") when they pass the image checks
    // (article_cover.hpp; field "cover_image"). The article's author or an
    // admin, as for update().
    ArticleOutcome<Article> save_cover(const Actor& actor, std::string_view slug, std::string_view bytes,
                                       std::string alt);
    Article remove_cover(const Actor& actor, std::string_view slug);
    struct Cover {
        std::string bytes;
        std::string content_type;
        bool public_to_everyone = false;  // the article is published and not taken down
    };
    // The cover of an article the actor may see (404 otherwise, or without one).
    Cover cover(const Actor& actor, std::string_view slug);
    // The actor's own articles, drafts included, recently changed first.
    ArticleList mine(const Actor& actor, const paging::Page& page);

    // Whether the actor could write an article now (shows the link).
    bool may_write(const Actor& actor);
    // Whether the actor may change `a` (its author or an admin): they see
    // its take-down and the editor's buttons.
    bool may_edit(const Actor& actor, const Article& a) const;
    bool may_take_down(const Actor& actor) const;

private:
    db::Database& db_;
    std::filesystem::path cover_dir_;
};

// Used by the service, the moderation queue and the seeder: every change
// of what the public can see goes through these, in the caller's unit of
// work, re-indexing the article and raising the content version. They
// write no audit entry: their callers record their own.
// Takes `a` down (admin, time in UTC seconds, reason shown to the author) / shows it again.
void hide_article(db::Session& s, const Article& a, std::int64_t admin_id, std::string_view reason, std::int64_t at);
void show_article(db::Session& s, const Article& a);
// Publishes an article (and indexes it); the seeder's and publish()'s path.
void publish_article(db::Session& s, const Article& a, std::int64_t now);

// Re-indexes articles first_id..last_id (article_search_index.cpp): a
// document for each published, not hidden one; none for the others.
void index_articles(db::Session& s, std::int64_t first_id, std::int64_t last_id);
// After the account `user_id` was suspended or reinstated (a reports
// TargetRegistry hook, in the caller's unit of work): its published
// articles leave or rejoin the search index, and the content version rises
// when any did.
void refresh_articles_of_user(db::Session& s, std::int64_t user_id);
// Builds the articles' search documents when the index has never been
// built for them (a new database, or one migrated before search).
void rebuild_article_index_if_stale(db::Database& db);

}  // namespace hearth::articles
