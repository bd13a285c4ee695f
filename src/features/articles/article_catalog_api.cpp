#include "features/articles/article_catalog_api.hpp"

#include <boost/json.hpp>

#include "core/error.hpp"
#include "core/utf8.hpp"
#include "db/search_text.hpp"
#include "features/articles/article_pages.hpp"
#include "features/common/page_query.hpp"

namespace hearth::articles {

namespace {
// As many words as the directory searches at most.
constexpr std::size_t max_search_words = 8;
}  // namespace

ArticleListQuery read_list_query(const http::Request& req, const std::vector<vocabularies::Term>& topics) {
    ArticleListQuery q;
    const std::string text = req.query_param("q");
    if (character_count(text) > max_query_chars) {
        throw Error::invalid("q", "Please search with at most 200 characters.", "too_long");
    }
    q.words = db::search_text::words(text, max_search_words);
    q.topic = req.query_param("topic");
    if (!q.topic.empty() &&
        std::none_of(topics.begin(), topics.end(), [&](const vocabularies::Term& t) { return t.slug == q.topic; })) {
        throw Error::invalid("topic", "We do not know that topic. Please choose one from the list.", "unknown_topic");
    }
    q.author_slug = req.query_param("author");
    q.page = paging::from_query(req);
    return q;
}

http::Response ArticleCatalogApi::list(http::Request& req) {
    const auto list = db_.read([&](db::Session& s) {
        const auto q = read_list_query(req, vocabularies::list_terms(s, vocabularies::Kind::topic));
        return std::make_pair(q.page, list_public_articles(s, q));
    });
    boost::json::array items;
    for (const auto& c : list.second.items) {
        auto o = card_json(c);
        boost::json::object item{{"slug", o["slug"]},
                                 {"title", o["title"]},
                                 {"summary", o["summary"]},
                                 {"url", o["url"]},
                                 {"author", boost::json::object{{"name", c.author_name}, {"slug", c.author_slug}}},
                                 {"topics", o["topic_slugs"]},
                                 {"published_at", o["published_at"]},
                                 {"revised_at", o["revised_at"]},
                                 {"reading_minutes", o["reading_minutes"]}};
        if (!c.snippet_html.empty()) item["snippet_html"] = c.snippet_html;
        items.push_back(std::move(item));
    }
    return http::json(200, paging::list_json(std::move(items), list.second.total, list.first));
}

}  // namespace hearth::articles
