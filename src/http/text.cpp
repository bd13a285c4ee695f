#include "http/text.hpp"

namespace hearth::http {

namespace {

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
