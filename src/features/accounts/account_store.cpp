#include "features/accounts/account_store.hpp"

#include <algorithm>
#include <cctype>

#include "core/clock.hpp"
#include "features/common/user_events.hpp"

namespace hearth::accounts {

namespace {

constexpr const char* user_columns =
    "u.id, u.email, u.display_name, u.role, u.email_verified_at, u.created_at, u.password_hash, u.suspended_at";
constexpr std::size_t user_column_count = 8;

User user_from_row(const db::Row& r, std::size_t first = 0) {
    User u;
    u.id = r.integer(first);
    u.email = r.text(first + 1);
    u.display_name = r.text(first + 2);
    u.role = parse_role(r.text(first + 3)).value_or(Role::member);
    u.email_verified = !r.is_null(first + 4);
    u.created_at = r.integer(first + 5);
    u.password_hash = r.text(first + 6);
    u.suspended_at = r.optional_integer(first + 7);
    return u;
}

std::string purpose_name(TokenPurpose p) {
    return p == TokenPurpose::verify_email ? "verify_email" : "reset_password";
}

}  // namespace

std::string normalize_email(std::string_view email) {
    std::string out;
    for (char c : email) {
        if (c != ' ' && c != '\t' && c != '\r' && c != '\n') {
            out.push_back(static_cast<char>(std::tolower(static_cast<unsigned char>(c))));
        }
    }
    return out;
}

std::optional<User> find_user_by_email(db::Session& s, std::string_view email) {
    auto r = s.query(std::string("SELECT ") + user_columns +
                         " FROM users u WHERE u.email_normalized = $1 AND u.deleted_at IS NULL",
                     {normalize_email(email)});
    if (r.empty()) return std::nullopt;
    return user_from_row(r.front());
}

std::optional<User> find_user_by_id(db::Session& s, std::int64_t id) {
    auto r = s.query(std::string("SELECT ") + user_columns + " FROM users u WHERE u.id = $1 AND u.deleted_at IS NULL",
                     {id});
    if (r.empty()) return std::nullopt;
    return user_from_row(r.front());
}

namespace {

// One INSERT INTO users; `on_conflict` is "" or a conflict clause.
db::Result insert_user_row(db::Session& s, std::string_view email, std::string_view display_name,
                         std::string_view password_hash, Role role, bool email_verified, std::string_view on_conflict) {
    const auto now = now_seconds();
    return s.query(
        "INSERT INTO users (email, email_normalized, password_hash, display_name, role, email_verified_at, "
        "created_at, updated_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $7) " + std::string(on_conflict) + "RETURNING id",
        {std::string(email), normalize_email(email), std::string(password_hash), std::string(display_name),
         std::string(role_name(role)), email_verified ? db::Value(now) : db::Value(nullptr), now});
}

}  // namespace

std::int64_t insert_user(db::Session& s, std::string_view email, std::string_view display_name,
                         std::string_view password_hash, Role role, bool email_verified) {
    return insert_user_row(s, email, display_name, password_hash, role, email_verified, "").front().integer(0);
}

std::optional<std::int64_t> insert_user_if_free(db::Session& s, std::string_view email, std::string_view display_name,
                                                std::string_view password_hash, Role role) {
    auto r = insert_user_row(s, email, display_name, password_hash, role, false, "ON CONFLICT DO NOTHING ");
    if (r.empty()) return std::nullopt;
    return r.front().integer(0);
}

void set_password_hash(db::Session& s, std::int64_t user_id, std::string_view password_hash) {
    s.query("UPDATE users SET password_hash = $1, updated_at = $2 WHERE id = $3",
            {std::string(password_hash), now_seconds(), user_id});
}

void mark_email_verified(db::Session& s, std::int64_t user_id) {
    s.query("UPDATE users SET email_verified_at = $1, updated_at = $1 WHERE id = $2 AND email_verified_at IS NULL",
            {now_seconds(), user_id});
}

void insert_session(db::Session& s, std::string_view token_hash, std::int64_t user_id, std::string_view csrf_token,
                    std::string_view kind, std::int64_t idle_expires_at, std::int64_t absolute_expires_at,
                    std::string_view user_agent, std::string_view ip) {
    const auto now = now_seconds();
    s.query(
        "INSERT INTO sessions (token_hash, user_id, csrf_token, kind, created_at, last_seen_at, idle_expires_at, "
        "absolute_expires_at, user_agent, ip) VALUES ($1, $2, $3, $4, $5, $5, $6, $7, $8, $9)",
        {std::string(token_hash), user_id, std::string(csrf_token), std::string(kind), now, idle_expires_at,
         absolute_expires_at, std::string(user_agent.substr(0, 300)), std::string(ip)});
}

std::optional<StoredSession> find_live_session(db::Session& s, std::string_view token_hash, std::int64_t now) {
    auto r = s.query(std::string("SELECT ") + user_columns +
                         ", x.csrf_token, x.last_seen_at, x.idle_expires_at, x.absolute_expires_at "
                         "FROM sessions x JOIN users u ON u.id = x.user_id "
                         "WHERE x.token_hash = $1 AND x.idle_expires_at > $2 AND x.absolute_expires_at > $2 "
                         "AND u.deleted_at IS NULL AND u.suspended_at IS NULL",
                     {std::string(token_hash), now});
    if (r.empty()) return std::nullopt;
    const auto& row = r.front();
    StoredSession out;
    out.user = user_from_row(row);
    out.csrf_token = row.text(user_column_count);
    out.last_seen_at = row.integer(user_column_count + 1);
    out.idle_expires_at = row.integer(user_column_count + 2);
    out.absolute_expires_at = row.integer(user_column_count + 3);
    return out;
}

void touch_session(db::Session& s, std::string_view token_hash, std::int64_t now, std::int64_t idle_expires_at) {
    s.query("UPDATE sessions SET last_seen_at = $1, idle_expires_at = $2 WHERE token_hash = $3",
            {now, idle_expires_at, std::string(token_hash)});
}

void delete_session(db::Session& s, std::string_view token_hash) {
    s.query("DELETE FROM sessions WHERE token_hash = $1", {std::string(token_hash)});
}

void delete_user_sessions(db::Session& s, std::int64_t user_id) {
    s.query("DELETE FROM sessions WHERE user_id = $1", {user_id});
}

void delete_expired_sessions(db::Session& s, std::int64_t now) {
    s.query("DELETE FROM sessions WHERE idle_expires_at <= $1 OR absolute_expires_at <= $1", {now});
}

bool suspend_account(db::Session& s, std::int64_t user_id, std::int64_t admin_id, std::string_view reason,
                     std::int64_t now) {
    const auto changed = s.query(
                              "UPDATE users SET suspended_at = $1, suspended_reason = $2, suspended_by = $3, "
                              "updated_at = $1 WHERE id = $4 AND suspended_at IS NULL AND deleted_at IS NULL",
                              {now, std::string(reason), admin_id, user_id})
                             .affected();
    delete_user_sessions(s, user_id);
    if (changed > 0) {
        // Wakes the account's open event streams on every node (the event
        // watch), so they re-check their session and end now, not at the
        // next idle check a minute later. The event itself is never
        // delivered: the session it would go to is gone.
        user_events::publish(s, user_id, "session_ended");
    }
    return changed > 0;
}

bool lift_suspension(db::Session& s, std::int64_t user_id) {
    return s
               .query("UPDATE users SET suspended_at = NULL, suspended_reason = '', suspended_by = NULL, "
                      "updated_at = $1 WHERE id = $2 AND suspended_at IS NOT NULL",
                      {now_seconds(), user_id})
               .affected() > 0;
}

void insert_token(db::Session& s, std::string_view token_hash, std::int64_t user_id, TokenPurpose purpose,
                  std::int64_t expires_at, std::string_view continue_to) {
    s.query(
        "INSERT INTO account_tokens (token_hash, user_id, purpose, created_at, expires_at, continue_to) "
        "VALUES ($1, $2, $3, $4, $5, $6)",
        {std::string(token_hash), user_id, purpose_name(purpose), now_seconds(), expires_at,
         std::string(continue_to)});
}

std::optional<std::int64_t> consume_token(db::Session& s, std::string_view token_hash, TokenPurpose purpose,
                                          std::int64_t now) {
    // One statement: of two racing uses, only one sees used_at IS NULL.
    auto r = s.query(
        "UPDATE account_tokens SET used_at = $1 WHERE token_hash = $2 AND purpose = $3 AND used_at IS NULL "
        "AND expires_at > $1 RETURNING user_id",
        {now, std::string(token_hash), purpose_name(purpose)});
    if (r.empty()) return std::nullopt;
    return r.front().integer(0);
}

std::optional<std::int64_t> token_user(db::Session& s, std::string_view token_hash, TokenPurpose purpose,
                                       std::int64_t now) {
    auto r = s.query(
        "SELECT user_id FROM account_tokens WHERE token_hash = $1 AND purpose = $2 AND used_at IS NULL "
        "AND expires_at > $3",
        {std::string(token_hash), purpose_name(purpose), now});
    if (r.empty()) return std::nullopt;
    return r.front().integer(0);
}

std::optional<std::string> token_continue_to(db::Session& s, std::string_view token_hash, TokenPurpose purpose,
                                             std::int64_t now) {
    auto r = s.query(
        "SELECT continue_to FROM account_tokens WHERE token_hash = $1 AND purpose = $2 AND used_at IS NULL "
        "AND expires_at > $3",
        {std::string(token_hash), purpose_name(purpose), now});
    if (r.empty()) return std::nullopt;
    return r.front().text(0);
}

void expire_tokens(db::Session& s, std::int64_t user_id, TokenPurpose purpose, std::int64_t now) {
    s.query("UPDATE account_tokens SET used_at = $1 WHERE user_id = $2 AND purpose = $3 AND used_at IS NULL",
            {now, user_id, purpose_name(purpose)});
}

}  // namespace hearth::accounts
