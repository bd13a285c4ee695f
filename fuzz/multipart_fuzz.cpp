// multipart/form-data (http/multipart.cpp). The input's first line is the
// Content-Type header, the rest the body; when that line names no valid
// boundary the whole input is parsed with a fixed one, so the body parser
// always runs. What is parsed, written again, must parse the same.
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "fuzz_check.hpp"
#include "http/multipart.hpp"

using hearth::fuzz::check;

namespace {

constexpr std::string_view fallback_boundary = "hearth-fuzz";

std::string quoted(std::string_view s) {
    std::string out = "\"";
    for (char c : s) {
        if (c == '"' || c == '\\') out += '\\';
        out += c;
    }
    return out + "\"";
}

// A body a browser could have sent for these parts.
std::string write_multipart(const std::vector<hearth::http::FormPart>& parts, std::string_view boundary) {
    std::string out;
    for (const auto& p : parts) {
        out += "--" + std::string(boundary) + "\r\n";
        out += "Content-Disposition: form-data; name=" + quoted(p.name);
        if (p.filename) out += "; filename=" + quoted(*p.filename);
        if (p.content_type != "text/plain") out += "\r\nContent-Type: " + p.content_type;
        out += "\r\n\r\n";
        out += p.body + "\r\n";
    }
    return out + "--" + std::string(boundary) + "--\r\n";
}

bool same(const hearth::http::FormPart& a, const hearth::http::FormPart& b) {
    return a.name == b.name && a.filename == b.filename && a.content_type == b.content_type && a.body == b.body;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::string_view input(reinterpret_cast<const char*>(data), size);
    const auto eol = input.find('\n');
    std::optional<std::string> boundary;
    std::string_view body = input;
    if (eol != std::string_view::npos) {
        boundary = hearth::http::multipart_boundary(input.substr(0, eol));
        if (boundary) body = input.substr(eol + 1);
    }
    if (boundary) {
        check(!boundary->empty() && boundary->size() <= 70, "multipart_boundary accepts a boundary RFC 2046 refuses");
    } else {
        boundary = std::string(fallback_boundary);
    }

    const hearth::http::MultipartLimits limits;
    auto parts = hearth::http::parse_multipart(body, *boundary, limits);
    if (!parts) return 0;
    check(parts->size() <= limits.max_parts, "parse_multipart goes past max_parts");
    for (const auto& p : *parts) {
        check(p.body.size() <= body.size(), "a part is larger than the body it came from");
    }

    // Quoting may lengthen a header a little: the round trip checks structure, not limits.
    hearth::http::MultipartLimits roomy = limits;
    roomy.max_header_bytes *= 4;
    auto again = hearth::http::parse_multipart(write_multipart(*parts, *boundary), *boundary, roomy);
    check(again.has_value(), "parsed parts, written again, do not parse");
    check(again->size() == parts->size(), "parsed parts, written again, parse to another count");
    for (std::size_t i = 0; i < parts->size(); ++i) {
        check(same((*parts)[i], (*again)[i]), "parsed parts, written again, parse differently");
    }
    return 0;
}
