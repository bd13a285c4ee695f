#pragma once
// The article editor (pages): /articles/new, /articles/{slug}/edit with
// Save, Preview (rendered on the server below the form, no script needed),
// Publish, Unpublish and Delete; /articles/mine ("Your articles"); an
// admin's take-down and restore on the editor page; and the /account
// section linking to them.
#include <boost/json/object.hpp>

#include "features/articles/articles.hpp"
#include "http/request.hpp"
#include "http/response.hpp"
#include "render/view.hpp"

namespace hearth::articles {

class ArticleEditorPages {
public:
    ArticleEditorPages(Articles& articles, const render::View& view) : articles_(articles), view_(view) {}

    http::Response new_form(http::Request& req);   // GET /articles/new
    http::Response create(http::Request& req);     // POST /articles/new (action=save|preview|publish)
    http::Response edit_form(http::Request& req);  // GET /articles/{slug}/edit
    // POST /articles/{slug}/edit (action=save|preview|publish|unpublish|delete)
    http::Response save(http::Request& req);
    http::Response take_down(http::Request& req);  // POST /articles/{slug}/take-down {reason} (admins)
    http::Response restore(http::Request& req);    // POST /articles/{slug}/restore (admins)
    http::Response mine(http::Request& req);       // GET /articles/mine
    // POST /articles/{slug}/cover (multipart: cover_image, cover_image_alt)
    http::Response upload_cover(http::Request& req);
    http::Response remove_cover(http::Request& req);  // POST /articles/{slug}/cover/remove

    // /account: data["articles"] = {"url","count"} for a specialist.
    void add_account_section(const http::Request& req, boost::json::object& data);

private:
    // The editor again after a refused save (422, or 409 when the article
    // changed since the form was opened), with what the writer typed.
    http::Response refused(const http::Request& req, std::string_view slug, const ArticleContent& content,
                           const ArticleRefusal& refusal);
    http::Response editor(const http::Request& req, const Article* article, const ArticleContent& values,
                          const std::vector<FieldError>& errors, const RenderedBody* preview, int status);
    Articles& articles_;
    const render::View& view_;
};

}  // namespace hearth::articles
