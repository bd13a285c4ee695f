#pragma once
// The one place that answers "may this person do this?". Handlers ask;
// they never decide permissions inline. Record-level rules (is this my
// booking?) are also enforced in the store queries, which filter by owner,
// so a forgotten check cannot leak a row.
#include <string_view>

#include "http/request.hpp"

namespace hearth::policy {

enum class Action {
    view_own_account,
    manage_own_sessions,
    edit_specialist_profile,   // own profile only
    write_article,             // specialists
    ask_question,              // members
    answer_question,           // verified specialists (checked against the profile too)
    send_message,
    book_consultation,         // members
    contact_platform,
    view_admin,
    verify_specialist,
    moderate,
    view_audit_log,
};

std::string_view action_name(Action a);
bool may(const http::Principal& who, Action action);
// Throws Error 401 for a visitor and 403 for a signed-in person who may not.
void require(const http::Principal& who, Action action);

}  // namespace hearth::policy
