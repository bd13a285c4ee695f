#include "features/questions/question_sitemap.hpp"

#include <algorithm>

#include "features/questions/question_store.hpp"

namespace hearth::questions {

namespace {

constexpr std::int64_t page_size = 1000;
constexpr std::int64_t day_seconds = 86400;

std::int64_t last_modified(const Question& q) {
    // The newest answer, or the asker's own change; the day only, as
    // everywhere a question's time shows (question_views.hpp).
    std::int64_t at = std::max({q.created_at, q.edited_at.value_or(0), q.last_answer_at.value_or(0)});
    return at - at % day_seconds;
}

}  // namespace

sitemap::Source question_sitemap_source() {
    sitemap::Source source;
    source.name = "questions";
    source.each = [](db::Session& s, const std::function<void(const sitemap::Url&)>& emit) {
        std::int64_t after = 0;
        for (;;) {
            const auto page = visible_questions_after(s, after, page_size);
            for (const auto& q : page) emit(sitemap::Url{"/questions/" + std::to_string(q.id), last_modified(q)});
            if (static_cast<std::int64_t>(page.size()) < page_size) break;
            after = page.back().id;
        }
    };
    return source;
}

}  // namespace hearth::questions
