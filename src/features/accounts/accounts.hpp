#pragma once
// Accounts: sign up, log in and out, sessions, e-mail verification and
// password reset. One service used by both the pages and the JSON API, so
// there is one validation path and one set of rules.
#include <chrono>
#include <string>
#include <string_view>

#include "db/database.hpp"
#include "features/accounts/account_store.hpp"
#include "http/input.hpp"
#include "http/request.hpp"
#include "http/response.hpp"
#include "security/rate_limit.hpp"

namespace hearth::accounts {

struct SessionSettings {
    std::chrono::seconds idle{30 * 60};
    std::chrono::seconds absolute{12 * 3600};
    bool secure_cookies = true;
};

struct NewSession {
    std::string token;       // goes to the cookie / the API client, never stored
    std::string csrf_token;
};

class Accounts {
public:
    Accounts(db::Database& db, security::RateLimiter& limiter, SessionSettings settings, std::string base_url);

    // --- sessions ---
    const std::string& session_cookie() const noexcept { return session_cookie_; }
    // Fills req.principal (and req.csrf_token) from the session cookie or an
    // Authorization: Bearer token. Unknown or expired tokens leave a visitor.
    void authenticate(http::Request& req);
    // A new session for `user`; any session the request carried is ended
    // first (rotation on login, so a planted session id is worthless).
    NewSession start_session(const User& user, std::string_view kind, const http::Request& req);
    void end_session(const http::Request& req);
    void end_all_sessions(std::int64_t user_id);
    void set_session_cookie(http::Response& r, const std::string& token) const;
    void clear_session_cookie(http::Response& r) const;

    // --- account actions (throw hearth::Error with what a person needs) ---
    // Validates (422), refuses a taken e-mail (409), rate-limits per IP (429).
    User sign_up(http::Input& input, const http::Request& req);
    // 401 with one message for unknown e-mail and wrong password alike; 429.
    User log_in(std::string_view email, std::string_view password, const http::Request& req);
    void resend_verification(const Principal& who);
    bool verify_email(std::string_view token);
    // Always looks the same from outside, whether or not the address exists.
    void request_password_reset(std::string_view email, const http::Request& req);
    bool reset_token_usable(std::string_view token);
    // 422 on a weak password or a dead token; ends every session on success.
    void reset_password(std::string_view token, std::string_view new_password);

    std::optional<User> user(std::int64_t id);

private:
    void send_verification(db::Session& s, const User& user);
    std::optional<std::string> token_from(const http::Request& req, bool& via_bearer) const;

    db::Database& db_;
    security::RateLimiter& limiter_;
    SessionSettings settings_;
    std::string base_url_;
    std::string session_cookie_;
};

}  // namespace hearth::accounts
