#pragma once
// The SQL of questions: the questions and question_topics tables
// (migrations 0018 and 0021). Queries that change a question filter by its
// asker as a second guard behind the policy; the asker's id and name are
// read here only so the service can decide who may see them.
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "db/database.hpp"
#include "features/vocabularies/vocabulary.hpp"

namespace hearth::questions {

// One question as stored. Times are UTC seconds.
struct Question {
    std::int64_t id = 0;
    std::optional<std::int64_t> asker_id;  // none once the account is deleted
    std::string asker_name;                // users.display_name; "" when none
    bool anonymous = false;
    std::string title;
    std::string body;
    std::vector<vocabularies::Term> topics;  // in the vocabulary's order
    std::int64_t answer_count = 0;           // visible answers
    std::optional<std::int64_t> accepted_answer_id;
    std::int64_t created_at = 0;
    std::int64_t updated_at = 0;
    std::optional<std::int64_t> edited_at;
    std::optional<std::int64_t> last_answer_at;
    std::optional<std::int64_t> hidden_at;
    std::string hidden_reason;
    bool answer_mail_pending = false;  // see migration 0021

    bool hidden() const noexcept { return hidden_at.has_value(); }
};

struct QuestionFields {
    std::string title;
    std::string body;
    std::vector<std::string> topics;  // known topic slugs, 1-3
    bool anonymous = false;
    // false when the writer did not say (an API change without "anonymous"):
    // an edit then keeps the question's choice, so leaving the field out
    // never puts the asker's name on an anonymous question.
    bool anonymity_given = true;
};

// Inserts a question with its topics; returns its id.
std::int64_t insert_question(db::Session& s, std::int64_t asker_id, const QuestionFields& f, std::int64_t now);
// Any question by id, hidden or not, with its topics (the service decides who sees it).
std::optional<Question> find_question(db::Session& s, std::int64_t id);
// Questions by id in the order of `ids`, with their topics; unknown ids are skipped.
std::vector<Question> find_questions(db::Session& s, const std::vector<std::int64_t>& ids);
// Changes the asker's own question while it has no answer; false when it
// is not theirs or has an answer by now.
bool update_question(db::Session& s, std::int64_t id, std::int64_t asker_id, const QuestionFields& f, std::int64_t now);
// Deletes the asker's own question (its answers and marks go with it).
bool delete_question(db::Session& s, std::int64_t id, std::int64_t asker_id);
// Sets or clears (nullopt) the answer that helped the asker most.
void set_accepted(db::Session& s, std::int64_t id, std::optional<std::int64_t> answer_id, std::int64_t now);
// Clears the answer that helped most when it is `answer_id` (it was hidden).
void clear_accepted_answer(db::Session& s, std::int64_t id, std::int64_t answer_id);
// After an answer is added, hidden or restored: the number of visible
// answers and the time of the newest one, recounted.
void recount_answers(db::Session& s, std::int64_t id, std::int64_t now);
// The answer e-mail to the asker: set when one is sent, cleared when the
// asker opens the question. mark_answer_mail returns false when one was
// pending already (then none is sent).
bool mark_answer_mail(db::Session& s, std::int64_t id);
void clear_answer_mail(db::Session& s, std::int64_t id);
// Hides (an admin's reason) or restores a question; false when there is none.
bool set_question_hidden(db::Session& s, std::int64_t id, std::optional<std::int64_t> admin_id,
                         std::optional<std::int64_t> at, const std::string& reason);
// The asker's e-mail address and display name, for mail to them.
struct Contact {
    std::string email;
    std::string name;
};
std::optional<Contact> contact_of(db::Session& s, std::int64_t user_id);
// Visible questions, oldest first, in pages of `limit` after `after_id` (the sitemap).
std::vector<Question> visible_questions_after(db::Session& s, std::int64_t after_id, std::int64_t limit);

}  // namespace hearth::questions
