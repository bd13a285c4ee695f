#pragma once
// What a person may get wrong when asking, answering or changing a
// question, as values (core/outcome.hpp): the handlers turn them into a
// 422 / 409 or a form shown again with what was typed.
#include <string>
#include <vector>

#include "core/error.hpp"
#include "core/outcome.hpp"

namespace hearth::questions {

struct QuestionRefusal {
    enum class Code {
        invalid_fields,    // 422: each field with a sentence
        answered,          // 409 (field "body"): a question with an answer can no longer be edited
        already_answered,  // 409 (field "body"): one answer per specialist and question
    };
    Code code = Code::invalid_fields;
    std::vector<FieldError> fields;  // at least one
};

template <class T>
using QuestionOutcome = Outcome<T, QuestionRefusal>;

// The refusal as the API's error: 422 "invalid" naming the first field
// (all of them in fields()), or 409 with the code's name.
Error as_error(const QuestionRefusal& refusal);
// The HTTP status a form shown again after the refusal carries.
int status_of(const QuestionRefusal& refusal);

}  // namespace hearth::questions
