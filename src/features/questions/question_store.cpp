#include "features/questions/question_store.hpp"

#include <fmt/format.h>

#include <unordered_map>

namespace hearth::questions {

namespace {

constexpr const char* columns =
    "q.id, q.asker_id, COALESCE(u.display_name, ''), q.anonymous, q.title, q.body, q.answer_count, "
    "q.accepted_answer_id, q.created_at, q.updated_at, q.edited_at, q.last_answer_at, q.hidden_at, "
    "q.hidden_reason, q.answer_mail_pending FROM questions q LEFT JOIN users u ON u.id = q.asker_id";

Question from_row(const db::Row& r) {
    Question q;
    q.id = r.integer(0);
    q.asker_id = r.optional_integer(1);
    q.asker_name = r.text(2);
    q.anonymous = r.flag(3);
    q.title = r.text(4);
    q.body = r.text(5);
    q.answer_count = r.integer(6);
    q.accepted_answer_id = r.optional_integer(7);
    q.created_at = r.integer(8);
    q.updated_at = r.integer(9);
    q.edited_at = r.optional_integer(10);
    q.last_answer_at = r.optional_integer(11);
    q.hidden_at = r.optional_integer(12);
    q.hidden_reason = r.text(13);
    q.answer_mail_pending = r.flag(14);
    return q;
}

// "$1, $2, ..." for n parameters, padded by repeating the last id to a
// multiple of 8, so a few statement texts serve every page size.
std::string in_list(std::vector<db::Value>& params) {
    while (params.size() % 8 != 0) params.push_back(params.back());
    std::string in;
    for (std::size_t i = 1; i <= params.size(); ++i) in += fmt::format("{}${}", i > 1 ? ", " : "", i);
    return in;
}

void add_topics(db::Session& s, std::vector<Question>& found) {
    if (found.empty()) return;
    std::vector<db::Value> params;
    for (const auto& q : found) params.emplace_back(q.id);
    const auto in = in_list(params);
    std::unordered_map<std::int64_t, Question*> by_id;
    for (auto& q : found) by_id[q.id] = &q;
    // In the vocabulary's order (its position), as every list of terms shows.
    for (const auto& r :
         s.query("SELECT t.question_id, v.id, v.slug, v.name FROM question_topics t JOIN "
                 "vocabulary_terms v ON v.kind = 'topic' AND v.slug = t.topic WHERE t.question_id IN (" +
                     in + ") ORDER BY v.position, v.id",
                 params)) {
        auto it = by_id.find(r.integer(0));
        if (it == by_id.end()) continue;
        it->second->topics.push_back(vocabularies::Term{r.integer(1), vocabularies::Kind::topic, r.text(2), r.text(3)});
    }
}

void insert_topics(db::Session& s, std::int64_t id, const std::vector<std::string>& topics) {
    for (const auto& t : topics) {
        s.query("INSERT INTO question_topics (question_id, topic) VALUES ($1, $2)", {id, t});
    }
}

}  // namespace

std::int64_t insert_question(db::Session& s, std::int64_t asker_id, const QuestionFields& f, std::int64_t now) {
    const auto id = s.query(
                         "INSERT INTO questions (asker_id, anonymous, title, body, created_at, updated_at) "
                         "VALUES ($1, $2, $3, $4, $5, $5) RETURNING id",
                         {asker_id, std::int64_t{f.anonymous ? 1 : 0}, f.title, f.body, now})
                        .front()
                        .integer(0);
    insert_topics(s, id, f.topics);
    return id;
}

std::optional<Question> find_question(db::Session& s, std::int64_t id) {
    auto found = find_questions(s, {id});
    if (found.empty()) return std::nullopt;
    return std::move(found.front());
}

std::vector<Question> find_questions(db::Session& s, const std::vector<std::int64_t>& ids) {
    if (ids.empty()) return {};
    std::vector<db::Value> params(ids.begin(), ids.end());
    const auto in = in_list(params);
    std::vector<Question> rows;
    for (const auto& r : s.query(std::string("SELECT ") + columns + " WHERE q.id IN (" + in + ")", params)) {
        rows.push_back(from_row(r));
    }
    add_topics(s, rows);
    std::unordered_map<std::int64_t, Question*> by_id;
    for (auto& q : rows) by_id[q.id] = &q;
    std::vector<Question> ordered;
    for (auto id : ids) {
        auto it = by_id.find(id);
        if (it != by_id.end() && it->second) {
            ordered.push_back(std::move(*it->second));
            it->second = nullptr;
        }
    }
    return ordered;
}

bool update_question(db::Session& s, std::int64_t id, std::int64_t asker_id, const QuestionFields& f,
                     std::int64_t now) {
    const auto changed =
        s.query(
             "UPDATE questions SET title = $1, body = $2, anonymous = $3, edited_at = $4, updated_at = $4 "
             "WHERE id = $5 AND asker_id = $6 AND NOT EXISTS (SELECT 1 FROM answers a WHERE a.question_id = $5)",
             {f.title, f.body, std::int64_t{f.anonymous ? 1 : 0}, now, id, asker_id})
            .affected() == 1;
    if (!changed) return false;
    s.query("DELETE FROM question_topics WHERE question_id = $1", {id});
    insert_topics(s, id, f.topics);
    return true;
}

bool delete_question(db::Session& s, std::int64_t id, std::int64_t asker_id) {
    return s.query("DELETE FROM questions WHERE id = $1 AND asker_id = $2", {id, asker_id}).affected() == 1;
}

void set_accepted(db::Session& s, std::int64_t id, std::optional<std::int64_t> answer_id, std::int64_t now) {
    s.query("UPDATE questions SET accepted_answer_id = $1, updated_at = $2 WHERE id = $3",
            {answer_id ? db::Value(*answer_id) : db::Value(nullptr), now, id});
}

void clear_accepted_answer(db::Session& s, std::int64_t id, std::int64_t answer_id) {
    s.query("UPDATE questions SET accepted_answer_id = NULL WHERE id = $1 AND accepted_answer_id = $2",
            {id, answer_id});
}

void recount_answers(db::Session& s, std::int64_t id, std::int64_t now) {
    s.query(
        "UPDATE questions SET answer_count = (SELECT COUNT(*) FROM answers a WHERE a.question_id = $1 AND "
        "a.hidden_at IS NULL), last_answer_at = (SELECT MAX(a.created_at) FROM answers a WHERE a.question_id = "
        "$1 AND a.hidden_at IS NULL), updated_at = $2 WHERE id = $1",
        {id, now});
}

bool mark_answer_mail(db::Session& s, std::int64_t id) {
    return s.query("UPDATE questions SET answer_mail_pending = 1 WHERE id = $1 AND answer_mail_pending = 0", {id})
               .affected() == 1;
}

void clear_answer_mail(db::Session& s, std::int64_t id) {
    s.query("UPDATE questions SET answer_mail_pending = 0 WHERE id = $1 AND answer_mail_pending = 1", {id});
}

bool set_question_hidden(db::Session& s, std::int64_t id, std::optional<std::int64_t> admin_id,
                         std::optional<std::int64_t> at, const std::string& reason) {
    return s.query("UPDATE questions SET hidden_at = $1, hidden_by = $2, hidden_reason = $3 WHERE id = $4",
                   {at ? db::Value(*at) : db::Value(nullptr), admin_id ? db::Value(*admin_id) : db::Value(nullptr),
                    reason, id})
               .affected() == 1;
}

std::optional<Contact> contact_of(db::Session& s, std::int64_t user_id) {
    const auto r = s.query("SELECT email, display_name FROM users WHERE id = $1", {user_id});
    if (r.empty()) return std::nullopt;
    return Contact{r.front().text(0), r.front().text(1)};
}

std::vector<Question> visible_questions_after(db::Session& s, std::int64_t after_id, std::int64_t limit) {
    std::vector<Question> out;
    for (const auto& r :
         s.query(std::string("SELECT ") + columns + " WHERE q.id > $1 AND q.hidden_at IS NULL ORDER BY q.id LIMIT $2",
                 {after_id, limit})) {
        out.push_back(from_row(r));
    }
    return out;
}

}  // namespace hearth::questions
