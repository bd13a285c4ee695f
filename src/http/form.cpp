#include "http/form.hpp"

namespace hearth::http {

namespace {

int hex_value(char c) {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
}

std::optional<std::string> decode_component(std::string_view in) {
    std::string out;
    out.reserve(in.size());
    for (std::size_t i = 0; i < in.size(); ++i) {
        char c = in[i];
        if (c == '+') {
            out.push_back(' ');
        } else if (c == '%') {
            if (i + 2 >= in.size()) return std::nullopt;
            int hi = hex_value(in[i + 1]);
            int lo = hex_value(in[i + 2]);
            if (hi < 0 || lo < 0) return std::nullopt;
            out.push_back(static_cast<char>(hi * 16 + lo));
            i += 2;
        } else {
            out.push_back(c);
        }
    }
    return out;
}

}  // namespace

namespace {

// Length of the well-formed UTF-8 sequence at s[i] (RFC 3629 section 4,
// Unicode table 3-7: no overlong forms, no surrogates, nothing above
// U+10FFFF), or 0 when there is none; `bad` then holds the length of the
// ill-formed part (its "maximal subpart", at least 1 byte).
std::size_t sequence_length(std::string_view s, std::size_t i, std::size_t& bad) {
    const auto c = static_cast<unsigned char>(s[i]);
    if (c < 0x80) return 1;
    std::size_t n = 0;
    unsigned char lo = 0x80, hi = 0xBF;  // the range of the second byte
    if (c >= 0xC2 && c <= 0xDF) {
        n = 2;
    } else if (c >= 0xE0 && c <= 0xEF) {
        n = 3;
        if (c == 0xE0) lo = 0xA0;  // overlong below U+0800
        if (c == 0xED) hi = 0x9F;  // surrogates U+D800..U+DFFF
    } else if (c >= 0xF0 && c <= 0xF4) {
        n = 4;
        if (c == 0xF0) lo = 0x90;  // overlong below U+10000
        if (c == 0xF4) hi = 0x8F;  // above U+10FFFF
    } else {
        bad = 1;
        return 0;
    }
    for (std::size_t k = 1; k < n; ++k) {
        const auto next = i + k < s.size() ? static_cast<unsigned char>(s[i + k]) : 0;
        if (next < (k == 1 ? lo : 0x80) || next > (k == 1 ? hi : 0xBF)) {
            bad = k;
            return 0;
        }
    }
    return n;
}

}  // namespace

// Rejects malformed UTF-8 so nothing downstream stores or echoes it
// (PostgreSQL refuses such text, surrogates included).
bool valid_utf8(std::string_view s) {
    for (std::size_t i = 0, bad = 0; i < s.size();) {
        const auto n = sequence_length(s, i, bad);
        if (n == 0) return false;
        i += n;
    }
    return true;
}

std::string to_valid_utf8(std::string_view s) {
    std::string out;
    out.reserve(s.size());
    for (std::size_t i = 0, bad = 0; i < s.size();) {
        const auto n = sequence_length(s, i, bad);
        if (n == 0) {
            out += "\xEF\xBF\xBD";  // U+FFFD REPLACEMENT CHARACTER
            i += bad;
        } else {
            out.append(s.substr(i, n));
            i += n;
        }
    }
    return out;
}

std::optional<Params> parse_form(std::string_view body) {
    Params out;
    while (!body.empty()) {
        auto amp = body.find('&');
        std::string_view pair = body.substr(0, amp);
        body = amp == std::string_view::npos ? std::string_view{} : body.substr(amp + 1);
        if (pair.empty()) continue;
        auto eq = pair.find('=');
        auto key = decode_component(pair.substr(0, eq));
        auto value = decode_component(eq == std::string_view::npos ? std::string_view{} : pair.substr(eq + 1));
        if (!key || !value || !valid_utf8(*key) || !valid_utf8(*value)) return std::nullopt;
        out.emplace_back(std::move(*key), std::move(*value));
    }
    return out;
}

std::string url_encode(std::string_view value) {
    static constexpr char hex[] = "0123456789ABCDEF";
    std::string out;
    for (unsigned char c : value) {
        if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' || c == '_' ||
            c == '.' || c == '~' || c == '/') {
            out.push_back(static_cast<char>(c));
        } else {
            out.push_back('%');
            out.push_back(hex[c >> 4]);
            out.push_back(hex[c & 15]);
        }
    }
    return out;
}

}  // namespace hearth::http
