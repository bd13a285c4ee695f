#include "features/questions/question_text.hpp"

#include "core/utf8.hpp"

namespace hearth::questions {

namespace {

// Spaces (Unicode White_Space) and characters drawn as nothing (Default_Ignorable
// ones that are typed or pasted, and the fillers that render blank).
bool shows_nothing(long cp) {
    if (cp <= 0x20 || (cp >= 0x7F && cp <= 0xA0)) return true;
    switch (cp) {
        case 0x00AD: case 0x034F: case 0x061C: case 0x115F: case 0x1160: case 0x1680: case 0x180E:
        case 0x2028: case 0x2029: case 0x202F: case 0x205F: case 0x2800: case 0x3000: case 0x3164:
        case 0xFEFF: case 0xFFA0:
            return true;
        default:
            break;
    }
    return (cp >= 0x2000 && cp <= 0x200F) || (cp >= 0x202A && cp <= 0x202E) || (cp >= 0x2060 && cp <= 0x206F) ||
           (cp >= 0xFE00 && cp <= 0xFE0F) || (cp >= 0xE0000 && cp <= 0xE0FFF);
}

}  // namespace

std::size_t visible_characters(std::string_view text) {
    std::size_t n = 0;
    for (std::size_t i = 0; i < text.size();) {
        const long cp = next_code_point(text, i);
        if (cp < 0) {
            ++i;  // not UTF-8: step over the byte (FieldChecks refuses such text on its own)
            continue;
        }
        if (cp == ' ' || !shows_nothing(cp)) ++n;
    }
    return n;
}

bool has_visible_character(std::string_view text) {
    std::size_t n = 0;
    for (std::size_t i = 0; i < text.size();) {
        const long cp = next_code_point(text, i);
        if (cp < 0) {
            ++i;  // not UTF-8: step over the byte (FieldChecks refuses such text on its own)
            continue;
        }
        if (!shows_nothing(cp)) ++n;
    }
    return n > 0;
}

}  // namespace hearth::questions
