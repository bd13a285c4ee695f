#include "features/common/policy.hpp"

#include "core/error.hpp"

namespace hearth::policy {

std::string_view action_name(Action a) {
    switch (a) {
        case Action::view_own_account: return "view_own_account";
        case Action::manage_own_sessions: return "manage_own_sessions";
        case Action::manage_second_factor: return "manage_second_factor";
        case Action::change_sign_in_details: return "change_sign_in_details";
        case Action::edit_profile: return "edit_profile";
        case Action::view_profile: return "view_profile";
        case Action::request_listing: return "request_listing";
        case Action::verify_specialist: return "verify_specialist";
        case Action::set_availability: return "set_availability";
        case Action::book_consultation: return "book_consultation";
        case Action::view_booking: return "view_booking";
        case Action::cancel_booking: return "cancel_booking";
        case Action::reschedule_booking: return "reschedule_booking";
        case Action::start_conversation: return "start_conversation";
        case Action::view_conversation: return "view_conversation";
        case Action::edit_campaign: return "edit_campaign";
        case Action::view_admin: return "view_admin";
        case Action::view_audit_log: return "view_audit_log";
        case Action::moderate: return "moderate";
        case Action::write_article: return "write_article";
        case Action::edit_article: return "edit_article";
        case Action::view_article: return "view_article";
        case Action::take_down_article: return "take_down_article";
        case Action::ask_question: return "ask_question";
        case Action::answer_question: return "answer_question";
        case Action::manage_question: return "manage_question";
        case Action::view_question: return "view_question";
        case Action::mark_helpful: return "mark_helpful";
        case Action::follow_topics: return "follow_topics";
        case Action::send_message: return "send_message";
        case Action::contact_platform: return "contact_platform";
        case Action::answer_contact: return "answer_contact";
        case Action::report_content: return "report_content";
        case Action::view_reports: return "view_reports";
        case Action::delete_own_account: return "delete_own_account";
        case Action::manage_people: return "manage_people";
        case Action::export_own_data: return "export_own_data";
    }
    return "unknown";
}

bool may(const Principal& who, Action action) {
    const Role r = who.role;
    switch (action) {
        case Action::view_profile:
        case Action::view_article:
            return true;  // listed profiles and published articles are public
        case Action::edit_article:
            return who.signed_in() && (r == Role::specialist || r == Role::admin);
        case Action::view_own_account:
        case Action::manage_own_sessions:
        case Action::change_sign_in_details:
        case Action::delete_own_account:
        case Action::export_own_data:
        case Action::manage_second_factor:
        case Action::send_message:
        case Action::contact_platform:
        case Action::report_content:
        case Action::view_booking:
        case Action::cancel_booking:
        case Action::view_conversation:
            return who.signed_in();
        case Action::edit_profile:
        case Action::request_listing:
        case Action::set_availability:
        case Action::write_article:
        case Action::answer_question:
        case Action::follow_topics:
            return who.signed_in() && r == Role::specialist;
        case Action::view_question:
            return true;
        case Action::ask_question:
        case Action::manage_question:
        case Action::mark_helpful:
        case Action::book_consultation:
        case Action::reschedule_booking:
        case Action::start_conversation:
            return who.signed_in() && r == Role::member;
        case Action::verify_specialist:
        case Action::edit_campaign:
        case Action::view_admin:
        case Action::view_audit_log:
        case Action::moderate:
        case Action::answer_contact:
        case Action::view_reports:
        case Action::take_down_article:
        case Action::manage_people:
            return who.signed_in() && r == Role::admin;
    }
    return false;
}

bool may(const Principal& who, Action action, const Record& record) {
    const bool owner = who.signed_in() && record.owner_id == who.user_id;
    const bool counterpart = who.signed_in() && record.counterpart_id == who.user_id;
    const bool admin = who.signed_in() && who.role == Role::admin;
    switch (action) {
        case Action::view_profile:
        case Action::view_article:
            return record.is_public || owner || admin;
        case Action::edit_article:  // the author (while a specialist) or an admin
            return admin || (may(who, action) && owner);
        case Action::view_own_account:
        case Action::manage_own_sessions:
        case Action::change_sign_in_details:
        case Action::delete_own_account:
        case Action::export_own_data:
        case Action::manage_second_factor:
        case Action::edit_profile:
        case Action::request_listing:
        case Action::set_availability:
        case Action::reschedule_booking:
        case Action::write_article:  // record: the article; only its author changes it
        case Action::follow_topics:  // record: the account; only its own follows
            return may(who, action) && owner;
        case Action::book_consultation:
        case Action::start_conversation:
            return may(who, action) && record.is_public && !owner;
        case Action::view_booking:
        case Action::cancel_booking:
        case Action::view_conversation:  // admins read a message only when reported (message_moderation)
            return owner || counterpart;
        case Action::send_message:
            return may(who, action) && !owner;  // record: the person written to
        case Action::report_content:
            // record: the item; owner = its author, counterpart = the person
            // reporting when they may see it (a participant of a message's
            // conversation). Nobody reports what they wrote or cannot see.
            return may(who, action) && counterpart && !owner;
        case Action::answer_question:
            // record: the specialist's own profile; only a listed (verified) one answers.
            return may(who, action) && owner && record.is_public;
        case Action::manage_question:  // record: the question; only its asker
            return may(who, action) && owner;
        case Action::view_question:  // hidden ones: their writer and admins only
            return record.is_public || owner || admin;
        case Action::mark_helpful:  // record: the answer; never one's own
            return may(who, action) && !owner;
        case Action::ask_question:
        case Action::contact_platform:
        case Action::verify_specialist:
        case Action::edit_campaign:
        case Action::view_admin:
        case Action::view_audit_log:
        case Action::moderate:
        case Action::answer_contact:
        case Action::view_reports:
        case Action::take_down_article:
        case Action::manage_people:
            return may(who, action);
    }
    return false;
}

void require(const Principal& who, Action action) {
    if (may(who, action)) return;
    if (!who.signed_in()) throw Error::unauthorized();
    throw Error::forbidden();
}

void require(const Principal& who, Action action, const Record& record) {
    if (may(who, action, record)) return;
    if (!who.signed_in()) throw Error::unauthorized();
    throw Error::forbidden();
}

void require_visible(const Principal& who, Action action, const Record& record) {
    if (may(who, action, record)) return;
    if (!who.signed_in() && !may(Principal{}, action)) throw Error::unauthorized();
    throw Error::not_found();
}

}  // namespace hearth::policy
