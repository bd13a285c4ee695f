#pragma once
// /api/v1 for accounts: the same service and rules as the pages, as JSON.
#include <boost/json/object.hpp>

#include "features/accounts/accounts.hpp"
#include "features/accounts/session_cookies.hpp"
#include "http/request.hpp"
#include "http/response.hpp"

namespace hearth::accounts {

class AccountApi {
public:
    AccountApi(Accounts& accounts, const SessionCookies& cookies) : accounts_(accounts), cookies_(cookies) {}

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
};

boost::json::object user_json(const User& u);

}  // namespace hearth::accounts
