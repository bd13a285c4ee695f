#pragma once
// The SQL of accounts: users, sessions and e-mailed one-time tokens. Every
// function runs inside a unit of work the caller opened.
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "core/actor.hpp"
#include "db/database.hpp"

namespace hearth::accounts {

struct User {
    std::int64_t id = 0;
    std::string email;
    std::string display_name;
    Role role = Role::member;
    bool email_verified = false;
    std::int64_t created_at = 0;
    std::string password_hash;
    // Set while an admin has suspended the account (migration 0019): it
    // cannot log in and has no sessions. UTC seconds.
    std::optional<std::int64_t> suspended_at;
};

struct StoredSession {
    User user;
    std::string csrf_token;
    std::int64_t last_seen_at = 0;
    std::int64_t idle_expires_at = 0;
    std::int64_t absolute_expires_at = 0;
};

enum class TokenPurpose { verify_email, reset_password };

std::string normalize_email(std::string_view email);

std::optional<User> find_user_by_email(db::Session& s, std::string_view email);
std::optional<User> find_user_by_id(db::Session& s, std::int64_t id);
// Throws db::ConstraintViolation when the e-mail is taken.
std::int64_t insert_user(db::Session& s, std::string_view email, std::string_view display_name,
                         std::string_view password_hash, Role role, bool email_verified);
// The new account's id, or nullopt when the e-mail is taken (nothing
// written): a taken address does not end the unit of work, so sign-up can
// answer it in the same transaction as a free one.
std::optional<std::int64_t> insert_user_if_free(db::Session& s, std::string_view email, std::string_view display_name,
                                                std::string_view password_hash, Role role);
void set_password_hash(db::Session& s, std::int64_t user_id, std::string_view password_hash);
void mark_email_verified(db::Session& s, std::int64_t user_id);

void insert_session(db::Session& s, std::string_view token_hash, std::int64_t user_id, std::string_view csrf_token,
                    std::string_view kind, std::int64_t idle_expires_at, std::int64_t absolute_expires_at,
                    std::string_view user_agent, std::string_view ip);
// The live session for a token hash (not expired at `now`), with its user.
std::optional<StoredSession> find_live_session(db::Session& s, std::string_view token_hash, std::int64_t now);
void touch_session(db::Session& s, std::string_view token_hash, std::int64_t now, std::int64_t idle_expires_at);
void delete_session(db::Session& s, std::string_view token_hash);
void delete_user_sessions(db::Session& s, std::int64_t user_id);
void delete_expired_sessions(db::Session& s, std::int64_t now);

// Suspends account `user_id` (an admin's decision, `reason` kept for the
// record) and ends every session of it, at `now` (UTC seconds). Returns
// false, changing nothing, when the account is unknown, deleted or already
// suspended. The live-session query refuses suspended accounts as well,
// and a "session_ended" user event wakes the account's open event streams
// so they end within the event watch's poll (about a second).
bool suspend_account(db::Session& s, std::int64_t user_id, std::int64_t admin_id, std::string_view reason,
                     std::int64_t now);
// Lifts the suspension; false when the account was not suspended.
bool lift_suspension(db::Session& s, std::int64_t user_id);

// `continue_to`: a local path the link leads on to once used ("" for none).
void insert_token(db::Session& s, std::string_view token_hash, std::int64_t user_id, TokenPurpose purpose,
                  std::int64_t expires_at, std::string_view continue_to = {});
// Marks the token used and returns its user, if it is unused, unexpired and
// of this purpose. Single use: a second call returns nullopt.
std::optional<std::int64_t> consume_token(db::Session& s, std::string_view token_hash, TokenPurpose purpose,
                                          std::int64_t now);
// The account a token belongs to while it is usable (unused, unexpired, of
// this purpose), without using it: to show the reset form and check the
// new password against the account before the token is spent.
std::optional<std::int64_t> token_user(db::Session& s, std::string_view token_hash, TokenPurpose purpose,
                                       std::int64_t now);
// The path a usable token's link continues to ("" for none); nullopt when
// the token is not usable (used, expired, of another purpose).
std::optional<std::string> token_continue_to(db::Session& s, std::string_view token_hash, TokenPurpose purpose,
                                             std::int64_t now);
// Invalidates every outstanding token of a purpose (after a reset succeeds).
void expire_tokens(db::Session& s, std::int64_t user_id, TokenPurpose purpose, std::int64_t now);

}  // namespace hearth::accounts
