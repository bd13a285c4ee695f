#pragma once
// Conditional GET (RFC 9110 section 13.1): a page that knows its
// validators (an entity tag and a last-modification time) answers a
// request whose If-None-Match or If-Modified-Since shows the client already
// has it with 304 Not Modified and no body (section 15.4.5).
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "http/request.hpp"
#include "http/response.hpp"

namespace hearth::http {

struct Validators {
    std::string etag;                // quoted strong tag, e.g. "\"a12-v3\""
    std::int64_t last_modified = 0;  // UTC seconds; 0: none
};

// Whether the client's copy is current: If-None-Match (a list, "*", weak
// tags compared weakly, section 13.1.2) when present, else
// If-Modified-Since (section 13.1.3; only an IMF-fixdate is read, anything
// else is ignored, which only ever costs a full answer).
bool client_has_current(const Request& req, const Validators& v);
// Sets ETag and Last-Modified on a response.
void set_validators(Response& res, const Validators& v);
// 304 with the validators and no body.
Response not_modified(const Validators& v);

// "Sun, 06 Nov 1994 08:49:37 GMT" (IMF-fixdate, section 5.6.7), UTC seconds.
std::string http_date(std::int64_t unix_seconds);
std::optional<std::int64_t> parse_http_date(std::string_view text);

}  // namespace hearth::http
