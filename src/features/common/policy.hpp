#pragma once
// The one place that answers "may this person do this, to this record?".
// Services ask (handlers never decide permissions); store queries still
// filter by owner as a second guard, so a forgotten question cannot leak a
// row. tests/unit/policy_test.cpp holds the whole table: every action with
// every role, on records of their own and of someone else; a new feature
// adds its rows there.
#include <cstdint>
#include <string_view>

#include "core/actor.hpp"

namespace hearth::policy {

enum class Action {
    // accounts
    view_own_account,
    manage_own_sessions,
    manage_second_factor,  // one's own two-factor sign-in (record: the account, owner = that user)
    change_sign_in_details,  // one's own e-mail address and password; record: the account (owner = itself)
    // specialist profiles
    edit_profile,      // create one's own (kind) / change it (record: the profile)
    view_profile,      // record: a profile; listed ones are public
    request_listing,   // record: one's own profile
    verify_specialist, // admins: verify, suspend, reinstate, see any profile
    // free consultations
    set_availability,    // record: one's own profile
    book_consultation,   // members; record: a listed profile
    view_booking,        // record: a booking (owner = member, counterpart = specialist)
    cancel_booking,      // either side of the booking
    reschedule_booking,  // the member who booked it
    // private messages
    start_conversation,  // members; record: the specialist's listed profile (owner = the specialist)
    view_conversation,   // read, send in, block, archive; record: the conversation (owner = member,
                         // counterpart = specialist); its two participants only, never admins
    // the campaign and the admin pages
    edit_campaign,
    view_admin,
    view_audit_log,
    moderate,
    // features still to come; their rows are already in the table
    write_article,  // specialists write one (kind) / change it (record: the article, owner = its author)
    edit_article,   // record: an article (owner = its author): its author, and admins, change and publish it
    view_article,   // record: an article; published and not taken down ones are public, others its author's and admins'
    take_down_article,  // admins: hide an article from the public with a reason, and restore it
    ask_question,     // members
    answer_question,  // listed specialists; record: the specialist's own profile (public = listed)
    manage_question,  // edit, delete, choose the answer that helped most; record: the question (owner = asker)
    view_question,    // record: a question or an answer (owner = its writer, public = not hidden); admins see all
    mark_helpful,     // members; record: the answer (owner = its author, who never marks their own)
    send_message,
    contact_platform,
    // "Contact us" and reports of what people write
    answer_contact,   // admins: read the contact inbox, answer or close a request
    report_content,   // record: the reported item (owner = its author, counterpart = the reporter when they may see it)
    view_reports,     // admins: the reports queue, the reported content shown in place, resolving reports
    // questions: the topics a specialist follows (their digest and "unanswered in my topics")
    follow_topics,    // specialists; record: the account whose follows they are (owner = that user)
    // account deletion (GDPR article 17) and the admin's view of a person
    delete_own_account,  // anyone signed in; record: the account (owner = that user)
    manage_people,       // admins: a person's counts (never content) and deletions requested by e-mail
    // privacy: a copy of everything Hearth holds about a person (GDPR articles 15 and 20)
    export_own_data,  // any account; record: the account or its export (owner = that user); never admins for others
};

inline constexpr Action all_actions[] = {
    Action::view_own_account, Action::manage_own_sessions, Action::manage_second_factor,
    Action::change_sign_in_details, Action::edit_profile,      Action::view_profile,
    Action::request_listing,  Action::verify_specialist,   Action::set_availability,  Action::book_consultation,
    Action::view_booking,     Action::cancel_booking,      Action::reschedule_booking, Action::start_conversation,
    Action::view_conversation, Action::edit_campaign,
    Action::view_admin,       Action::view_audit_log,      Action::moderate,           Action::write_article,
    Action::edit_article,     Action::view_article,        Action::take_down_article,
    Action::ask_question,     Action::answer_question,     Action::manage_question,    Action::view_question,
    Action::mark_helpful,     Action::send_message,       Action::contact_platform,
    Action::answer_contact,   Action::report_content,      Action::view_reports,       Action::follow_topics,
    Action::delete_own_account, Action::manage_people,
    Action::export_own_data,
};

std::string_view action_name(Action a);

// The record a question is about, as far as permissions care.
struct Record {
    std::int64_t owner_id = 0;        // the user it belongs to: an account's own id, a profile's specialist, a booking's member
    std::int64_t counterpart_id = 0;  // the other user with a say in it: a booking's specialist
    bool is_public = false;           // visible to everyone (a listed profile)
};

// Kind-level: may `who` ever do this (shows or hides a button)?
bool may(const Principal& who, Action action);
// Record-level: may `who` do this to `record`?
bool may(const Principal& who, Action action, const Record& record);

// Throw Error 401 for a visitor and 403 for a signed-in person who may not.
void require(const Principal& who, Action action);
void require(const Principal& who, Action action, const Record& record);
// For records whose existence is itself private (a booking, an unlisted
// profile): throws Error 404 rather than 403, so a stranger cannot tell a
// record they may not see from one that does not exist. 401 for a visitor
// when the action always needs an account (a booking), never when it can
// be public (a profile), so a visitor learns nothing of unlisted ones.
void require_visible(const Principal& who, Action action, const Record& record);

}  // namespace hearth::policy
