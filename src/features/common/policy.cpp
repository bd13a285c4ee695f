#include "features/common/policy.hpp"

#include "core/error.hpp"

namespace hearth::policy {

using http::Role;

std::string_view action_name(Action a) {
    switch (a) {
        case Action::view_own_account: return "view_own_account";
        case Action::manage_own_sessions: return "manage_own_sessions";
        case Action::edit_specialist_profile: return "edit_specialist_profile";
        case Action::write_article: return "write_article";
        case Action::ask_question: return "ask_question";
        case Action::answer_question: return "answer_question";
        case Action::send_message: return "send_message";
        case Action::book_consultation: return "book_consultation";
        case Action::contact_platform: return "contact_platform";
        case Action::view_admin: return "view_admin";
        case Action::verify_specialist: return "verify_specialist";
        case Action::moderate: return "moderate";
        case Action::view_audit_log: return "view_audit_log";
    }
    return "unknown";
}

bool may(const http::Principal& who, Action action) {
    const Role r = who.role;
    if (!who.signed_in()) return false;
    switch (action) {
        case Action::view_own_account:
        case Action::manage_own_sessions:
        case Action::send_message:
        case Action::contact_platform:
            return true;
        case Action::edit_specialist_profile:
        case Action::write_article:
        case Action::answer_question:
            return r == Role::specialist;
        case Action::ask_question:
        case Action::book_consultation:
            return r == Role::member;
        case Action::view_admin:
        case Action::verify_specialist:
        case Action::moderate:
        case Action::view_audit_log:
            return r == Role::admin;
    }
    return false;
}

void require(const http::Principal& who, Action action) {
    if (!who.signed_in()) throw Error::unauthorized();
    if (!may(who, action)) throw Error::forbidden();
}

}  // namespace hearth::policy
