#pragma once
// The HTML pages of accounts: sign up, log in/out, the account page, e-mail
// verification and password reset. Forms re-render with every problem shown
// next to its field and what the person typed kept (never the password).
#include "features/accounts/accounts.hpp"
#include "features/accounts/session_cookies.hpp"
#include "http/response.hpp"
#include "render/view.hpp"

namespace hearth::accounts {

class AccountPages {
public:
    AccountPages(Accounts& accounts, const SessionCookies& cookies, const render::View& view)
        : accounts_(accounts), cookies_(cookies), view_(view) {}

    http::Response signup_form(http::Request& req);
    http::Response signup(http::Request& req);
    http::Response login_form(http::Request& req);
    http::Response login(http::Request& req);
    http::Response logout(http::Request& req);
    http::Response account(http::Request& req);
    http::Response resend_verification(http::Request& req);
    http::Response revoke_sessions(http::Request& req);
    http::Response verify_email(http::Request& req);
    http::Response forgot_form(http::Request& req);
    http::Response forgot(http::Request& req);
    http::Response reset_form(http::Request& req);
    http::Response reset(http::Request& req);

private:
    http::Response page(http::Request& req, int status, std::string_view name, boost::json::object data,
                        std::string title);
    Accounts& accounts_;
    const SessionCookies& cookies_;
    const render::View& view_;
};

}  // namespace hearth::accounts
