#pragma once
// The site-wide search: /search (one box, results grouped by kind, each
// group with "See all N ..." into that kind's own list) and
// GET /api/v1/search?q&type&page&per_page. The kinds are the
// site_search::Source list the application hands over; this feature names
// none of them.
#include <vector>

#include "db/database.hpp"
#include "features/common/site_search.hpp"
#include "http/response.hpp"
#include "render/view.hpp"

namespace hearth::site {

// The longest search text read, in characters (longer: 422 "q").
inline constexpr std::size_t max_site_query_chars = 200;
// Results per kind on the /search page.
inline constexpr std::int64_t hits_per_group = 5;

class SiteSearchPages {
public:
    SiteSearchPages(db::Database& db, const render::View& view, std::vector<site_search::Source> sources)
        : db_(db), view_(view), sources_(std::move(sources)) {}

    http::Response page(http::Request& req);  // GET /search?q
    // GET /api/v1/search?q&type&page&per_page -> {"items":[{type,title,url,
    // snippet_html,detail}],"total","page","per_page"}: one kind ranked by
    // relevance, or without `type` every kind's ranked matches one kind
    // after another, in the order of the sources. 422 for an empty or too
    // long q ("q") and an unknown type ("type").
    http::Response api(http::Request& req);

private:
    db::Database& db_;
    const render::View& view_;
    const std::vector<site_search::Source> sources_;
};

}  // namespace hearth::site
