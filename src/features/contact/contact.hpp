#pragma once
// "Contact us": a signed-in person writes to the people who run Hearth; an
// admin reads the request in the inbox and answers it (the answer is kept
// with the request and e-mailed through the outbox) or closes it. The
// service takes typed commands and an Actor, asks the policy, and knows no
// HTTP.
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "core/actor.hpp"
#include "core/error.hpp"
#include "core/outcome.hpp"
#include "db/database.hpp"
#include "features/common/paging.hpp"
#include "features/contact/contact_store.hpp"
#include "render/view.hpp"
#include "security/rate_limit.hpp"

namespace hearth::contact {

// Limits in characters (what a person counts).
inline constexpr std::size_t max_subject_chars = 200;
inline constexpr std::size_t max_body_chars = 5000;
inline constexpr std::size_t max_answer_chars = 5000;

// What a person may get wrong: the fields, each with a sentence (422);
// or an answer that no longer fits the request (409): it was closed
// (request_closed), or someone answered it since the admin read it
// (answered_meanwhile), the field "answer" for both; or an idempotency key
// that came before with another subject or body (idempotency_key_reused,
// 409, field "idempotency_key"): the second request is not saved, and is
// not silently taken for the first either.
struct ContactRefusal {
    enum class Code { invalid_fields, request_closed, answered_meanwhile, idempotency_key_reused };
    Code code = Code::invalid_fields;
    std::vector<FieldError> fields;
};

template <class T>
using ContactOutcome = Outcome<T, ContactRefusal>;

struct SendRequest {
    std::string subject;  // one line, 1-200 characters
    std::string body;     // 1-5,000 characters
    std::optional<std::string> idempotency_key;  // 8-128 characters, per person
};

// An admin's answer. `replaces_answer_at` is the answered_at (unix
// seconds, UTC) of the answer the admin saw when writing, none when they
// saw none: an answer is saved only over the one its writer saw, so two
// admins answering at once, or a page read before someone else answered,
// never send the person two answers (the second gets answered_meanwhile).
struct AnswerRequest {
    std::string text;  // 1-5,000 characters
    std::optional<std::int64_t> replaces_answer_at;
};

struct Sent {
    ContactRequest request;
    bool created = true;  // false: the same idempotency key came again
};

struct ContactSettings {
    // Told "a new contact request" (never its words) when one arrives:
    // configuration contact_email (HEARTH_CONTACT_EMAIL); empty: nobody.
    std::string notify_address;
    std::string base_url;  // absolute links in e-mails
};

class ContactDesk {
public:
    ContactDesk(db::Database& db, security::RateLimiter& limiter, const render::Templates& templates,
                ContactSettings settings)
        : db_(db), limiter_(limiter), templates_(templates), settings_(std::move(settings)) {}

    // Saves a request of a signed-in person (401 for a visitor). Counted by
    // rate_rules::contact_per_user (429) before anything is saved; a repeated
    // idempotency key returns the first request and counts nothing when the
    // subject and body are the same, and is refused (idempotency_key_reused)
    // when they are not.
    ContactOutcome<Sent> send(const Actor& actor, SendRequest r);
    // The person's own requests with their answers, newest first.
    RequestList own_requests(const Actor& actor, const paging::Page& page);
    // One of the person's own requests; 404 for anyone else's (and unknown ids).
    ContactRequest own_request(const Actor& actor, std::int64_t id);

    // The admin inbox (403 for anyone else): requests with `status` ("open",
    // "answered" or "closed"; another value is 422 on field "status").
    RequestList inbox(const Actor& actor, const std::string& status, const paging::Page& page);
    StatusCounts counts(const Actor& actor);
    // One request for an admin; 404 when there is none.
    ContactRequest read(const Actor& actor, std::int64_t id);
    // Keeps the answer (1-5,000 characters) with the request, marks it
    // answered, e-mails it to the person through the outbox and writes the
    // audit log (without the words). 404 for an unknown id; refused
    // (request_closed, answered_meanwhile; AnswerRequest) without any
    // e-mail when the request is closed or its answer is not the one seen.
    ContactOutcome<ContactRequest> answer(const Actor& actor, std::int64_t id, AnswerRequest answer);
    // Closes the request without an answer e-mail; audited once (closing a
    // closed request changes nothing). 404 for an unknown id.
    ContactRequest close(const Actor& actor, std::int64_t id);

private:
    db::Database& db_;
    security::RateLimiter& limiter_;
    const render::Templates& templates_;
    ContactSettings settings_;
};

}  // namespace hearth::contact
