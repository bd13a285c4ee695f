#pragma once
// The SQL of answers and helpful marks: the answers and answer_helpful
// tables (migrations 0018 and 0021). An answer is read with the public
// card of the specialist who wrote it (their profile), so a page needs
// one query for all of a question's answers.
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "db/database.hpp"

namespace hearth::questions {

// Who wrote an answer, as their public profile shows them.
struct AnswerAuthor {
    std::string slug;  // "" when the profile is gone
    std::string full_name;
    std::string credentials;
    std::string headline;
    bool has_photo = false;
    bool verified = false;
    bool listed = false;
    bool bookable = false;  // offers a free consultation with an open slot in 14 days
};

// One answer. Times are UTC seconds.
struct Answer {
    std::int64_t id = 0;
    std::int64_t question_id = 0;
    std::optional<std::int64_t> author_id;
    std::string body;
    std::int64_t helpful_count = 0;
    std::int64_t created_at = 0;
    std::int64_t updated_at = 0;
    std::optional<std::int64_t> hidden_at;
    std::string hidden_reason;
    AnswerAuthor author;
    bool marked_by_viewer = false;  // the member reading has marked it helpful

    bool hidden() const noexcept { return hidden_at.has_value(); }
};

// Inserts an answer; returns its id. Throws db::ConstraintViolation
// (answers_one_per_author) when the specialist answered the question already.
std::int64_t insert_answer(db::Session& s, std::int64_t question_id, std::int64_t author_id, std::int64_t profile_id,
                           const std::string& body, std::int64_t now);
// Any answer by id, hidden or not; `viewer_id` (0: none) fills marked_by_viewer.
std::optional<Answer> find_answer(db::Session& s, std::int64_t id, std::int64_t viewer_id = 0);
// All answers of a question, hidden ones too, oldest first.
std::vector<Answer> answers_of(db::Session& s, std::int64_t question_id, std::int64_t viewer_id = 0);
// Whether `author_id` has answered the question already.
bool has_answered(db::Session& s, std::int64_t question_id, std::int64_t author_id);
// Whether the question has any answer, hidden ones included (then its asker can no longer edit it).
bool has_any_answer(db::Session& s, std::int64_t question_id);
// The authors of a question's answers (for the e-mail when it is deleted).
std::vector<std::int64_t> answer_authors(db::Session& s, std::int64_t question_id);
// A member's helpful mark: added (false when it was there already) or
// taken back (false when there was none); the answer's count follows.
bool add_helpful(db::Session& s, std::int64_t answer_id, std::int64_t user_id, std::int64_t now);
bool remove_helpful(db::Session& s, std::int64_t answer_id, std::int64_t user_id);
// Hides (an admin's reason) or restores an answer; false when there is none.
bool set_answer_hidden(db::Session& s, std::int64_t id, std::optional<std::int64_t> admin_id,
                       std::optional<std::int64_t> at, const std::string& reason);

}  // namespace hearth::questions
