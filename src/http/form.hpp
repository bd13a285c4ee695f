#pragma once
#include <optional>
#include <string>
#include <string_view>

#include "core/percent_encoding.hpp"
#include "http/request.hpp"
#include "http/text.hpp"

namespace hearth::http {

// Parses an application/x-www-form-urlencoded body ('+' is a space).
// nullopt when the percent-encoding or UTF-8 is malformed. Control
// characters are left to Request::form(), which knows the field names.
std::optional<Params> parse_form(std::string_view body);
// Percent-encodes a value for a query string (return_to links): core/percent_encoding.hpp.
using hearth::percent_encode;
inline std::string url_encode(std::string_view value) { return percent_encode(value); }

}  // namespace hearth::http
