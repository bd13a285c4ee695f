#pragma once
// Questions from members, named or anonymous: asking, reading, finding,
// changing and deleting one's own, and choosing the answer that helped
// most. Anonymous means the public never learns who asked: the services
// hand the asker's identity only to the asker and to admins (QuestionPage
// says which), and the views leave it out everywhere else. The service
// takes typed commands and an Actor, asks the policy, and knows no HTTP.
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "core/actor.hpp"
#include "db/database.hpp"
#include "features/common/paging.hpp"
#include "features/questions/answer_store.hpp"
#include "features/questions/question_refusals.hpp"
#include "features/questions/question_store.hpp"
#include "render/view.hpp"
#include "security/rate_limit.hpp"

namespace hearth::questions {

// Limits in characters (what a person counts). Source: issue 13.
inline constexpr std::size_t min_title_chars = 10;
inline constexpr std::size_t max_title_chars = 200;
inline constexpr std::size_t max_question_body_chars = 5000;
inline constexpr std::size_t max_topics = 3;
inline constexpr std::size_t min_answer_chars = 20;
inline constexpr std::size_t max_answer_chars = 10000;

struct QaSettings {
    std::string base_url;  // absolute links in e-mails
};

// What a question looks like to the person reading it, and what they may
// do with it: the views show and offer exactly this.
struct Viewer {
    bool is_asker = false;          // the person reading asked it
    bool sees_asker = false;        // the asker's identity may be shown: named, or the reader is the asker or an admin
    bool is_admin = false;          // may see asker_id
    bool may_edit = false;          // the asker, while there is no answer
    bool may_manage = false;        // the asker: delete, choose the answer that helped most
    bool may_answer = false;        // a listed specialist who has not answered yet
    bool has_answered = false;      // a specialist who answered it
    bool may_mark_helpful = false;  // a member
    bool may_report = false;        // signed in and not the asker
};

// One answer as the reader may see it (hidden ones only to their writer and admins).
struct AnswerView {
    Answer answer;
    bool accepted = false;
    bool by_viewer = false;         // the reader wrote it
    bool may_report = false;        // signed in and not its writer
    bool may_mark_helpful = false;  // a member (never its writer)
};

struct QuestionPage {
    Question question;
    Viewer viewer;
    std::vector<AnswerView> answers;  // the accepted one first, then by helpful count, then oldest first
};

// A question as saved, and whether its words speak of self-harm (then its
// writer is shown crisis resources, and it is flagged for review).
struct Saved {
    Question question;
    bool crisis_resources = false;
};

// The list at /questions and GET /api/v1/questions.
struct ListQuery {
    std::string q;       // words; "" lists all
    std::string topic;   // a topic slug; "" for any (an unknown one matches nothing)
    std::string status;  // "", "answered" or "unanswered"; anything else is 422 on field "status"
    paging::Page page;
};
struct QuestionList {
    std::vector<Question> items;  // newest first, or best match first with words
    std::int64_t total = 0;
    std::vector<std::string> words;  // the words searched, for highlighting
};

class Questions {
public:
    Questions(db::Database& db, security::RateLimiter& limiter, const render::Templates& templates, QaSettings settings)
        : db_(db), limiter_(limiter), templates_(templates), settings_(std::move(settings)) {}

    // A member asks (401 for a visitor, 403 for specialists and admins).
    // Counted by rate_rules::question_ask_per_user (429) once the input is
    // valid. Refused (invalid_fields) with nothing saved for a title that is
    // not one line of 10-200 characters, a body not of 1-5,000, or topics
    // that are not 1-3 known topic slugs.
    QuestionOutcome<Saved> ask(const Actor& actor, QuestionFields fields);
    // The asker changes their question while it has no answer (then:
    // refused `answered`, 409). Anyone else's, a hidden one and an unknown
    // id are refused alike (qa_access.hpp require_question: 401 to a
    // visitor, else 404 with the same words).
    QuestionOutcome<Saved> edit(const Actor& actor, std::int64_t id, QuestionFields fields);
    // The asker deletes their question with its answers; each answer's
    // writer is told by a content-free e-mail. Refused as edit() is.
    void remove(const Actor& actor, std::int64_t id);
    // The asker chooses (or clears, nullopt) the answer that helped most;
    // 404 for anyone else's question; 422 on field "answer_id" for an
    // answer that is not a visible answer of this question.
    Question choose_accepted(const Actor& actor, std::int64_t id, std::optional<std::int64_t> answer_id);

    // The question with its answers as `actor` may see them; 404 for an
    // unknown id, and for a hidden question to anyone but its asker and
    // admins. The asker opening it ends the wait for the next answer
    // e-mail.
    QuestionPage read(const Actor& actor, std::int64_t id);
    // Visible questions matching the query (words, topic, answered or not).
    QuestionList list(const Actor& actor, const ListQuery& query);
    // May `actor` ask (shows the form or says who may)?
    bool may_ask(const Actor& actor) const;
    // The topics a question can have (vocabulary kind 'topic'), in order.
    std::vector<vocabularies::Term> topics();

private:
    std::optional<QuestionRefusal> check(db::Session& s, QuestionFields& f) const;

    db::Database& db_;
    security::RateLimiter& limiter_;
    const render::Templates& templates_;
    QaSettings settings_;
};

}  // namespace hearth::questions
