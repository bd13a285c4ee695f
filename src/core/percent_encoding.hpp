#pragma once
// Percent-encoding (RFC 3986 section 2.1) of one query-parameter value.
#include <string>
#include <string_view>

namespace hearth {

// `value` with every byte outside the unreserved set (RFC 3986 section 2.3:
// A-Z a-z 0-9 - . _ ~) written as %XX, except '/', which a query may carry
// as it is (section 3.4) and which keeps encoded paths readable. Bytes in,
// ASCII out; never throws.
std::string percent_encode(std::string_view value);

}  // namespace hearth
