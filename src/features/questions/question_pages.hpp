#pragma once
// Questions and answers as pages: /questions (the list, with search and
// filters), /questions/new (asking; visitors write first and log in on
// sending), /questions/{id} (the question, its answers and every form a
// reader may use), editing, deleting, answering, helpful marks and the
// answer that helped most.
#include "features/questions/answers.hpp"
#include "features/questions/questions.hpp"
#include "http/request.hpp"
#include "http/response.hpp"
#include "render/view.hpp"

namespace hearth::questions {

class QuestionPages {
public:
    QuestionPages(Questions& questions, Answers& answers, const render::View& view)
        : questions_(questions), answers_(answers), view_(view) {}

    http::Response list(http::Request& req);       // GET /questions?q&topic&status&page
    http::Response new_form(http::Request& req);   // GET /questions/new
    http::Response ask(http::Request& req);        // POST /questions/new -> 303 to the question
    http::Response show(http::Request& req);       // GET /questions/{id}
    http::Response edit_form(http::Request& req);  // GET /questions/{id}/edit (the asker)
    http::Response edit(http::Request& req);       // POST /questions/{id}/edit
    http::Response remove(http::Request& req);     // POST /questions/{id}/delete -> 303 to /questions
    http::Response answer(http::Request& req);     // POST /questions/{id}/answers -> 303 to the answer
    http::Response accept(http::Request& req);     // POST /questions/{id}/accepted (answer_id; empty clears)
    http::Response helpful(http::Request& req);    // POST /answers/{id}/helpful (helpful=1|0)

private:
    // The ask / edit form: the topics with the chosen ones checked, the values typed.
    boost::json::object form_data(const QuestionFields& values, bool anonymous_chosen);
    http::Response question_page(http::Request& req, const QuestionPage& page, boost::json::object data, int status,
                                 const std::vector<FieldError>& errors);

    Questions& questions_;
    Answers& answers_;
    const render::View& view_;
};

}  // namespace hearth::questions
