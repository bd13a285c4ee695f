#include "features/questions/question_moderation.hpp"

#include "core/clock.hpp"
#include "features/common/policy.hpp"
#include "features/questions/answer_store.hpp"
#include "features/questions/qa_access.hpp"
#include "features/questions/question_search_index.hpp"
#include "features/questions/question_store.hpp"

namespace hearth::questions {

namespace {

using policy::Action;

reports::TargetView view_of(const Question& q) {
    reports::TargetView v;
    v.author_id = q.asker_id.value_or(0);
    v.title = "Question: " + q.title;
    v.text = q.title + "\n\n" + q.body;
    v.public_path = "/questions/" + std::to_string(q.id);
    v.hidden = q.hidden();
    v.hidden_reason = q.hidden_reason;
    return v;
}

reports::TargetView view_of(const Answer& a, const Question& q) {
    reports::TargetView v;
    v.author_id = a.author_id.value_or(0);
    v.title = "Answer to: " + q.title;
    v.text = a.body;
    v.public_path = "/questions/" + std::to_string(q.id) + "#answer-" + std::to_string(a.id);
    v.hidden = a.hidden();
    v.hidden_reason = a.hidden_reason;
    return v;
}

// Only what the reporter may see: a hidden item is gone for them unless
// they wrote it (and nobody reports what they wrote).
bool reporter_sees(const Principal& reporter, const policy::Record& record) {
    return policy::may(reporter, Action::view_question, record);
}

}  // namespace

std::optional<reports::TargetView> QuestionModeration::for_reporter(db::Session& s, const Principal& reporter,
                                                                    std::int64_t id) const {
    const auto q = find_question(s, id);
    if (!q || !reporter_sees(reporter, question_record(*q))) return std::nullopt;
    return view_of(*q);
}

std::optional<reports::TargetView> QuestionModeration::for_admin(db::Session& s, std::int64_t id) const {
    const auto q = find_question(s, id);
    if (!q) return std::nullopt;
    return view_of(*q);
}

bool QuestionModeration::set_hidden(db::Session& s, std::int64_t id, const std::optional<reports::Hide>& hide) const {
    const bool found = hide ? set_question_hidden(s, id, hide->admin_id, hide->at, hide->reason)
                            : set_question_hidden(s, id, std::nullopt, std::nullopt, "");
    if (!found) return false;
    reindex_question(s, id);  // out of search while hidden, back when restored
    return true;
}

std::optional<reports::TargetView> AnswerModeration::for_reporter(db::Session& s, const Principal& reporter,
                                                                  std::int64_t id) const {
    const auto a = find_answer(s, id);
    if (!a) return std::nullopt;
    const auto q = find_question(s, a->question_id);
    if (!q || !reporter_sees(reporter, question_record(*q)) || !reporter_sees(reporter, answer_record(*a))) {
        return std::nullopt;
    }
    return view_of(*a, *q);
}

std::optional<reports::TargetView> AnswerModeration::for_admin(db::Session& s, std::int64_t id) const {
    const auto a = find_answer(s, id);
    if (!a) return std::nullopt;
    const auto q = find_question(s, a->question_id);
    if (!q) return std::nullopt;
    return view_of(*a, *q);
}

bool AnswerModeration::set_hidden(db::Session& s, std::int64_t id, const std::optional<reports::Hide>& hide) const {
    const auto a = find_answer(s, id);
    if (!a) return false;
    take_turns_on_question(s, a->question_id);  // never left accepted by a choice made meanwhile
    if (hide) {
        set_answer_hidden(s, id, hide->admin_id, hide->at, hide->reason);
    } else {
        set_answer_hidden(s, id, std::nullopt, std::nullopt, "");
    }
    // A hidden answer is not counted, and cannot stay the one that helped most.
    if (hide) clear_accepted_answer(s, a->question_id, id);
    recount_answers(s, a->question_id, hide ? hide->at : now_seconds());
    reindex_question(s, a->question_id);
    return true;
}

}  // namespace hearth::questions
