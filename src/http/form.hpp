#pragma once
#include <optional>
#include <string>
#include <string_view>

#include "http/request.hpp"

namespace hearth::http {

// Parses an application/x-www-form-urlencoded body ('+' is a space).
// nullopt when the percent-encoding or UTF-8 is malformed.
std::optional<Params> parse_form(std::string_view body);
// True when `s` is well-formed UTF-8 (RFC 3629: no overlong or truncated
// sequences, no surrogates, nothing above U+10FFFF).
bool valid_utf8(std::string_view s);
// `s` with every ill-formed part replaced by U+FFFD, as browsers decode
// URLs (WHATWG "UTF-8 decode without BOM"); well-formed text is unchanged.
std::string to_valid_utf8(std::string_view s);
// Percent-encodes a value for a query string (return_to links).
std::string url_encode(std::string_view value);

}  // namespace hearth::http
