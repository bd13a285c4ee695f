#pragma once
// The HTTP side of sessions: which token a request carries (the session
// cookie or an Authorization: Bearer header), setting and clearing the
// cookie, and filling a request's principal through Accounts. The server's
// authentication step and the account handlers use it; the service itself
// only ever sees token strings.
#include <optional>
#include <string>

#include "core/actor.hpp"
#include "features/accounts/accounts.hpp"
#include "http/request.hpp"
#include "http/response.hpp"

namespace hearth::accounts {

struct PresentedToken {
    std::string token;
    SessionKind kind = SessionKind::cookie;
};

class SessionCookies {
public:
    // Over HTTPS the cookie is "__Host-hearth_session" (pinned to this host
    // and path, Secure); without, "hearth_session".
    explicit SessionCookies(bool secure_cookies);

    const std::string& name() const noexcept { return name_; }

    // The bearer token if the request has an Authorization: Bearer header,
    // else the session cookie's value; nullopt for neither.
    std::optional<PresentedToken> presented(const http::Request& req) const;

    // Fills req.principal and req.csrf_token from the token the request
    // carries; unknown or expired tokens leave a visitor.
    void authenticate(Accounts& accounts, http::Request& req) const;

    // HttpOnly, SameSite=Lax, no Max-Age: the server decides expiry and the
    // cookie ends with the browser.
    void set(http::Response& r, const std::string& token) const;
    void clear(http::Response& r) const;

    // A new session for an account after log-in or sign-up, replacing any
    // session the request carried (rotation). The caller sets the cookie.
    NewSession start(Accounts& accounts, const http::Request& req, std::int64_t user_id, SessionKind kind) const;

private:
    std::string name_;
    bool secure_;
};


}  // namespace hearth::accounts
