#include "features/contact/contact.hpp"

#include <boost/json/object.hpp>

#include "core/clock.hpp"
#include "core/field_checks.hpp"
#include "features/common/audit.hpp"
#include "features/common/outbox.hpp"
#include "features/common/policy.hpp"

namespace hearth::contact {

namespace {

using policy::Action;

constexpr std::size_t min_key_chars = 8;
constexpr std::size_t max_key_chars = 128;

std::optional<ContactRefusal> refusal_of(FieldChecks& check) {
    if (check.ok()) return std::nullopt;
    return ContactRefusal{ContactRefusal::Code::invalid_fields, std::move(check).take()};
}

}  // namespace

ContactOutcome<Sent> ContactDesk::send(const Actor& actor, SendRequest r) {
    const auto& who = actor.who;
    policy::require(who, Action::contact_platform);
    FieldChecks check;
    check.line("subject", "Subject", r.subject, max_subject_chars, true);
    check.text("body", "Your message", r.body, max_body_chars, true);
    if (r.idempotency_key) {
        const auto n = character_count(*r.idempotency_key);
        if (n < min_key_chars || n > max_key_chars || has_control_characters(*r.idempotency_key)) {
            check.fail("idempotency_key", "The idempotency key must be 8 to 128 characters.");
        }
    }
    if (auto problem = refusal_of(check)) return std::move(*problem);

    const auto earlier = [&]() -> std::optional<ContactRequest> {
        if (!r.idempotency_key) return std::nullopt;
        return db_.read([&](db::Session& s) { return find_by_idempotency_key(s, who.user_id, *r.idempotency_key); });
    };
    // The same key again is the same request only with the same words.
    const auto repeat = [&](const ContactRequest& first) -> ContactOutcome<Sent> {
        if (first.subject == r.subject && first.body == r.body) return Sent{first, false};
        return ContactRefusal{ContactRefusal::Code::idempotency_key_reused,
                              {{"idempotency_key", "This form was sent before with other words. Check what you "
                                                   "wrote and send it again: it will go as a new request."}}};
    };
    if (auto first = earlier()) return repeat(*first);
    limiter_.hit(security::rate_rules::contact_per_user, std::to_string(who.user_id));
    try {
        auto saved = db_.write([&](db::Session& s) {
            const auto now = now_seconds();
            const auto id = insert_request(s, who.user_id, r.subject, r.body, r.idempotency_key, now);
            if (!settings_.notify_address.empty()) {
                // Only that there is one and where to read it: what people
                // write stays in Hearth, behind the admins' log-in.
                boost::json::object data{{"inbox_url", settings_.base_url + "/admin/contact/" + std::to_string(id)}};
                mail::enqueue(s, mail::from_template(templates_, "contact_received", data, settings_.notify_address));
            }
            return *find_own_request(s, who.user_id, id);
        });
        return Sent{std::move(saved), true};
    } catch (const db::ConstraintViolation&) {
        // A double submit whose first request committed in between.
        if (auto first = earlier()) return repeat(*first);
        throw;
    }
}

RequestList ContactDesk::own_requests(const Actor& actor, const paging::Page& page) {
    policy::require(actor.who, Action::contact_platform);
    return db_.read([&](db::Session& s) { return list_own_requests(s, actor.who.user_id, page); });
}

ContactRequest ContactDesk::own_request(const Actor& actor, std::int64_t id) {
    policy::require(actor.who, Action::contact_platform);
    auto found = db_.read([&](db::Session& s) { return find_own_request(s, actor.who.user_id, id); });
    if (!found) throw Error::not_found("We could not find that request.");
    return *found;
}

RequestList ContactDesk::inbox(const Actor& actor, const std::string& status, const paging::Page& page) {
    policy::require(actor.who, Action::answer_contact);
    if (status != "open" && status != "answered" && status != "closed") {
        throw Error::invalid("status", "Choose open, answered or closed.");
    }
    return db_.read([&](db::Session& s) { return list_by_status(s, status, page); });
}

StatusCounts ContactDesk::counts(const Actor& actor) {
    policy::require(actor.who, Action::answer_contact);
    return db_.read([&](db::Session& s) { return count_by_status(s); });
}

ContactRequest ContactDesk::read(const Actor& actor, std::int64_t id) {
    policy::require(actor.who, Action::answer_contact);
    auto found = db_.read([&](db::Session& s) { return find_request(s, id); });
    if (!found) throw Error::not_found("We could not find that request.");
    return *found;
}

ContactOutcome<ContactRequest> ContactDesk::answer(const Actor& actor, std::int64_t id, AnswerRequest a) {
    policy::require(actor.who, Action::answer_contact);
    FieldChecks check;
    check.text("answer", "Your answer", a.text, max_answer_chars, true);
    if (auto problem = refusal_of(check)) return std::move(*problem);
    return db_.write([&](db::Session& s) -> ContactOutcome<ContactRequest> {
        auto found = find_request(s, id);
        if (!found) throw Error::not_found("We could not find that request.");
        const auto closed = ContactRefusal{ContactRefusal::Code::request_closed,
                                           {{"answer", "This request is closed: it cannot be answered any more."}}};
        const auto meanwhile =
            ContactRefusal{ContactRefusal::Code::answered_meanwhile,
                           {{"answer", "This request was already answered while you were writing. Read that "
                                       "answer first; yours is below, not sent."}}};
        if (found->status == "closed") return closed;
        if (found->answered_at != a.replaces_answer_at) return meanwhile;
        const auto now = now_seconds();
        // Saved only over the answer its writer saw and while still open; on
        // PostgreSQL a concurrent answer or close makes this update match
        // nothing once it commits.
        if (!save_answer(s, id, a.text, actor.who.user_id, a.replaces_answer_at, now)) {
            const auto now_found = find_request(s, id);
            return now_found && now_found->status == "closed" ? closed : meanwhile;
        }
        boost::json::object data{{"name", found->author_name},
                                 {"subject", found->subject},
                                 {"answer", a.text},
                                 {"account_url", settings_.base_url + "/account#contact-requests"}};
        mail::enqueue(s, mail::from_template(templates_, "contact_answered", data, found->author_email));
        audit::record(s, actor.who.user_id, "contact.answer", "contact_request", std::to_string(id),
                      audit::reason_detail(a.text, "answer_given"), actor.client_address);
        return *find_request(s, id);
    });
}

ContactRequest ContactDesk::close(const Actor& actor, std::int64_t id) {
    policy::require(actor.who, Action::answer_contact);
    return db_.write([&](db::Session& s) {
        if (!find_request(s, id)) throw Error::not_found("We could not find that request.");
        // Closing twice changes nothing and is not audited twice.
        if (!mark_closed(s, id, now_seconds())) return *find_request(s, id);
        audit::record(s, actor.who.user_id, "contact.close", "contact_request", std::to_string(id), "",
                      actor.client_address);
        return *find_request(s, id);
    });
}

}  // namespace hearth::contact
