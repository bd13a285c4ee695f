#pragma once
// What counts as written in a question or an answer: characters a reader
// can see. Zero-width spaces, joiners, word joiners, byte-order marks,
// Hangul fillers, the blank Braille pattern and every kind of space show
// nothing, so a title of eleven zero-width spaces is no title at all.
#include <cstddef>
#include <string_view>

namespace hearth::questions {

// How many characters of `text` (UTF-8; an unreadable byte counts as
// nothing) a reader counts: those they can see, and the plain spaces
// (U+0020) between words. Minimum lengths are counted this way. Never throws.
std::size_t visible_characters(std::string_view text);
// Whether `text` has at least one character a reader can see. Never throws.
bool has_visible_character(std::string_view text);

}  // namespace hearth::questions
