#pragma once
// The directory's one search interface over the two engines' full-text
// indexes (SQLite FTS5 with bm25, PostgreSQL tsvector + GIN with ts_rank).
// Engine-specific SQL lives only here and in search_index.cpp, which builds
// the documents this file queries.
#include <vector>

#include "db/database.hpp"
#include "features/specialists/directory.hpp"

namespace hearth::specialists {

// Every listed profile that matches all of the query's words and filters,
// with its text relevance (higher is better: name, specialties and
// modalities weigh 10, the headline 4, bio and approach 1; 0 without
// words), whether it offers a free consultation and its lowest fee.
// Unordered: see order_matches.
std::vector<Match> find_matches(db::Session& s, const DirectoryQuery& q);

// The FTS5 MATCH expression (SQLite) and the tsquery text (PostgreSQL) of a
// query, exposed for the unit tests of the quoting.
std::string fts5_match_expression(const DirectoryQuery& q);
std::string tsquery_words(const DirectoryQuery& q);

}  // namespace hearth::specialists
