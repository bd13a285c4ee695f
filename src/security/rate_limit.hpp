#pragma once
// Rate limits, all in one table of named rules, counted in the database so
// that they hold across every server node. Fixed windows: simple, one row
// per (rule, key, window), at the cost of allowing up to twice the limit
// across a window boundary.
#include <algorithm>
#include <array>
#include <string_view>

#include "core/actor.hpp"
#include "db/database.hpp"

namespace hearth::security {

struct RateRule {
    std::string_view name;  // stored in the bucket: short and stable
    int limit;              // hits allowed per window
    int window_seconds;
};

namespace rate_rules {
inline constexpr RateRule login_per_ip{"login_ip", 10, 60};
// Failed log-ins per account from one client address: a run of wrong
// passwords from one place stops there without locking the owner out
// elsewhere. login_per_account is a higher ceiling on failed log-ins per
// account from all addresses together (guessing spread over many).
inline constexpr RateRule login_per_account_and_address{"login_acct_addr", 5, 900};
inline constexpr RateRule login_per_account{"login_account", 100, 3600};
inline constexpr RateRule signup_per_ip{"signup_ip", 10, 3600};
// Sign-ups with one e-mail address: counted alike for a free and a taken
// address, so both cost the same writes. A new account's verification is
// sent regardless; notes to a taken address's owner stop at the limit, so
// a mailbox gets at most 4 sign-up e-mails an hour.
inline constexpr RateRule sign_up_mail_per_address{"signup_mail", 4, 3600};
inline constexpr RateRule password_reset_per_ip{"reset_ip", 10, 3600};
inline constexpr RateRule password_reset_per_account{"reset_account", 5, 3600};
inline constexpr RateRule verify_email_per_account{"verify_account", 5, 3600};
// Changes of one's own e-mail address and password (account_changes.hpp):
// wrong current passwords per account, as log-in failures are counted (a
// stolen session cannot be used to guess the password), and requests to
// change the address per account (each e-mails the address typed).
inline constexpr RateRule current_password_failures_per_account{"current_pw_acct", 5, 900};
inline constexpr RateRule email_change_per_account{"email_change_acct", 5, 3600};
// Every state-changing request, counted before its handler (see WriteLimit).
inline constexpr RateRule write_per_user{"write_user", 120, 60};
inline constexpr RateRule write_per_ip{"write_ip", 60, 60};
inline constexpr RateRule upload_per_user{"upload_user", 30, 3600};
// Free consultations, per member, counted by the service on top: booking
// attempts (a member holds at most a few upcoming ones, so this only stops
// scripted slot hoarding), and cancelling or moving one (either side; each
// sends two e-mails).
inline constexpr RateRule booking_per_user{"book_user", 20, 3600};
inline constexpr RateRule booking_change_per_user{"booking_change_user", 30, 3600};
// Private messages, per sender, counted by the service on top of the write
// limit: messages an hour (a person in conversation writes far fewer), and
// new conversations a day (members reaching out to many specialists at
// once is how spam looks; continuing a conversation is not counted).
inline constexpr RateRule message_send_per_user{"msg_send_user", 60, 3600};
inline constexpr RateRule conversation_start_per_user{"msg_start_user", 10, 86400};
// "Contact us" requests per person (each may e-mail the operators), and
// reports per person (each lands in the admins' queue).
inline constexpr RateRule contact_per_user{"contact_user", 5, 3600};
inline constexpr RateRule report_per_user{"report_user", 30, 3600};
// Questions and answers, per person, counted by their services: questions
// a day (a member asking many at once is how spam looks), answers an hour,
// and helpful marks an hour (taking one back counts too).
inline constexpr RateRule question_ask_per_user{"question_ask_user", 5, 86400};
inline constexpr RateRule answer_post_per_user{"answer_post_user", 30, 3600};
inline constexpr RateRule helpful_per_user{"helpful_user", 60, 3600};
// Account deletion: password (and code) attempts per account, so the
// form cannot be used to guess a password behind an open session.
inline constexpr RateRule deletion_attempt_per_user{"deletion_user", 5, 900};
// Data exports (features/privacy), per account: an archive on the page or
// the JSON document through the API, a few a day (each reads everything
// the person has, and every message is decrypted).
inline constexpr RateRule export_per_user{"export_user", 3, 86400};
// Two-factor sign-in: wrong codes (and wrong passwords when turning it off)
// per account, from anywhere. Six digits are a million guesses; five a
// quarter of an hour leave a guesser no real chance.
inline constexpr RateRule two_factor_per_account{"totp_account", 5, 900};

// Every rule above. prune() keeps windows as long as the longest rule's,
// so a new rule must be listed here too.
inline constexpr std::array all{login_per_ip,          login_per_account_and_address, login_per_account,
                                signup_per_ip,         sign_up_mail_per_address,      password_reset_per_ip,
                                password_reset_per_account, verify_email_per_account, write_per_user,
                                write_per_ip,          upload_per_user,               booking_per_user,
                                booking_change_per_user, message_send_per_user, conversation_start_per_user,
                                contact_per_user,        report_per_user,        question_ask_per_user,
                                answer_post_per_user,    helpful_per_user,       deletion_attempt_per_user,
                                export_per_user,         two_factor_per_account,
                                current_password_failures_per_account, email_change_per_account};
inline constexpr int longest_window_seconds =
    std::ranges::max(all, {}, &RateRule::window_seconds).window_seconds;
}  // namespace rate_rules

// The rules a state-changing route (POST, PUT, PATCH, DELETE) is counted
// under before its handler runs: a signed-in person's requests by user id,
// a visitor's by client address. Each such route in app/routes.cpp names
// one (the router refuses a write route without). Rules for particular
// actions (log in, sign up, booking) are counted by their services on top.
struct WriteLimit {
    std::string_view name;  // what a route declares
    RateRule per_user;
    RateRule per_address;
};

namespace write_limits {
// Ordinary writes: forms, JSON saves, log in and sign up.
inline constexpr WriteLimit ordinary{"write", rate_rules::write_per_user, rate_rules::write_per_ip};
// Uploads (up to max_upload_bytes each): far fewer per user.
inline constexpr WriteLimit upload{"upload", rate_rules::upload_per_user, rate_rules::write_per_ip};

inline constexpr std::array all{ordinary, upload};

// The limit called `name`; nullptr when there is none.
const WriteLimit* find(std::string_view name);
}  // namespace write_limits

class RateLimiter {
public:
    // `enabled` is false only in development and tests that need it so.
    RateLimiter(db::Database& db, bool enabled);

    // Counts one attempt for (rule, key); throws hearth::Error::rate_limited
    // (seconds until the window ends) once the limit is passed. The count is
    // one database statement, so it holds across several server nodes.
    // `key` is what is limited (an IP address, a normalised e-mail address,
    // a user id); only its hash is stored, so no personal data sits in the
    // table.
    void hit(const RateRule& rule, std::string_view key);

    // Counts one state-changing request of `actor` under `limit`: by user
    // id when signed in, by client address otherwise. Throws like hit().
    void hit(const WriteLimit& limit, const Actor& actor);

    // Whether the next hit would be refused, without counting (e.g. to show
    // a message). Always false when disabled.
    bool exhausted(const RateRule& rule, std::string_view key);

    // Deletes windows that have ended (called periodically by the server).
    void prune();

    bool enabled() const noexcept { return enabled_; }

private:
    db::Database& db_;
    bool enabled_;
};

}  // namespace hearth::security
