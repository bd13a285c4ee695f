#include "features/messages/message_refusals.hpp"

namespace hearth::messages {

std::string_view code_name(MessageRefusal::Code code) {
    using Code = MessageRefusal::Code;
    switch (code) {
        case Code::invalid: return "invalid";
        case Code::messages_closed: return "messages_closed";
        case Code::blocked: return "blocked";
        case Code::idempotency_key_reused: return "idempotency_key_reused";
        case Code::not_a_member: return "not_a_member";
    }
    return "invalid";
}

int status_of(MessageRefusal::Code code) {
    using Code = MessageRefusal::Code;
    switch (code) {
        case Code::invalid: return 422;
        case Code::messages_closed:
        case Code::idempotency_key_reused: return 409;
        case Code::blocked:
        case Code::not_a_member: return 403;
    }
    return 422;
}

}  // namespace hearth::messages
