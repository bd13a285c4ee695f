#pragma once
// The pages of account deletion: /account/delete (what will happen, and
// the form behind the password), the confirmation, and the section of the
// account page. Thin: the service decides and checks everything.
#include <boost/json/object.hpp>

#include "features/accounts/session_cookies.hpp"
#include "features/privacy/account_deletion.hpp"
#include "http/response.hpp"
#include "render/view.hpp"

namespace hearth::privacy {

class AccountDeletionPages {
public:
    AccountDeletionPages(AccountDeletion& deletion, const accounts::SessionCookies& cookies, const render::View& view)
        : deletion_(deletion), cookies_(cookies), view_(view) {}

    http::Response form(http::Request& req);     // GET /account/delete
    http::Response request(http::Request& req);  // POST /account/delete: logs out, shows the day
    // The /account page's "Delete your account" section (an AccountSection):
    // data["deletion_section"], with the notice when a log-in just cancelled one.
    void add_account_section(const http::Request& req, boost::json::object& data);

private:
    AccountDeletion& deletion_;
    const accounts::SessionCookies& cookies_;
    const render::View& view_;
};

// "7 days", "2 hours", "2 seconds": a grace period in words.
std::string grace_text(std::chrono::seconds grace);

}  // namespace hearth::privacy
