#include "features/questions/questions_api.hpp"

#include <boost/json/array.hpp>

#include "features/common/page_query.hpp"
#include "features/questions/question_views.hpp"
#include "http/input.hpp"

namespace hearth::questions {

QuestionFields question_fields(const http::Request& req) {
    http::Input in(req);
    QuestionFields f;
    f.title = in.raw("title");
    f.body = in.raw("body");
    f.topics = in.list("topics");
    if (req.is_api()) {
        f.anonymity_given = in.has("anonymous");
        f.anonymous = in.flag("anonymous");
    } else {
        const auto choice = in.text("visibility");
        if (choice != "anonymous" && choice != "named") {
            in.fail("visibility", "Choose whether to show your display name or to ask anonymously.");
        }
        f.anonymous = choice == "anonymous";
    }
    in.check();
    return f;
}

std::int64_t question_id(const http::Request& req) { return req.path_id("id", "We could not find that question."); }

std::int64_t answer_id(const http::Request& req) { return req.path_id("id", "We could not find that answer."); }

ListQuery list_query(const http::Request& req) {
    ListQuery q;
    q.q = req.query_param("q");
    q.topic = req.query_param("topic");
    q.status = req.query_param("status");
    q.page = paging::from_query(req);
    return q;
}

namespace {

boost::json::object with_answers(const QuestionPage& page) {
    auto o = question_json(page.question, page.viewer);
    boost::json::array answers;
    for (const auto& a : page.answers) answers.push_back(answer_json(a));
    o["answers"] = std::move(answers);
    return o;
}

}  // namespace

http::Response QuestionsApi::list(http::Request& req) {
    const auto query = list_query(req);
    const auto found = questions_.list(req.actor(), query);
    boost::json::array items;
    for (const auto& q : found.items) items.push_back(question_list_json(q));
    return http::json(200, paging::list_json(std::move(items), found.total, query.page));
}

http::Response QuestionsApi::create(http::Request& req) {
    auto fields = question_fields(req);
    auto outcome = questions_.ask(req.actor(), std::move(fields));
    if (!outcome) throw as_error(outcome.refusal());
    Viewer asker;
    asker.is_asker = true;
    auto o = question_json(outcome->question, asker);
    o["crisis_resources"] = outcome->crisis_resources;
    return http::json(201, o);
}

http::Response QuestionsApi::show(http::Request& req) {
    return http::json(200, with_answers(questions_.read(req.actor(), question_id(req))));
}

http::Response QuestionsApi::update(http::Request& req) {
    const auto id = question_id(req);
    auto fields = question_fields(req);
    auto outcome = questions_.edit(req.actor(), id, std::move(fields));
    if (!outcome) throw as_error(outcome.refusal());
    Viewer asker;
    asker.is_asker = true;
    auto o = question_json(outcome->question, asker);
    o["crisis_resources"] = outcome->crisis_resources;
    return http::json(200, o);
}

http::Response QuestionsApi::remove(http::Request& req) {
    questions_.remove(req.actor(), question_id(req));
    return http::text(204, "");
}

http::Response QuestionsApi::answer(http::Request& req) {
    const auto id = question_id(req);
    http::Input in(req);
    auto body = in.raw("body");
    in.check();
    auto outcome = answers_.answer(req.actor(), id, std::move(body));
    if (!outcome) throw as_error(outcome.refusal());
    AnswerView v;
    v.answer = outcome->answer;
    v.by_viewer = true;
    auto o = answer_json(v);
    o["crisis_resources"] = outcome->crisis_resources;
    return http::json(201, o);
}

http::Response QuestionsApi::mark_helpful(http::Request& req) {
    AnswerView v;
    v.answer = answers_.mark_helpful(req.actor(), answer_id(req), true);
    return http::json(200, answer_json(v));
}

http::Response QuestionsApi::unmark_helpful(http::Request& req) {
    AnswerView v;
    v.answer = answers_.mark_helpful(req.actor(), answer_id(req), false);
    return http::json(200, answer_json(v));
}

http::Response QuestionsApi::accept(http::Request& req) {
    const auto id = question_id(req);
    http::Input in(req);
    const auto chosen = in.integer("answer_id");
    if (!chosen) in.fail("answer_id", "Choose one of the answers to this question.");
    in.check();
    questions_.choose_accepted(req.actor(), id, chosen);
    return http::json(200, with_answers(questions_.read(req.actor(), id)));
}

http::Response QuestionsApi::clear_accepted(http::Request& req) {
    const auto id = question_id(req);
    questions_.choose_accepted(req.actor(), id, std::nullopt);
    return http::json(200, with_answers(questions_.read(req.actor(), id)));
}

}  // namespace hearth::questions
