#pragma once
// How a request's body is delimited (RFC 9112 section 6), checked before
// any of it is read. A request whose framing two parties could read in two
// ways is the door to request smuggling, so anything but the plain forms is
// refused and the connection closed: no Transfer-Encoding other than a
// single, final "chunked"; not both Content-Length and Transfer-Encoding;
// one Content-Length with one value; no header line folded onto the next.
#include <boost/beast/http/fields.hpp>
#include <boost/beast/http/message.hpp>
#include <optional>
#include <string_view>

namespace hearth::http {

struct FramingRefusal {
    int status;                // 400, or 501 for a known transfer coding Hearth does not decode
    std::string_view message;  // for the plain-text answer
};

// Checks the parsed header of a request; nullopt when its framing is sound.
std::optional<FramingRefusal> check_framing(const boost::beast::http::request_header<>& header);

// True when the raw header block (request line to the empty line) holds
// obs-fold: a line that starts with a space or a tab (RFC 9112 section 5.2:
// a server must refuse it or unfold it; Hearth refuses).
bool has_obs_fold(std::string_view header_block);

}  // namespace hearth::http
