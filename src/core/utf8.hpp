#pragma once
// UTF-8 as RFC 3629 defines it, read one code point at a time: the one
// decoder behind the request boundary (http/text), the field rules of
// typed commands (core/field_checks) and character counts everywhere.
#include <cstddef>
#include <string>
#include <string_view>

namespace hearth {

// The code point of the well-formed sequence at s[i] (i < s.size()),
// advancing i past it; -1, with i unchanged, when the bytes there are not
// UTF-8: a stray continuation byte, a truncated, overlong or surrogate
// sequence, or a code point above U+10FFFF (RFC 3629 section 4).
long next_code_point(std::string_view s, std::size_t& i);
// True when all of `s` is well-formed UTF-8.
bool valid_utf8(std::string_view s);
// `s` (bytes) as well-formed UTF-8: each byte that does not start a
// well-formed sequence becomes U+FFFD (the "replacement of maximal
// subparts" practice of Unicode 15 section 3.9, byte by byte), the rest is
// kept as it is.
std::string with_replacement_characters(std::string_view s);
// Unicode code points in UTF-8 text (continuation bytes not counted): the
// length a person sees, roughly, and the unit of every length limit.
std::size_t character_count(std::string_view utf8);

}  // namespace hearth
