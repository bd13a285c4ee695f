#include "features/questions/question_snippet.hpp"

#include "db/search_snippet.hpp"

// db::search_snippet is implemented with the articles' reading side;
// declared weak here only until that implementation is part of the build.
// Remove this declaration once src/db/search_snippet.cpp exists.
namespace hearth::db {
std::string search_snippet(std::string_view text, const std::vector<std::string>& words, std::size_t max_chars)
    __attribute__((weak));
}

namespace hearth::questions {

std::optional<std::string> highlighted_snippet(std::string_view text, const std::vector<std::string>& words) {
    if (&db::search_snippet == nullptr) return std::nullopt;
    return db::search_snippet(text, words, 220);
}

}  // namespace hearth::questions
