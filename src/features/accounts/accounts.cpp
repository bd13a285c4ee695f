#include "features/accounts/accounts.hpp"

#include <fmt/format.h>
#include <spdlog/spdlog.h>

#include "core/clock.hpp"
#include "core/error.hpp"
#include "features/common/audit.hpp"
#include "features/common/outbox.hpp"
#include "http/form.hpp"
#include "security/password.hpp"
#include "security/tokens.hpp"

namespace hearth::accounts {

namespace {

constexpr std::int64_t verify_token_lifetime = 48 * 3600;
constexpr std::int64_t reset_token_lifetime = 3600;
// A session's idle deadline is pushed forward at most this often, so that
// reading a page is not a database write every time.
constexpr std::int64_t touch_interval = 60;
constexpr std::size_t max_display_name = 80;
constexpr std::size_t max_email = 254;

const std::string wrong_credentials = "That e-mail address and password do not match an account.";

bool plausible_email(std::string_view e) {
    auto at = e.find('@');
    if (at == std::string_view::npos || at == 0 || e.find('@', at + 1) != std::string_view::npos) return false;
    auto domain = e.substr(at + 1);
    auto dot = domain.find('.');
    if (domain.size() < 3 || dot == std::string_view::npos || dot == 0 || domain.back() == '.') return false;
    for (unsigned char c : e) {
        if (c <= ' ' || c == '<' || c == '>' || c == ',' || c == ';' || c == '"' || c == '\\') return false;
    }
    return true;
}

}  // namespace

Accounts::Accounts(db::Database& db, security::RateLimiter& limiter, SessionSettings settings, std::string base_url)
    : db_(db),
      limiter_(limiter),
      settings_(settings),
      base_url_(std::move(base_url)),
      // The __Host- prefix pins the cookie to this host and path, over HTTPS.
      session_cookie_(settings.secure_cookies ? "__Host-hearth_session" : "hearth_session") {}

std::optional<std::string> Accounts::token_from(const http::Request& req, bool& via_bearer) const {
    auto auth = req.header("Authorization");
    if (auth.size() > 7 && (auth.substr(0, 7) == "Bearer " || auth.substr(0, 7) == "bearer ")) {
        via_bearer = true;
        return std::string(auth.substr(7));
    }
    via_bearer = false;
    return req.cookie(session_cookie_);
}

void Accounts::authenticate(http::Request& req) {
    bool via_bearer = false;
    auto token = token_from(req, via_bearer);
    if (!token || token->empty() || token->size() > 200) return;
    const auto hash = security::token_hash(*token);
    const auto now = now_seconds();
    auto found = db_.read([&](db::Session& s) { return find_live_session(s, hash, now); });
    if (!found) return;
    if (now - found->last_seen_at >= touch_interval) {
        const auto idle_deadline = now + settings_.idle.count();
        db_.write([&](db::Session& s) { touch_session(s, hash, now, idle_deadline); });
    }
    req.principal.user_id = found->user.id;
    req.principal.role = found->user.role;
    req.principal.email = found->user.email;
    req.principal.display_name = found->user.display_name;
    req.principal.email_verified = found->user.email_verified;
    req.principal.via_bearer = via_bearer;
    req.principal.session_key_hash = hash;
    req.csrf_token = found->csrf_token;
}

NewSession Accounts::start_session(const User& user, std::string_view kind, const http::Request& req) {
    NewSession out{security::random_token(32), security::random_token(32)};
    const auto now = now_seconds();
    bool ignored = false;
    auto previous = token_from(req, ignored);
    db_.write([&](db::Session& s) {
        if (previous) delete_session(s, security::token_hash(*previous));
        insert_session(s, security::token_hash(out.token), user.id, out.csrf_token, kind, now + settings_.idle.count(),
                       now + settings_.absolute.count(), req.header("User-Agent"), req.remote_address());
    });
    return out;
}

void Accounts::end_session(const http::Request& req) {
    if (req.principal.session_key_hash.empty()) return;
    db_.write([&](db::Session& s) { delete_session(s, req.principal.session_key_hash); });
}

void Accounts::end_all_sessions(std::int64_t user_id) {
    db_.write([&](db::Session& s) { delete_user_sessions(s, user_id); });
}

void Accounts::set_session_cookie(http::Response& r, const std::string& token) const {
    // No Max-Age: the server decides expiry; the cookie ends with the browser.
    http::set_cookie(r, session_cookie_, token, {true, settings_.secure_cookies, "Lax", -1});
}

void Accounts::clear_session_cookie(http::Response& r) const {
    http::set_cookie(r, session_cookie_, "", {true, settings_.secure_cookies, "Lax", 0});
}

User Accounts::sign_up(http::Input& input, const http::Request& req) {
    auto display_name = input.required_text("display_name", "Your name", max_display_name);
    auto email = input.required_text("email", "E-mail address", max_email);
    if (!email.empty() && !plausible_email(email)) {
        input.fail("email", "Please enter an e-mail address like name@example.org.");
    }
    auto password = input.raw("password");
    if (auto problem = security::password_problem(password, email, display_name)) input.fail("password", *problem);
    auto role_text = input.text("role");
    auto role = role_text.empty() ? std::optional(Role::member) : parse_role(role_text);
    if (!role || *role == Role::admin) {
        input.fail("role", "Choose whether you are looking for support or are a specialist.");
    }
    input.check();
    limiter_.hit(security::rate_rules::signup_per_ip, req.remote_address());

    const auto hash = security::hash_password(password);
    try {
        return db_.write([&](db::Session& s) {
            User u;
            u.id = insert_user(s, email, display_name, hash, *role, false);
            u.email = email;
            u.display_name = display_name;
            u.role = *role;
            u.created_at = now_seconds();
            audit::record(s, u.id, "account.sign_up", "user", std::to_string(u.id), std::string(role_name(*role)),
                          req.remote_address());
            send_verification(s, u);
            return u;
        });
    } catch (const db::ConstraintViolation&) {
        throw Error::conflict("email_taken", "An account with this e-mail address already exists. You can log in instead.",
                              "email");
    }
}

User Accounts::log_in(std::string_view email, std::string_view password, const http::Request& req) {
    limiter_.hit(security::rate_rules::login_per_ip, req.remote_address());
    limiter_.hit(security::rate_rules::login_per_account, normalize_email(email));
    // No account can have a longer password; don't spend a hash on it.
    if (password.size() > 4 * 128) throw Error(401, "invalid_credentials", wrong_credentials);
    auto user = db_.read([&](db::Session& s) { return find_user_by_email(s, email); });
    if (!user) {
        security::spend_password_time(password);  // same time as a wrong password
        throw Error(401, "invalid_credentials", wrong_credentials);
    }
    if (!security::verify_password(user->password_hash, password)) {
        db_.write([&](db::Session& s) {
            audit::record(s, user->id, "account.login_failed", "user", std::to_string(user->id), "",
                          req.remote_address());
        });
        throw Error(401, "invalid_credentials", wrong_credentials);
    }
    db_.write([&](db::Session& s) {
        if (security::password_needs_rehash(user->password_hash)) {
            set_password_hash(s, user->id, security::hash_password(password));
        }
        audit::record(s, user->id, "account.login", "user", std::to_string(user->id), "", req.remote_address());
    });
    return *user;
}

void Accounts::send_verification(db::Session& s, const User& user) {
    const auto token = security::random_token(32);
    insert_token(s, security::token_hash(token), user.id, TokenPurpose::verify_email,
                 now_seconds() + verify_token_lifetime);
    mail::enqueue(s, mail::Email{
                         user.email, "Please confirm your e-mail address for Hearth",
                         fmt::format("Hello {},\n\n"
                                     "Please confirm that this is your e-mail address by opening this link:\n\n"
                                     "{}/verify-email?token={}\n\n"
                                     "The link works once and for 48 hours. If you did not create an account on "
                                     "Hearth, you can ignore this message.\n\n"
                                     "Hearth\n",
                                     user.display_name, base_url_, token),
                         std::nullopt, 0});
}

void Accounts::resend_verification(const Principal& who) {
    limiter_.hit(security::rate_rules::verify_email_per_account, std::to_string(who.user_id));
    db_.write([&](db::Session& s) {
        auto user = find_user_by_id(s, who.user_id);
        if (!user || user->email_verified) return;
        send_verification(s, *user);
    });
}

bool Accounts::verify_email(std::string_view token) {
    if (token.empty() || token.size() > 200) return false;
    return db_.write([&](db::Session& s) {
        auto user_id = consume_token(s, security::token_hash(token), TokenPurpose::verify_email, now_seconds());
        if (!user_id) return false;
        mark_email_verified(s, *user_id);
        audit::record(s, *user_id, "account.email_verified", "user", std::to_string(*user_id), "", "");
        return true;
    });
}

void Accounts::request_password_reset(std::string_view email, const http::Request& req) {
    limiter_.hit(security::rate_rules::password_reset_per_ip, req.remote_address());
    limiter_.hit(security::rate_rules::password_reset_per_account, normalize_email(email));
    db_.write([&](db::Session& s) {
        auto user = find_user_by_email(s, email);
        if (!user) return;
        const auto token = security::random_token(32);
        insert_token(s, security::token_hash(token), user->id, TokenPurpose::reset_password,
                     now_seconds() + reset_token_lifetime);
        audit::record(s, user->id, "account.password_reset_requested", "user", std::to_string(user->id), "",
                      req.remote_address());
        mail::enqueue(s, mail::Email{
                             user->email, "Reset your Hearth password",
                             fmt::format("Hello {},\n\n"
                                         "Someone (hopefully you) asked to reset the password of your Hearth account. "
                                         "To choose a new password, open this link:\n\n"
                                         "{}/password/reset?token={}\n\n"
                                         "The link works once and for one hour. If you did not ask for this, you "
                                         "can ignore this message: your password has not changed.\n\n"
                                         "Hearth\n",
                                         user->display_name, base_url_, token),
                             std::nullopt, 0});
    });
}

bool Accounts::reset_token_usable(std::string_view token) {
    if (token.empty() || token.size() > 200) return false;
    return db_.read([&](db::Session& s) {
        return token_usable(s, security::token_hash(token), TokenPurpose::reset_password, now_seconds());
    });
}

void Accounts::reset_password(std::string_view token, std::string_view new_password) {
    if (!reset_token_usable(token)) {
        throw Error::invalid("token", "This link has expired or was already used. Please ask for a new one.",
                             "invalid_token");
    }
    auto user_id = db_.read([&](db::Session& s) {
        auto r = s.query("SELECT user_id FROM account_tokens WHERE token_hash = $1", {security::token_hash(token)});
        return r.front().integer(0);
    });
    auto current = user(user_id);
    if (!current) throw Error::invalid("token", "This link has expired or was already used.", "invalid_token");
    if (auto problem = security::password_problem(new_password, current->email, current->display_name)) {
        throw Error::invalid("password", *problem);
    }
    const auto hash = security::hash_password(new_password);
    db_.write([&](db::Session& s) {
        const auto now = now_seconds();
        auto consumed = consume_token(s, security::token_hash(token), TokenPurpose::reset_password, now);
        if (!consumed) {
            throw Error::invalid("token", "This link has expired or was already used. Please ask for a new one.",
                                 "invalid_token");
        }
        set_password_hash(s, *consumed, hash);
        expire_tokens(s, *consumed, TokenPurpose::reset_password, now);
        // Whoever knew the old password is logged out everywhere.
        delete_user_sessions(s, *consumed);
        // Reaching the link proves the mailbox, too.
        mark_email_verified(s, *consumed);
        audit::record(s, *consumed, "account.password_reset", "user", std::to_string(*consumed), "", "");
    });
}

std::optional<User> Accounts::user(std::int64_t id) {
    return db_.read([&](db::Session& s) { return find_user_by_id(s, id); });
}

}  // namespace hearth::accounts
