#pragma once
// The SQL of a person's changes to their own account: their sessions as a
// list, and changes of e-mail address (table email_changes, migration
// 0025). Every function runs inside a unit of work the caller opened and
// filters by the account it is given, so a wrong id reaches no one else's
// row. Times are UTC seconds.
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "db/database.hpp"

namespace hearth::accounts {

// One live session of an account, as stored.
struct SessionRow {
    std::string token_hash;  // never shown: session_public_id() of it is
    std::string kind;        // "cookie" or "bearer"
    std::int64_t created_at = 0;
    std::int64_t last_seen_at = 0;
    std::string user_agent;
};

// The account's sessions that are live at `now`, the most recently used first.
std::vector<SessionRow> list_live_sessions(db::Session& s, std::int64_t user_id, std::int64_t now);
// Ends one session of the account; false when it has no such session.
bool delete_account_session(db::Session& s, std::int64_t user_id, std::string_view token_hash);
// Ends every session of the account but `keep_token_hash` ("" ends all).
void delete_other_sessions(db::Session& s, std::int64_t user_id, std::string_view keep_token_hash);

// A change of address as stored.
struct EmailChange {
    std::int64_t id = 0;
    std::int64_t user_id = 0;
    std::string old_email;
    std::string new_email;
};

// Whether any account, deleted ones included (their addresses stay
// taken), other than `except_user_id` has the address `email`.
bool email_in_use(db::Session& s, std::string_view email, std::int64_t except_user_id);
// Sets the account's address, marked confirmed at `now`. Throws
// db::ConstraintViolation when another account took it in between.
void set_account_email(db::Session& s, std::int64_t user_id, std::string_view email, std::int64_t now);

// Ends the account's earlier requests not yet confirmed, so only the
// newest confirmation link works.
void cancel_pending_email_changes(db::Session& s, std::int64_t user_id, std::int64_t now);
void insert_email_change(db::Session& s, std::int64_t user_id, std::string_view old_email,
                         std::string_view new_email, std::string_view confirm_token_hash,
                         std::int64_t confirm_expires_at, std::int64_t now);
// The request a confirmation token belongs to while it can be confirmed
// (not confirmed, cancelled or expired at `now`).
std::optional<EmailChange> find_confirmable_email_change(db::Session& s, std::string_view confirm_token_hash,
                                                         std::int64_t now);
// Marks the request confirmed with its undo token; false when a racing
// confirmation or a cancellation came first (one statement decides).
bool mark_email_change_confirmed(db::Session& s, std::int64_t id, std::string_view undo_token_hash,
                                 std::int64_t undo_expires_at, std::int64_t now);
// The confirmed change an undo token belongs to while it can be undone
// (not undone, not expired at `now`).
std::optional<EmailChange> find_undoable_email_change(db::Session& s, std::string_view undo_token_hash,
                                                      std::int64_t now);
// Marks the change undone; false when a racing undo came first.
bool mark_email_change_undone(db::Session& s, std::int64_t id, std::int64_t now);
// Deletes rows no link can use any more (confirmation or undo expired, or
// cancelled), so old addresses are not kept longer than their undo period.
// Returns how many.
std::int64_t prune_email_changes(db::Session& s, std::int64_t now);

}  // namespace hearth::accounts
