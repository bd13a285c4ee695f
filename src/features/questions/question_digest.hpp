#pragma once
// The daily digest of unanswered questions: for each specialist who follows
// topics (topic_follows.hpp), at most one e-mail a day listing the questions
// asked since their last digest, in those topics, that are not hidden and
// still have no visible answer. Titles and links only: nothing about who
// asked (anonymous or named alike) and no body text. No e-mail when there
// is nothing new.
//
// Each specialist's digest is one write: take turns on the specialist
// (Session::serialize_on), read question_digests again, queue the e-mail
// through the outbox and record last_sent_at / last_question_id with a
// conditional upsert. Two rounds at once, on one node or several on one
// PostgreSQL, never send the same digest twice.
#include <cstdint>
#include <string>

#include "db/database.hpp"
#include "render/view.hpp"

namespace hearth::questions {

struct DigestSettings {
    std::string base_url;                  // "https://hearth.example" (links in the e-mail)
    std::int64_t min_gap_seconds = 86400;  // at most one digest per specialist in this time
    // A specialist's first digest lists questions asked at most this long
    // before it (not every question ever asked in their topics).
    std::int64_t first_lookback_seconds = 86400;
    int max_listed = 20;  // titles in one e-mail; the rest are counted and linked
};

struct DigestRound {
    int considered = 0;  // specialists whose digest was due
    int sent = 0;        // digests queued
};

class QuestionDigest {
public:
    QuestionDigest(db::Database& db, const render::Templates& templates, DigestSettings settings)
        : db_(db), templates_(templates), settings_(std::move(settings)) {}

    // One round at `now` (UTC seconds): queues the digests that are due.
    // Safe to run on several nodes at once. Throws db::DatabaseError when
    // the store fails (a digest already queued stays queued).
    DigestRound run_round(std::int64_t now);

private:
    // One specialist's digest in one write; true when it was queued.
    bool send_one(std::int64_t user_id, std::int64_t now);

    db::Database& db_;
    const render::Templates& templates_;
    DigestSettings settings_;
};

}  // namespace hearth::questions
