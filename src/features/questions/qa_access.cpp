#include "features/questions/qa_access.hpp"

#include "features/questions/questions.hpp"

#include "core/error.hpp"

namespace hearth::questions {

using policy::Action;

policy::Record question_record(const Question& q) { return {q.asker_id.value_or(0), 0, !q.hidden()}; }

policy::Record answer_record(const Answer& a) { return {a.author_id.value_or(0), 0, !a.hidden()}; }

const Question& require_question(const Principal& who, policy::Action action, const std::optional<Question>& q) {
    if (q && policy::may(who, action, question_record(*q))) return *q;
    if (!who.signed_in() && !policy::may(Principal{}, action)) throw Error::unauthorized();
    throw Error::not_found("We could not find that question.");
}

void take_turns_on_question(db::Session& s, std::int64_t question_id) {
    s.serialize_on("questions.question", question_id);
}

bool may_report(const Principal& who, policy::Record item) {
    // Everyone signed in may see a visible item, so the reporter is its counterpart.
    item.counterpart_id = who.signed_in() ? who.user_id : 0;
    return policy::may(who, Action::report_content, item);
}

std::optional<AnsweringProfile> answering_profile(db::Session& s, std::int64_t user_id) {
    const auto r = s.query("SELECT id, listed FROM specialist_profiles WHERE user_id = $1", {user_id});
    if (r.empty()) return std::nullopt;
    return AnsweringProfile{r.front().integer(0), r.front().flag(1)};
}

policy::Record profile_record(std::int64_t user_id, const std::optional<AnsweringProfile>& profile) {
    return {profile ? user_id : 0, 0, profile && profile->listed};
}

Viewer viewer_of(db::Session& s, const Principal& who, const Question& q) {
    Viewer v;
    const auto record = question_record(q);
    v.is_asker = who.signed_in() && q.asker_id == who.user_id;
    v.is_admin = policy::may(who, Action::moderate);
    v.sees_asker = !q.anonymous || v.is_asker || v.is_admin;
    v.may_manage = policy::may(who, Action::manage_question, record);
    v.may_edit = v.may_manage && !has_any_answer(s, q.id);
    v.may_mark_helpful = policy::may(who, Action::mark_helpful);
    v.may_report = !q.hidden() && may_report(who, record);
    if (policy::may(who, Action::answer_question)) {
        v.has_answered = has_answered(s, q.id, who.user_id);
        v.may_answer =
            !q.hidden() && !v.has_answered &&
            policy::may(who, Action::answer_question, profile_record(who.user_id, answering_profile(s, who.user_id)));
    }
    return v;
}

}  // namespace hearth::questions
