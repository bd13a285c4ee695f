#pragma once
// The pages of a person's changes to their own account: the "Sign-in and
// devices" section of /account (their sessions, each with "Log out"),
// /account/password, /account/email, and the two e-mailed links of an
// address change (/account/email/confirm and /account/email/undo), which
// ask before acting so that a mail scanner opening them changes nothing.
#include <boost/json/object.hpp>

#include "features/accounts/account_changes.hpp"
#include "features/accounts/session_cookies.hpp"
#include "http/request.hpp"
#include "http/response.hpp"
#include "render/view.hpp"

namespace hearth::accounts {

class AccountChangesPages {
public:
    AccountChangesPages(AccountChanges& changes, const SessionCookies& cookies, const render::View& view)
        : changes_(changes), cookies_(cookies), view_(view) {}

    // Adds "sign_in_panel" (templates/accounts/sessions_section) to the
    // account page's data: the sessions and a notice after a change.
    void add_account_section(const http::Request& req, boost::json::object& data);

    http::Response end_session(http::Request& req);      // POST /account/sessions/{id}/end
    http::Response password_form(http::Request& req);    // GET /account/password
    http::Response change_password(http::Request& req);  // POST /account/password
    http::Response email_form(http::Request& req);       // GET /account/email
    http::Response request_email(http::Request& req);    // POST /account/email
    http::Response confirm_form(http::Request& req);     // GET /account/email/confirm?token=
    http::Response confirm(http::Request& req);          // POST /account/email/confirm
    http::Response undo_form(http::Request& req);        // GET /account/email/undo?token=
    http::Response undo(http::Request& req);             // POST /account/email/undo

private:
    http::Response page(http::Request& req, int status, std::string_view name, boost::json::object data,
                        std::string title);
    // The answer to a refused link (confirm or undo): its page, in the state
    // the refusal names, with its status.
    http::Response link_refused(http::Request& req, const AccountRefusal& refusal, std::string title);

    AccountChanges& changes_;
    const SessionCookies& cookies_;
    const render::View& view_;
};

}  // namespace hearth::accounts
