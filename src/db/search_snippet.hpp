#pragma once
// Highlighted snippets for search results, folded the way the search index
// folds text (search_text.hpp), so "malmo" marks "Malmö".
#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace hearth::db {

// An excerpt of `text` (plain text, UTF-8) of at most about `max_chars`
// characters around the first place where the query's words occur, with
// every word that starts with one of `words` (folded; so "heal" marks
// "healing") wrapped in <mark>...</mark>. Everything else is HTML-escaped.
// Cut at word boundaries, with "…" where text was left out. No match: the
// start of the text. Never throws on invalid UTF-8 (it is replaced).
std::string search_snippet(std::string_view text, const std::vector<std::string>& words,
                           std::size_t max_chars = 200);

}  // namespace hearth::db
