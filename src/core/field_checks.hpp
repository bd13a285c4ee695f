#pragma once
// The rules every typed command's text follows, checked by the service that
// takes the command (pages, the API and the command line alike): trimmed,
// no control characters, a length limit in characters (what a person
// counts, not bytes). Problems are collected per field, the first problem
// of a field winning, so a form shows every bad field at once.
#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include "core/error.hpp"

namespace hearth {

// Unicode code points in UTF-8 text (continuation bytes not counted).
std::size_t character_count(std::string_view utf8);
// NUL and other C0 controls (except tab, line feed, carriage return) and DEL:
// they cannot be stored faithfully (libpq ends text at NUL) and never belong
// in what a person types.
bool has_control_characters(std::string_view text);

class FieldChecks {
public:
    // Records a problem with `field`; a field's first problem wins.
    void fail(std::string_view field, std::string message);
    // Trims `value` in place (spaces, tabs, line breaks at either end), then
    // records "<label> is required." when `required` and empty, a control
    // character problem, or "<label> can be at most N characters.".
    void text(std::string_view field, std::string_view label, std::string& value, std::size_t max_chars,
              bool required = false);
    bool failed(std::string_view field) const;

    bool ok() const noexcept { return errors_.empty(); }
    const std::vector<FieldError>& errors() const noexcept { return errors_; }
    std::vector<FieldError> take() && { return std::move(errors_); }

private:
    std::vector<FieldError> errors_;
};

}  // namespace hearth
