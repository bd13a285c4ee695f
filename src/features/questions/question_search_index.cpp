#include "features/questions/question_search_index.hpp"

#include "features/questions/answer_store.hpp"
#include "features/questions/question_store.hpp"

namespace hearth::questions {

const db::SearchCollection& question_collection() {
    static const db::SearchCollection c{"questions", {4.0, 2.0, 1.5, 1.0}, {std::string(created_at_key)}, 1};
    return c;
}

std::string topic_facet(std::string_view topic_slug) { return "topic:" + std::string(topic_slug); }

std::string answered_facet(bool answered) { return answered ? "answered:1" : "answered:0"; }

void reindex_question(db::Session& s, std::int64_t question_id) {
    auto& index = db::SearchIndex::of(s);
    const auto& c = question_collection();
    const auto q = find_question(s, question_id);
    if (!q || q->hidden()) {
        index.remove(s, c, question_id, question_id);
        return;
    }
    db::SearchDocument d;
    d.id = q->id;
    std::string topic_names;
    for (const auto& t : q->topics) {
        if (!topic_names.empty()) topic_names += ' ';
        topic_names += t.name;
        d.facets.push_back(topic_facet(t.slug));
    }
    std::string answers_text;
    for (const auto& a : answers_of(s, question_id)) {
        if (a.hidden()) continue;
        if (!answers_text.empty()) answers_text += '\n';
        answers_text += a.body;
    }
    d.fields = {q->title, q->body, topic_names, answers_text};
    d.facets.push_back(answered_facet(q->answer_count > 0));
    d.keys = {q->created_at};
    index.put(s, c, {d});
}

void rebuild_question_index_if_stale(db::Database& db) {
    const bool built =
        db.read([](db::Session& s) { return db::SearchIndex::of(s).built_by(s, question_collection()); });
    if (built) return;
    db.write([](db::Session& s) {
        auto& index = db::SearchIndex::of(s);
        const auto& c = question_collection();
        if (index.built_by(s, c)) return;
        index.remove(s, c, 1, db::max_search_document_id);
        std::int64_t after = 0;
        for (;;) {
            const auto page = visible_questions_after(s, after, 500);
            if (page.empty()) break;
            for (const auto& q : page) reindex_question(s, q.id);
            after = page.back().id;
        }
        index.mark_built(s, c);
    });
}

}  // namespace hearth::questions
