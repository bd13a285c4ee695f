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
#include "core/utf8.hpp"  // character_count, which callers of these rules use too

namespace hearth {

// NUL and other C0 controls (except tab, line feed, carriage return) and DEL:
// they cannot be stored faithfully (libpq ends text at NUL) and never belong
// in what a person types.
bool has_control_characters(std::string_view text);

// Why text (UTF-8) is not one line of visible text. Names, headlines and
// places are shown inside other people's pages, lists and e-mails, where a
// line break or a U+202E RIGHT-TO-LEFT OVERRIDE could disguise them or the
// text around them (Unicode Technical Report #36, section 2.1).
enum class LineProblem {
    none,
    malformed,   // not UTF-8: truncated, overlong or surrogate sequences (RFC 3629 section 3)
    line_break,  // CR, LF, U+2028 LINE SEPARATOR, U+2029 PARAGRAPH SEPARATOR
    control,     // C0 (tab included) and C1 controls, DEL
    direction,   // bidi embeddings, overrides and isolates (U+202A-U+202E, U+2066-U+2069),
                 // and the marks U+200E, U+200F, U+061C
};
// The first problem of `text`, reading from its start; never throws.
LineProblem line_problem(std::string_view text);

class FieldChecks {
public:
    // Records a problem with `field`; a field's first problem wins.
    void fail(std::string_view field, std::string message);
    // Trims `value` in place (spaces, tabs, line breaks at either end), then
    // records "<label> is required." when `required` and empty, a control
    // character problem, or "<label> can be at most N characters.".
    void text(std::string_view field, std::string_view label, std::string& value, std::size_t max_chars,
              bool required = false);
    // text(), then, for a field that is one line of visible text (a name, a
    // headline, a city), refuses what line_problem() finds with a sentence
    // naming `label`.
    void line(std::string_view field, std::string_view label, std::string& value, std::size_t max_chars,
              bool required = false);
    bool failed(std::string_view field) const;

    bool ok() const noexcept { return errors_.empty(); }
    const std::vector<FieldError>& errors() const noexcept { return errors_; }
    std::vector<FieldError> take() && { return std::move(errors_); }

private:
    std::vector<FieldError> errors_;
};

}  // namespace hearth
