#include "features/articles/articles_api.hpp"

#include <boost/json/array.hpp>
#include <boost/beast/http/field.hpp>
#include <boost/json/parse.hpp>

#include "core/time_format.hpp"
#include "features/common/page_query.hpp"

namespace hearth::articles {

namespace {

namespace json = boost::json;

json::value optional_time(const std::optional<std::int64_t>& t) {
    return t ? json::value(rfc3339(*t)) : json::value(nullptr);
}

json::array strings(const std::vector<std::string>& items) {
    json::array out;
    for (const auto& s : items) out.emplace_back(s);
    return out;
}

std::string slug_of(const http::Request& req) { return req.path_param("slug"); }

// One reference of a JSON body; a year may come as a number.
Reference reference_from(const json::object& o) {
    auto text = [&](std::string_view key) -> std::string {
        const auto* v = o.if_contains(key);
        if (!v) return {};
        if (v->is_string()) return std::string(v->as_string());
        if (v->is_int64()) return std::to_string(v->as_int64());
        return {};
    };
    return {text("authors"), text("year"), text("title"), text("publisher"), text("url"), text("note")};
}

std::vector<Reference> references_from(const http::Request& req, http::Input& in) {
    std::vector<Reference> out;
    if (req.is_api()) {
        const auto* v = req.json().if_contains("references");
        if (!v || v->is_null()) return out;
        if (!v->is_array()) {
            in.fail("references", "Send the references as a list of objects.");
            return out;
        }
        for (const auto& item : v->as_array()) {
            if (!item.is_object()) {
                in.fail("references", "Each reference is an object with at least a title.");
                return out;
            }
            out.push_back(reference_from(item.as_object()));
        }
        return out;
    }
    // A form: one row per reference, in repeated fields of equal count.
    const auto titles = in.list("reference_title"), authors = in.list("reference_authors"),
               years = in.list("reference_year"), publishers = in.list("reference_publisher"),
               urls = in.list("reference_url"), notes = in.list("reference_note");
    auto at = [](const std::vector<std::string>& v, std::size_t i) { return i < v.size() ? v[i] : std::string(); };
    const auto rows = std::max({titles.size(), authors.size(), years.size(), publishers.size(), urls.size(), notes.size()});
    for (std::size_t i = 0; i < rows; ++i) {
        out.push_back({at(authors, i), at(years, i), at(titles, i), at(publishers, i), at(urls, i), at(notes, i)});
    }
    return out;
}

}  // namespace

boost::json::object article_json(const Article& a, bool for_editor) {
    json::array references;
    for (const auto& r : a.content.references) {
        references.push_back(json::object{{"authors", r.authors},
                                          {"year", r.year},
                                          {"title", r.title},
                                          {"publisher", r.publisher},
                                          {"url", r.url},
                                          {"note", r.note}});
    }
    boost::system::error_code ec;
    auto toc = json::parse(a.rendered.toc_json, ec);
    if (ec) toc = json::array();
    json::object o{{"id", a.id},
                   {"slug", a.slug},
                   {"status", a.status},
                   {"url", "/articles/" + a.slug},
                   {"title", a.content.title},
                   {"summary", a.content.summary},
                   {"body", a.content.body},
                   {"body_html", a.rendered.html},
                   {"toc", std::move(toc)},
                   {"key_points", strings(a.content.key_points)},
                   {"topics", strings(a.content.topics)},
                   {"references", std::move(references)},
                   {"content_notes", strings(a.content.content_notes)},
                   {"cover_image_alt", a.content.cover_alt},
                   {"cover_image_url", a.cover_file ? json::value("/articles/" + a.slug + "/cover?v=" +
                                                                  std::to_string(a.version))
                                                    : json::value(nullptr)},
                   {"adapted_from", a.content.adapted_from},
                   {"author", json::object{{"name", a.author_name}, {"slug", a.author_slug}}},
                   {"created_at", rfc3339(a.created_at)},
                   {"updated_at", rfc3339(a.updated_at)},
                   {"published_at", optional_time(a.published_at)},
                   {"revised_at", optional_time(a.revised_at)},
                   {"reading_minutes", reading_minutes(a.rendered.word_count)},
                   {"word_count", a.rendered.word_count},
                   {"version", a.version}};
    if (for_editor) {
        o["hidden"] = a.hidden();
        o["hidden_reason"] = a.hidden() ? json::value(a.hidden_reason) : json::value(nullptr);
    }
    return o;
}

Error as_error(const ArticleRefusal& refusal) {
    if (refusal.code == ArticleRefusal::Code::not_a_draft) {
        const auto& first = refusal.fields.front();
        return Error::conflict("not_a_draft", first.message, first.field);
    }
    if (refusal.code == ArticleRefusal::Code::edited_elsewhere) {
        const auto& first = refusal.fields.front();
        return Error::conflict("edit_conflict", first.message, first.field);
    }
    return Error::invalid_fields(refusal.fields);
}

ArticleContent content_from(const http::Request& req, http::Input& in, ArticleContent base) {
    auto text = [&](std::string_view name, std::string& into) {
        if (in.has(name)) into = in.raw(name);
    };
    // A form leaves out a group of checkboxes with none ticked: there, absent
    // means empty; in JSON, absent means unchanged.
    auto list = [&](std::string_view name, std::vector<std::string>& into) {
        if (!req.is_api() || in.has(name)) into = in.list(name);
    };
    text("title", base.title);
    text("summary", base.summary);
    text("body", base.body);
    text("adapted_from", base.adapted_from);
    text("cover_image_alt", base.cover_alt);
    list("key_points", base.key_points);
    list("topics", base.topics);
    list("content_notes", base.content_notes);
    if (req.is_api() ? in.has("references") : in.has("reference_title")) base.references = references_from(req, in);
    return base;
}

http::Response ArticlesApi::one(const http::Request& req, const Article& a, int status) {
    return http::json(status, article_json(a, articles_.may_edit(req.actor(), a)));
}

http::Response ArticlesApi::create(http::Request& req) {
    http::Input in(req);
    auto content = content_from(req, in);
    in.check();
    auto outcome = articles_.create(req.actor(), std::move(content));
    if (!outcome) throw as_error(outcome.refusal());
    return one(req, outcome.value(), 201);
}

http::Response ArticlesApi::show(http::Request& req) { return one(req, articles_.read(req.actor(), slug_of(req))); }

http::Response ArticlesApi::update(http::Request& req) {
    const auto slug = slug_of(req);
    const auto current = articles_.read(req.actor(), slug);
    http::Input in(req);
    auto content = content_from(req, in, current.content);
    // Optional: a client that sends the version it read gets 409 instead of
    // overwriting a newer one.
    const auto version = in.has("version") ? in.integer("version") : std::nullopt;
    in.check();
    auto outcome = articles_.update(req.actor(), slug, std::move(content), version);
    if (!outcome) throw as_error(outcome.refusal());
    return one(req, outcome.value());
}

http::Response ArticlesApi::publish(http::Request& req) {
    return one(req, articles_.publish(req.actor(), slug_of(req)));
}

http::Response ArticlesApi::unpublish(http::Request& req) {
    return one(req, articles_.unpublish(req.actor(), slug_of(req)));
}

http::Response ArticlesApi::remove(http::Request& req) {
    auto outcome = articles_.remove(req.actor(), slug_of(req));
    if (!outcome) throw as_error(outcome.refusal());
    return http::json(200, json::object{{"deleted", true}});
}

http::Response ArticlesApi::mine(http::Request& req) {
    const auto page = paging::from_query(req);
    const auto list = articles_.mine(req.actor(), page);
    json::array items;
    for (const auto& a : list.items) items.push_back(article_json(a, true));
    return http::json(200, paging::list_json(std::move(items), list.total, page));
}

http::Response ArticlesApi::take_down(http::Request& req) {
    http::Input in(req);
    auto reason = in.raw("reason");
    in.check();
    auto outcome = articles_.take_down(req.actor(), slug_of(req), std::move(reason));
    if (!outcome) throw as_error(outcome.refusal());
    return one(req, outcome.value());
}

http::Response ArticlesApi::restore(http::Request& req) {
    return one(req, articles_.restore(req.actor(), slug_of(req)));
}

http::Response ArticlesApi::upload_cover(http::Request& req) {
    const auto slug = slug_of(req);
    std::string alt(req.query_param("alt"));
    if (alt.empty()) alt = articles_.read(req.actor(), slug).content.cover_alt;
    auto outcome = articles_.save_cover(req.actor(), slug, req.body(), std::move(alt));
    if (!outcome) throw as_error(outcome.refusal());
    return one(req, outcome.value());
}

http::Response ArticlesApi::remove_cover(http::Request& req) {
    return one(req, articles_.remove_cover(req.actor(), slug_of(req)));
}

http::Response ArticlesApi::cover(http::Request& req) {
    auto c = articles_.cover(req.actor(), slug_of(req));
    auto res = http::text(200, std::move(c.bytes), c.content_type);
    // Public covers may be cached (the URL carries the version); others
    // are for their author and admins only.
    if (c.public_to_everyone) {
        res.set(boost::beast::http::field::cache_control, "public, max-age=86400");
    } else {
        res.set(boost::beast::http::field::cache_control, "private, no-store");
        res.set(boost::beast::http::field::vary, "Cookie, Authorization");
    }
    return res;
}

}  // namespace hearth::articles
