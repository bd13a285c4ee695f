#include "features/questions/questions.hpp"

#include <algorithm>
#include <boost/json/object.hpp>

#include "core/clock.hpp"
#include "core/error.hpp"
#include "core/field_checks.hpp"
#include "db/search.hpp"
#include "db/search_text.hpp"
#include "features/common/outbox.hpp"
#include "features/common/policy.hpp"
#include "features/questions/qa_access.hpp"
#include "features/questions/question_safety.hpp"
#include "features/questions/question_search_index.hpp"
#include "features/questions/question_text.hpp"

namespace hearth::questions {

namespace {

using policy::Action;

constexpr std::size_t max_search_words = 8;

Error no_question() { return Error::not_found("We could not find that question."); }

std::string crisis_text(const QuestionFields& f) { return f.title + "\n" + f.body; }

}  // namespace

bool Questions::may_ask(const Actor& actor) const { return policy::may(actor.who, Action::ask_question); }

std::vector<vocabularies::Term> Questions::topics() {
    return db_.read([](db::Session& s) { return vocabularies::list_terms(s, vocabularies::Kind::topic); });
}

std::optional<QuestionRefusal> Questions::check(db::Session& s, QuestionFields& f) const {
    FieldChecks c;
    c.line("title", "The title", f.title, max_title_chars, true);
    if (!c.failed("title") && visible_characters(f.title) < min_title_chars) {
        c.fail("title", "The title needs at least 10 characters: say in a few words what you would like to ask.");
    }
    c.text("body", "Your question", f.body, max_question_body_chars, true);
    if (!c.failed("body") && !has_visible_character(f.body)) c.fail("body", "Your question is required.");
    std::vector<std::string> slugs;
    for (const auto& t : f.topics) {
        if (std::find(slugs.begin(), slugs.end(), t) == slugs.end()) slugs.push_back(t);
    }
    if (slugs.empty()) {
        c.fail("topics", "Choose at least one topic.");
    } else if (slugs.size() > max_topics) {
        c.fail("topics", "Choose at most three topics.");
    } else {
        std::vector<std::string> unknown;
        const auto terms = vocabularies::resolve_slugs(s, vocabularies::Kind::topic, slugs, unknown);
        if (!unknown.empty()) {
            c.fail("topics", "Choose topics from the list.");
        } else {
            f.topics.clear();
            for (const auto& t : terms) f.topics.push_back(t.slug);
        }
    }
    if (c.ok()) return std::nullopt;
    return QuestionRefusal{QuestionRefusal::Code::invalid_fields, std::move(c).take()};
}

QuestionOutcome<Saved> Questions::ask(const Actor& actor, QuestionFields fields) {
    policy::require(actor.who, Action::ask_question);
    if (auto refused = db_.read([&](db::Session& s) { return check(s, fields); })) return std::move(*refused);
    limiter_.hit(security::rate_rules::question_ask_per_user, std::to_string(actor.who.user_id));
    return db_.write([&](db::Session& s) -> QuestionOutcome<Saved> {
        const auto id = insert_question(s, actor.who.user_id, fields, now_seconds());
        reindex_question(s, id);
        const bool crisis = flag_if_crisis(s, "question", id, crisis_text(fields));
        return Saved{*find_question(s, id), crisis};
    });
}

QuestionOutcome<Saved> Questions::edit(const Actor& actor, std::int64_t id, QuestionFields fields) {
    const auto answered = [] {
        return QuestionRefusal{QuestionRefusal::Code::answered,
                               {{"body", "This question has an answer now, so it can no longer be changed."}}};
    };
    const auto before = db_.read([&](db::Session& s) { return find_question(s, id); });
    require_question(actor.who, Action::manage_question, before);
    if (db_.read([&](db::Session& s) { return has_any_answer(s, id); })) return answered();
    if (auto refused = db_.read([&](db::Session& s) { return check(s, fields); })) return std::move(*refused);
    return db_.write([&](db::Session& s) -> QuestionOutcome<Saved> {
        take_turns_on_question(s, id);
        if (!fields.anonymity_given) {
            if (const auto now = find_question(s, id)) fields.anonymous = now->anonymous;
        }
        if (!update_question(s, id, actor.who.user_id, fields, now_seconds())) {
            // Deleted meanwhile, or answered since it was read.
            if (!find_question(s, id)) throw no_question();
            return answered();
        }
        reindex_question(s, id);
        const bool crisis = flag_if_crisis(s, "question", id, crisis_text(fields));
        return Saved{*find_question(s, id), crisis};
    });
}

void Questions::remove(const Actor& actor, std::int64_t id) {
    db_.write([&](db::Session& s) {
        take_turns_on_question(s, id);
        const auto q = find_question(s, id);
        require_question(actor.who, Action::manage_question, q);
        const auto authors = answer_authors(s, id);
        if (!delete_question(s, id, actor.who.user_id)) throw no_question();
        reindex_question(s, id);  // gone: its document goes too
        // Only that a question they answered is gone: neither its words,
        // nor theirs, nor who asked.
        for (const auto author : authors) {
            const auto to = contact_of(s, author);
            if (!to) continue;
            boost::json::object data{{"name", to->name}, {"questions_url", settings_.base_url + "/questions"}};
            mail::enqueue(s, mail::from_template(templates_, "question_deleted_answer", data, to->email));
        }
    });
}

Question Questions::choose_accepted(const Actor& actor, std::int64_t id, std::optional<std::int64_t> answer_id) {
    return db_.write([&](db::Session& s) {
        take_turns_on_question(s, id);
        const auto q = find_question(s, id);
        require_question(actor.who, Action::manage_question, q);
        if (answer_id) {
            const auto a = find_answer(s, *answer_id);
            if (!a || a->question_id != id || a->hidden()) {
                throw Error::invalid("answer_id", "Choose one of the answers to this question.");
            }
        }
        set_accepted(s, id, answer_id, now_seconds());
        return *find_question(s, id);
    });
}

QuestionPage Questions::read(const Actor& actor, std::int64_t id) {
    const auto& who = actor.who;
    auto page = db_.read([&](db::Session& s) {
        auto q = find_question(s, id);
        require_question(who, Action::view_question, q);
        QuestionPage p;
        p.viewer = viewer_of(s, who, *q);
        for (auto& a : answers_of(s, id, who.signed_in() ? who.user_id : 0)) {
            if (!policy::may(who, Action::view_question, answer_record(a))) continue;
            AnswerView v;
            v.accepted = q->accepted_answer_id == a.id;
            v.by_viewer = who.signed_in() && a.author_id == who.user_id;
            v.may_report = !a.hidden() && may_report(who, answer_record(a));
            v.may_mark_helpful = !a.hidden() && policy::may(who, Action::mark_helpful, answer_record(a));
            v.answer = std::move(a);
            p.answers.push_back(std::move(v));
        }
        std::stable_sort(p.answers.begin(), p.answers.end(), [](const AnswerView& x, const AnswerView& y) {
            if (x.accepted != y.accepted) return x.accepted;
            return x.answer.helpful_count > y.answer.helpful_count;
        });
        p.question = std::move(*q);
        return p;
    });
    if (page.viewer.is_asker && page.question.answer_mail_pending) {
        // The asker has seen the answers: the next one may be e-mailed again.
        db_.write([&](db::Session& s) { clear_answer_mail(s, id); });
        page.question.answer_mail_pending = false;
    }
    return page;
}

QuestionList Questions::list(const Actor&, const ListQuery& query) {
    if (!query.status.empty() && query.status != "answered" && query.status != "unanswered") {
        throw Error::invalid("status", "Choose answered or unanswered.");
    }
    db::SearchQuery sq;
    sq.words = db::search_text::words(query.q, max_search_words);
    if (!query.topic.empty()) sq.facets.push_back(topic_facet(query.topic));
    if (!query.status.empty()) sq.facets.push_back(answered_facet(query.status == "answered"));
    // Best match first with words (ties: the newest); otherwise the newest first.
    if (!sq.words.empty()) {
        sq.order.push_back({db::SearchOrder::By::relevance, ""});
    } else {
        sq.order.push_back({db::SearchOrder::By::key_descending, std::string(created_at_key)});
    }
    sq.offset = query.page.offset();
    sq.limit = query.page.per_page;
    return db_.read([&](db::Session& s) {
        // Words that fold to nothing (only stop words) find nothing rather than everything.
        QuestionList out;
        out.words = sq.words;
        if (!query.q.empty() && sq.words.empty()) return out;
        const auto found = db::SearchIndex::of(s).find(s, question_collection(), sq);
        out.total = found.total;
        for (auto& q : find_questions(s, found.ids)) {
            if (!q.hidden()) out.items.push_back(std::move(q));
        }
        return out;
    });
}

}  // namespace hearth::questions
