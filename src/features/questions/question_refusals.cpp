#include "features/questions/question_refusals.hpp"

namespace hearth::questions {

Error as_error(const QuestionRefusal& refusal) {
    const auto& first = refusal.fields.front();
    switch (refusal.code) {
        case QuestionRefusal::Code::answered:
            return Error::conflict("answered", first.message, first.field);
        case QuestionRefusal::Code::already_answered:
            return Error::conflict("already_answered", first.message, first.field);
        case QuestionRefusal::Code::invalid_fields:
            break;
    }
    return Error::invalid_fields(refusal.fields);
}

int status_of(const QuestionRefusal& refusal) {
    return refusal.code == QuestionRefusal::Code::invalid_fields ? 422 : 409;
}

}  // namespace hearth::questions
