#pragma once
// Questions and answers as JSON (/api/v1). Shapes in docs/openapi.yaml
// (Question, Answer); what of an asker is shown: question_views.hpp.
#include "features/questions/answers.hpp"
#include "features/questions/questions.hpp"
#include "http/request.hpp"
#include "http/response.hpp"

namespace hearth::questions {

class QuestionsApi {
public:
    QuestionsApi(Questions& questions, Answers& answers) : questions_(questions), answers_(answers) {}

    http::Response list(http::Request& req);            // GET /api/v1/questions?q&topic&status&page&per_page
    http::Response create(http::Request& req);          // POST /api/v1/questions -> 201 {question, crisis_resources}
    http::Response show(http::Request& req);            // GET /api/v1/questions/{id} -> question with "answers"
    http::Response update(http::Request& req);          // PUT /api/v1/questions/{id} (the asker; 409 answered)
    http::Response remove(http::Request& req);          // DELETE /api/v1/questions/{id} (the asker) -> 204
    http::Response answer(http::Request& req);          // POST /api/v1/questions/{id}/answers {"body"} -> 201
    http::Response mark_helpful(http::Request& req);    // POST /api/v1/answers/{id}/helpful
    http::Response unmark_helpful(http::Request& req);  // DELETE /api/v1/answers/{id}/helpful
    http::Response accept(http::Request& req);          // POST /api/v1/questions/{id}/accepted {"answer_id"}
    http::Response clear_accepted(http::Request& req);  // DELETE /api/v1/questions/{id}/accepted

private:
    Questions& questions_;
    Answers& answers_;
};

// The fields of a question from a form or a JSON body: title, body,
// topics (repeated form fields or a JSON array) and anonymous (a form's
// "visibility" radio "anonymous"/"named", or JSON's boolean "anonymous").
QuestionFields question_fields(const http::Request& req);
// The {id} of a path as a positive number; anything else is 404.
std::int64_t question_id(const http::Request& req);
std::int64_t answer_id(const http::Request& req);
// ListQuery from ?q, topic, status, page, per_page.
ListQuery list_query(const http::Request& req);

}  // namespace hearth::questions
