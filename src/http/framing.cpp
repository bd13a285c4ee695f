#include "http/framing.hpp"

#include <algorithm>
#include <array>
#include <cctype>
#include <string>
#include <vector>

namespace hearth::http {

namespace bh = boost::beast::http;

namespace {

std::string_view trim_ows(std::string_view s) {
    while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
    while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
    return s;
}

std::string lower(std::string_view s) {
    std::string out(s);
    std::transform(out.begin(), out.end(), out.begin(), [](unsigned char c) { return std::tolower(c); });
    return out;
}

// The codings of every Transfer-Encoding line, in order, lower case; empty
// list elements are skipped (RFC 9110 section 5.6.1).
std::vector<std::string> transfer_codings(const bh::request_header<>& header) {
    std::vector<std::string> out;
    for (auto [it, end] = header.equal_range(bh::field::transfer_encoding); it != end; ++it) {
        std::string_view rest = it->value();
        while (true) {
            const auto comma = rest.find(',');
            const auto item = trim_ows(rest.substr(0, comma));
            if (!item.empty()) out.push_back(lower(item));
            if (comma == std::string_view::npos) break;
            rest.remove_prefix(comma + 1);
        }
    }
    return out;
}

// Codings registered with IANA that a server may meet but Hearth does not
// decode (RFC 9112 section 7): 501 rather than 400.
bool known_coding(std::string_view c) {
    constexpr std::array<std::string_view, 5> known{"gzip", "x-gzip", "deflate", "compress", "x-compress"};
    return std::find(known.begin(), known.end(), c) != known.end();
}

}  // namespace

std::optional<FramingRefusal> check_framing(const bh::request_header<>& header) {
    const auto lengths = header.count(bh::field::content_length);
    if (lengths > 1) return FramingRefusal{400, "More than one Content-Length"};
    if (lengths == 1 && header[bh::field::content_length].find(',') != std::string_view::npos) {
        return FramingRefusal{400, "More than one Content-Length"};
    }
    if (header.count(bh::field::transfer_encoding) == 0) return std::nullopt;
    if (lengths > 0) return FramingRefusal{400, "Both Content-Length and Transfer-Encoding"};
    if (header.version() < 11) return FramingRefusal{400, "Transfer-Encoding in an HTTP/1.0 request"};

    const auto codings = transfer_codings(header);
    if (codings.size() == 1 && codings.front() == "chunked") return std::nullopt;
    const auto chunked = std::count(codings.begin(), codings.end(), "chunked");
    const bool only_known = std::all_of(codings.begin(), codings.end() - (codings.empty() ? 0 : 1),
                                        [](const std::string& c) { return known_coding(c); });
    if (!codings.empty() && codings.back() == "chunked" && chunked == 1 && only_known) {
        return FramingRefusal{501, "Transfer coding not implemented"};
    }
    return FramingRefusal{400, "Unsupported Transfer-Encoding"};
}

bool has_obs_fold(std::string_view header_block) {
    for (auto pos = header_block.find("\r\n"); pos != std::string_view::npos;
         pos = header_block.find("\r\n", pos + 2)) {
        if (pos + 2 < header_block.size() && (header_block[pos + 2] == ' ' || header_block[pos + 2] == '\t')) {
            return true;
        }
    }
    return false;
}

}  // namespace hearth::http
