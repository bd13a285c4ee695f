#pragma once
// /api/v1/me/totp: two-factor enrolment, confirmation and removal as JSON,
// and the code step of POST /api/v1/session.
#include <functional>
#include <string_view>

#include "core/error.hpp"
#include "features/accounts/account_store.hpp"
#include "features/accounts/two_factor.hpp"
#include "features/accounts/two_factor_cookie.hpp"
#include "http/request.hpp"
#include "http/response.hpp"

namespace hearth::accounts {

// otp_required 401, wrong_sign_in 401, wrong_code 422, wrong_password 422,
// rate_limited 429, already_enabled / nothing_pending / not_enabled 409,
// dead_challenge 410.
int status_of(const TwoFactorRefusal& refusal);
// The API error: codes "otp_required", "invalid_otp", "invalid_code",
// "invalid_password", "rate_limited" (with Retry-After), "already_enabled",
// "nothing_pending", "not_enabled", "challenge_expired".
Error as_error(const TwoFactorRefusal& refusal);

class TwoFactorApi {
public:
    TwoFactorApi(TwoFactor& two_factor, const DeviceCookie& device) : two_factor_(two_factor), device_(device) {}

    http::Response status(http::Request& req);   // GET /api/v1/me/totp: {"enabled","pending","recovery_codes_left"}
    http::Response begin(http::Request& req);    // POST /api/v1/me/totp: 201 {"secret","otpauth_uri","recovery_codes"}
    http::Response confirm(http::Request& req);  // POST /api/v1/me/totp/confirm {"code"}: {"enabled":true}
    http::Response disable(http::Request& req);  // DELETE /api/v1/me/totp {"password","code"}: {"enabled":false}

    // The code step of POST /api/v1/session after the right password:
    // returns when the account may sign in (no second factor, a remembered
    // browser, or `otp` right); throws 401 otp_required / invalid_otp, 429.
    // With a right code and "remember_device": true, the returned function
    // sets the remembered-browser cookie on the answer; else it is empty.
    std::function<void(http::Response&)> sign_in_step(http::Request& req, const User& user, std::string_view otp);

private:
    TwoFactor& two_factor_;
    const DeviceCookie& device_;
};

}  // namespace hearth::accounts
