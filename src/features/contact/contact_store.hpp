#pragma once
// The SQL of "Contact us": the contact_requests table (migration 0014).
// Every query a member's request goes through filters by the member's id;
// only the admin inbox reads across people.
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "db/database.hpp"
#include "features/common/paging.hpp"

namespace hearth::contact {

// One request and, once given, the platform's answer. Times are UTC seconds.
struct ContactRequest {
    std::int64_t id = 0;
    std::int64_t user_id = 0;
    std::string subject;
    std::string body;
    std::string status;  // "open", "answered" or "closed"
    std::string answer;  // "" until answered
    std::optional<std::int64_t> answered_at;
    std::int64_t created_at = 0;
    std::int64_t updated_at = 0;
    // Who wrote it (users.display_name and users.email), for the admin inbox.
    std::string author_name;
    std::string author_email;
};

struct RequestList {
    std::vector<ContactRequest> items;
    std::int64_t total = 0;
};

// Inserts an open request; returns its id. Throws db::ConstraintViolation
// (contact_requests_idempotency) when the member already used the key.
std::int64_t insert_request(db::Session& s, std::int64_t user_id, const std::string& subject, const std::string& body,
                            const std::optional<std::string>& idempotency_key, std::int64_t now);
std::optional<ContactRequest> find_by_idempotency_key(db::Session& s, std::int64_t user_id, const std::string& key);
// Any request by id (the admin inbox; the service asks the policy first).
std::optional<ContactRequest> find_request(db::Session& s, std::int64_t id);
// One member's own request: nullopt for anyone else's, whatever the caller asked.
std::optional<ContactRequest> find_own_request(db::Session& s, std::int64_t user_id, std::int64_t id);
// A member's requests, newest first.
RequestList list_own_requests(db::Session& s, std::int64_t user_id, const paging::Page& page);
// The inbox: requests with `status`, newest first.
RequestList list_by_status(db::Session& s, const std::string& status, const paging::Page& page);
// How many requests have each status: {open, answered, closed}.
struct StatusCounts {
    std::int64_t open = 0, answered = 0, closed = 0;
};
StatusCounts count_by_status(db::Session& s);
// Keeps the answer with the request and marks it answered, only while the
// request is not closed and its answered_at is still `replaces_answer_at`
// (none: not answered yet). False when it no longer was.
bool save_answer(db::Session& s, std::int64_t id, const std::string& answer, std::int64_t admin_id,
                 std::optional<std::int64_t> replaces_answer_at, std::int64_t now);
// Closes the request; false when it was closed already (nothing changed).
bool mark_closed(db::Session& s, std::int64_t id, std::int64_t now);

}  // namespace hearth::contact
