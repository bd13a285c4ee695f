#pragma once
// Two-factor sign-in (TOTP, RFC 6238) for every account, required for
// admins: enrolment (a secret shown once as text and QR code, ten recovery
// codes), confirmation with a first code, the code step of signing in
// (with browsers remembered for 30 days), and turning it off behind the
// password and a code. Each code is accepted once; wrong codes are counted
// per account (security::rate_rules::two_factor_per_account). Like
// Accounts, it takes an Actor and typed values and never sees HTTP.
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/actor.hpp"
#include "core/outcome.hpp"
#include "db/database.hpp"
#include "security/rate_limit.hpp"

namespace hearth::accounts {

inline constexpr int recovery_code_count = 10;
inline constexpr std::int64_t remembered_device_seconds = 30 * 86400;
inline constexpr std::int64_t challenge_seconds = 10 * 60;  // between the password and the code on /login

// A new (pending) enrolment: what the person copies into their app. Shown
// once; once confirmed, the secret is never shown again.
struct Enrolment {
    std::string secret;       // base32, 32 characters
    std::string otpauth_uri;  // what the QR code holds
    std::vector<std::string> recovery_codes;  // empty when an enrolment is shown again
};

struct TwoFactorStatus {
    bool enabled = false;  // confirmed: sign-in asks for a code
    bool pending = false;  // an enrolment waits for its first code
    int recovery_codes_left = 0;
};

// What signing in needs after the right password.
enum class SignInStep {
    done,        // no second factor, or a remembered browser: sign in
    needs_code,  // ask for a code
    enrol,       // an admin without a second factor: sign in, then straight to enrolment
};

// Where a page sign-in goes once its code was right.
struct PassedChallenge {
    std::int64_t user_id = 0;
    std::string return_to;  // the landing the password step chose (a local path)
};

enum class TwoFactorRefusalCode {
    otp_required,     // 401: signing in to an account with a second factor, no code given
    wrong_sign_in,    // 401: a wrong, reused or expired code while signing in
    wrong_code,       // 422 on "code": a wrong or reused code (confirming, turning off)
    wrong_password,   // 422 on "password": turning off with a wrong password
    rate_limited,     // 429: `retry_after_seconds`
    already_enabled,  // 409: enrolling again while it is on (turn it off first)
    nothing_pending,  // 409: confirming without an enrolment
    not_enabled,      // 409: turning off what is not on
    dead_challenge,   // 410: the sign-in step expired or was used (start again at /login)
};

struct TwoFactorRefusal {
    TwoFactorRefusalCode code;
    std::string message;  // for the person
    std::string field;    // "" when none
    int retry_after_seconds = 0;
};

template <class T>
using TwoFactorOutcome = Outcome<T, TwoFactorRefusal>;

struct TwoFactorDone {};

class TwoFactor {
public:
    // `recovery_key` (at least 32 bytes, secrets::shared_secret) keys the
    // hashes recovery codes are stored as.
    TwoFactor(db::Database& db, security::RateLimiter& limiter, std::string recovery_key);

    TwoFactorStatus status(const Actor& actor);

    // A new pending enrolment, replacing one still pending (its secret and
    // recovery codes stop working). Refuses: already_enabled.
    TwoFactorOutcome<Enrolment> begin(const Actor& actor);
    // The pending enrolment again (secret and URI, no recovery codes), for
    // a confirmation form shown again after a wrong code; nullopt when none.
    std::optional<Enrolment> pending(const Actor& actor);
    // Turns the pending enrolment on with its first six-digit code (audit
    // "account.totp_enabled"). Refuses: nothing_pending, already_enabled,
    // wrong_code, rate_limited.
    TwoFactorOutcome<TwoFactorDone> confirm(const Actor& actor, std::string_view code);
    // Turns it off: the password and a code (six digits or a recovery
    // code); forgets recovery codes and remembered browsers (audit
    // "account.totp_disabled"). Refuses: not_enabled, wrong_password,
    // wrong_code, rate_limited.
    TwoFactorOutcome<TwoFactorDone> disable(const Actor& actor, std::string_view password, std::string_view code);

    // --- signing in, after the right password for `user_id` ---
    // What comes next; `device_token` is the remembered-browser cookie ("" for none).
    SignInStep after_password(std::int64_t user_id, Role role, std::string_view device_token);
    // The code step in one call (the API): done, or refuses otp_required
    // (empty code), wrong_sign_in, rate_limited.
    TwoFactorOutcome<TwoFactorDone> check_code(const Actor& actor, std::int64_t user_id, std::string_view code);
    // A challenge for the page's code form (the password is not carried):
    // a token valid for challenge_seconds, once.
    std::string start_challenge(std::int64_t user_id, std::string_view return_to);
    // Answers a challenge with a code; the challenge is used up on success.
    // Refuses: dead_challenge, wrong_sign_in (the challenge stays), rate_limited.
    TwoFactorOutcome<PassedChallenge> answer_challenge(const Actor& actor, std::string_view challenge,
                                                       std::string_view code);
    // Remembers this browser for the account for 30 days; the token for its cookie.
    std::string remember_device(std::int64_t user_id);

    // Throws 403 "second_factor_required" (Error) for an admin without a
    // confirmed second factor: the admin area's gate.
    void require_for_admin(const Principal& who);

    // Deletes expired challenges and remembered browsers (maintenance).
    void prune();

private:
    // Accepts `code` (six digits, each step once; or an unused recovery
    // code) for a confirmed second factor inside `s`; false when it is wrong.
    bool accept_code(db::Session& s, std::int64_t user_id, std::string_view code, const Actor& actor);
    std::string recovery_hash(std::int64_t user_id, std::string_view key) const;
    std::optional<TwoFactorRefusal> exhausted(std::int64_t user_id);
    void count_failure(std::int64_t user_id);

    db::Database& db_;
    security::RateLimiter& limiter_;
    std::string recovery_key_;
};

}  // namespace hearth::accounts
