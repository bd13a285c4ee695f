#pragma once
// What an author may get wrong when writing an article, as values the
// pages and the API show (core/outcome.hpp), and the checks that find them.
#include <string>
#include <string_view>
#include <vector>

#include "core/error.hpp"
#include "core/field_checks.hpp"
#include "core/outcome.hpp"
#include "features/articles/article_store.hpp"

namespace hearth::articles {

// Limits in characters (what a person counts), from issue 12.
inline constexpr std::size_t max_title_chars = 200;
inline constexpr std::size_t max_summary_chars = 300;
inline constexpr std::size_t max_body_chars = 100'000;
inline constexpr std::size_t max_key_points = 3;
inline constexpr std::size_t max_key_point_chars = 200;
inline constexpr std::size_t max_content_notes = 5;
inline constexpr std::size_t max_references = 50;
inline constexpr std::size_t max_reference_chars = 300;  // each of authors, title, publisher, note
inline constexpr std::size_t max_reference_url_chars = 2000;
inline constexpr std::size_t max_adapted_from_chars = 300;
inline constexpr std::size_t max_cover_alt_chars = 300;
inline constexpr std::size_t max_take_down_reason_chars = 1000;

// Content notes an article can carry ("this text speaks of ..."), shown
// before the text; a short fixed list so readers learn what each means.
struct ContentNoteKind {
    std::string_view slug;
    std::string_view label;
};
inline constexpr ContentNoteKind content_note_kinds[] = {
    {"abuse", "Abuse"},
    {"domestic-violence", "Domestic violence"},
    {"sexual-violence", "Sexual violence"},
    {"self-harm", "Self-harm"},
    {"suicide", "Suicide"},
    {"loss", "Loss and grief"},
    {"eating-disorders", "Eating disorders"},
    {"substance-use", "Substance use"},
};
// The label of a content note slug; "" for one not in the list.
std::string_view content_note_label(std::string_view slug);

// invalid_fields: 422 naming each bad field ("title", "references[2].title");
// not_a_draft: 409 on field "status" (deleting a published article);
// edited_elsewhere: 409 on field "version" (the article changed since the
// writer opened it: another window, a co-editing admin, a cover upload).
struct ArticleRefusal {
    enum class Code { invalid_fields, not_a_draft, edited_elsewhere };
    Code code = Code::invalid_fields;
    std::vector<FieldError> fields;
};

template <class T>
using ArticleOutcome = Outcome<T, ArticleRefusal>;

// Whether UTF-8 text has a character a reader can see: not only spaces
// (U+00A0, U+3000, ...), zero-width and joining characters (U+200B-U+200F,
// U+2060-U+206F, U+FEFF), variation selectors or blank "filler" letters.
bool shows_something(std::string_view text);

// Trims and checks everything but the topics (which need the vocabulary):
// the limits above, one-line title (with something visible in it), key points and reference fields, known
// content notes, reference URLs http(s) only, and alt text whenever
// `has_cover`. Problems go into `check`, the first per field winning.
void check_content(ArticleContent& c, bool has_cover, FieldChecks& check);

}  // namespace hearth::articles
