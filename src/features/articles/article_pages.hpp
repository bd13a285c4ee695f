#pragma once
// The reading pages of articles: the list (/articles, with topic, author
// and word search, paged) and an article (/articles/{slug}), with its
// metadata (Open Graph, Twitter card, JSON-LD Article, feeds), conditional
// GET (ETag, Last-Modified, 304) and the assembled page kept per article
// version in a VersionedCache.
#include <boost/json/object.hpp>
#include <boost/json/value.hpp>

#include <cstdint>
#include <string>

#include "core/versioned_cache.hpp"
#include "db/database.hpp"
#include "features/articles/article_reads.hpp"
#include "features/common/content_version.hpp"
#include "http/conditional.hpp"
#include "http/response.hpp"
#include "render/view.hpp"

namespace hearth::articles {

class ArticlePages {
public:
    // `watch` (may be null) is the content version pushed to this node: with
    // it, a visitor's page kept in memory is served without any query.
    ArticlePages(db::Database& db, const render::View& view, const content_version::Watch* watch = nullptr);

    http::Response list(http::Request& req);  // GET /articles?q&topic&author&page&per_page
    http::Response show(http::Request& req);  // GET /articles/{slug}

    // "Articles by {name}" on a specialist's profile (profile `profile_id`,
    // slug `slug`): {"items":[cards],"total","all_url"}, or null when they
    // have published none. Read in its own read transaction.
    boost::json::value by_author_json(std::int64_t profile_id, const std::string& slug);

    // Whether the article page offers its "Report" form to signed-in
    // readers who are not the author. Off until the reports desk accepts
    // target_type "article" (the moderation queue's article target); the
    // application switches it on where it registers that target.
    void set_reports_accept_articles(bool on) { reports_accept_articles_ = on; }

private:
    // An article page as every reader sees it, kept per (article, version)
    // at the content version it was read at.
    struct ArticleView {
        std::int64_t author_id = 0;
        boost::json::object data;
        render::PageMeta meta;
    };

    std::shared_ptr<const ArticleView> assemble(db::Session& s, const PublicArticle& a) const;
    render::PageMeta article_meta(const PublicArticle& a, const boost::json::object& author) const;

    db::Database& db_;
    const render::View& view_;
    VersionedCache<ArticleView> views_{512};
    // The whole page as a visitor gets it (the same bytes for every
    // visitor: no name, no CSRF token, no report form), per slug at the
    // content version it was read at: every change the public can see
    // raises that version (the article, its author box, related articles),
    // so most visitor reads render nothing, and with a pushed version
    // (content_version::Watch) read nothing either.
    struct VisitorPage {
        std::string html;
        http::Validators validators;
    };
    VersionedCache<VisitorPage> visitor_pages_{512};
    const content_version::Watch* watch_ = nullptr;
    // When this node started (UTC seconds): part of every validator, so a
    // deploy (new templates) never hides behind a page a browser kept.
    std::int64_t started_at_ = 0;
    bool reports_accept_articles_ = false;
};

// A card of a list as the templates and the API show it: slug, title,
// summary, url, author {name, slug, url}, topics [{slug, name, url}],
// published_at / revised_at (RFC 3339), published_text (a day),
// reading_minutes, and snippet_html when searching.
boost::json::object card_json(const ArticleCard& c);

}  // namespace hearth::articles
