#pragma once
// The expected "no"s of the messages service, as values: handlers map the
// code to a status and a JSON code (code_name, status_of) or re-render the
// form, never by matching strings.
#include <string>
#include <string_view>

#include "core/outcome.hpp"

namespace hearth::messages {

struct MessageRefusal {
    enum class Code {
        invalid,                 // a field is malformed: "body" or "idempotency_key" (422)
        messages_closed,         // the specialist is not listed or does not take new conversations (409)
        blocked,                 // either side has blocked the other (403); the wording never says who
        idempotency_key_reused,  // the sender used this key before for another text (409)
        not_a_member,            // only members start conversations (403): specialists, admins
    };
    Code code = Code::invalid;
    std::string message;  // for the person
    std::string field;    // the field at fault; "" for the request as a whole
};

// "invalid", "messages_closed", "blocked", "idempotency_key_reused", "not_a_member".
std::string_view code_name(MessageRefusal::Code code);
// 422 invalid; 409 messages_closed and idempotency_key_reused; 403 blocked and not_a_member.
int status_of(MessageRefusal::Code code);

template <class T>
using MessageOutcome = Outcome<T, MessageRefusal>;

}  // namespace hearth::messages
