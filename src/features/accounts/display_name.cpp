#include "features/accounts/display_name.hpp"

#include <cstdint>

namespace hearth::accounts {

namespace {

constexpr std::uint32_t malformed = 0xFFFFFFFF;

// The next code point of `s` at `i`, advancing `i`; `malformed` for a
// truncated, overlong or surrogate sequence (RFC 3629 section 3).
std::uint32_t next_code_point(std::string_view s, std::size_t& i) {
    const auto b = static_cast<unsigned char>(s[i]);
    int extra = 0;
    std::uint32_t cp = b;
    if (b >= 0xC2 && b <= 0xDF) {
        extra = 1, cp = b & 0x1F;
    } else if (b >= 0xE0 && b <= 0xEF) {
        extra = 2, cp = b & 0x0F;
    } else if (b >= 0xF0 && b <= 0xF4) {
        extra = 3, cp = b & 0x07;
    } else if (b >= 0x80) {
        return malformed;
    }
    if (s.size() - i <= static_cast<std::size_t>(extra)) return malformed;  // truncated
    for (int k = 1; k <= extra; ++k) {
        const auto c = static_cast<unsigned char>(s[i + k]);
        if ((c & 0xC0) != 0x80) return malformed;
        cp = (cp << 6) | (c & 0x3F);
    }
    static constexpr std::uint32_t smallest[] = {0, 0x80, 0x800, 0x10000};
    if (cp < smallest[extra] || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) return malformed;
    i += 1 + extra;
    return cp;
}

bool is_control(std::uint32_t cp) { return cp < 0x20 || (cp >= 0x7F && cp <= 0x9F); }

bool is_line_separator(std::uint32_t cp) { return cp == 0x2028 || cp == 0x2029; }

bool is_bidi_control(std::uint32_t cp) {
    return (cp >= 0x202A && cp <= 0x202E) || (cp >= 0x2066 && cp <= 0x2069) || cp == 0x200E || cp == 0x200F ||
           cp == 0x061C;
}

}  // namespace

std::optional<std::string> display_name_problem(std::string_view name) {
    if (name.empty()) return "Your name is required.";
    std::size_t chars = 0;
    for (std::size_t i = 0; i < name.size(); ++chars) {
        const auto cp = next_code_point(name, i);
        if (cp == malformed) return "Your name contains characters we cannot read. Please retype it.";
        if (cp == '\n' || cp == '\r' || is_line_separator(cp)) {
            return "Your name must fit on one line. Please remove the line break.";
        }
        if (is_control(cp)) return "Your name contains an invisible control character. Please retype it.";
        if (is_bidi_control(cp)) {
            return "Your name contains an invisible character that changes the direction of text. Please retype it "
                   "without it.";
        }
    }
    if (chars > max_display_name_chars) {
        return "Your name can be at most " + std::to_string(max_display_name_chars) + " characters.";
    }
    return std::nullopt;
}

}  // namespace hearth::accounts
