#pragma once
// /api/v1 for a person's changes to their own account (AccountChanges):
// sessions, password, e-mail address. JSON in and out; refusals become
// {"error":{"code","message","field"}} through as_error().
#include "features/accounts/account_changes.hpp"
#include "features/accounts/session_cookies.hpp"
#include "http/request.hpp"
#include "http/response.hpp"

namespace hearth::accounts {

class AccountChangesApi {
public:
    AccountChangesApi(AccountChanges& changes, const SessionCookies& cookies) : changes_(changes), cookies_(cookies) {}

    // 200 {"items":[{"id","device","kind","created_at","last_seen_at","current"}]}; 401.
    http::Response sessions(http::Request& req);  // GET /api/v1/me/sessions
    // 204 (the current session too: the cookie is cleared); 404 for an id
    // that is not one of the caller's sessions.
    http::Response end_session(http::Request& req);  // DELETE /api/v1/me/sessions/{id}
    // {"current_password","new_password"} -> 200 {"changed":true}; 422; 429.
    http::Response change_password(http::Request& req);  // PUT /api/v1/me/password
    // {"new_email","password"} -> 202 {"status":"accepted","message"}; 422; 429.
    http::Response request_email_change(http::Request& req);  // PUT /api/v1/me/email
    // {"token"} -> 200 {"changed":true}; 422 invalid_token; 403 other_account; 409 email_taken.
    http::Response confirm_email_change(http::Request& req);  // POST /api/v1/email/change/confirm
    // {"token"} -> 200 {"restored":true}; 422 invalid_token; 403 other_account; 409 email_taken.
    http::Response undo_email_change(http::Request& req);  // POST /api/v1/email/change/undo

private:
    AccountChanges& changes_;
    const SessionCookies& cookies_;
};

}  // namespace hearth::accounts
