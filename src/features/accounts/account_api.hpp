#pragma once
// /api/v1 for accounts: the same service and rules as the pages, as JSON.
#include <functional>
#include <string_view>

#include <boost/json/object.hpp>

#include "features/accounts/accounts.hpp"
#include "features/accounts/session_cookies.hpp"
#include "http/request.hpp"
#include "http/response.hpp"

namespace hearth::accounts {

// What POST /api/v1/session asks after the right password, before the
// session starts (two-factor sign-in): throws hearth::Error to refuse;
// else returns what to add to the answer (a cookie), or an empty function.
// `otp` is the request's "otp" ("" when absent).
using ApiAfterPassword =
    std::function<std::function<void(http::Response&)>(http::Request& req, const User& user, std::string_view otp)>;

class AccountApi {
public:
    AccountApi(Accounts& accounts, const SessionCookies& cookies) : accounts_(accounts), cookies_(cookies) {}

    // Set once at start-up, before the server takes requests.
    void after_password_with(ApiAfterPassword step) { after_password_ = std::move(step); }

    // 202 {"status":"accepted","message"} whether or not the address already
    // had an account (its owner is e-mailed instead); 422; 429.
    http::Response sign_up(http::Request& req);          // POST /api/v1/users
    http::Response log_in(http::Request& req);           // POST /api/v1/session
    http::Response log_out(http::Request& req);          // DELETE /api/v1/session
    http::Response me(http::Request& req);               // GET /api/v1/me
    http::Response verify_email(http::Request& req);     // POST /api/v1/email/verify
    http::Response forgot_password(http::Request& req);  // POST /api/v1/password/forgot
    http::Response reset_password(http::Request& req);   // POST /api/v1/password/reset

private:
    Accounts& accounts_;
    const SessionCookies& cookies_;
    ApiAfterPassword after_password_;
};

boost::json::object user_json(const User& u);

}  // namespace hearth::accounts
