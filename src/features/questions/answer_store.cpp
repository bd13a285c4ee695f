#include "features/questions/answer_store.hpp"

namespace hearth::questions {

namespace {

// $1 is the viewer (0: nobody), so marked_by_viewer is read in the same query.
constexpr const char* columns =
    "a.id, a.question_id, a.author_id, a.body, a.helpful_count, a.created_at, a.updated_at, a.hidden_at, "
    "a.hidden_reason, COALESCE(p.slug, ''), COALESCE(p.full_name, ''), COALESCE(p.credentials, ''), "
    "COALESCE(p.headline, ''), p.photo_file, p.verified_at, COALESCE(p.listed, 0), "
    "COALESCE(p.offers_free_consultation, 0), p.next_open_at, "
    "(SELECT COUNT(*) FROM answer_helpful h WHERE h.answer_id = a.id AND h.user_id = $1) "
    "FROM answers a LEFT JOIN specialist_profiles p ON p.id = a.profile_id";

Answer from_row(const db::Row& r) {
    Answer a;
    a.id = r.integer(0);
    a.question_id = r.integer(1);
    a.author_id = r.optional_integer(2);
    a.body = r.text(3);
    a.helpful_count = r.integer(4);
    a.created_at = r.integer(5);
    a.updated_at = r.integer(6);
    a.hidden_at = r.optional_integer(7);
    a.hidden_reason = r.text(8);
    a.author.slug = r.text(9);
    a.author.full_name = r.text(10);
    a.author.credentials = r.text(11);
    a.author.headline = r.text(12);
    a.author.has_photo = !r.is_null(13);
    a.author.verified = !r.is_null(14);
    a.author.listed = r.flag(15);
    a.author.bookable = r.flag(16) && !r.is_null(17);
    a.marked_by_viewer = r.integer(18) > 0;
    return a;
}

}  // namespace

std::int64_t insert_answer(db::Session& s, std::int64_t question_id, std::int64_t author_id, std::int64_t profile_id,
                           const std::string& body, std::int64_t now) {
    return s
        .query(
            "INSERT INTO answers (question_id, author_id, profile_id, body, created_at, updated_at) "
            "VALUES ($1, $2, $3, $4, $5, $5) RETURNING id",
            {question_id, author_id, profile_id, body, now})
        .front()
        .integer(0);
}

std::optional<Answer> find_answer(db::Session& s, std::int64_t id, std::int64_t viewer_id) {
    const auto r = s.query(std::string("SELECT ") + columns + " WHERE a.id = $2", {viewer_id, id});
    if (r.empty()) return std::nullopt;
    return from_row(r.front());
}

std::vector<Answer> answers_of(db::Session& s, std::int64_t question_id, std::int64_t viewer_id) {
    std::vector<Answer> out;
    for (const auto& r :
         s.query(std::string("SELECT ") + columns + " WHERE a.question_id = $2 ORDER BY a.created_at, a.id",
                 {viewer_id, question_id})) {
        out.push_back(from_row(r));
    }
    return out;
}

bool has_answered(db::Session& s, std::int64_t question_id, std::int64_t author_id) {
    return !s.query("SELECT 1 FROM answers WHERE question_id = $1 AND author_id = $2", {question_id, author_id})
                .empty();
}

bool has_any_answer(db::Session& s, std::int64_t question_id) {
    return !s.query("SELECT 1 FROM answers WHERE question_id = $1 LIMIT 1", {question_id}).empty();
}

std::vector<std::int64_t> answer_authors(db::Session& s, std::int64_t question_id) {
    std::vector<std::int64_t> out;
    for (const auto& r : s.query("SELECT DISTINCT author_id FROM answers WHERE question_id = $1 AND author_id IS "
                                 "NOT NULL ORDER BY author_id",
                                 {question_id})) {
        out.push_back(r.integer(0));
    }
    return out;
}

bool add_helpful(db::Session& s, std::int64_t answer_id, std::int64_t user_id, std::int64_t now) {
    // ON CONFLICT DO NOTHING is the same text on both engines: a second
    // mark, even one racing the first, counts once.
    const bool added = s.query(
                            "INSERT INTO answer_helpful (answer_id, user_id, created_at) VALUES ($1, $2, $3) "
                            "ON CONFLICT DO NOTHING",
                            {answer_id, user_id, now})
                           .affected() == 1;
    if (added) s.query("UPDATE answers SET helpful_count = helpful_count + 1 WHERE id = $1", {answer_id});
    return added;
}

bool remove_helpful(db::Session& s, std::int64_t answer_id, std::int64_t user_id) {
    const bool removed =
        s.query("DELETE FROM answer_helpful WHERE answer_id = $1 AND user_id = $2", {answer_id, user_id}).affected() ==
        1;
    if (removed) s.query("UPDATE answers SET helpful_count = helpful_count - 1 WHERE id = $1", {answer_id});
    return removed;
}

bool set_answer_hidden(db::Session& s, std::int64_t id, std::optional<std::int64_t> admin_id,
                       std::optional<std::int64_t> at, const std::string& reason) {
    return s.query("UPDATE answers SET hidden_at = $1, hidden_by = $2, hidden_reason = $3 WHERE id = $4",
                   {at ? db::Value(*at) : db::Value(nullptr), admin_id ? db::Value(*admin_id) : db::Value(nullptr),
                    reason, id})
               .affected() == 1;
}

}  // namespace hearth::questions
