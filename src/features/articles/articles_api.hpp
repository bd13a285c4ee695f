#pragma once
// Writing articles as JSON (/api/v1): create, read one, change, publish,
// unpublish, delete a draft, one's own list, and an admin's take-down.
// Shapes in docs/openapi.yaml (Article, ArticleInput). The public list
// GET /api/v1/articles is the reading side's.
#include <boost/json/object.hpp>

#include "features/articles/articles.hpp"
#include "http/input.hpp"
#include "http/request.hpp"
#include "http/response.hpp"

namespace hearth::articles {

// {"slug","status","url","title","summary","body","body_html","toc",
//  "key_points","topics","references","content_notes","cover_image_alt",
//  "adapted_from","cover_image_url" (or null),"author":{"name","slug"},"created_at","updated_at",
//  "published_at","revised_at" (RFC 3339 UTC or null),"reading_minutes",
//  "word_count","version"}; with `for_editor` (the author or an admin) also
// "hidden" and "hidden_reason".
boost::json::object article_json(const Article& a, bool for_editor);

// ArticleRefusal -> Error 422 "invalid" naming the first field (all in
// fields()), or 409 "not_a_draft".
Error as_error(const ArticleRefusal& refusal);

// The fields of `in` over `base`: in JSON a field that is absent keeps its
// value in `base` (so a PUT may send only what changes); a form's absent
// list (no topic ticked) is empty. JSON "references" is an
// array of objects; a form sends reference_title, reference_authors, ...
// as repeated fields, one per row.
ArticleContent content_from(const http::Request& req, http::Input& in, ArticleContent base = {});

class ArticlesApi {
public:
    explicit ArticlesApi(Articles& articles) : articles_(articles) {}

    http::Response create(http::Request& req);      // POST /api/v1/articles -> 201
    http::Response show(http::Request& req);        // GET /api/v1/articles/{slug}
    http::Response update(http::Request& req);      // PUT /api/v1/articles/{slug}
    http::Response publish(http::Request& req);     // POST /api/v1/articles/{slug}/publish
    http::Response unpublish(http::Request& req);   // POST /api/v1/articles/{slug}/unpublish
    http::Response remove(http::Request& req);      // DELETE /api/v1/articles/{slug} (drafts) -> 204
    http::Response mine(http::Request& req);        // GET /api/v1/me/articles?page&per_page
    http::Response take_down(http::Request& req);   // POST /api/v1/articles/{slug}/take-down {"reason"}
    http::Response restore(http::Request& req);     // POST /api/v1/articles/{slug}/restore
    // PUT /api/v1/articles/{slug}/cover?alt=...: the image itself is the
    // body; without ?alt= the article's cover_image_alt is kept (and must be set).
    http::Response upload_cover(http::Request& req);
    http::Response remove_cover(http::Request& req);  // DELETE /api/v1/articles/{slug}/cover
    // GET /articles/{slug}/cover: the image, for whoever may read the article.
    http::Response cover(http::Request& req);

private:
    http::Response one(const http::Request& req, const Article& a, int status = 200);
    Articles& articles_;
};

}  // namespace hearth::articles
