#pragma once
// The rule for the name a person shows others (sign-up, the command line's
// "admin create"): one line of visible text. Line breaks, control
// characters and bidirectional overrides/isolates are refused, because a
// name is shown inside other people's pages and e-mails, where an
// U+202E RIGHT-TO-LEFT OVERRIDE or a line break could disguise it or the
// text around it (Unicode Technical Report #36, section 2.1).
#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

namespace hearth::accounts {

// Most characters (Unicode code points) a display name may have.
inline constexpr std::size_t max_display_name_chars = 80;

// Why `name` (already trimmed) cannot be a display name, as a sentence for
// the person, or nullopt when it can. Refuses: empty; more than
// max_display_name_chars code points; malformed UTF-8; C0 and C1 control
// characters and DEL (line breaks and tabs included); U+2028 and U+2029
// (line and paragraph separators); the bidirectional embeddings,
// overrides and isolates U+202A-U+202E and U+2066-U+2069, and the marks
// U+200E, U+200F and U+061C.
std::optional<std::string> display_name_problem(std::string_view name);

}  // namespace hearth::accounts
