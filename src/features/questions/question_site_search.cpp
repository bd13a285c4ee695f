#include "features/questions/question_site_search.hpp"

#include "db/search.hpp"
#include "features/questions/question_search_index.hpp"
#include "db/search_snippet.hpp"
#include "features/questions/question_store.hpp"

namespace hearth::questions {

namespace {

std::string answers_detail(std::int64_t n) {
    if (n == 0) return "Question · waiting for an answer";
    return n == 1 ? "Question · 1 answer" : "Question · " + std::to_string(n) + " answers";
}

}  // namespace

site_search::Source question_search_source() {
    site_search::Source source;
    source.type = "question";
    source.label = "Questions";
    source.find = [](db::Session& s, const std::vector<std::string>& words, std::int64_t offset, std::int64_t limit) {
        site_search::Results out;
        if (words.empty()) return out;
        db::SearchQuery q;
        q.words = words;
        q.order.push_back({db::SearchOrder::By::relevance, ""});
        q.offset = offset;
        q.limit = limit;
        const auto page = db::SearchIndex::of(s).find(s, question_collection(), q);
        out.total = page.total;
        for (const auto& question : find_questions(s, page.ids)) {
            if (question.hidden()) continue;  // the index never holds one; a second guard
            site_search::Hit hit;
            hit.type = "question";
            hit.id = question.id;
            hit.title = question.title;
            hit.path = "/questions/" + std::to_string(question.id);
            hit.snippet_html = db::search_snippet(question.body, words, 220);
            hit.detail = answers_detail(question.answer_count);
            out.hits.push_back(std::move(hit));
        }
        return out;
    };
    return source;
}

}  // namespace hearth::questions
