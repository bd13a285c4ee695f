#pragma once
// The answer for documents that are the same for every visitor (Atom feeds,
// sitemaps, robots.txt): shared caches may keep them for five minutes, and
// after that a content ETag makes revalidation cheap (304, RFC 9110 section
// 13.1.2). They carry no cookie and no per-person data.
#include <cstdint>
#include <string>
#include <string_view>

#include "http/conditional.hpp"
#include "http/request.hpp"
#include "http/response.hpp"

namespace hearth::site {

// How long shared caches may keep a public document, in seconds.
constexpr int kPublicDocumentMaxAge = 300;

// A document with its ETag, so one that is kept is not hashed again.
struct PublicDocument {
    std::string body;
    std::string etag;               // a fingerprint of body, quoted: "\"3f...\""
    std::int64_t last_modified = 0;  // UTC seconds; 0: unknown (no Last-Modified)

    static PublicDocument of(std::string body, std::int64_t last_modified);
};

// 200 with the document and `content_type`, or 304 without a body when the
// request shows the client has it (http::client_has_current: If-None-Match
// naming its ETag, or without one, If-Modified-Since not before it changed).
http::Response public_response(const http::Request& req, const PublicDocument& doc, std::string_view content_type);

// public_response of PublicDocument::of(body, last_modified).
http::Response public_document(const http::Request& req, std::string body, std::string_view content_type,
                               std::int64_t last_modified);

// "Sun, 06 Nov 1994 08:49:37 GMT" (RFC 9110 section 5.6.7) for UTC seconds:
// the one in http/conditional.hpp.
using http::http_date;

// "https://hearth.example/" -> "https://hearth.example": paths are appended.
inline std::string without_trailing_slash(std::string base_url) {
    while (base_url.ends_with('/')) base_url.pop_back();
    return base_url;
}

}  // namespace hearth::site
