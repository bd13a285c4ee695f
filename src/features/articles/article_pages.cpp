#include "features/articles/article_pages.hpp"

#include <boost/json.hpp>
#include <fmt/format.h>

#include "core/clock.hpp"
#include "core/error.hpp"
#include "core/percent_encoding.hpp"
#include "core/time_format.hpp"
#include "features/articles/article_catalog_api.hpp"
#include "features/articles/articles.hpp"
#include "features/common/content_version.hpp"
#include "features/common/paging.hpp"
#include "features/common/policy.hpp"
#include "features/specialists/profile_store.hpp"
#include "features/specialists/profile_view.hpp"
#include "features/vocabularies/vocabulary.hpp"
#include "http/conditional.hpp"

namespace hearth::articles {

namespace {

// A table of contents helps only in a longer text.
constexpr std::size_t toc_min_headings = 3;

std::string article_path(std::string_view slug) { return "/articles/" + std::string(slug); }

boost::json::value optional_time(const std::optional<std::int64_t>& t) {
    return t ? boost::json::value(rfc3339(*t)) : boost::json::value(nullptr);
}

// FNV-1a: a short, stable digest of the viewer's CSRF token for the ETag
// (a new token, as after logging in again, is a new page).
std::uint64_t digest(std::string_view s) {
    std::uint64_t h = 1469598103934665603ull;
    for (unsigned char c : s) {
        h ^= c;
        h *= 1099511628211ull;
    }
    return h;
}

// Share links that need no script and load nothing from elsewhere: plain
// links to each service's own share page, every value percent-encoded.
boost::json::array share_links(const std::string& url, const std::string& title) {
    const std::string u = percent_encode(url), t = percent_encode(title), both = percent_encode(title + " " + url);
    const std::pair<const char*, std::string> links[] = {
        {"E-mail", "mailto:?subject=" + t + "&body=" + both},
        {"WhatsApp", "https://wa.me/?text=" + both},
        {"Facebook", "https://www.facebook.com/sharer/sharer.php?u=" + u},
        {"X", "https://x.com/intent/post?url=" + u + "&text=" + t},
        {"LinkedIn", "https://www.linkedin.com/sharing/share-offsite/?url=" + u},
        {"Reddit", "https://www.reddit.com/submit?url=" + u + "&title=" + t},
    };
    boost::json::array out;
    for (const auto& [name, href] : links) out.push_back(boost::json::object{{"name", name}, {"href", href}});
    return out;
}

boost::json::object author_json(db::Session& s, const PublicArticle& a) {
    const auto found = specialists::find_listed_profiles(s, {a.profile_id}, specialists::ProfileDetail::card);
    if (found.empty()) {
        // A specialist no longer listed: their name, without a profile to link to.
        return {{"full_name", a.card.author_name}, {"initials", specialists::initials(a.card.author_name)},
                {"listed", false}};
    }
    auto o = specialists::public_card_json(found.front());
    o["listed"] = true;
    o["book_url"] = "/specialists/" + found.front().slug + "/book";
    return o;
}

std::string references_text(const Reference& r) {
    std::string out;
    if (!r.authors.empty()) out += r.authors + " ";
    if (!r.year.empty()) out += "(" + r.year + "). ";
    return out;
}

}  // namespace

boost::json::object card_json(const ArticleCard& c) {
    boost::json::array topics, topic_slugs;
    for (const auto& t : c.topics) {
        topics.push_back(boost::json::object{{"slug", t.slug}, {"name", t.name}, {"url", "/articles?topic=" + t.slug}});
        topic_slugs.push_back(boost::json::string(t.slug));
    }
    return {{"slug", c.slug},
            {"title", c.title},
            {"summary", c.summary},
            {"url", article_path(c.slug)},
            {"author", boost::json::object{{"name", c.author_name},
                                           {"slug", c.author_slug},
                                           {"url", "/specialists/" + c.author_slug}}},
            {"topics", std::move(topics)},
            {"has_topics", !c.topics.empty()},
            {"topic_slugs", std::move(topic_slugs)},
            {"published_at", rfc3339(c.published_at)},
            {"published_text", long_date(c.published_at)},
            {"revised_at", optional_time(c.revised_at)},
            {"reading_minutes", reading_minutes(c.word_count)},
            {"snippet_html", c.snippet_html}};
}

ArticlePages::ArticlePages(db::Database& db, const render::View& view, const content_version::Watch* watch)
    : db_(db), view_(view), watch_(watch), started_at_(now_seconds()) {}

// --- /articles ---

http::Response ArticlePages::list(http::Request& req) {
    const std::string text = req.query_param("q");
    struct Read {
        ArticleListQuery query;
        PublicArticleList list;
        std::vector<vocabularies::Term> topics;
    };
    const auto r = db_.read([&](db::Session& s) {
        Read out;
        out.topics = vocabularies::list_terms(s, vocabularies::Kind::topic);
        out.query = read_list_query(req, out.topics);
        out.list = list_public_articles(s, out.query);
        return out;
    });
    const auto& q = r.query;

    boost::json::array items, topic_options, topic_chips;
    for (const auto& c : r.list.items) items.push_back(card_json(c));
    std::string topic_name;
    for (const auto& t : r.topics) {
        const bool selected = t.slug == q.topic;
        if (selected) topic_name = t.name;
        topic_options.push_back(boost::json::object{{"slug", t.slug}, {"name", t.name}, {"selected", selected}});
        topic_chips.push_back(boost::json::object{
            {"name", t.name}, {"url", "/articles?topic=" + t.slug}, {"current", selected}});
    }
    // The base of paging links keeps every filter.
    std::string base = "/articles?";
    if (!text.empty()) base += "q=" + percent_encode(text) + "&";
    if (!q.topic.empty()) base += "topic=" + percent_encode(q.topic) + "&";
    if (!q.author_slug.empty()) base += "author=" + percent_encode(q.author_slug) + "&";
    if (q.page.per_page != paging::default_per_page) base += "per_page=" + std::to_string(q.page.per_page) + "&";
    base.pop_back();

    const bool searching = !q.words.empty();
    std::string author_name;
    if (!q.author_slug.empty() && !r.list.items.empty()) author_name = r.list.items.front().author_name;
    boost::json::object data{{"q", text},
                             {"searching", searching},
                             {"topic", q.topic},
                             {"topic_name", topic_name},
                             {"all_topics_current", q.topic.empty()},
                             {"topic_options", std::move(topic_options)},
                             {"topic_chips", std::move(topic_chips)},
                             {"author", q.author_slug},
                             {"author_name", author_name},
                             {"filtered_by_author", !q.author_slug.empty()},
                             {"items", std::move(items)},
                             {"has_items", !r.list.items.empty()},
                             {"total", r.list.total},
                             {"one_result", r.list.total == 1}};
    paging::add_links(data, q.page, r.list.total, base);
    data["several_pages"] = data["pages"].as_int64() > 1;  // no pager for one page

    render::PageMeta meta;
    meta.title = topic_name.empty() ? "Articles" : "Articles on " + topic_name;
    meta.description = "Articles by verified mental-health specialists on relationships, trauma and healing.";
    meta.canonical_path = q.topic.empty() ? "/articles" : "/articles?topic=" + q.topic;
    meta.nav_section = "articles";
    meta.noindex = searching || !q.author_slug.empty() || q.page.page > 1;
    if (!q.topic.empty()) meta.feeds.push_back({"Hearth articles on " + topic_name, "/topics/" + q.topic + "/feed.xml"});
    return http::html(200, view_.page(req, "articles/list", std::move(data), meta));
}

// --- /articles/{slug} ---

render::PageMeta ArticlePages::article_meta(const PublicArticle& a, const boost::json::object& author) const {
    const auto& base = view_.site().base_url;
    const std::string path = article_path(a.card.slug);
    render::PageMeta meta;
    meta.title = a.card.title;
    meta.description = a.card.summary;
    meta.canonical_path = path;
    meta.og_type = "article";
    meta.nav_section = "articles";
    if (a.has_cover) {
        meta.og_image = fmt::format("{}/cover?v={}", path, a.version);
        meta.og_image_alt = a.cover_alt;
        meta.twitter_card = "summary_large_image";
    }
    for (const auto& t : a.card.topics) {
        meta.feeds.push_back({"Hearth articles on " + t.name, "/topics/" + t.slug + "/feed.xml"});
    }
    meta.feeds.push_back({"Articles by " + a.card.author_name, "/specialists/" + a.card.author_slug + "/feed.xml"});

    boost::json::object person{{"@type", "Person"}, {"name", a.card.author_name}};
    if (author.at("listed").as_bool()) person["url"] = base + "/specialists/" + a.card.author_slug;
    boost::json::array keywords;
    for (const auto& t : a.card.topics) keywords.push_back(boost::json::string(t.name));
    boost::json::object ld{
        {"@context", "https://schema.org"},
        {"@type", "Article"},
        {"headline", a.card.title},
        {"description", a.card.summary},
        {"datePublished", rfc3339(a.card.published_at)},
        {"dateModified", rfc3339(a.card.revised_at.value_or(a.card.published_at))},
        {"author", std::move(person)},
        {"publisher", boost::json::object{{"@type", "Organization"}, {"name", view_.site().name}, {"url", base + "/"}}},
        {"mainEntityOfPage", boost::json::object{{"@type", "WebPage"}, {"@id", base + path}}},
        {"inLanguage", "en"},
        {"wordCount", a.card.word_count},
    };
    if (!keywords.empty()) ld["keywords"] = std::move(keywords);
    if (a.has_cover) ld["image"] = base + meta.og_image;
    meta.json_ld = boost::json::serialize(ld);
    return meta;
}

std::shared_ptr<const ArticlePages::ArticleView> ArticlePages::assemble(db::Session& s, const PublicArticle& a) const {
    auto view = std::make_shared<ArticleView>();
    view->author_id = a.author_id;
    const std::string url = view_.site().base_url + article_path(a.card.slug);
    auto& d = view->data;
    d = card_json(a.card);
    d["canonical_url"] = url;
    if (a.card.revised_at) d["revised_text"] = long_date(*a.card.revised_at);

    std::string notes;
    for (const auto& n : a.content_notes) notes += (notes.empty() ? "" : ", ") + content_note_words(n);
    d["content_notes_text"] = notes;
    d["has_content_notes"] = !notes.empty();
    boost::json::array key_points;
    for (const auto& k : a.key_points) key_points.push_back(boost::json::string(k));
    d["has_key_points"] = !key_points.empty();
    d["key_points"] = std::move(key_points);
    boost::json::array toc;
    for (const auto& t : a.toc) {
        toc.push_back(boost::json::object{{"id", t.id}, {"text", t.text}, {"sub", t.level > 2}});
    }
    d["has_toc"] = a.toc.size() >= toc_min_headings;
    d["toc"] = std::move(toc);
    d["body_html"] = a.body_html;
    d["adapted_from"] = a.adapted_from;
    if (a.has_cover) {
        d["cover"] = boost::json::object{{"src", fmt::format("{}/cover?v={}", article_path(a.card.slug), a.version)},
                                         {"alt", a.cover_alt}};
    }
    boost::json::array refs;
    for (const auto& r : a.references) {
        refs.push_back(boost::json::object{{"lead", references_text(r)},
                                           {"title", r.title},
                                           {"publisher", r.publisher},
                                           {"url", r.url},
                                           {"note", r.note}});
    }
    d["has_references"] = !refs.empty();
    d["references"] = std::move(refs);

    auto author = author_json(s, a);
    boost::json::array related;
    for (const auto& c : related_articles(s, a.card.id)) related.push_back(card_json(c));
    d["has_related"] = !related.empty();
    d["related"] = std::move(related);
    d["share_links"] = share_links(url, a.card.title);
    view->meta = article_meta(a, author);
    d["author_box"] = std::move(author);
    return view;
}

http::Response ArticlePages::show(http::Request& req) {
    const std::string slug = req.path_param("slug");
    // A visitor's page is the same for every visitor; only a plain path
    // (no query string, which the layout's log-in link would carry) is kept.
    const bool shared_page = !req.principal.signed_in() && req.target().find('?') == std::string::npos;
    const auto from_memory = [&](const VisitorPage& page) {
        if (http::client_has_current(req, page.validators)) return http::not_modified(page.validators);
        auto res = http::html(200, page.html);
        http::set_validators(res, page.validators);
        return res;
    };
    if (shared_page && watch_) {
        if (const auto pushed = watch_->pushed()) {
            if (auto page = visitor_pages_.get(slug, *pushed)) return from_memory(*page);
        }
    }
    struct Stamp {
        ArticleStamp article;
        std::int64_t content = 0;
    };
    const auto stamp = db_.read([&](db::Session& s) -> std::optional<Stamp> {
        auto a = find_public_stamp(s, slug);
        if (!a) return std::nullopt;
        return Stamp{*a, content_version::read(s)};
    });
    if (!stamp) throw Error::not_found("We could not find that article.");

    // Who is reading is part of the tag: a signed-in page carries its
    // reader's name and CSRF token, so no one else's copy can ever match.
    const auto& who = req.principal;
    // After a report the page thanks its reader (?done=reported): another page.
    const bool reported = who.signed_in() && req.query_param("done") == "reported";
    const std::string viewer = who.signed_in() ? fmt::format("u{}-{:x}{}", who.user_id, digest(req.csrf_token),
                                                             reported ? "-r" : "")
                                               : std::string("anon");
    const http::Validators validators{
        fmt::format("\"a{}-v{}-c{}-s{}-{}\"", stamp->article.id, stamp->article.version, stamp->content, started_at_,
                    viewer),
        std::max(stamp->article.updated_at, started_at_)};
    if (http::client_has_current(req, validators)) return http::not_modified(validators);

    // The page as every reader sees it, assembled once per version of the
    // article and of what else it shows (the author box, related articles:
    // any public change raises the content version).
    const std::string key = fmt::format("a{}-v{}", stamp->article.id, stamp->article.version);
    auto view = views_.get(key, stamp->content);
    if (!view) {
        bool as_stamped = false;
        view = db_.read([&](db::Session& s) -> std::shared_ptr<const ArticleView> {
            const auto article = find_public_article(s, slug);
            if (!article) return nullptr;
            as_stamped = article->card.id == stamp->article.id && article->version == stamp->article.version &&
                         content_version::read(s) == stamp->content;
            return assemble(s, *article);
        });
        if (!view) throw Error::not_found("We could not find that article.");
        // Changed since the stamp (an edit in between): shown, but kept only
        // under the key and version it was read at.
        if (as_stamped) views_.put(key, stamp->content, view);
    }

    if (shared_page) {
        if (auto page = visitor_pages_.get(slug, stamp->content)) return from_memory(*page);
    }

    boost::json::object data = view->data;
    const policy::Record record{view->author_id, who.user_id, true};
    const bool may_edit = policy::may(who, policy::Action::write_article, record) ||
                          policy::may(who, policy::Action::moderate);
    data["may_edit"] = may_edit;
    data["edit_url"] = article_path(slug) + "/edit";
    // "Report this article" (templates/reports/report_form) for signed-in
    // readers who are not its author, once the reports desk takes articles.
    if (reports_accept_articles_ && policy::may(who, policy::Action::report_content, record)) {
        data["report"] = boost::json::object{
            {"target_type", "article"},
            {"target_id", stamp->article.id},
            {"return_to", article_path(slug)},
            {"summary", "Report this article"},
            {"hint", "Tell us if something in this article worries you. Our team reads every report; the author "
                     "is not told who made it."}};
        if (reported) data["reported"] = "Thank you for telling us. Our team will look at this article.";
    }
    auto page = view_.page(req, "articles/show", std::move(data), view->meta);
    if (shared_page && view == views_.get(key, stamp->content)) {
        visitor_pages_.put(slug, stamp->content, std::make_shared<const VisitorPage>(VisitorPage{page, validators}));
    }
    auto res = http::html(200, std::move(page));
    http::set_validators(res, validators);
    return res;
}

// --- the profile's list ---

boost::json::value ArticlePages::by_author_json(std::int64_t profile_id, const std::string& slug) {
    const auto list = db_.read([&](db::Session& s) { return articles_by_profile(s, profile_id); });
    if (list.items.empty()) return nullptr;
    boost::json::array items;
    for (const auto& c : list.items) items.push_back(card_json(c));
    return boost::json::object{{"items", std::move(items)},
                               {"total", list.total},
                               {"has_more", list.total > static_cast<std::int64_t>(list.items.size())},
                               {"all_url", "/articles?author=" + percent_encode(slug)}};
}

}  // namespace hearth::articles
