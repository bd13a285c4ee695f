#include "http/multipart.hpp"

#include <algorithm>
#include <cctype>
#include <utility>

namespace hearth::http {

namespace {

constexpr std::string_view crlf = "\r\n";

bool iequals(std::string_view a, std::string_view b) {
    return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) {
               return std::tolower(static_cast<unsigned char>(x)) == std::tolower(static_cast<unsigned char>(y));
           });
}

std::string_view trim(std::string_view s) {
    while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
    while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
    return s;
}

using HeaderParams = std::vector<std::pair<std::string, std::string>>;

// Splits `value; a=b; c="d; e"` into the leading value and its parameters.
// Quoted strings may hold ';' and the quoted pairs \" and \\; any other
// backslash is kept as it is (browsers send Windows paths unescaped).
// nullopt for an unterminated quote or a parameter without '='.
std::optional<std::pair<std::string_view, HeaderParams>> split_header_value(std::string_view v) {
    const auto semi = v.find(';');
    std::string_view head = trim(v.substr(0, semi));
    HeaderParams params;
    std::size_t i = semi == std::string_view::npos ? v.size() : semi + 1;
    while (i < v.size()) {
        while (i < v.size() && (v[i] == ' ' || v[i] == '\t' || v[i] == ';')) ++i;
        if (i >= v.size()) break;
        const auto eq = v.find('=', i);
        if (eq == std::string_view::npos) return std::nullopt;
        std::string name(trim(v.substr(i, eq - i)));
        std::transform(name.begin(), name.end(), name.begin(),
                       [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
        i = eq + 1;
        while (i < v.size() && (v[i] == ' ' || v[i] == '\t')) ++i;
        std::string value;
        if (i < v.size() && v[i] == '"') {
            bool closed = false;
            for (++i; i < v.size(); ++i) {
                if (v[i] == '\\' && i + 1 < v.size() && (v[i + 1] == '"' || v[i + 1] == '\\')) {
                    value.push_back(v[++i]);
                } else if (v[i] == '"') {
                    closed = true;
                    ++i;
                    break;
                } else {
                    value.push_back(v[i]);
                }
            }
            if (!closed) return std::nullopt;
        } else {
            const auto end = std::min(v.find(';', i), v.size());
            value = std::string(trim(v.substr(i, end - i)));
            i = end;
        }
        params.emplace_back(std::move(name), std::move(value));
    }
    return std::pair{head, std::move(params)};
}

const std::string* find_param(const HeaderParams& params, std::string_view name) {
    for (const auto& [k, v] : params) {
        if (k == name) return &v;
    }
    return nullptr;
}

// RFC 2046 bchars: 1 to 70 of these, not ending in a space.
bool valid_boundary(std::string_view b) {
    if (b.empty() || b.size() > 70 || b.back() == ' ') return false;
    return std::all_of(b.begin(), b.end(), [](char c) {
        return std::isalnum(static_cast<unsigned char>(c)) || std::string_view("'()+_,-./:=? ").find(c) != std::string_view::npos;
    });
}

// Reads the header block of one part into `part`; false when it is malformed
// or is not a form-data part with a name.
bool read_part_headers(std::string_view block, FormPart& part) {
    bool disposition = false;
    part.content_type = "text/plain";
    while (!block.empty()) {
        const auto eol = block.find(crlf);
        const std::string_view line = block.substr(0, eol);
        block = eol == std::string_view::npos ? std::string_view{} : block.substr(eol + crlf.size());
        const auto colon = line.find(':');
        if (colon == std::string_view::npos || colon == 0) return false;
        const std::string_view name = line.substr(0, colon);
        const std::string_view value = trim(line.substr(colon + 1));
        if (iequals(name, "Content-Disposition")) {
            auto split = split_header_value(value);
            if (!split || !iequals(split->first, "form-data")) return false;
            const auto* field = find_param(split->second, "name");
            if (!field) return false;
            part.name = *field;
            if (const auto* file = find_param(split->second, "filename")) part.filename = *file;
            disposition = true;
        } else if (iequals(name, "Content-Type")) {
            part.content_type = std::string(value);
        }
        // Other headers (Content-Transfer-Encoding is deprecated by RFC 7578) are ignored.
    }
    return disposition;
}

}  // namespace

std::optional<std::string> multipart_boundary(std::string_view content_type) {
    auto split = split_header_value(content_type);
    if (!split || !iequals(split->first, "multipart/form-data")) return std::nullopt;
    const auto* boundary = find_param(split->second, "boundary");
    if (!boundary || !valid_boundary(*boundary)) return std::nullopt;
    return *boundary;
}

std::optional<std::vector<FormPart>> parse_multipart(std::string_view body, std::string_view boundary,
                                                     const MultipartLimits& limits) {
    if (!valid_boundary(boundary)) return std::nullopt;
    const std::string dash_boundary = "--" + std::string(boundary);
    const std::string delimiter = std::string(crlf) + dash_boundary;  // ends every part's body

    // The first boundary starts the body or a line after the preamble.
    std::size_t pos = 0;
    if (body.substr(0, dash_boundary.size()) == dash_boundary) {
        pos = dash_boundary.size();
    } else {
        const auto first = body.find(delimiter);
        if (first == std::string_view::npos) return std::nullopt;
        pos = first + delimiter.size();
    }

    std::vector<FormPart> parts;
    while (true) {
        // After a boundary: "--" closes the body; otherwise optional
        // whitespace (transport padding), then the line break.
        if (body.substr(pos, 2) == "--") return parts;
        while (pos < body.size() && (body[pos] == ' ' || body[pos] == '\t')) ++pos;
        if (body.substr(pos, crlf.size()) != crlf) return std::nullopt;
        pos += crlf.size();
        if (parts.size() == limits.max_parts) return std::nullopt;

        // Headers end at an empty line; a part without any has no name.
        FormPart part;
        const auto end = body.find("\r\n\r\n", pos);
        if (body.substr(pos, crlf.size()) == crlf || end == std::string_view::npos ||
            end - pos > limits.max_header_bytes || !read_part_headers(body.substr(pos, end - pos), part)) {
            return std::nullopt;
        }
        const std::size_t body_start = end + 2 * crlf.size();

        const auto next = body.find(delimiter, body_start);
        if (next == std::string_view::npos) return std::nullopt;  // no closing boundary
        part.body = std::string(body.substr(body_start, next - body_start));
        parts.push_back(std::move(part));
        pos = next + delimiter.size();
    }
}

}  // namespace hearth::http
