#pragma once
// The HTML pages of accounts: sign up, log in/out, the account page, e-mail
// verification and password reset. Forms re-render with every problem shown
// next to its field and what the person typed kept (never the password).
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "features/accounts/accounts.hpp"
#include "features/accounts/session_cookies.hpp"
#include "http/response.hpp"
#include "render/view.hpp"

namespace hearth::accounts {

// What a person was on their way to when they were asked to log in or
// sign up, in a line for those pages ("Free consultation with ... · Mon 30
// Nov, 10:00, London time"), given the local path they will return to; ""
// when there is nothing to say. Features that send people to log in half
// way through something provide one; the application wires it in.
using DescribeReturn = std::function<std::string(const http::Request& req, std::string_view return_to)>;

// Adds a feature's section of the account page (its settings) to the page's
// data; the application wires each one in, so accounts names no feature.
using AccountSection = std::function<void(const http::Request& req, boost::json::object& data)>;

// What the log-in form does after the right password, before signing in
// (two-factor sign-in): a response to answer with instead (the code
// step), or nullopt to sign in and go on to `landing` (a checked local path).
using PageAfterPassword =
    std::function<std::optional<http::Response>(http::Request& req, const User& user, const std::string& landing)>;

class AccountPages {
public:
    AccountPages(Accounts& accounts, const SessionCookies& cookies, const render::View& view)
        : accounts_(accounts), cookies_(cookies), view_(view) {}

    // Set once at start-up, before the server takes requests.
    void describe_returns_with(DescribeReturn describe) { describe_return_ = std::move(describe); }
    // Set once at start-up, like describe_returns_with.
    void add_section(AccountSection section) { sections_.push_back(std::move(section)); }
    // Set once at start-up, like describe_returns_with.
    void after_password_with(PageAfterPassword step) { after_password_ = std::move(step); }

    http::Response signup_form(http::Request& req);
    http::Response signup(http::Request& req);
    http::Response login_form(http::Request& req);
    http::Response login(http::Request& req);
    http::Response logout(http::Request& req);
    http::Response account(http::Request& req);
    http::Response resend_verification(http::Request& req);
    http::Response revoke_sessions(http::Request& req);
    http::Response verify_email(http::Request& req);   // GET /verify-email?token=: asks to confirm
    http::Response confirm_email(http::Request& req);  // POST /verify-email: confirms, signs in, continues
    http::Response forgot_form(http::Request& req);
    http::Response forgot(http::Request& req);
    http::Response reset_form(http::Request& req);
    http::Response reset(http::Request& req);

private:
    http::Response page(http::Request& req, int status, std::string_view name, boost::json::object data,
                        std::string title);
    // Adds "handoff" (the DescribeReturn line) to a page's data when there is one.
    void add_handoff(const http::Request& req, const std::string& return_to, boost::json::object& data) const;
    Accounts& accounts_;
    const SessionCookies& cookies_;
    const render::View& view_;
    DescribeReturn describe_return_;
    std::vector<AccountSection> sections_;
    PageAfterPassword after_password_;
};

}  // namespace hearth::accounts
