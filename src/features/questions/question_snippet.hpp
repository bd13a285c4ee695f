#pragma once
// The excerpt of a question shown in lists and search results.
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace hearth::questions {

// db::search_snippet of `text` for `words` (HTML, escaped, with <mark>),
// or nullopt while that function is not part of the build (then the list
// shows a plain-text excerpt).
std::optional<std::string> highlighted_snippet(std::string_view text, const std::vector<std::string>& words);

}  // namespace hearth::questions
