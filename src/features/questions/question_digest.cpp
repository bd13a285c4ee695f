#include "features/questions/question_digest.hpp"

#include <boost/json/array.hpp>

#include <algorithm>
#include <vector>

#include "features/common/outbox.hpp"

namespace hearth::questions {

namespace {

// Signals that another round recorded this digest first: the write rolls
// back, and its e-mail with it.
struct AlreadySent {};

// Questions in the topics `user_id` follows, newer than `after_id` and asked
// after `asked_after` (UTC seconds), not hidden, with no visible answer;
// oldest first. Titles and ids only: the digest says nothing of who asked.
constexpr std::string_view new_unanswered_sql =
    "SELECT q.id, q.title FROM questions q"
    " WHERE q.id > $2 AND q.created_at > $3 AND q.hidden_at IS NULL"
    " AND q.answer_count = 0"  // visible answers, kept by the questions store
    " AND EXISTS (SELECT 1 FROM question_topics qt JOIN topic_follows f ON f.topic = qt.topic"
    "             WHERE qt.question_id = q.id AND f.user_id = $1)"
    " ORDER BY q.id";

}  // namespace

DigestRound QuestionDigest::run_round(std::int64_t now) {
    const std::int64_t due_before = now - settings_.min_gap_seconds;
    // Specialists (live accounts) with follows whose last digest, if any,
    // is at least the gap old. Each is checked again inside its own write.
    const auto due = db_.read([&](db::Session& s) {
        std::vector<std::int64_t> ids;
        for (const auto& r :
             s.query("SELECT DISTINCT f.user_id FROM topic_follows f JOIN users u ON u.id = f.user_id"
                     " LEFT JOIN question_digests d ON d.user_id = f.user_id"
                     " WHERE u.role = 'specialist' AND u.deleted_at IS NULL"
                     " AND (d.user_id IS NULL OR d.last_sent_at <= $1) ORDER BY f.user_id",
                     {due_before})) {
            ids.push_back(r.integer(0));
        }
        return ids;
    });
    DigestRound round;
    round.considered = static_cast<int>(due.size());
    for (auto user_id : due) {
        if (send_one(user_id, now)) ++round.sent;
    }
    return round;
}

bool QuestionDigest::send_one(std::int64_t user_id, std::int64_t now) {
    try {
        return db_.write([&](db::Session& s) {
            // Rounds on other nodes take turns on this specialist (PostgreSQL),
            // so the row read next is the one the last digest wrote.
            s.serialize_on("questions.digest", user_id);
            const auto user = s.query("SELECT email, display_name FROM users WHERE id = $1 AND role = 'specialist'"
                                      " AND deleted_at IS NULL",
                                      {user_id});
            if (user.empty()) return false;
            const auto last = s.query("SELECT last_sent_at, last_question_id FROM question_digests WHERE user_id = $1",
                                      {user_id});
            std::int64_t after_id = 0;
            std::int64_t asked_after = now - settings_.first_lookback_seconds;
            if (!last.empty()) {
                if (last.front().integer(0) > now - settings_.min_gap_seconds) return false;
                after_id = last.front().integer(1);
                asked_after = 0;
            }
            const auto found = s.query(new_unanswered_sql, {user_id, after_id, asked_after});
            if (found.empty()) return false;  // nothing new: no e-mail, and the day is not spent
            std::int64_t newest = after_id;
            for (const auto& r : found) newest = std::max(newest, r.integer(0));

            // Recorded first and only when no other round got there: the
            // condition is checked again against the row as committed.
            const auto recorded = s.query(
                "INSERT INTO question_digests (user_id, last_sent_at, last_question_id) VALUES ($1, $2, $3)"
                " ON CONFLICT (user_id) DO UPDATE SET last_sent_at = excluded.last_sent_at,"
                " last_question_id = excluded.last_question_id"
                " WHERE question_digests.last_sent_at <= $4 RETURNING user_id",
                {user_id, now, newest, now - settings_.min_gap_seconds});
            if (recorded.empty()) throw AlreadySent{};

            boost::json::array items;
            const auto listed = std::min<std::size_t>(found.size(), static_cast<std::size_t>(settings_.max_listed));
            for (std::size_t i = 0; i < listed; ++i) {
                const auto& r = found[i];
                items.push_back(boost::json::object{
                    {"title", r.text(1)}, {"link", settings_.base_url + "/questions/" + std::to_string(r.integer(0))}});
            }
            const auto more = static_cast<std::int64_t>(found.size() - listed);
            boost::json::object data{{"name", user.front().text(1)},
                                     {"count", static_cast<std::int64_t>(found.size())},
                                     {"one", found.size() == 1},
                                     {"questions", std::move(items)},
                                     {"more", more},
                                     {"has_more", more > 0},
                                     {"unanswered_url", settings_.base_url + "/questions/unanswered"},
                                     {"settings_url", settings_.base_url + "/account#questions-topics"}};
            mail::enqueue(s, mail::from_template(templates_, "question_digest", data, user.front().text(0)));
            return true;
        });
    } catch (const AlreadySent&) {
        return false;
    }
}

}  // namespace hearth::questions
