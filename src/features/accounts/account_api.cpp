#include "features/accounts/account_api.hpp"

#include "core/error.hpp"
#include "core/time_format.hpp"
#include "features/common/policy.hpp"
#include "http/input.hpp"

namespace hearth::accounts {

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
    auto user = accounts_.sign_up(input, req);
    return http::json(201, boost::json::object{{"user", user_json(user)}});
}

http::Response AccountApi::log_in(http::Request& req) {
    http::Input input(req);
    auto email = input.text("email");
    auto password = input.raw("password");
    if (email.empty()) input.fail("email", "E-mail address is required.");
    if (password.empty()) input.fail("password", "Password is required.");
    input.check();
    auto user = accounts_.log_in(email, password, req);
    auto session = accounts_.start_session(user, "bearer", req);
    auto r = http::json(200, boost::json::object{{"token", session.token},
                                                 {"csrf_token", session.csrf_token},
                                                 {"user", user_json(user)}});
    accounts_.set_session_cookie(r, session.token);
    return r;
}

http::Response AccountApi::log_out(http::Request& req) {
    if (!req.principal.signed_in()) throw Error::unauthorized();
    accounts_.end_session(req);
    http::Response r{boost::beast::http::status::no_content, 11};
    accounts_.clear_session_cookie(r);
    return r;
}

http::Response AccountApi::me(http::Request& req) {
    policy::require(req.principal, policy::Action::view_own_account);
    auto user = accounts_.user(req.principal.user_id);
    if (!user) throw Error::unauthorized();
    return http::json(200, boost::json::object{{"user", user_json(*user)}, {"csrf_token", req.csrf_token}});
}

http::Response AccountApi::verify_email(http::Request& req) {
    http::Input input(req);
    auto token = input.text("token");
    input.check();
    if (!accounts_.verify_email(token)) {
        throw Error::invalid("token", "This link has expired or was already used.", "invalid_token");
    }
    return http::json(200, boost::json::object{{"verified", true}});
}

http::Response AccountApi::forgot_password(http::Request& req) {
    http::Input input(req);
    auto email = input.required_text("email", "E-mail address", 254);
    input.check();
    accounts_.request_password_reset(email, req);
    return http::json(202, boost::json::object{
                               {"message", "If an account exists for that address, we have sent a link to it."}});
}

http::Response AccountApi::reset_password(http::Request& req) {
    http::Input input(req);
    auto token = input.text("token");
    auto password = input.raw("password");
    input.check();
    accounts_.reset_password(token, password);
    return http::json(200, boost::json::object{{"reset", true}});
}

}  // namespace hearth::accounts
