#include "http/text.hpp"

namespace hearth::http {

namespace {

// The code point of the well-formed sequence at s[i], advancing i; -1 when
// the bytes there are not UTF-8 (RFC 3629 section 4, the table of
// well-formed byte sequences).
long next_code_point(std::string_view s, std::size_t& i) {
    const auto byte = [&](std::size_t k) { return static_cast<unsigned char>(s[k]); };
    const unsigned char c = byte(i);
    if (c < 0x80) {
        ++i;
        return c;
    }
    std::size_t n = 0;
    long cp = 0;
    unsigned char lo = 0x80, hi = 0xBF;  // the range of the second byte
    if (c >= 0xC2 && c <= 0xDF) {
        n = 2, cp = c & 0x1F;
    } else if (c >= 0xE0 && c <= 0xEF) {
        n = 3, cp = c & 0x0F;
        if (c == 0xE0) lo = 0xA0;  // overlong
        if (c == 0xED) hi = 0x9F;  // surrogates
    } else if (c >= 0xF0 && c <= 0xF4) {
        n = 4, cp = c & 0x07;
        if (c == 0xF0) lo = 0x90;  // overlong
        if (c == 0xF4) hi = 0x8F;  // above U+10FFFF
    } else {
        return -1;  // continuation byte, C0/C1 (overlong) or F5..FF
    }
    if (i + n > s.size()) return -1;
    if (byte(i + 1) < lo || byte(i + 1) > hi) return -1;
    for (std::size_t k = 1; k < n; ++k) {
        if ((byte(i + k) & 0xC0) != 0x80) return -1;
        cp = (cp << 6) | (byte(i + k) & 0x3F);
    }
    i += n;
    return cp;
}

bool allowed_control(long cp, TextKind kind) {
    switch (kind) {
        case TextKind::secret:
            return cp != 0;
        case TextKind::multiline:
            return cp == '\t' || cp == '\n' || cp == '\r';
        case TextKind::line:
            return cp == '\t';
    }
    return false;
}

}  // namespace

TextProblem check_text(std::string_view s, TextKind kind) {
    TextProblem found = TextProblem::none;
    for (std::size_t i = 0; i < s.size();) {
        const long cp = next_code_point(s, i);
        if (cp < 0) return TextProblem::invalid_utf8;
        const bool control = cp < 0x20 || (cp >= 0x7F && cp <= 0x9F);
        if (control && !allowed_control(cp, kind)) found = TextProblem::control_character;
    }
    return found;
}

bool valid_utf8(std::string_view s) {
    for (std::size_t i = 0; i < s.size();) {
        if (next_code_point(s, i) < 0) return false;
    }
    return true;
}

bool is_secret_field(std::string_view name) { return name.find("password") != std::string_view::npos; }

std::string_view text_problem_message(TextProblem problem) {
    switch (problem) {
        case TextProblem::invalid_utf8:
            return "This is not valid UTF-8 text. Please retype it.";
        case TextProblem::control_character:
            return "This contains invisible control characters. Please retype it.";
        case TextProblem::none:
            break;
    }
    return "";
}

}  // namespace hearth::http
