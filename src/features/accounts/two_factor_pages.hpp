#pragma once
// The pages of two-factor sign-in: /account/two-factor (set up with a QR
// code, the secret as text and recovery codes shown once; confirm with a
// first code; turn off behind the password and a code), the code step of
// /login (a short-lived challenge, never the password, carried by the
// form; "remember this browser for 30 days"), and the account page's panel.
#include <optional>
#include <string>

#include <boost/json/object.hpp>

#include "features/accounts/accounts.hpp"
#include "features/accounts/session_cookies.hpp"
#include "features/accounts/two_factor.hpp"
#include "features/accounts/two_factor_cookie.hpp"
#include "http/request.hpp"
#include "http/response.hpp"
#include "render/view.hpp"

namespace hearth::accounts {

class TwoFactorPages {
public:
    TwoFactorPages(TwoFactor& two_factor, Accounts& accounts, const SessionCookies& cookies,
                   const DeviceCookie& device, const render::View& view)
        : two_factor_(two_factor), accounts_(accounts), cookies_(cookies), device_(device), view_(view) {}

    // After the right password on /login: the code form (with a new
    // challenge) when the account needs a code; for an admin without a
    // second factor, a session and a redirect to enrolment; nullopt to sign
    // in as usual and go on to `landing` (a checked local path).
    std::optional<http::Response> after_password(http::Request& req, const User& user, const std::string& landing);

    http::Response answer_code(http::Request& req);  // POST /login/two-factor
    http::Response show(http::Request& req);         // GET /account/two-factor
    http::Response start(http::Request& req);        // POST /account/two-factor/start
    http::Response confirm(http::Request& req);      // POST /account/two-factor/confirm
    http::Response disable(http::Request& req);      // POST /account/two-factor/disable

    // The /account panel: data["two_factor"] = {enabled, invite (specialists and admins without it)}.
    void add_account_section(const http::Request& req, boost::json::object& data);

private:
    http::Response page(http::Request& req, int status, boost::json::object data);
    http::Response code_form(http::Request& req, int status, const std::string& challenge, const std::string& error,
                             int retry_after);
    // The status page's data (on or off, recovery codes left, notices).
    boost::json::object status_data(const http::Request& req);
    // The set-up step's data: QR code, secret, and (when new) recovery codes.
    boost::json::object enrolment_data(const Enrolment& enrolment);

    TwoFactor& two_factor_;
    Accounts& accounts_;
    const SessionCookies& cookies_;
    const DeviceCookie& device_;
    const render::View& view_;
};

}  // namespace hearth::accounts
