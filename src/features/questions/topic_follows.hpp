#pragma once
// The topics a specialist follows (vocabulary terms of kind 'topic',
// migration 0018's topic_follows) and what they feed: the list of
// questions still without a visible answer in those topics ("Unanswered in
// my topics") and the daily digest (question_digest.hpp).
//
// Only specialists follow topics (policy action follow_topics), and each
// changes only their own list; every query below filters by that user.
#include <cstdint>
#include <string>
#include <vector>

#include "core/actor.hpp"
#include "core/outcome.hpp"
#include "db/database.hpp"
#include "features/common/paging.hpp"
#include "features/vocabularies/vocabulary.hpp"

namespace hearth::questions {

// A list of topics that could not be saved. Nothing was changed.
struct FollowRefusal {
    enum class Code { unknown_topics };
    Code code = Code::unknown_topics;
    std::string message;
    std::string field = "topics";
    std::vector<std::string> unknown;  // the slugs not in the topic vocabulary, as sent
};

// One question of the "unanswered in my topics" list: nothing about who
// asked (named or anonymous alike), and no body text.
struct UnansweredQuestion {
    std::int64_t id = 0;
    std::string title;
    std::int64_t created_at = 0;  // UTC seconds
    std::vector<vocabularies::Term> topics;  // the question's topics, in the vocabulary's order
};

struct UnansweredList {
    std::vector<UnansweredQuestion> items;  // newest first
    std::int64_t total = 0;
};

// --- store (SQL only) ---

// Slugs `user_id` follows, in no particular order.
std::vector<std::string> followed_topic_slugs(db::Session& s, std::int64_t user_id);
// Makes `slugs` (already checked against the vocabulary) the whole list of
// `user_id`'s follows; a follow kept keeps its created_at. `now`: UTC seconds.
void replace_followed_topics(db::Session& s, std::int64_t user_id, const std::vector<std::string>& slugs,
                             std::int64_t now);
// Questions that are not hidden, have no visible answer, and carry a topic
// `user_id` follows: newest first, one page, with the total.
UnansweredList unanswered_in_followed_topics(db::Session& s, std::int64_t user_id, const paging::Page& page);
// The topics of each question id (for lists), as vocabulary terms in the
// vocabulary's order; unknown slugs are skipped.
void fill_question_topics(db::Session& s, std::vector<UnansweredQuestion>& questions);

// --- service ---

class TopicFollows {
public:
    explicit TopicFollows(db::Database& db) : db_(db) {}

    // Every topic of the vocabulary (for the form), in its order.
    std::vector<vocabularies::Term> all_topics();
    // The actor's followed topics, in the vocabulary's order. Error 401 for
    // a visitor, 403 for anyone but a specialist.
    std::vector<vocabularies::Term> followed(const Actor& actor);
    // Replaces the actor's followed topics with `slugs` (duplicates ignored;
    // an empty list follows nothing). Refused, changing nothing, when a slug
    // is not a topic of the vocabulary. Error 401/403 as followed().
    Outcome<std::vector<vocabularies::Term>, FollowRefusal> set_followed(const Actor& actor,
                                                                          const std::vector<std::string>& slugs);

    struct Unanswered {
        std::vector<vocabularies::Term> followed;
        UnansweredList list;  // empty when nothing is followed
    };
    // The actor's "unanswered in my topics" page; Error 401/403 as followed().
    Unanswered unanswered(const Actor& actor, const paging::Page& page);

private:
    db::Database& db_;
};

}  // namespace hearth::questions
