#pragma once
// Answers from verified specialists, and members' "this helped" marks.
// An answer e-mails the asker (never its words, the specialist's name or
// the question's) at most once until they open the question. The service
// takes typed commands and an Actor, asks the policy, and knows no HTTP.
#include <cstdint>
#include <string>

#include "core/actor.hpp"
#include "db/database.hpp"
#include "features/questions/answer_store.hpp"
#include "features/questions/question_refusals.hpp"
#include "features/questions/questions.hpp"
#include "render/view.hpp"
#include "security/rate_limit.hpp"

namespace hearth::questions {

struct SavedAnswer {
    Answer answer;
    bool crisis_resources = false;  // its words speak of self-harm: shown to its writer, flagged for review
};

class Answers {
public:
    Answers(db::Database& db, security::RateLimiter& limiter, const render::Templates& templates, QaSettings settings)
        : db_(db), limiter_(limiter), templates_(templates), settings_(std::move(settings)) {}

    // A listed (verified) specialist answers a visible question: 401 for a
    // visitor, 403 for members, admins and specialists who are not listed,
    // 404 for an unknown or hidden question. Refused with nothing saved for
    // a body not of 20-10,000 characters (invalid_fields) or a second
    // answer to the same question (already_answered, 409). Counted by
    // rate_rules::answer_post_per_user (429) once the input is valid.
    QuestionOutcome<SavedAnswer> answer(const Actor& actor, std::int64_t question_id, std::string body);
    // A member marks an answer helpful (`helpful`) or takes the mark back;
    // marking twice counts once. 401 for a visitor, 403 for anyone but a
    // member, 404 for an answer they cannot see. Counted by
    // rate_rules::helpful_per_user (429). Returns the answer as it is now.
    Answer mark_helpful(const Actor& actor, std::int64_t answer_id, bool helpful);

private:
    db::Database& db_;
    security::RateLimiter& limiter_;
    const render::Templates& templates_;
    QaSettings settings_;
};

}  // namespace hearth::questions
