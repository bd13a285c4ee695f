#pragma once
#include "http/response.hpp"

namespace hearth::http {

// The headers every response carries: a strict CSP with no inline script,
// no framing, no sniffing, a quiet referrer, and HSTS when served over TLS.
void apply_security_headers(Response& r, bool secure);

}  // namespace hearth::http
