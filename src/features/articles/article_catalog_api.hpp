#pragma once
// GET /api/v1/articles: the public list of articles as JSON, the same
// list and filters as the /articles page (one reader of the query,
// read_list_query, serves both).
#include <string>
#include <vector>

#include "db/database.hpp"
#include "features/articles/article_reads.hpp"
#include "features/vocabularies/vocabulary.hpp"
#include "http/request.hpp"
#include "http/response.hpp"

namespace hearth::articles {

// The longest search text read (characters); longer is 422 "q".
inline constexpr std::size_t max_query_chars = 200;

// ?q&topic&author&page&per_page checked against the vocabulary's
// `topics`: q at most max_query_chars characters (422, field "q"), a topic
// slug of the vocabulary (422, field "topic"), the page as paging::parse
// reads it (422 "page" / "per_page"). An unknown author finds nothing.
ArticleListQuery read_list_query(const http::Request& req, const std::vector<vocabularies::Term>& topics);

class ArticleCatalogApi {
public:
    explicit ArticleCatalogApi(db::Database& db) : db_(db) {}

    // {"items":[{slug,title,summary,url,author{name,slug},topics[],published_at,
    // revised_at,reading_minutes[,snippet_html]}],"total","page","per_page"}
    http::Response list(http::Request& req);

private:
    db::Database& db_;
};

}  // namespace hearth::articles
