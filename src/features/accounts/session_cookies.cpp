#include "features/accounts/session_cookies.hpp"

namespace hearth::accounts {

SessionCookies::SessionCookies(bool secure_cookies)
    : name_(secure_cookies ? "__Host-hearth_session" : "hearth_session"), secure_(secure_cookies) {}

std::optional<PresentedToken> SessionCookies::presented(const http::Request& req) const {
    const auto auth = req.header("Authorization");
    if (auth.size() > 7 && (auth.substr(0, 7) == "Bearer " || auth.substr(0, 7) == "bearer ")) {
        return PresentedToken{std::string(auth.substr(7)), SessionKind::bearer};
    }
    if (auto cookie = req.cookie(name_)) return PresentedToken{std::move(*cookie), SessionKind::cookie};
    return std::nullopt;
}

void SessionCookies::authenticate(Accounts& accounts, http::Request& req) const {
    const auto token = presented(req);
    if (!token) return;
    auto found = accounts.authenticate(token->token, token->kind);
    if (!found) return;
    req.principal = std::move(found->who);
    req.csrf_token = std::move(found->csrf_token);
}

void SessionCookies::set(http::Response& r, const std::string& token) const {
    http::set_cookie(r, name_, token, {true, secure_, "Lax", -1});
}

void SessionCookies::clear(http::Response& r) const { http::set_cookie(r, name_, "", {true, secure_, "Lax", 0}); }

NewSession SessionCookies::start(Accounts& accounts, const http::Request& req, std::int64_t user_id,
                                 SessionKind kind) const {
    StartSession command;
    command.user_id = user_id;
    command.kind = kind;
    if (auto previous = presented(req)) command.replaces_token = previous->token;
    command.user_agent = std::string(req.header("User-Agent"));
    return accounts.start_session(req.actor(), command);
}


}  // namespace hearth::accounts
