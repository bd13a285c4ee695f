#pragma once
// Accounts: sign up, log in and out, sessions, e-mail verification and
// password reset. One service used by the pages, the JSON API and the
// server's authentication step. It takes an Actor and typed commands,
// validates them itself, and answers with a result or an AccountRefusal;
// it never sees HTTP (session_cookies.hpp and the handlers do that).
#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/actor.hpp"
#include "core/error.hpp"
#include "core/outcome.hpp"
#include "db/database.hpp"
#include "features/accounts/account_store.hpp"
#include "security/rate_limit.hpp"

namespace hearth::render {
class Templates;
}

namespace hearth::accounts {

// How long sessions live: `idle` without a request, `absolute` in all.
struct SessionSettings {
    std::chrono::seconds idle{30 * 60};
    std::chrono::seconds absolute{12 * 3600};
};

// How long the links e-mailed to a person work (seconds): confirming an
// address, and choosing a new password. The privacy page states both.
inline constexpr std::int64_t verify_token_lifetime = 48 * 3600;
inline constexpr std::int64_t reset_token_lifetime = 3600;

// --- commands (what a person asked for, as typed; the service validates) ---

struct SignUp {
    std::string email;
    std::string password;  // exactly as typed
    std::string display_name;
    std::string role;  // "member" (also when empty) or "specialist"
    // Where the person was going (a local path the handler has already
    // checked, "" for none): the e-mailed links lead back there.
    std::string continue_to;
};

struct LogIn {
    std::string email;
    std::string password;
};

struct PasswordResetRequest {
    std::string email;
};

struct PasswordReset {
    std::string token;  // from the e-mailed link
    std::string new_password;
};

// How a session is used: by a browser (cookie) or an API client (bearer).
enum class SessionKind { cookie, bearer };

struct StartSession {
    std::int64_t user_id = 0;
    SessionKind kind = SessionKind::cookie;
    std::string replaces_token;  // the session token the request carried, ended first ("" for none)
    std::string user_agent;      // kept (300 bytes at most) so a person can recognise their sessions
};

// --- answers ---

struct NewSession {
    std::string token;  // goes to the cookie / the API client, never stored
    std::string csrf_token;
};

// Who a session token belongs to (authentication).
struct Authenticated {
    Principal who;
    std::string csrf_token;
};

// A sign-up that was accepted. For an address that already had an account
// nothing was created and the owner was sent a note instead; the API
// answers both alike so that sign-up does not reveal who has an account
// (OWASP Authentication Cheat Sheet, "Account creation").
struct SignUpResult {
    std::optional<User> created;  // empty: the address was taken, its owner told
};

struct Done {};

// An e-mail address confirmed through its link: whose it is.
struct Confirmed {
    std::int64_t user_id = 0;
};

enum class AccountRefusalCode {
    invalid_fields,     // 422: `fields` names every problem
    wrong_credentials,  // 401: one message for unknown e-mail and wrong password alike
    rate_limited,       // 429: `retry_after_seconds`
    dead_token,         // 422: unknown, used or expired e-mailed link
    account_suspended,  // 403: the right password for an account an admin suspended
    // account changes (account_changes.hpp)
    address_taken,      // 409: the new e-mail address (or the old one, on undo) now belongs to another account
    other_account,      // 403: a change link opened while signed in to a different account
    unknown_session,    // 404: no session of the actor's account has that id
};

struct AccountRefusal {
    AccountRefusalCode code;
    std::string message;             // for the person
    std::vector<FieldError> fields;  // invalid_fields; the first is "the" field
    int retry_after_seconds = 0;     // rate_limited
};

// Whether `email` looks like an address mail can be sent to (one "@", a
// dotted domain, no spaces, controls or characters of address lists); the
// one check of sign-up and of a change of address.
bool plausible_email(std::string_view email);
// The longest e-mail address accepted, in characters (RFC 5321 section 4.5.3.1.3).
inline constexpr std::size_t max_email_chars = 254;

template <class T>
using AccountOutcome = Outcome<T, AccountRefusal>;

class Accounts {
public:
    // `templates` renders the e-mails (templates/emails/account_*.mustache);
    // `base_url` ("https://hearth.example", no trailing slash) starts the links in them.
    Accounts(db::Database& db, security::RateLimiter& limiter, const render::Templates& templates,
             SessionSettings settings, std::string base_url);

    // --- sessions ---
    // Who a session token (cookie or bearer, up to 200 characters) belongs
    // to; nullopt for unknown, expired or ended sessions. Pushes the idle
    // deadline forward (at most once a minute).
    std::optional<Authenticated> authenticate(std::string_view token, SessionKind kind);
    // A new session for an account; `replaces_token`'s session is ended in
    // the same unit of work (rotation on log-in: a planted session is worthless).
    NewSession start_session(const Actor& actor, const StartSession& command);
    // Ends the actor's current session; false when the actor had none (a visitor).
    bool end_session(const Actor& actor);
    // Ends every session of the actor's account and forgets the browsers
    // remembered for its two-factor sign-in. 401 (Error) for a visitor.
    void end_all_sessions(const Actor& actor);

    // --- account actions ---
    // Refuses: invalid_fields, rate_limited (signup_per_ip). A taken address
    // is not a refusal: see SignUpResult.
    AccountOutcome<SignUpResult> sign_up(const Actor& actor, const SignUp& command);
    // Refuses: invalid_fields (empty e-mail or password), wrong_credentials,
    // rate_limited (login_per_ip; failures per account and address; failures per account),
    // account_suspended (only after the right password, so it tells a guesser nothing).
    AccountOutcome<User> log_in(const Actor& actor, const LogIn& command);
    // The actor's own account; 401 (Error) for a visitor or a deleted account.
    User account(const Actor& actor);
    // Sends a new verification link unless already verified. Refuses: rate_limited.
    AccountOutcome<Done> resend_verification(const Actor& actor);
    // Confirms the address the link was sent to, once. Refuses: dead_token
    // (unknown, used or older than 48 hours).
    AccountOutcome<Confirmed> verify_email(std::string_view token);
    // What a confirmation link would confirm, nullopt when the link no
    // longer works; without using it up (the page asks before confirming,
    // so a mail scanner opening the link neither confirms nor signs anyone
    // in, and names the address, so a person sent someone else's link sees
    // whose account they would be signed in to).
    struct VerifyLink {
        std::string email;        // the address it confirms
        std::string continue_to;  // the local path it leads on to ("" for none), kept with the token
    };
    std::optional<VerifyLink> verify_link(std::string_view token);
    // Looks and takes the same from outside whether or not the address has
    // an account. Refuses: invalid_fields (no address), rate_limited.
    AccountOutcome<Done> request_password_reset(const Actor& actor, const PasswordResetRequest& command);
    // Whether a password-reset link would still work, without using it up.
    bool reset_token_usable(std::string_view token);
    // Ends every session of the account on success. Refuses: dead_token,
    // invalid_fields (a weak password; the link stays usable).
    AccountOutcome<Done> reset_password(const Actor& actor, const PasswordReset& command);

private:
    // Queues the confirmation e-mail; `continue_to` as in SignUp.
    void send_verification(db::Session& s, const User& user, std::string_view continue_to = {});
    bool token_usable(std::string_view token, TokenPurpose purpose);
    std::optional<int> limited(const security::RateRule& rule, std::string_view key);

    db::Database& db_;
    security::RateLimiter& limiter_;
    const render::Templates& templates_;
    SessionSettings settings_;
    std::string base_url_;
};

}  // namespace hearth::accounts
