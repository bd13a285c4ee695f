#pragma once
// multipart/form-data (RFC 7578), the encoding of HTML forms that upload a
// file. Parts are copied out of the body, so they stay valid on their own;
// bodies are binary-safe (a file may hold CRLF, NUL, even "--").
#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace hearth::http {

struct FormPart {
    std::string name;                     // Content-Disposition name
    std::optional<std::string> filename;  // set for <input type="file"> parts (may be "" when none was chosen)
    std::string content_type;             // as sent; "text/plain" when absent
    std::string body;
    bool is_file() const noexcept { return filename.has_value(); }
};

struct MultipartLimits {
    std::size_t max_parts = 100;
    std::size_t max_header_bytes = 8 * 1024;  // per part
};

// The boundary of a "multipart/form-data; boundary=..." Content-Type (quoted
// or not), or nullopt when the type is another or the boundary is invalid.
std::optional<std::string> multipart_boundary(std::string_view content_type);

// The parts of a body, or nullopt when it is malformed (no opening or final
// boundary, a part without a form-data name, headers without an end) or
// beyond the limits. The preamble and epilogue are ignored, as RFC 2046 says.
std::optional<std::vector<FormPart>> parse_multipart(std::string_view body, std::string_view boundary,
                                                     const MultipartLimits& limits = {});

}  // namespace hearth::http
