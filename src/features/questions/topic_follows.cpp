#include "features/questions/topic_follows.hpp"

#include <algorithm>
#include <map>

#include "core/clock.hpp"
#include "features/common/policy.hpp"

namespace hearth::questions {

namespace {

using vocabularies::Kind;
using vocabularies::Term;

// The terms of `all` whose slug is in `slugs`, in the vocabulary's order.
std::vector<Term> terms_of(const std::vector<Term>& all, const std::vector<std::string>& slugs) {
    std::vector<Term> out;
    for (const auto& t : all) {
        if (std::find(slugs.begin(), slugs.end(), t.slug) != slugs.end()) out.push_back(t);
    }
    return out;
}

// "$first, $first+1, ..." for `n` bound values.
std::string placeholders(std::size_t n, std::size_t first) {
    std::string out;
    for (std::size_t i = 0; i < n; ++i) out += (i ? ", $" : "$") + std::to_string(first + i);
    return out;
}

policy::Record own_account(const Actor& actor) { return policy::Record{actor.user_id(), 0, false}; }

}  // namespace

std::vector<std::string> followed_topic_slugs(db::Session& s, std::int64_t user_id) {
    std::vector<std::string> out;
    for (const auto& r : s.query("SELECT topic FROM topic_follows WHERE user_id = $1", {user_id})) {
        out.push_back(r.text(0));
    }
    return out;
}

void replace_followed_topics(db::Session& s, std::int64_t user_id, const std::vector<std::string>& slugs,
                             std::int64_t now) {
    for (const auto& old : followed_topic_slugs(s, user_id)) {
        if (std::find(slugs.begin(), slugs.end(), old) == slugs.end()) {
            s.query("DELETE FROM topic_follows WHERE user_id = $1 AND topic = $2", {user_id, old});
        }
    }
    for (const auto& slug : slugs) {
        s.query("INSERT INTO topic_follows (user_id, topic, created_at) VALUES ($1, $2, $3) "
                "ON CONFLICT (user_id, topic) DO NOTHING",
                {user_id, slug, now});
    }
}

// "No visible answer": questions.answer_count, which the questions store
// recounts whenever an answer is added, hidden or restored (a hidden
// answer brings its question back). Three times cheaper than looking at
// the answers themselves (about 30 ms against 90 ms for the count over
// 50,000 questions on SQLite, bench/README.md).
UnansweredList unanswered_in_followed_topics(db::Session& s, std::int64_t user_id, const paging::Page& page) {
    static constexpr std::string_view where =
        " FROM questions q WHERE q.hidden_at IS NULL"
        " AND q.answer_count = 0"
        " AND EXISTS (SELECT 1 FROM question_topics qt JOIN topic_follows f ON f.topic = qt.topic"
        "             WHERE qt.question_id = q.id AND f.user_id = $1)";
    UnansweredList out;
    out.total = s.query(std::string("SELECT COUNT(*)") + std::string(where), {user_id}).front().integer(0);
    if (out.total == 0) return out;
    for (const auto& r : s.query(std::string("SELECT q.id, q.title, q.created_at") + std::string(where) +
                                     " ORDER BY q.created_at DESC, q.id DESC LIMIT $2 OFFSET $3",
                                 {user_id, page.per_page, page.offset()})) {
        out.items.push_back(UnansweredQuestion{r.integer(0), r.text(1), r.integer(2), {}});
    }
    fill_question_topics(s, out.items);
    return out;
}

void fill_question_topics(db::Session& s, std::vector<UnansweredQuestion>& questions) {
    if (questions.empty()) return;
    std::vector<db::Value> ids;
    for (const auto& q : questions) ids.emplace_back(q.id);
    std::map<std::int64_t, std::vector<std::string>> slugs;
    for (const auto& r : s.query("SELECT question_id, topic FROM question_topics WHERE question_id IN (" +
                                     placeholders(ids.size(), 1) + ")",
                                 ids)) {
        slugs[r.integer(0)].push_back(r.text(1));
    }
    const auto all = vocabularies::list_terms(s, Kind::topic);
    for (auto& q : questions) q.topics = terms_of(all, slugs[q.id]);
}

std::vector<Term> TopicFollows::all_topics() {
    return db_.read([](db::Session& s) { return vocabularies::list_terms(s, Kind::topic); });
}

std::vector<Term> TopicFollows::followed(const Actor& actor) {
    policy::require(actor.who, policy::Action::follow_topics, own_account(actor));
    return db_.read([&](db::Session& s) {
        return terms_of(vocabularies::list_terms(s, Kind::topic), followed_topic_slugs(s, actor.user_id()));
    });
}

Outcome<std::vector<Term>, FollowRefusal> TopicFollows::set_followed(const Actor& actor,
                                                                      const std::vector<std::string>& slugs) {
    policy::require(actor.who, policy::Action::follow_topics, own_account(actor));
    std::vector<std::string> unknown;
    auto terms = db_.write([&](db::Session& s) {
        auto known = vocabularies::resolve_slugs(s, Kind::topic, slugs, unknown);
        if (!unknown.empty()) return known;
        std::vector<std::string> keep;
        for (const auto& t : known) keep.push_back(t.slug);
        replace_followed_topics(s, actor.user_id(), keep, now_seconds());
        return known;
    });
    if (!unknown.empty()) {
        std::string names;
        for (const auto& u : unknown) names += (names.empty() ? "" : ", ") + u;
        return FollowRefusal{FollowRefusal::Code::unknown_topics,
                             "These are not topics on Hearth: " + names + ". Choose from the list.", "topics",
                             std::move(unknown)};
    }
    return terms;
}

TopicFollows::Unanswered TopicFollows::unanswered(const Actor& actor, const paging::Page& page) {
    policy::require(actor.who, policy::Action::follow_topics, own_account(actor));
    return db_.read([&](db::Session& s) {
        Unanswered out;
        out.followed = terms_of(vocabularies::list_terms(s, Kind::topic), followed_topic_slugs(s, actor.user_id()));
        if (!out.followed.empty()) out.list = unanswered_in_followed_topics(s, actor.user_id(), page);
        return out;
    });
}

}  // namespace hearth::questions
