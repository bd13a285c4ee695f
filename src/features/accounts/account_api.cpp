#include "features/accounts/account_api.hpp"

#include "core/error.hpp"
#include "core/time_format.hpp"
#include "features/accounts/account_refusals.hpp"
#include "http/input.hpp"

namespace hearth::accounts {

namespace {

// The one answer to every accepted sign-up, new address or taken.
constexpr const char* sign_up_accepted = "Thank you. We have sent a message to that address with what to do next.";

template <class T>
T accepted_or_throw(AccountOutcome<T> outcome) {
    if (!outcome) throw as_error(outcome.refusal());
    return std::move(outcome).value();
}

}  // namespace

boost::json::object user_json(const User& u) {
    return {{"id", u.id},
            {"email", u.email},
            {"display_name", u.display_name},
            {"role", role_name(u.role)},
            {"email_verified", u.email_verified},
            {"created_at", rfc3339(u.created_at)}};
}

http::Response AccountApi::sign_up(http::Request& req) {
    http::Input input(req);
    SignUp command{input.raw("email"), input.raw("password"), input.raw("display_name"), input.text("role"), ""};
    input.check();  // values that are not text
    accepted_or_throw(accounts_.sign_up(req.actor(), command));
    return http::json(202, boost::json::object{{"status", "accepted"}, {"message", sign_up_accepted}});
}

http::Response AccountApi::log_in(http::Request& req) {
    http::Input input(req);
    LogIn command{input.raw("email"), input.raw("password")};
    const auto otp = input.text("otp");
    input.check();
    auto user = accepted_or_throw(accounts_.log_in(req.actor(), command));
    std::function<void(http::Response&)> finish;
    if (after_password_) finish = after_password_(req, user, otp);
    auto session = cookies_.start(accounts_, req, user.id, SessionKind::bearer);
    auto r = http::json(
        200,
        boost::json::object{{"token", session.token}, {"csrf_token", session.csrf_token}, {"user", user_json(user)}});
    cookies_.set(r, session.token);
    if (finish) finish(r);
    return r;
}

http::Response AccountApi::log_out(http::Request& req) {
    if (!accounts_.end_session(req.actor())) throw Error::unauthorized();
    http::Response r{boost::beast::http::status::no_content, 11};
    cookies_.clear(r);
    return r;
}

http::Response AccountApi::me(http::Request& req) {
    auto user = accounts_.account(req.actor());
    return http::json(200, boost::json::object{{"user", user_json(user)}, {"csrf_token", req.csrf_token}});
}

http::Response AccountApi::verify_email(http::Request& req) {
    http::Input input(req);
    auto token = input.text("token");
    input.check();
    accepted_or_throw(accounts_.verify_email(token));
    return http::json(200, boost::json::object{{"verified", true}});
}

http::Response AccountApi::forgot_password(http::Request& req) {
    http::Input input(req);
    PasswordResetRequest command{input.raw("email")};
    input.check();
    accepted_or_throw(accounts_.request_password_reset(req.actor(), command));
    return http::json(
        202, boost::json::object{{"message", "If an account exists for that address, we have sent a link to it."}});
}

http::Response AccountApi::reset_password(http::Request& req) {
    http::Input input(req);
    PasswordReset command{input.text("token"), input.raw("password")};
    input.check();
    accepted_or_throw(accounts_.reset_password(req.actor(), command));
    return http::json(200, boost::json::object{{"reset", true}});
}

}  // namespace hearth::accounts
