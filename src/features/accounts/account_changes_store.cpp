#include "features/accounts/account_changes_store.hpp"

#include "features/accounts/account_store.hpp"

namespace hearth::accounts {

namespace {

constexpr const char* change_columns = "id, user_id, old_email, new_email";

EmailChange change_from_row(const db::Row& r) {
    return EmailChange{r.integer(0), r.integer(1), r.text(2), r.text(3)};
}

}  // namespace

std::vector<SessionRow> list_live_sessions(db::Session& s, std::int64_t user_id, std::int64_t now) {
    auto rows = s.query(
        "SELECT token_hash, kind, created_at, last_seen_at, user_agent FROM sessions "
        "WHERE user_id = $1 AND idle_expires_at > $2 AND absolute_expires_at > $2 "
        "ORDER BY last_seen_at DESC, created_at DESC, token_hash",
        {user_id, now});
    std::vector<SessionRow> out;
    out.reserve(rows.size());
    for (const auto& r : rows) {
        out.push_back(SessionRow{r.text(0), r.text(1), r.integer(2), r.integer(3), r.text(4)});
    }
    return out;
}

bool delete_account_session(db::Session& s, std::int64_t user_id, std::string_view token_hash) {
    return s.query("DELETE FROM sessions WHERE user_id = $1 AND token_hash = $2", {user_id, std::string(token_hash)})
               .affected() > 0;
}

void delete_other_sessions(db::Session& s, std::int64_t user_id, std::string_view keep_token_hash) {
    s.query("DELETE FROM sessions WHERE user_id = $1 AND token_hash <> $2", {user_id, std::string(keep_token_hash)});
}

bool email_in_use(db::Session& s, std::string_view email, std::int64_t except_user_id) {
    return !s.query("SELECT 1 FROM users WHERE email_normalized = $1 AND id <> $2",
                    {normalize_email(email), except_user_id})
                .empty();
}

void set_account_email(db::Session& s, std::int64_t user_id, std::string_view email, std::int64_t now) {
    s.query(
        "UPDATE users SET email = $1, email_normalized = $2, email_verified_at = $3, updated_at = $3 "
        "WHERE id = $4 AND deleted_at IS NULL",
        {std::string(email), normalize_email(email), now, user_id});
}

void cancel_pending_email_changes(db::Session& s, std::int64_t user_id, std::int64_t now) {
    s.query(
        "UPDATE email_changes SET cancelled_at = $1 WHERE user_id = $2 AND confirmed_at IS NULL "
        "AND cancelled_at IS NULL",
        {now, user_id});
}

void insert_email_change(db::Session& s, std::int64_t user_id, std::string_view old_email,
                         std::string_view new_email, std::string_view confirm_token_hash,
                         std::int64_t confirm_expires_at, std::int64_t now) {
    s.query(
        "INSERT INTO email_changes (user_id, old_email, new_email, confirm_token_hash, confirm_expires_at, "
        "created_at) VALUES ($1, $2, $3, $4, $5, $6)",
        {user_id, std::string(old_email), std::string(new_email), std::string(confirm_token_hash),
         confirm_expires_at, now});
}

std::optional<EmailChange> find_confirmable_email_change(db::Session& s, std::string_view confirm_token_hash,
                                                         std::int64_t now) {
    auto r = s.query(std::string("SELECT ") + change_columns +
                         " FROM email_changes WHERE confirm_token_hash = $1 AND confirmed_at IS NULL "
                         "AND cancelled_at IS NULL AND confirm_expires_at > $2",
                     {std::string(confirm_token_hash), now});
    if (r.empty()) return std::nullopt;
    return change_from_row(r.front());
}

bool mark_email_change_confirmed(db::Session& s, std::int64_t id, std::string_view undo_token_hash,
                                 std::int64_t undo_expires_at, std::int64_t now) {
    return s.query(
                "UPDATE email_changes SET confirmed_at = $1, undo_token_hash = $2, undo_expires_at = $3 "
                "WHERE id = $4 AND confirmed_at IS NULL AND cancelled_at IS NULL",
                {now, std::string(undo_token_hash), undo_expires_at, id})
               .affected() > 0;
}

std::optional<EmailChange> find_undoable_email_change(db::Session& s, std::string_view undo_token_hash,
                                                      std::int64_t now) {
    auto r = s.query(std::string("SELECT ") + change_columns +
                         " FROM email_changes WHERE undo_token_hash = $1 AND confirmed_at IS NOT NULL "
                         "AND undone_at IS NULL AND undo_expires_at > $2",
                     {std::string(undo_token_hash), now});
    if (r.empty()) return std::nullopt;
    return change_from_row(r.front());
}

bool mark_email_change_undone(db::Session& s, std::int64_t id, std::int64_t now) {
    return s.query("UPDATE email_changes SET undone_at = $1 WHERE id = $2 AND undone_at IS NULL", {now, id})
               .affected() > 0;
}

std::int64_t prune_email_changes(db::Session& s, std::int64_t now) {
    return s
        .query(
            "DELETE FROM email_changes WHERE cancelled_at IS NOT NULL "
            "OR (confirmed_at IS NULL AND confirm_expires_at <= $1) "
            "OR (confirmed_at IS NOT NULL AND (undone_at IS NOT NULL OR undo_expires_at <= $1))",
            {now})
        .affected();
}

}  // namespace hearth::accounts
