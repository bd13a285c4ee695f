#include "features/questions/answers.hpp"

#include <boost/json/object.hpp>

#include "core/clock.hpp"
#include "core/error.hpp"
#include "core/field_checks.hpp"
#include "features/common/outbox.hpp"
#include "features/common/policy.hpp"
#include "features/questions/qa_access.hpp"
#include "features/questions/question_safety.hpp"
#include "features/questions/question_search_index.hpp"
#include "features/questions/question_store.hpp"
#include "features/questions/question_text.hpp"

namespace hearth::questions {

namespace {

using policy::Action;

QuestionRefusal second_answer() {
    return {QuestionRefusal::Code::already_answered,
            {{"body", "You have answered this question already: each specialist answers a question once."}}};
}

}  // namespace

QuestionOutcome<SavedAnswer> Answers::answer(const Actor& actor, std::int64_t question_id, std::string body) {
    const auto& who = actor.who;
    policy::require(who, Action::answer_question);
    const auto profile = db_.read([&](db::Session& s) -> std::optional<AnsweringProfile> {
        const auto q = find_question(s, question_id);
        require_question(who, Action::view_question, q);
        if (q->hidden()) throw Error::not_found("We could not find that question.");
        return answering_profile(s, who.user_id);
    });
    if (!policy::may(who, Action::answer_question, profile_record(who.user_id, profile))) {
        throw Error::forbidden("Only verified specialists listed on Hearth can answer questions.");
    }
    FieldChecks check;
    check.text("body", "Your answer", body, max_answer_chars, true);
    if (!check.failed("body") && visible_characters(body) < min_answer_chars) {
        check.fail("body", "An answer needs at least 20 characters.");
    }
    if (!check.ok()) return QuestionRefusal{QuestionRefusal::Code::invalid_fields, std::move(check).take()};
    if (db_.read([&](db::Session& s) { return has_answered(s, question_id, who.user_id); })) return second_answer();
    limiter_.hit(security::rate_rules::answer_post_per_user, std::to_string(who.user_id));
    try {
        return db_.write([&](db::Session& s) -> QuestionOutcome<SavedAnswer> {
            take_turns_on_question(s, question_id);
            const auto q = find_question(s, question_id);
            if (!q || q->hidden()) throw Error::not_found("We could not find that question.");
            const auto now = now_seconds();
            const auto id = insert_answer(s, question_id, who.user_id, profile->id, body, now);
            recount_answers(s, question_id, now);
            reindex_question(s, question_id);
            const bool crisis = flag_if_crisis(s, "answer", id, body);
            // One e-mail until the asker opens the question: only that there
            // is an answer, and where.
            if (q->asker_id && mark_answer_mail(s, question_id)) {
                if (const auto to = contact_of(s, *q->asker_id)) {
                    boost::json::object data{
                        {"name", to->name},
                        {"question_url", settings_.base_url + "/questions/" + std::to_string(question_id)}};
                    mail::enqueue(s, mail::from_template(templates_, "question_answered", data, to->email));
                }
            }
            return SavedAnswer{*find_answer(s, id, who.user_id), crisis};
        });
    } catch (const db::ConstraintViolation&) {
        return second_answer();  // a second answer that raced the first
    }
}

Answer Answers::mark_helpful(const Actor& actor, std::int64_t answer_id, bool helpful) {
    const auto& who = actor.who;
    policy::require(who, Action::mark_helpful);
    const auto not_found = [] { return Error::not_found("We could not find that answer."); };
    const auto check = [&](db::Session& s) {
        const auto a = find_answer(s, answer_id);
        if (!a || a->hidden()) throw not_found();
        const auto q = find_question(s, a->question_id);
        if (!q || q->hidden()) throw not_found();
        policy::require(who, Action::mark_helpful, answer_record(*a));
    };
    db_.read(check);
    limiter_.hit(security::rate_rules::helpful_per_user, std::to_string(who.user_id));
    return db_.write([&](db::Session& s) {
        check(s);
        if (helpful) {
            add_helpful(s, answer_id, who.user_id, now_seconds());
        } else {
            remove_helpful(s, answer_id, who.user_id);
        }
        return *find_answer(s, answer_id, who.user_id);
    });
}

}  // namespace hearth::questions
