#include "features/articles/article_editor_pages.hpp"

#include <fmt/chrono.h>
#include <fmt/format.h>

#include <boost/json/array.hpp>
#include <boost/json/parse.hpp>
#include <ctime>

#include "features/articles/articles_api.hpp"
#include "features/common/form_view.hpp"
#include "features/common/page_query.hpp"
#include "http/input.hpp"
#include "http/form.hpp"

namespace hearth::articles {

namespace {

namespace json = boost::json;

// Empty rows the editor offers for new references, beyond those written.
constexpr std::size_t blank_reference_rows = 2;

std::string day_of(std::int64_t t) { return fmt::format("{:%d %B %Y}", fmt::gmtime(static_cast<std::time_t>(t))); }

std::string edit_url(std::string_view slug) { return "/articles/" + std::string(slug) + "/edit"; }

std::string_view status_label(const Article& a) {
    if (a.hidden()) return "Taken down";
    return a.published() ? "Published" : "Draft";
}

render::PageMeta meta_of(std::string title) { return render::private_page(std::move(title), "articles"); }

json::object values_of(const ArticleContent& c) {
    json::array key_points;
    for (std::size_t i = 0; i < max_key_points; ++i) {
        key_points.push_back(json::object{{"n", i + 1}, {"value", i < c.key_points.size() ? c.key_points[i] : ""}});
    }
    json::array references;
    const auto rows = std::min(max_references, c.references.size() + blank_reference_rows);
    for (std::size_t i = 0; i < rows; ++i) {
        const auto r = i < c.references.size() ? c.references[i] : Reference{};
        references.push_back(json::object{{"n", i + 1},
                                          {"i", i},
                                          {"title", r.title},
                                          {"authors", r.authors},
                                          {"year", r.year},
                                          {"publisher", r.publisher},
                                          {"url", r.url},
                                          {"note", r.note}});
    }
    return {{"title", c.title},       {"summary", c.summary},           {"body", c.body},
            {"key_points", key_points}, {"references", references},     {"adapted_from", c.adapted_from},
            {"cover_image_alt", c.cover_alt}};
}

// The fields the form names by index ("references[2].title") are shown by
// the row's inputs; errors{} keys cannot hold dots for Mustache, so each
// row gets its own messages.
void add_reference_errors(json::object& values, const std::vector<FieldError>& errors) {
    auto& rows = values["references"].as_array();
    for (const auto& e : errors) {
        if (!e.field.starts_with("references[")) continue;
        const auto close = e.field.find(']');
        if (close == std::string::npos) continue;
        std::size_t i = 0;
        try {
            i = std::stoul(e.field.substr(11, close - 11));
        } catch (...) {
            continue;
        }
        if (i < rows.size() && !rows[i].as_object().contains("error")) rows[i].as_object()["error"] = e.message;
    }
}

// Which button sent the form; "save" when none did (Enter in a field).
std::string action_of(http::Input& in) {
    auto a = in.text("action");
    return a.empty() ? "save" : a;
}

}  // namespace

http::Response ArticleEditorPages::editor(const http::Request& req, const Article* article,
                                          const ArticleContent& values, const std::vector<FieldError>& errors,
                                          const RenderedBody* preview, int status) {
    json::object data;
    auto v = values_of(values);
    add_reference_errors(v, errors);
    data["values"] = std::move(v);
    json::array topics;
    for (const auto& [slug, name] : articles_.topic_choices()) {
        const bool on = std::find(values.topics.begin(), values.topics.end(), slug) != values.topics.end();
        topics.push_back(json::object{{"slug", slug}, {"name", name}, {"checked", on}});
    }
    data["topics"] = std::move(topics);
    json::array notes;
    for (const auto& k : content_note_kinds) {
        const bool on = std::find(values.content_notes.begin(), values.content_notes.end(), k.slug) !=
                        values.content_notes.end();
        notes.push_back(json::object{{"slug", k.slug}, {"label", k.label}, {"checked", on}});
    }
    data["content_notes"] = std::move(notes);
    const auto actor = req.actor();
    if (article) {
        json::object a{{"slug", article->slug},
                       {"version", article->version},
                       {"url", "/articles/" + article->slug},
                       {"edit_url", edit_url(article->slug)},
                       {"status_label", status_label(*article)},
                       {"published", article->published()},
                       {"visible", article->visible()},
                       {"hidden", article->hidden()},
                       {"hidden_reason", article->hidden_reason},
                       {"deletable", !article->published_at},
                       {"has_cover", article->cover_file.has_value()},
                       {"cover_url", "/articles/" + article->slug + "/cover?v=" + std::to_string(article->version)},
                       {"cover_alt", article->content.cover_alt},
                       {"updated_on", day_of(article->updated_at)},
                       {"may_take_down", articles_.may_take_down(actor)}};
        if (article->published_at) a["published_on"] = day_of(*article->published_at);
        data["article"] = std::move(a);
        data["form_action"] = edit_url(article->slug);
        data["draft_key"] = "article:" + article->slug;
    } else {
        data["form_action"] = "/articles/new";
        data["draft_key"] = "article:new";
    }
    if (preview) {
        boost::system::error_code ec;
        auto toc = json::parse(preview->toc_json, ec);
        data["preview"] = json::object{{"body_html", preview->html},
                                       {"title", values.title},
                                       {"summary", values.summary},
                                       {"reading_minutes", reading_minutes(preview->word_count)},
                                       {"toc", ec ? json::value(json::array()) : toc}};
    }
    if (req.query_param("saved") == "1") data["notice"] = "Saved.";
    const auto title = article ? "Edit: " + article->content.title : std::string("Write an article");
    if (!errors.empty() || status != 200) {
        return forms::show_again(view_, req, "articles/editor", std::move(data), errors, meta_of(title),
                                 forms::Again{status});
    }
    return http::html(200, view_.page(req, "articles/editor", std::move(data), meta_of(title)));
}

http::Response ArticleEditorPages::new_form(http::Request& req) {
    if (!req.principal.signed_in()) return http::redirect("/login?gated=1&return_to=%2Farticles%2Fnew", 303);
    if (!articles_.may_write(req.actor())) {
        throw Error::forbidden("Articles are written by specialists whose licence we have verified.");
    }
    return editor(req, nullptr, {}, {}, nullptr, 200);
}

http::Response ArticleEditorPages::create(http::Request& req) {
    if (!req.principal.signed_in()) return http::redirect("/login?gated=1&return_to=%2Farticles%2Fnew", 303);
    http::Input in(req);
    const auto action = action_of(in);
    auto content = content_from(req, in);
    if (!in.ok()) return editor(req, nullptr, content, in.errors(), nullptr, 422);
    if (action == "preview") {
        auto outcome = articles_.preview(req.actor(), content);
        if (!outcome) return editor(req, nullptr, content, outcome.refusal().fields, nullptr, 422);
        return editor(req, nullptr, outcome->content, {}, &outcome->rendered, 200);
    }
    auto outcome = articles_.create(req.actor(), content);
    if (!outcome) return editor(req, nullptr, content, outcome.refusal().fields, nullptr, 422);
    if (action == "publish") articles_.publish(req.actor(), outcome->slug);
    return forms::draft_accepted(http::redirect(edit_url(outcome->slug) + "?saved=1", 303), "article:new");
}

http::Response ArticleEditorPages::refused(const http::Request& req, std::string_view slug,
                                           const ArticleContent& content, const ArticleRefusal& refusal) {
    // For edited_elsewhere, the form shows what the writer typed over the
    // article as it is now, carrying its new version: saving again is then
    // a choice made knowingly.
    const auto current = articles_.for_editing(req.actor(), slug);
    const bool conflict = refusal.code == ArticleRefusal::Code::edited_elsewhere;
    return editor(req, &current, content, refusal.fields, nullptr, conflict ? 409 : 422);
}

http::Response ArticleEditorPages::edit_form(http::Request& req) {
    if (!req.principal.signed_in()) {
        return http::redirect("/login?gated=1&return_to=" + http::url_encode(req.path()), 303);
    }
    const auto a = articles_.for_editing(req.actor(), req.path_param("slug"));
    return editor(req, &a, a.content, {}, nullptr, 200);
}

http::Response ArticleEditorPages::save(http::Request& req) {
    const auto slug = req.path_param("slug");
    const auto actor = req.actor();
    const auto a = articles_.for_editing(actor, slug);
    http::Input in(req);
    const auto action = action_of(in);
    const auto draft = "article:" + a.slug;
    // The version the form was opened at (older forms and scripts send none).
    const auto version = in.has("version") ? in.integer("version") : std::nullopt;
    if (action == "publish" || action == "unpublish" || action == "delete") {
        if (action == "delete") {
            auto outcome = articles_.remove(actor, slug);
            if (!outcome) return editor(req, &a, a.content, outcome.refusal().fields, nullptr, 409);
            return forms::draft_accepted(http::redirect("/articles/mine", 303), draft);
        }
        // Publishing and unpublishing save what is in the form first, so
        // nothing typed is lost.
        if (in.has("title")) {
            auto content = content_from(req, in, a.content);
            if (!in.ok()) return editor(req, &a, content, in.errors(), nullptr, 422);
            auto saved = articles_.update(actor, slug, content, version);
            if (!saved) return refused(req, slug, content, saved.refusal());
        }
        if (action == "publish") articles_.publish(actor, slug);
        else articles_.unpublish(actor, slug);
        return forms::draft_accepted(http::redirect(edit_url(slug) + "?saved=1", 303), draft);
    }
    auto content = content_from(req, in, a.content);
    if (!in.ok()) return editor(req, &a, content, in.errors(), nullptr, 422);
    if (action == "preview") {
        auto outcome = articles_.preview(actor, content);
        if (!outcome) return editor(req, &a, content, outcome.refusal().fields, nullptr, 422);
        return editor(req, &a, outcome->content, {}, &outcome->rendered, 200);
    }
    auto outcome = articles_.update(actor, slug, content, version);
    if (!outcome) return refused(req, slug, content, outcome.refusal());
    return forms::draft_accepted(http::redirect(edit_url(slug) + "?saved=1", 303), draft);
}

http::Response ArticleEditorPages::take_down(http::Request& req) {
    const auto slug = req.path_param("slug");
    http::Input in(req);
    auto outcome = articles_.take_down(req.actor(), slug, in.raw("reason"));
    if (!outcome) {
        const auto a = articles_.for_editing(req.actor(), slug);
        return editor(req, &a, a.content, outcome.refusal().fields, nullptr, 422);
    }
    return http::redirect(edit_url(slug) + "?saved=1", 303);
}

http::Response ArticleEditorPages::restore(http::Request& req) {
    const auto slug = req.path_param("slug");
    articles_.restore(req.actor(), slug);
    return http::redirect(edit_url(slug) + "?saved=1", 303);
}

http::Response ArticleEditorPages::upload_cover(http::Request& req) {
    const auto slug = req.path_param("slug");
    const auto* file = req.file("cover_image");
    http::Input in(req);
    auto saved = articles_.save_cover(req.actor(), slug, file ? std::string_view(file->body) : std::string_view(),
                                      in.raw("cover_image_alt"));
    if (!saved) {
        const auto a = articles_.for_editing(req.actor(), slug);
        return editor(req, &a, a.content, saved.refusal().fields, nullptr, 422);
    }
    return http::redirect(edit_url(slug) + "?saved=1", 303);
}

http::Response ArticleEditorPages::remove_cover(http::Request& req) {
    const auto slug = req.path_param("slug");
    articles_.remove_cover(req.actor(), slug);
    return http::redirect(edit_url(slug) + "?saved=1", 303);
}

http::Response ArticleEditorPages::mine(http::Request& req) {
    if (!req.principal.signed_in()) return http::redirect("/login?gated=1&return_to=%2Farticles%2Fmine", 303);
    const auto page = paging::from_query(req);
    const auto list = articles_.mine(req.actor(), page);
    json::array items;
    for (const auto& a : list.items) {
        json::object o{{"title", a.content.title},
                       {"edit_url", edit_url(a.slug)},
                       {"url", "/articles/" + a.slug},
                       {"status_label", status_label(a)},
                       {"visible", a.visible()},
                       {"hidden", a.hidden()},
                       {"hidden_reason", a.hidden_reason},
                       {"updated_on", day_of(a.updated_at)}};
        if (a.published_at) o["published_on"] = day_of(*a.published_at);
        items.push_back(std::move(o));
    }
    json::object data{{"items", std::move(items)},
                      {"has_items", list.total > 0},
                      {"total", list.total},
                      {"may_write", articles_.may_write(req.actor())}};
    paging::add_links(data, page, list.total, "/articles/mine");
    return http::html(200, view_.page(req, "articles/mine", std::move(data), meta_of("Your articles")));
}

void ArticleEditorPages::add_account_section(const http::Request& req, boost::json::object& data) {
    if (req.principal.role != Role::specialist) return;
    data["articles"] = json::object{{"url", "/articles/mine"}, {"may_write", articles_.may_write(req.actor())}};
}

}  // namespace hearth::articles
