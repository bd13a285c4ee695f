#include "features/accounts/display_name.hpp"

#include "core/field_checks.hpp"

namespace hearth::accounts {

std::optional<std::string> display_name_problem(std::string_view name) {
    if (name.empty()) return "Your name is required.";
    switch (line_problem(name)) {
        case LineProblem::none:
            break;
        case LineProblem::malformed:
            return "Your name contains characters we cannot read. Please retype it.";
        case LineProblem::line_break:
            return "Your name must fit on one line. Please remove the line break.";
        case LineProblem::control:
            return "Your name contains an invisible control character. Please retype it.";
        case LineProblem::direction:
            return "Your name contains an invisible character that changes the direction of text. Please retype it "
                   "without it.";
    }
    if (character_count(name) > max_display_name_chars) {
        return "Your name can be at most " + std::to_string(max_display_name_chars) + " characters.";
    }
    return std::nullopt;
}

}  // namespace hearth::accounts
