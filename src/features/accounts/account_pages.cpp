#include "features/accounts/account_pages.hpp"

#include <fmt/chrono.h>
#include <fmt/format.h>

#include "core/error.hpp"
#include "features/accounts/account_refusals.hpp"
#include "features/common/form_view.hpp"
#include "http/form.hpp"
#include "features/specialists/landing.hpp"
#include "http/redirect.hpp"

namespace hearth::accounts {

namespace {

// Where to go after logging in or signing up: the page the person came
// from when it is on this site, "/account" when none was given.
std::string return_to_of(const http::Request& req) {
    const auto v =
        req.method() == boost::beast::http::verb::post ? req.form_value("return_to") : req.query_param("return_to");
    return v.empty() ? std::string("/account") : http::safe_local_target(v, "/");
}

std::string role_label(Role r) {
    switch (r) {
        case Role::specialist:
            return "Specialist";
        case Role::admin:
            return "Administrator";
        default:
            return "Member";
    }
}

render::PageMeta meta_of(std::string title) {
    render::PageMeta meta;
    meta.title = std::move(title);
    meta.noindex = true;
    meta.nav_section = "account";
    return meta;
}

// What the sign-up form shows again: what was typed, never the password.
boost::json::object sign_up_values(const http::Request& req) {
    return {{"display_name", req.form_value("display_name")},
            {"email", req.form_value("email")},
            {"role_member", req.form_value("role") != "specialist"},
            {"role_specialist", req.form_value("role") == "specialist"}};
}

forms::Again again_for(const AccountRefusal& refusal) {
    return forms::Again{status_of(refusal), refusal.retry_after_seconds};
}

// Field errors of a refusal; one that names no field is shown on `field`.
std::vector<FieldError> errors_of(const AccountRefusal& refusal, std::string field) {
    if (!refusal.fields.empty()) return refusal.fields;
    return {FieldError{std::move(field), refusal.message}};
}

}  // namespace

http::Response AccountPages::page(http::Request& req, int status, std::string_view name, boost::json::object data,
                                  std::string title) {
    return http::html(status, view_.page(req, name, std::move(data), meta_of(std::move(title))));
}

http::Response AccountPages::signup_form(http::Request& req) {
    if (req.principal.signed_in()) return http::redirect(return_to_of(req), 302);
    boost::json::object data{
        {"return_to", return_to_of(req)},
        {"values", boost::json::object{{"role_member", req.query_param("role") != "specialist"},
                                       {"role_specialist", req.query_param("role") == "specialist"}}}};
    return page(req, 200, "accounts/signup", std::move(data), "Create your account");
}

http::Response AccountPages::signup(http::Request& req) {
    SignUp command{req.form_value("email"), req.form_value("password"), req.form_value("display_name"),
                   req.form_value("role")};
    auto outcome = accounts_.sign_up(req.actor(), command);
    if (!outcome) {
        boost::json::object data{{"return_to", return_to_of(req)}, {"values", sign_up_values(req)}};
        return forms::show_again(view_, req, "accounts/signup", std::move(data), errors_of(outcome.refusal(), "email"),
                                 meta_of("Create your account"), again_for(outcome.refusal()));
    }
    if (!outcome->created) {
        // The address has an account; its owner has been e-mailed. Nothing
        // here says so: the page reads as for any sign-up awaiting e-mail.
        boost::json::object data{{"email", req.form_value("email")},
                                 {"return_to_encoded", http::url_encode(return_to_of(req))}};
        return page(req, 200, "accounts/sign_up_sent", std::move(data), "Please check your e-mail");
    }
    auto session = cookies_.start(accounts_, req, outcome->created->id, SessionKind::cookie);
    auto r = http::redirect(specialists::landing_after_sign_in(outcome->created->role, return_to_of(req)));
    cookies_.set(r, session.token);
    return r;
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
    LogIn command{req.form_value("email"), req.form_value("password")};
    auto outcome = accounts_.log_in(req.actor(), command);
    if (!outcome) {
        const auto& refusal = outcome.refusal();
        boost::json::object data{{"return_to", return_to_of(req)},
                                 {"values", boost::json::object{{"email", req.form_value("email")}}}};
        // Wrong credentials and waits concern the form as a whole, not one field.
        std::vector<FieldError> errors;
        if (refusal.code == AccountRefusalCode::invalid_fields) {
            errors = refusal.fields;
        } else {
            data["error"] = refusal.message;
        }
        return forms::show_again(view_, req, "accounts/login", std::move(data), errors, meta_of("Log in"),
                                 again_for(refusal));
    }
    auto session = cookies_.start(accounts_, req, outcome->id, SessionKind::cookie);
    auto r = http::redirect(specialists::landing_after_sign_in(outcome->role, return_to_of(req)));
    cookies_.set(r, session.token);
    return r;
}

http::Response AccountPages::logout(http::Request& req) {
    accounts_.end_session(req.actor());  // a visitor has none to end
    auto r = http::redirect("/login?logged_out=1");
    cookies_.clear(r);
    return r;
}

http::Response AccountPages::account(http::Request& req) {
    auto user = accounts_.account(req.actor());
    boost::json::object data{
        {"account",
         boost::json::object{
             {"display_name", user.display_name},
             {"email", user.email},
             {"role_label", role_label(user.role)},
             {"email_verified", user.email_verified},
             {"created_on", fmt::format("{:%d %B %Y}", fmt::gmtime(static_cast<std::time_t>(user.created_at)))}}}};
    if (req.query_param("sent") == "1") data["notice"] = "We have sent you a new verification e-mail.";
    return page(req, 200, "accounts/account", std::move(data), "Your account");
}

http::Response AccountPages::resend_verification(http::Request& req) {
    auto outcome = accounts_.resend_verification(req.actor());
    if (!outcome) throw as_error(outcome.refusal());
    return http::redirect("/account?sent=1");
}

http::Response AccountPages::revoke_sessions(http::Request& req) {
    accounts_.end_all_sessions(req.actor());
    auto r = http::redirect("/login?logged_out=1");
    cookies_.clear(r);
    return r;
}

http::Response AccountPages::verify_email(http::Request& req) {
    const bool ok = accounts_.verify_email(req.query_param("token")).ok();
    boost::json::object data{{"verified", ok}, {"invalid_token", !ok}};
    return page(req, ok ? 200 : 410, "accounts/verify_email", std::move(data), "Confirm your e-mail address");
}

http::Response AccountPages::forgot_form(http::Request& req) {
    return page(req, 200, "accounts/forgot_password", {}, "Forgot your password?");
}

http::Response AccountPages::forgot(http::Request& req) {
    const auto email = req.form_value("email");
    boost::json::object data{{"values", boost::json::object{{"email", email}}}};
    auto outcome = accounts_.request_password_reset(req.actor(), PasswordResetRequest{email});
    if (!outcome) {
        return forms::show_again(view_, req, "accounts/forgot_password", std::move(data),
                                 errors_of(outcome.refusal(), "email"), meta_of("Forgot your password?"),
                                 again_for(outcome.refusal()));
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
    auto outcome = accounts_.reset_password(req.actor(), PasswordReset{token, req.form_value("password")});
    if (!outcome) {
        const auto& refusal = outcome.refusal();
        boost::json::object data{{"token", token}, {"invalid_token", refusal.code == AccountRefusalCode::dead_token}};
        return forms::show_again(view_, req, "accounts/reset_password", std::move(data), errors_of(refusal, "password"),
                                 meta_of("Choose a new password"), again_for(refusal));
    }
    auto r = http::redirect("/login?reset=1");
    cookies_.clear(r);
    return r;
}

}  // namespace hearth::accounts
