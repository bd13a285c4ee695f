#include "features/contact/contact_store.hpp"

namespace hearth::contact {

namespace {

constexpr const char* columns =
    "r.id, r.user_id, r.subject, r.body, r.status, r.answer, r.answered_at, r.created_at, r.updated_at, "
    "u.display_name, u.email FROM contact_requests r JOIN users u ON u.id = r.user_id";

ContactRequest from_row(const db::Row& row) {
    ContactRequest c;
    c.id = row.integer(0);
    c.user_id = row.integer(1);
    c.subject = row.text(2);
    c.body = row.text(3);
    c.status = row.text(4);
    c.answer = row.text(5);
    c.answered_at = row.optional_integer(6);
    c.created_at = row.integer(7);
    c.updated_at = row.integer(8);
    c.author_name = row.text(9);
    c.author_email = row.text(10);
    return c;
}

std::optional<ContactRequest> first(const db::Result& r) {
    if (r.empty()) return std::nullopt;
    return from_row(r.front());
}

RequestList list(db::Session& s, const std::string& where, const db::Value& key, const paging::Page& page) {
    RequestList out;
    const auto rows = s.query(std::string("SELECT ") + columns + " WHERE " + where +
                                  " ORDER BY r.created_at DESC, r.id DESC LIMIT $2 OFFSET $3",
                              {key, page.per_page, page.offset()});
    for (const auto& row : rows) out.items.push_back(from_row(row));
    out.total = s.query("SELECT COUNT(*) FROM contact_requests r WHERE " + where, {key}).front().integer(0);
    return out;
}

}  // namespace

std::int64_t insert_request(db::Session& s, std::int64_t user_id, const std::string& subject, const std::string& body,
                            const std::optional<std::string>& idempotency_key, std::int64_t now) {
    return s
        .query("INSERT INTO contact_requests (user_id, subject, body, status, idempotency_key, created_at, "
               "updated_at) VALUES ($1, $2, $3, 'open', $4, $5, $5) RETURNING id",
               {user_id, subject, body, idempotency_key ? db::Value(*idempotency_key) : db::Value(nullptr), now})
        .front()
        .integer(0);
}

std::optional<ContactRequest> find_by_idempotency_key(db::Session& s, std::int64_t user_id, const std::string& key) {
    return first(s.query(std::string("SELECT ") + columns + " WHERE r.user_id = $1 AND r.idempotency_key = $2",
                         {user_id, key}));
}

std::optional<ContactRequest> find_request(db::Session& s, std::int64_t id) {
    return first(s.query(std::string("SELECT ") + columns + " WHERE r.id = $1", {id}));
}

std::optional<ContactRequest> find_own_request(db::Session& s, std::int64_t user_id, std::int64_t id) {
    return first(s.query(std::string("SELECT ") + columns + " WHERE r.id = $1 AND r.user_id = $2", {id, user_id}));
}

RequestList list_own_requests(db::Session& s, std::int64_t user_id, const paging::Page& page) {
    return list(s, "r.user_id = $1", user_id, page);
}

RequestList list_by_status(db::Session& s, const std::string& status, const paging::Page& page) {
    return list(s, "r.status = $1", status, page);
}

StatusCounts count_by_status(db::Session& s) {
    StatusCounts c;
    for (const auto& row : s.query("SELECT status, COUNT(*) FROM contact_requests GROUP BY status")) {
        const auto status = row.text(0);
        if (status == "open") c.open = row.integer(1);
        if (status == "answered") c.answered = row.integer(1);
        if (status == "closed") c.closed = row.integer(1);
    }
    return c;
}

bool save_answer(db::Session& s, std::int64_t id, const std::string& answer, std::int64_t admin_id,
                 std::optional<std::int64_t> replaces_answer_at, std::int64_t now) {
    // answered_at is never 0 for a real answer, so 0 stands for "none".
    return s
               .query("UPDATE contact_requests SET answer = $1, answered_by = $2, answered_at = $3, updated_at = $3, "
                      "status = 'answered' WHERE id = $4 AND status <> 'closed' AND COALESCE(answered_at, 0) = $5",
                      {answer, admin_id, now, id, replaces_answer_at.value_or(0)})
               .affected() == 1;
}

bool mark_closed(db::Session& s, std::int64_t id, std::int64_t now) {
    return s.query("UPDATE contact_requests SET status = 'closed', updated_at = $1 WHERE id = $2 AND status <> 'closed'",
                   {now, id})
               .affected() == 1;
}

}  // namespace hearth::contact
