#pragma once
// A signed-in person's changes to their own account: the list of their
// sessions and ending one of them, a new password (with the current one),
// and a new e-mail address (confirmed at the new address, with an undo
// link sent to the old one). Like Accounts it takes an Actor and typed
// commands and answers with a result or an AccountRefusal; it never sees
// HTTP. Each change that ends sessions keeps the one it was made from.
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/actor.hpp"
#include "db/database.hpp"
#include "features/accounts/accounts.hpp"
#include "security/rate_limit.hpp"

namespace hearth::render {
class Templates;
}

namespace hearth::accounts {

// How long the links of an e-mail change work: the confirmation sent to
// the new address (as long as a sign-up's), and the undo sent to the old one.
inline constexpr std::int64_t email_change_confirm_seconds = 48 * 3600;
inline constexpr std::int64_t email_change_undo_seconds = 7 * 24 * 3600;

// --- commands ---

struct PasswordChange {
    std::string current_password;  // exactly as typed
    std::string new_password;
};

struct EmailChangeRequest {
    std::string new_email;
    std::string password;  // the current password
};

// --- answers ---

// One live session, as its owner sees it (never its token, its hash or
// the address it came from).
struct SessionView {
    std::string id;      // session_public_id(): 16 hex characters
    std::string device;  // describe_device() of its User-Agent
    std::string kind;    // "browser" (cookie) or "api" (bearer token)
    std::int64_t created_at = 0;    // UTC seconds
    std::int64_t last_seen_at = 0;  // UTC seconds, kept to within a minute
    bool current = false;           // the session of the request that asked
};

struct SessionEnded {
    bool was_current = false;  // the person ended the session they are using: they are logged out
};

// What an e-mail change link would do, shown before it is used (mail
// scanners open links; only the button press acts).
struct EmailChangeLink {
    std::int64_t user_id = 0;
    std::string old_email;
    std::string new_email;
};

struct EmailChanged {
    std::int64_t user_id = 0;
    bool current_session_ended = false;  // undo ends every session, the actor's too when it was theirs
};

class AccountChanges {
public:
    // `templates` renders the e-mails (templates/emails/account_email_change_*
    // and account_password_changed); `base_url` starts the links in them.
    AccountChanges(db::Database& db, security::RateLimiter& limiter, const render::Templates& templates,
                   std::string base_url);

    // --- sessions ---
    // The actor's live sessions: the current one first, then the most
    // recently used. 401 (Error) for a visitor.
    std::vector<SessionView> sessions(const Actor& actor);
    // Ends the actor's session with public id `id` (their current one too).
    // Refuses: unknown_session (no such session of theirs: another
    // person's id is as unknown as a made-up one).
    AccountOutcome<SessionEnded> end_session(const Actor& actor, std::string_view id);

    // --- password and e-mail address ---
    // 401 (Error) for a visitor: the forms ask them to log in first.
    void require_may_change(const Actor& actor) const;

    // Sets a new password and ends every other session of the account;
    // e-mails a notice (no secret in it) to the account's address.
    // Refuses: invalid_fields (current_password missing or wrong; new_password
    // too weak by security::password_problem, the rule of sign-up and reset),
    // rate_limited (current_password_failures_per_account).
    AccountOutcome<Done> change_password(const Actor& actor, const PasswordChange& command);

    // --- e-mail address ---
    // Sends a confirmation link to the new address (valid 48 hours; earlier
    // links of the account stop working); nothing else changes until it is
    // used. An address that already has an account is answered alike and
    // its owner is told instead, so this reveals no more than sign-up does.
    // Refuses: invalid_fields (new_email empty, implausible or the current
    // one; password missing or wrong), rate_limited (email_change_per_account,
    // current_password_failures_per_account).
    AccountOutcome<Done> request_email_change(const Actor& actor, const EmailChangeRequest& command);
    // What a confirmation link would change; nullopt when it no longer works
    // (also for a suspended account: its address does not change meanwhile).
    std::optional<EmailChangeLink> confirm_link(std::string_view token);
    // Changes the address (confirmed), ends every other session of the
    // account (all of them when the actor is signed out), and e-mails the
    // old address a notice with an undo link (valid 7 days). Refuses:
    // dead_token (unknown, used, replaced or expired), other_account (the
    // actor is signed in to another account: nothing changes),
    // address_taken (another account took the address meanwhile).
    AccountOutcome<EmailChanged> confirm_email_change(const Actor& actor, std::string_view token);
    // What an undo link would restore; nullopt when it no longer works.
    std::optional<EmailChangeLink> undo_link(std::string_view token);
    // Restores the old address (confirmed: the link reached it) and ends
    // every session of the account, the actor's included; the person is
    // then asked to reset their password. Refuses: dead_token,
    // other_account, address_taken (the old address has an account now).
    AccountOutcome<EmailChanged> undo_email_change(const Actor& actor, std::string_view token);

    // Deletes e-mail change records no link can use any more; returns how
    // many. Run by the maintenance loop.
    std::int64_t prune(std::int64_t now);

private:
    // A refusal when the current password is wrong or guessed too often;
    // nullopt when `password` is the account's. Counts a failure.
    std::optional<AccountRefusal> check_current_password(const Actor& actor, const User& user,
                                                         const std::string& password, std::string_view field);
    std::optional<int> limited(const security::RateRule& rule, std::string_view key);

    db::Database& db_;
    security::RateLimiter& limiter_;
    const render::Templates& templates_;
    std::string base_url_;
};

}  // namespace hearth::accounts
