#include "core/field_checks.hpp"

#include <algorithm>

namespace hearth {

std::size_t character_count(std::string_view utf8) {
    return static_cast<std::size_t>(
        std::count_if(utf8.begin(), utf8.end(), [](char c) { return (static_cast<unsigned char>(c) & 0xC0) != 0x80; }));
}

bool has_control_characters(std::string_view text) {
    return std::any_of(text.begin(), text.end(), [](char ch) {
        const auto c = static_cast<unsigned char>(ch);
        return (c < 0x20 && c != '\t' && c != '\n' && c != '\r') || c == 0x7F;
    });
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

}  // namespace hearth
