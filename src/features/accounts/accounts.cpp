#include "features/accounts/accounts.hpp"

#include <spdlog/spdlog.h>

#include <boost/json/object.hpp>

#include "core/clock.hpp"
#include "core/field_checks.hpp"
#include "core/percent_encoding.hpp"
#include "features/accounts/account_changes_store.hpp"
#include "features/accounts/account_refusals.hpp"
#include "features/accounts/display_name.hpp"
#include "features/accounts/two_factor_store.hpp"
#include "features/common/audit.hpp"
#include "features/common/outbox.hpp"
#include "features/common/policy.hpp"
#include "features/privacy/account_deletion.hpp"
#include "render/view.hpp"
#include "security/password.hpp"
#include "security/tokens.hpp"

namespace hearth::accounts {

namespace {

// A session's idle deadline is pushed forward at most this often, so that
// reading a page is not a database write every time.
constexpr std::int64_t touch_interval = 60;
constexpr std::size_t max_email = max_email_chars;
constexpr std::size_t max_token = 200;               // ours are 43; anything longer is not one
constexpr std::size_t max_password_bytes = 4 * 128;  // 128 characters of up to 4 bytes

const std::string wrong_credentials = "That e-mail address and password do not match an account.";

std::string session_kind_name(SessionKind k) { return k == SessionKind::bearer ? "bearer" : "cookie"; }

AccountRefusal wrong() { return AccountRefusal{AccountRefusalCode::wrong_credentials, wrong_credentials, {}, 0}; }

// The record a person's own account is, for the policy.
policy::Record own_account(const Actor& actor) { return policy::Record{actor.user_id(), 0, false}; }

// Log-in failures are counted per account *and* client address, so a run
// of wrong passwords from one place cannot lock the owner out elsewhere;
// a higher ceiling per account alone stops guessing spread over many
// addresses (OWASP Authentication Cheat Sheet, "Account lockout").
std::string account_from_address(std::string_view account_key, std::string_view address) {
    return std::string(account_key) + "\n" + std::string(address);
}

}  // namespace

Accounts::Accounts(db::Database& db, security::RateLimiter& limiter, const render::Templates& templates,
                   SessionSettings settings, std::string base_url)
    : db_(db), limiter_(limiter), templates_(templates), settings_(settings), base_url_(std::move(base_url)) {}

std::optional<int> Accounts::limited(const security::RateRule& rule, std::string_view key) {
    return count_attempt(limiter_, rule, key);
}

bool plausible_email(std::string_view e) {
    auto at = e.find('@');
    if (at == std::string_view::npos || at == 0 || e.find('@', at + 1) != std::string_view::npos) return false;
    auto domain = e.substr(at + 1);
    auto dot = domain.find('.');
    if (domain.size() < 3 || dot == std::string_view::npos || dot == 0 || domain.back() == '.') return false;
    for (unsigned char c : e) {
        if (c <= ' ' || c == 0x7F || c == '<' || c == '>' || c == ',' || c == ';' || c == '"' || c == '\\') {
            return false;
        }
    }
    return true;
}

// --- sessions ---

std::optional<Authenticated> Accounts::authenticate(std::string_view token, SessionKind kind) {
    if (token.empty() || token.size() > max_token) return std::nullopt;
    const auto hash = security::token_hash(token);
    const auto now = now_seconds();
    auto found = db_.read([&](db::Session& s) { return find_live_session(s, hash, now); });
    if (!found) return std::nullopt;
    if (now - found->last_seen_at >= touch_interval) {
        const auto idle_deadline = now + settings_.idle.count();
        db_.write([&](db::Session& s) { touch_session(s, hash, now, idle_deadline); });
    }
    Authenticated out;
    out.who.user_id = found->user.id;
    out.who.role = found->user.role;
    out.who.email = found->user.email;
    out.who.display_name = found->user.display_name;
    out.who.email_verified = found->user.email_verified;
    out.who.via_bearer = kind == SessionKind::bearer;
    out.who.session_key_hash = hash;
    out.csrf_token = found->csrf_token;
    return out;
}

NewSession Accounts::start_session(const Actor& actor, const StartSession& command) {
    NewSession out{security::random_token(32), security::random_token(32)};
    const auto now = now_seconds();
    db_.write([&](db::Session& s) {
        if (!command.replaces_token.empty()) delete_session(s, security::token_hash(command.replaces_token));
        insert_session(s, security::token_hash(out.token), command.user_id, out.csrf_token,
                       session_kind_name(command.kind), now + settings_.idle.count(), now + settings_.absolute.count(),
                       command.user_agent, actor.client_address);
        // Signing in during the grace period cancels a pending deletion: here,
        // once every factor was given, not after the password alone.
        privacy::cancel_on_log_in(s, templates_, command.user_id, actor.client_address);
    });
    return out;
}

bool Accounts::end_session(const Actor& actor) {
    if (!actor.signed_in() || actor.who.session_key_hash.empty()) return false;
    policy::require(actor.who, policy::Action::manage_own_sessions, own_account(actor));
    db_.write([&](db::Session& s) { delete_session(s, actor.who.session_key_hash); });
    return true;
}

void Accounts::end_all_sessions(const Actor& actor) {
    policy::require(actor.who, policy::Action::manage_own_sessions, own_account(actor));
    db_.write([&](db::Session& s) {
        delete_user_sessions(s, actor.user_id());
        // Browsers remembered for two-factor sign-in are forgotten too: a
        // lost device must not skip the code next time.
        forget_remembered_devices(s, actor.user_id());
        audit::record(s, actor.user_id(), "account.sessions_revoked", "user", std::to_string(actor.user_id()), "",
                      actor.client_address);
    });
}

// --- sign-up ---

AccountOutcome<SignUpResult> Accounts::sign_up(const Actor& actor, const SignUp& command) {
    auto display_name = command.display_name;
    auto email = command.email;
    FieldChecks checks;  // trims, refuses control characters, counts characters
    checks.text("display_name", "Your name", display_name, max_display_name_chars, true);
    if (!checks.failed("display_name")) {
        if (auto problem = display_name_problem(display_name)) checks.fail("display_name", *problem);
    }
    checks.text("email", "E-mail address", email, max_email, true);
    if (!checks.failed("email") && !plausible_email(email)) {
        checks.fail("email", "Please enter an e-mail address like name@example.org.");
    }
    if (auto problem = security::password_problem(command.password, email, display_name)) {
        checks.fail("password", *problem);
    }
    const auto role = command.role.empty() ? std::optional(Role::member) : parse_role(command.role);
    if (!role || *role == Role::admin) {
        checks.fail("role", "Choose whether you are looking for support or are a specialist.");
    }
    if (!checks.ok()) return invalid(std::move(checks).take());
    if (auto wait = limited(security::rate_rules::signup_per_ip, actor.client_address)) return rate_limited(*wait);

    // A free and a taken address cost the same: a hash, the same count
    // below, and one write transaction of as many statements, so the time
    // of the answer does not tell whether the address has an account.
    const auto hash = security::hash_password(command.password);
    const bool may_note = !limited(security::rate_rules::sign_up_mail_per_address, normalize_email(email));
    return db_.write([&](db::Session& s) {
        if (auto id = insert_user_if_free(s, email, display_name, hash, *role)) {
            User u;
            u.id = *id;
            u.email = email;
            u.display_name = display_name;
            u.role = *role;
            u.created_at = now_seconds();
            audit::record(s, u.id, "account.sign_up", "user", std::to_string(u.id), std::string(role_name(*role)),
                          actor.client_address);
            send_verification(s, u, command.continue_to);  // sent whatever the count: the account is new
            return SignUpResult{u};
        }
        // The address has an account: tell its owner, not the person asking,
        // a few times an hour at most, so sign-up cannot flood a mailbox.
        auto owner = find_user_by_email(s, email);
        if (!owner) return SignUpResult{std::nullopt};  // a deleted account's address stays taken: nobody to tell
        audit::record(s, 0, "account.sign_up_with_taken_address", "user", std::to_string(owner->id), "",
                      actor.client_address);
        if (may_note) {
            mail::enqueue(s, mail::from_template(templates_, "account_sign_up_attempt",
                                                 {{"display_name", owner->display_name},
                                                  // Not where they were heading: that could name a
                                                  // specialist to whoever reads this inbox.
                                                  {"login_link", base_url_ + "/login"},
                                                  {"reset_link", base_url_ + "/password/forgot"}},
                                                 owner->email));
        }
        return SignUpResult{std::nullopt};
    });
}

// --- log-in ---

AccountOutcome<User> Accounts::log_in(const Actor& actor, const LogIn& command) {
    auto email = command.email;
    FieldChecks checks;
    checks.text("email", "E-mail address", email, max_email, true);
    if (command.password.empty()) checks.fail("password", "Password is required.");
    if (!checks.ok()) return invalid(std::move(checks).take());

    namespace rules = security::rate_rules;
    if (auto wait = limited(rules::login_per_ip, actor.client_address)) return rate_limited(*wait);
    const auto account_key = normalize_email(email);
    const auto source_key = account_from_address(account_key, actor.client_address);
    if (auto wait = exhausted(limiter_, rules::login_per_account_and_address, source_key)) {
        return rate_limited(*wait);
    }
    if (auto wait = exhausted(limiter_, rules::login_per_account, account_key)) return rate_limited(*wait);
    const auto failed = [&] {
        (void)limited(rules::login_per_account_and_address, source_key);
        (void)limited(rules::login_per_account, account_key);
        return wrong();
    };

    // No account can have a longer password; don't spend a hash on it.
    if (command.password.size() > max_password_bytes) return failed();
    auto user = db_.read([&](db::Session& s) { return find_user_by_email(s, email); });
    if (!user) {
        // The same work as a wrong password for a real account: a hash and
        // one committed write, so the answer's timing does not tell whether
        // the address has an account. The record keeps no typed address.
        security::spend_password_time(command.password);
        db_.write([&](db::Session& s) {
            audit::record(s, 0, "account.login_failed_unknown", "user", "", "", actor.client_address);
        });
        return failed();
    }
    if (!security::verify_password(user->password_hash, command.password)) {
        db_.write([&](db::Session& s) {
            audit::record(s, user->id, "account.login_failed", "user", std::to_string(user->id), "",
                          actor.client_address);
        });
        return failed();
    }
    if (user->suspended_at) {
        db_.write([&](db::Session& s) {
            audit::record(s, user->id, "account.login_suspended", "user", std::to_string(user->id), "",
                          actor.client_address);
        });
        return AccountRefusal{AccountRefusalCode::account_suspended,
                              "This account is suspended, so it cannot be used to log in.", {}, 0};
    }
    db_.write([&](db::Session& s) {
        if (security::password_needs_rehash(user->password_hash)) {
            set_password_hash(s, user->id, security::hash_password(command.password));
        }
        audit::record(s, user->id, "account.login", "user", std::to_string(user->id), "", actor.client_address);
    });
    return *user;
}

User Accounts::account(const Actor& actor) {
    policy::require(actor.who, policy::Action::view_own_account, own_account(actor));
    auto user = db_.read([&](db::Session& s) { return find_user_by_id(s, actor.user_id()); });
    if (!user) throw Error::unauthorized();
    return *user;
}

// --- e-mail verification ---

void Accounts::send_verification(db::Session& s, const User& user, std::string_view continue_to) {
    const auto token = security::random_token(32);
    // Where the link leads on to stays with the token, never in the link: an
    // inbox someone else reads must not name the specialist a person was
    // about to write to or book.
    insert_token(s, security::token_hash(token), user.id, TokenPurpose::verify_email,
                 now_seconds() + verify_token_lifetime, continue_to);
    const auto link = base_url_ + "/verify-email?token=" + token;
    mail::enqueue(s, mail::from_template(templates_, "account_verify_email",
                                         {{"display_name", user.display_name}, {"link", link}}, user.email));
}

AccountOutcome<Done> Accounts::resend_verification(const Actor& actor) {
    policy::require(actor.who, policy::Action::view_own_account, own_account(actor));
    if (auto wait = limited(security::rate_rules::verify_email_per_account, std::to_string(actor.user_id()))) {
        return rate_limited(*wait);
    }
    db_.write([&](db::Session& s) {
        auto user = find_user_by_id(s, actor.user_id());
        if (!user || user->email_verified) return;
        send_verification(s, *user);
    });
    return Done{};
}

AccountOutcome<Confirmed> Accounts::verify_email(std::string_view token) {
    if (token.empty() || token.size() > max_token) return dead_token();
    const auto user_id = db_.write([&](db::Session& s) {
        auto id = consume_token(s, security::token_hash(token), TokenPurpose::verify_email, now_seconds());
        if (!id) return id;
        mark_email_verified(s, *id);
        audit::record(s, *id, "account.email_verified", "user", std::to_string(*id), "", "");
        return id;
    });
    if (!user_id) return dead_token();
    return Confirmed{*user_id};
}

std::optional<Accounts::VerifyLink> Accounts::verify_link(std::string_view token) {
    if (token.empty() || token.size() > max_token) return std::nullopt;
    return db_.read([&](db::Session& s) -> std::optional<VerifyLink> {
        const auto hash = security::token_hash(token);
        const auto now = now_seconds();
        const auto id = token_user(s, hash, TokenPurpose::verify_email, now);
        if (!id) return std::nullopt;
        auto user = find_user_by_id(s, *id);
        if (!user) return std::nullopt;
        return VerifyLink{user->email, token_continue_to(s, hash, TokenPurpose::verify_email, now).value_or("")};
    });
}

bool Accounts::token_usable(std::string_view token, TokenPurpose purpose) {
    if (token.empty() || token.size() > max_token) return false;
    return db_.read([&](db::Session& s) {
        return token_user(s, security::token_hash(token), purpose, now_seconds()).has_value();
    });
}

// --- password reset ---

AccountOutcome<Done> Accounts::request_password_reset(const Actor& actor, const PasswordResetRequest& command) {
    auto email = command.email;
    FieldChecks checks;
    checks.text("email", "E-mail address", email, max_email, true);
    if (!checks.ok()) return invalid(std::move(checks).take());
    namespace rules = security::rate_rules;
    if (auto wait = limited(rules::password_reset_per_ip, actor.client_address)) return rate_limited(*wait);
    if (auto wait = limited(rules::password_reset_per_account, normalize_email(email))) return rate_limited(*wait);

    // The same work whether or not the address has an account: a token is
    // made and hashed, and one write transaction records the request and
    // commits, so the answer's timing does not tell (OWASP Forgot Password
    // Cheat Sheet, "consistent response times").
    const auto token = security::random_token(32);
    const auto token_hash = security::token_hash(token);
    db_.write([&](db::Session& s) {
        auto user = find_user_by_email(s, email);
        if (!user) {
            audit::record(s, 0, "account.password_reset_requested_unknown", "user", "", "", actor.client_address);
            return;
        }
        insert_token(s, token_hash, user->id, TokenPurpose::reset_password, now_seconds() + reset_token_lifetime);
        audit::record(s, user->id, "account.password_reset_requested", "user", std::to_string(user->id), "",
                      actor.client_address);
        mail::enqueue(s, mail::from_template(templates_, "account_password_reset",
                                             {{"display_name", user->display_name},
                                              {"link", base_url_ + "/password/reset?token=" + token}},
                                             user->email));
    });
    return Done{};
}

bool Accounts::reset_token_usable(std::string_view token) { return token_usable(token, TokenPurpose::reset_password); }

AccountOutcome<Done> Accounts::reset_password(const Actor& actor, const PasswordReset& command) {
    if (command.token.empty() || command.token.size() > max_token) return dead_token();
    const auto token_hash = security::token_hash(command.token);
    auto current = db_.read([&](db::Session& s) -> std::optional<User> {
        auto user_id = token_user(s, token_hash, TokenPurpose::reset_password, now_seconds());
        if (!user_id) return std::nullopt;
        return find_user_by_id(s, *user_id);
    });
    if (!current) return dead_token();
    if (auto problem = security::password_problem(command.new_password, current->email, current->display_name)) {
        return invalid({{"password", *problem}});
    }
    const auto hash = security::hash_password(command.new_password);
    const bool reset = db_.write([&](db::Session& s) {
        const auto now = now_seconds();
        auto consumed = consume_token(s, token_hash, TokenPurpose::reset_password, now);
        if (!consumed) return false;  // used by a racing request in between
        set_password_hash(s, *consumed, hash);
        expire_tokens(s, *consumed, TokenPurpose::reset_password, now);
        // Whoever knew the old password is logged out everywhere, and a
        // change of address they may have asked for goes no further.
        delete_user_sessions(s, *consumed);
        cancel_pending_email_changes(s, *consumed, now);
        // Reaching the link proves the mailbox, too.
        mark_email_verified(s, *consumed);
        audit::record(s, *consumed, "account.password_reset", "user", std::to_string(*consumed), "",
                      actor.client_address);
        return true;
    });
    if (!reset) return dead_token();
    return Done{};
}

}  // namespace hearth::accounts
