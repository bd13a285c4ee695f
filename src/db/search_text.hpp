#pragma once
// Text as both search engines see it: folded in C++ before it reaches
// either, so that accents and case match the same way on SQLite and on
// PostgreSQL (PostgreSQL's own parser keeps accents; FTS5's folds them).
#include <string>
#include <string_view>
#include <vector>

namespace hearth::db::search_text {

// Lower case (ASCII and the Latin letters of U+00C0..U+017F) with Latin
// accents removed: "Malmö" -> "malmo", "Ærø" -> "aero", "Straße" ->
// "strasse". Other characters are kept as they are; invalid UTF-8 bytes
// become spaces. Length in bytes may shrink or grow.
std::string fold(std::string_view text);

// The searchable words of `text`: folded, split at anything that is not a
// letter or digit (every byte of a multi-byte character counts as a
// letter), at most `max_words`, each at most 60 bytes, without English
// stop words (PostgreSQL's list) and repeats.
std::vector<std::string> words(std::string_view text, std::size_t max_words = 16);

// Whether `word` (folded) is one of PostgreSQL's English stop words.
bool is_stop_word(std::string_view word);

// A facet as one index token: "z" + the hex bytes of the folded facet +
// "9". Only [0-9a-z], so it passes every tokenizer whole; ending in a digit,
// no stemmer changes it; starting with "z" + hex, no typed word of a real
// language equals it.
std::string facet_token(std::string_view facet);

}  // namespace hearth::db::search_text
