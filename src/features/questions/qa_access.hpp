#pragma once
// The records questions and answers are to the policy, and what a reader
// may do with a question: shared by the question and answer services so
// both ask the policy the same way.
#include <cstdint>
#include <optional>

#include "core/actor.hpp"
#include "db/database.hpp"
#include "features/common/policy.hpp"
#include "features/questions/answer_store.hpp"
#include "features/questions/question_store.hpp"

namespace hearth::questions {

struct Viewer;

// A question: owner = its asker, public = not hidden.
policy::Record question_record(const Question& q);
// An answer: owner = its writer, public = not hidden.
policy::Record answer_record(const Answer& a);
// The question `q` when `who` may `action` it. Otherwise the refusal an
// unknown id gets: 401 to a visitor for an action that needs signing in
// (whether or not the id exists), else 404 "We could not find that
// question." So a refusal never tells another's (anonymous) question, or a
// hidden one, from a missing one (issue 13: nothing of an anonymous asker
// is public). Throws hearth::Error.
const Question& require_question(const Principal& who, policy::Action action, const std::optional<Question>& q);
// Whether `who` may report the item (signed in, not its writer).
bool may_report(const Principal& who, policy::Record item);

// The specialist profile `user_id` answers with: its id and whether it is
// listed (verified, published, not suspended); nullopt without one.
struct AnsweringProfile {
    std::int64_t id = 0;
    bool listed = false;
};
std::optional<AnsweringProfile> answering_profile(db::Session& s, std::int64_t user_id);
// The specialist's own profile as a policy record (public = listed).
policy::Record profile_record(std::int64_t user_id, const std::optional<AnsweringProfile>& profile);

// Write units that change one question or its answers (answering, editing,
// deleting, choosing the answer that helped most, hiding an answer) take
// turns on it, so each reads the others' committed result: an edit never
// lands after the first answer, an answer never outlives its deleted
// question, and the accepted answer is never a hidden one. Call first in
// the unit, before reading the question. Nothing on SQLite (one writer).
void take_turns_on_question(db::Session& s, std::int64_t question_id);

// What `who` may see of and do with `q`.
Viewer viewer_of(db::Session& s, const Principal& who, const Question& q);

}  // namespace hearth::questions
