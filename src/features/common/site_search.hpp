#pragma once
// The site-wide search (/search, GET /api/v1/search): each feature whose
// public records can be searched (specialists, articles, questions)
// provides a SiteSearchSource; the search page asks each of them and shows
// their results side by side. The site feature names no other feature: the
// application hands it the sources.
#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "db/database.hpp"

namespace hearth::site_search {

// One result, ready to show: `snippet_html` is already HTML-escaped, with
// the matched words wrapped in <mark> (db::search_snippet), nothing else.
struct Hit {
    std::string type;          // "specialist", "article", "question"
    std::int64_t id = 0;
    std::string title;         // plain text
    std::string path;          // "/articles/why-you-cannot-heal-someone-else"
    std::string snippet_html;  // <mark>-highlighted excerpt, escaped
    std::string detail;        // a plain-text line under the title ("Article by Dr Priya Raman · 6 min read")
};

struct Results {
    std::vector<Hit> hits;
    std::int64_t total = 0;  // every public match of this type, not only these hits
};

// One searchable kind of public record.
struct Source {
    std::string type;   // "specialist", "article", "question": the API's ?type=
    std::string label;  // "Specialists", "Articles", "Questions" (the page's headings)
    // Ranked public matches of `words` (already split, as for db::SearchQuery),
    // skipping `offset` and returning at most `limit`, inside a read
    // transaction on `s`. Hidden, draft and unlisted records never match.
    std::function<Results(db::Session& s, const std::vector<std::string>& words, std::int64_t offset,
                          std::int64_t limit)>
        find;
};

}  // namespace hearth::site_search
