#pragma once
// Articles in the search index (db/search.hpp): one document per
// published, not hidden article; drafts and hidden articles have none, so
// a search can only ever find what the public may read.
#include <cstdint>
#include <string>
#include <string_view>

#include "db/search.hpp"

namespace hearth::articles {

// The "articles" collection. Fields, in order and weight: the title (4),
// the summary and key points (2.5), the author's name and the topics'
// names (1.5), the body as plain text (1). Key: "published_at" (UTC
// seconds), for newest-first lists.
const db::SearchCollection& article_collection();

inline constexpr std::string_view published_at_key = "published_at";

// The facet of a topic slug: "topic:boundaries".
std::string topic_facet(std::string_view topic_slug);

}  // namespace hearth::articles
