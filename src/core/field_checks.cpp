#include "core/field_checks.hpp"

#include <algorithm>

#include "core/utf8.hpp"

namespace hearth {

namespace {

bool is_line_break(long cp) { return cp == '\n' || cp == '\r' || cp == 0x2028 || cp == 0x2029; }

bool is_control(long cp) { return cp < 0x20 || (cp >= 0x7F && cp <= 0x9F); }

bool is_bidi_control(long cp) {
    return (cp >= 0x202A && cp <= 0x202E) || (cp >= 0x2066 && cp <= 0x2069) || cp == 0x200E || cp == 0x200F ||
           cp == 0x061C;
}

}  // namespace

bool has_control_characters(std::string_view text) {
    return std::any_of(text.begin(), text.end(), [](char ch) {
        const auto c = static_cast<unsigned char>(ch);
        return (c < 0x20 && c != '\t' && c != '\n' && c != '\r') || c == 0x7F;
    });
}

LineProblem line_problem(std::string_view text) {
    for (std::size_t i = 0; i < text.size();) {
        const long cp = next_code_point(text, i);
        if (cp < 0) return LineProblem::malformed;
        if (is_line_break(cp)) return LineProblem::line_break;
        if (is_control(cp)) return LineProblem::control;
        if (is_bidi_control(cp)) return LineProblem::direction;
    }
    return LineProblem::none;
}

void FieldChecks::fail(std::string_view field, std::string message) {
    if (failed(field)) return;
    errors_.push_back(FieldError{std::string(field), std::move(message)});
}

bool FieldChecks::failed(std::string_view field) const {
    return std::any_of(errors_.begin(), errors_.end(), [&](const FieldError& e) { return e.field == field; });
}

void FieldChecks::text(std::string_view field, std::string_view label, std::string& value, std::size_t max_chars,
                       bool required) {
    auto is_space = [](char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; };
    const auto first = std::find_if_not(value.begin(), value.end(), is_space);
    const auto last = std::find_if_not(value.rbegin(), value.rend(), is_space).base();
    value = first < last ? std::string(first, last) : std::string();
    if (has_control_characters(value)) {
        fail(field, "This contains invisible control characters. Please retype it.");
    } else if (required && value.empty()) {
        fail(field, std::string(label) + " is required.");
    } else if (character_count(value) > max_chars) {
        fail(field, std::string(label) + " can be at most " + std::to_string(max_chars) + " characters.");
    }
}

void FieldChecks::line(std::string_view field, std::string_view label, std::string& value, std::size_t max_chars,
                       bool required) {
    text(field, label, value, max_chars, required);
    if (failed(field)) return;
    switch (line_problem(value)) {
        case LineProblem::none:
            return;
        case LineProblem::malformed:
            return fail(field, std::string(label) + " contains characters we cannot read. Please retype it.");
        case LineProblem::line_break:
            return fail(field, std::string(label) + " must fit on one line. Please remove the line break.");
        case LineProblem::control:
            return fail(field, std::string(label) + " contains an invisible control character. Please retype it.");
        case LineProblem::direction:
            return fail(field, std::string(label) +
                                   " contains an invisible character that changes the direction of text. Please "
                                   "retype it without it.");
    }
}

}  // namespace hearth
