#include "features/accounts/account_pages.hpp"

#include <fmt/chrono.h>
#include <fmt/format.h>

#include "core/error.hpp"
#include "features/common/form_view.hpp"
#include "features/common/policy.hpp"
#include "http/form.hpp"
#include "http/input.hpp"

namespace hearth::accounts {

namespace {

std::string return_to_of(const http::Request& req) {
    auto v = req.method() == boost::beast::http::verb::post ? req.form_value("return_to") : req.query_param("return_to");
    return http::safe_local_path(v.empty() ? "/account" : v);
}

std::string role_label(Role r) {
    switch (r) {
        case Role::specialist: return "Specialist";
        case Role::admin: return "Administrator";
        default: return "Member";
    }
}

}  // namespace

http::Response AccountPages::page(http::Request& req, int status, std::string_view name, boost::json::object data,
                                  std::string title) {
    render::PageMeta meta;
    meta.title = std::move(title);
    meta.noindex = true;
    meta.nav_section = "account";
    return http::html(status, view_.page(req, name, std::move(data), meta));
}

http::Response AccountPages::signup_form(http::Request& req) {
    if (req.principal.signed_in()) return http::redirect(return_to_of(req), 302);
    boost::json::object data{{"return_to", return_to_of(req)},
                             {"values", boost::json::object{{"role_member", req.query_param("role") != "specialist"},
                                                            {"role_specialist", req.query_param("role") == "specialist"}}}};
    return page(req, 200, "accounts/signup", std::move(data), "Create your account");
}

http::Response AccountPages::signup(http::Request& req) {
    http::Input input(req);
    try {
        auto user = accounts_.sign_up(input, req);
        auto session = accounts_.start_session(user, "cookie", req);
        auto r = http::redirect(return_to_of(req));
        accounts_.set_session_cookie(r, session.token);
        return r;
    } catch (const Error& e) {
        if (e.status() != 422 && e.status() != 409 && e.status() != 429) throw;
        boost::json::object data{
            {"return_to", return_to_of(req)},
            {"values", boost::json::object{{"display_name", req.form_value("display_name")},
                                           {"email", req.form_value("email")},
                                           {"role_member", req.form_value("role") != "specialist"},
                                           {"role_specialist", req.form_value("role") == "specialist"}}}};
        auto errors = e.fields();
        if (errors.empty()) errors.push_back(FieldError{e.field().value_or("email"), e.message()});
        forms::add_errors(data, errors);
        auto r = page(req, e.status(), "accounts/signup", std::move(data), "Create your account");
        if (e.status() == 429) r.set(boost::beast::http::field::retry_after, std::to_string(e.retry_after()));
        return r;
    }
}

http::Response AccountPages::login_form(http::Request& req) {
    if (req.principal.signed_in()) return http::redirect(return_to_of(req), 302);
    boost::json::object data{{"return_to", return_to_of(req)}};
    if (req.query_param("logged_out") == "1") data["notice"] = "You have been logged out. Take care.";
    if (req.query_param("reset") == "1") data["notice"] = "Your password has been changed. Please log in with it.";
    if (req.query_param("gated") == "1") data["notice"] = "Please log in or create a free account to continue.";
    return page(req, 200, "accounts/login", std::move(data), "Log in");
}

http::Response AccountPages::login(http::Request& req) {
    const auto email = req.form_value("email");
    try {
        auto user = accounts_.log_in(email, req.form_value("password"), req);
        auto session = accounts_.start_session(user, "cookie", req);
        auto r = http::redirect(return_to_of(req));
        accounts_.set_session_cookie(r, session.token);
        return r;
    } catch (const Error& e) {
        if (e.status() != 401 && e.status() != 429) throw;
        boost::json::object data{{"return_to", return_to_of(req)},
                                 {"values", boost::json::object{{"email", email}}},
                                 {"error", e.message()}};
        auto r = page(req, e.status(), "accounts/login", std::move(data), "Log in");
        if (e.status() == 429) r.set(boost::beast::http::field::retry_after, std::to_string(e.retry_after()));
        return r;
    }
}

http::Response AccountPages::logout(http::Request& req) {
    accounts_.end_session(req);
    auto r = http::redirect("/login?logged_out=1");
    accounts_.clear_session_cookie(r);
    return r;
}

http::Response AccountPages::account(http::Request& req) {
    policy::require(req.principal, policy::Action::view_own_account);
    auto user = accounts_.user(req.principal.user_id);
    if (!user) throw Error::unauthorized();
    boost::json::object data{
        {"account", boost::json::object{{"display_name", user->display_name},
                                        {"email", user->email},
                                        {"role_label", role_label(user->role)},
                                        {"email_verified", user->email_verified},
                                        {"created_on", fmt::format("{:%d %B %Y}", fmt::gmtime(static_cast<std::time_t>(
                                                                                      user->created_at)))}}}};
    if (req.query_param("sent") == "1") data["notice"] = "We have sent you a new verification e-mail.";
    return page(req, 200, "accounts/account", std::move(data), "Your account");
}

http::Response AccountPages::resend_verification(http::Request& req) {
    policy::require(req.principal, policy::Action::view_own_account);
    accounts_.resend_verification(req.principal);
    return http::redirect("/account?sent=1");
}

http::Response AccountPages::revoke_sessions(http::Request& req) {
    policy::require(req.principal, policy::Action::manage_own_sessions);
    accounts_.end_all_sessions(req.principal.user_id);
    auto r = http::redirect("/login?logged_out=1");
    accounts_.clear_session_cookie(r);
    return r;
}

http::Response AccountPages::verify_email(http::Request& req) {
    const bool ok = accounts_.verify_email(req.query_param("token"));
    boost::json::object data{{"verified", ok}, {"invalid_token", !ok}};
    return page(req, ok ? 200 : 410, "accounts/verify_email", std::move(data), "Confirm your e-mail address");
}

http::Response AccountPages::forgot_form(http::Request& req) {
    return page(req, 200, "accounts/forgot_password", {}, "Forgot your password?");
}

http::Response AccountPages::forgot(http::Request& req) {
    const auto email = req.form_value("email");
    boost::json::object data{{"values", boost::json::object{{"email", email}}}};
    if (email.empty()) {
        forms::add_errors(data, {FieldError{"email", "Please enter the e-mail address of your account."}});
        return page(req, 422, "accounts/forgot_password", std::move(data), "Forgot your password?");
    }
    try {
        accounts_.request_password_reset(email, req);
    } catch (const Error& e) {
        if (e.status() != 429) throw;
        forms::add_errors(data, {FieldError{"email", e.message()}});
        return page(req, 429, "accounts/forgot_password", std::move(data), "Forgot your password?");
    }
    data["sent"] = true;
    return page(req, 200, "accounts/forgot_password", std::move(data), "Forgot your password?");
}

http::Response AccountPages::reset_form(http::Request& req) {
    const auto token = req.query_param("token");
    const bool usable = accounts_.reset_token_usable(token);
    boost::json::object data{{"token", token}, {"invalid_token", !usable}};
    return page(req, usable ? 200 : 410, "accounts/reset_password", std::move(data), "Choose a new password");
}

http::Response AccountPages::reset(http::Request& req) {
    const auto token = req.form_value("token");
    try {
        accounts_.reset_password(token, req.form_value("password"));
        auto r = http::redirect("/login?reset=1");
        accounts_.clear_session_cookie(r);
        return r;
    } catch (const Error& e) {
        if (e.status() != 422) throw;
        boost::json::object data{{"token", token}, {"invalid_token", e.code() == "invalid_token"}};
        forms::add_errors(data, e.fields());
        return page(req, 422, "accounts/reset_password", std::move(data), "Choose a new password");
    }
}

}  // namespace hearth::accounts
