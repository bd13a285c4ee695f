#pragma once
// /api/v1 for accounts: the same service and rules as the pages, as JSON.
#include "features/accounts/accounts.hpp"
#include "http/response.hpp"

namespace hearth::accounts {

class AccountApi {
public:
    explicit AccountApi(Accounts& accounts) : accounts_(accounts) {}

    http::Response sign_up(http::Request& req);         // POST /api/v1/users
    http::Response log_in(http::Request& req);          // POST /api/v1/session
    http::Response log_out(http::Request& req);         // DELETE /api/v1/session
    http::Response me(http::Request& req);              // GET /api/v1/me
    http::Response verify_email(http::Request& req);    // POST /api/v1/email/verify
    http::Response forgot_password(http::Request& req); // POST /api/v1/password/forgot
    http::Response reset_password(http::Request& req);  // POST /api/v1/password/reset

private:
    Accounts& accounts_;
};

boost::json::object user_json(const User& u);

}  // namespace hearth::accounts
