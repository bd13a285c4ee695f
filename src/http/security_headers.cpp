#include "http/security_headers.hpp"

namespace hearth::http {

namespace bh = boost::beast::http;

void apply_security_headers(Response& r, bool secure) {
    r.set("Content-Security-Policy",
          "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; font-src 'self'; "
          "connect-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'; "
          "manifest-src 'self'; worker-src 'self'");
    r.set("X-Content-Type-Options", "nosniff");
    r.set("X-Frame-Options", "DENY");
    r.set("Referrer-Policy", "strict-origin-when-cross-origin");
    r.set("Permissions-Policy", "camera=(), microphone=(), geolocation=(), interest-cohort=()");
    r.set("Cross-Origin-Opener-Policy", "same-origin");
    r.set("Cross-Origin-Resource-Policy", "same-origin");
    if (secure) r.set(bh::field::strict_transport_security, "max-age=31536000; includeSubDomains");
}

}  // namespace hearth::http
