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

// The page a person asked to come back to after logging in, made safe; ""
// when they gave none (the log-in form then carries none either).
std::string asked_return_to(const http::Request& req) {
    const auto v =
        req.method() == boost::beast::http::verb::post ? req.form_value("return_to") : req.query_param("return_to");
    return v.empty() ? std::string() : http::safe_local_target(v, "/");
}

// Where logging in leads: the page asked for, else an admin's work starts
// on /admin, a specialist's on their next step (specialists::landing_after_sign_in) and everyone
// else's on /account.
std::string landing_after_log_in(const http::Request& req, Role role) {
    auto asked = asked_return_to(req);
    if (!asked.empty()) return asked;
    return role == Role::admin ? "/admin" : specialists::landing_after_sign_in(role, "");
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

// The view-model of a log-in or sign-up form: where it continues to, for
// the hidden field and (encoded) for the link to the other form. Not the
// page's own address: a form shown again after a refusal was a POST, whose
// address has no return_to, and the link must not lose the booking.
boost::json::object continuing_to(const std::string& return_to) {
    return {{"return_to", return_to}, {"return_to_encoded", http::url_encode(return_to)}};
}

render::PageMeta meta_of(std::string title) { return render::private_page(std::move(title), "account"); }

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

void AccountPages::add_handoff(const http::Request& req, const std::string& return_to,
                               boost::json::object& data) const {
    if (!describe_return_) return;
    if (auto line = describe_return_(req, return_to); !line.empty()) data["handoff"] = std::move(line);
}

http::Response AccountPages::signup_form(http::Request& req) {
    if (req.principal.signed_in()) return http::redirect(return_to_of(req), 302);
    const auto return_to = return_to_of(req);
    auto data = continuing_to(return_to);
    data["values"] = boost::json::object{{"role_member", req.query_param("role") != "specialist"},
                                         {"role_specialist", req.query_param("role") == "specialist"}};
    add_handoff(req, return_to, data);
    return page(req, 200, "accounts/signup", std::move(data), "Create your account");
}

http::Response AccountPages::signup(http::Request& req) {
    const auto return_to = return_to_of(req);
    // The e-mailed link continues where a new specialist starts when no page asked.
    const auto role = req.form_value("role") == "specialist" ? Role::specialist : Role::member;
    SignUp command{req.form_value("email"), req.form_value("password"), req.form_value("display_name"),
                   req.form_value("role"), specialists::landing_after_sign_in(role, return_to)};
    auto outcome = accounts_.sign_up(req.actor(), command);
    if (!outcome) {
        auto data = continuing_to(return_to);
        data["values"] = sign_up_values(req);
        add_handoff(req, return_to, data);
        return forms::show_again(view_, req, "accounts/signup", std::move(data), errors_of(outcome.refusal(), "email"),
                                 meta_of("Create your account"), again_for(outcome.refusal()));
    }
    // A new account and an address that already had one get the same page,
    // and nobody is signed in yet: the e-mailed link confirms the address
    // and continues to `return_to`, and an existing owner is told by e-mail
    // instead (OWASP Authentication Cheat Sheet, "Account creation").
    boost::json::object data{{"email", req.form_value("email")},
                             {"return_to_encoded", http::url_encode(return_to)}};
    add_handoff(req, return_to, data);
    return page(req, 200, "accounts/sign_up_sent", std::move(data), "Please check your e-mail");
}

http::Response AccountPages::login_form(http::Request& req) {
    if (req.principal.signed_in()) return http::redirect(landing_after_log_in(req, req.principal.role), 302);
    const auto return_to = asked_return_to(req);
    auto data = continuing_to(return_to);
    if (req.query_param("logged_out") == "1") data["notice"] = "You have been logged out. Take care.";
    if (req.query_param("reset") == "1") data["notice"] = "Your password has been changed. Please log in with it.";
    if (req.query_param("gated") == "1") data["notice"] = "Please log in or create a free account to continue.";
    if (req.query_param("expired") == "1") data["notice"] = "That sign-in took too long. Please log in again.";
    add_handoff(req, return_to, data);
    return page(req, 200, "accounts/login", std::move(data), "Log in");
}

http::Response AccountPages::login(http::Request& req) {
    LogIn command{req.form_value("email"), req.form_value("password")};
    auto outcome = accounts_.log_in(req.actor(), command);
    if (!outcome) {
        const auto& refusal = outcome.refusal();
        const auto return_to = asked_return_to(req);
        auto data = continuing_to(return_to);
        data["values"] = boost::json::object{{"email", req.form_value("email")}};
        // A mistyped password must not lose the line naming the booking.
        add_handoff(req, return_to, data);
        // Wrong credentials and waits concern the form as a whole, not one field.
        std::vector<FieldError> errors;
        if (refusal.code == AccountRefusalCode::invalid_fields) {
            errors = refusal.fields;
        } else if (refusal.code == AccountRefusalCode::account_suspended) {
            // Said kindly, with somewhere to turn: a suspension can be a mistake.
            const auto& contact = view_.site().contact_email;
            data["error"] = "This account has been suspended by the people who run Hearth, so you cannot log in "
                            "with it. If you think this is a mistake, or want to know more, please write to " +
                            (contact.empty() ? std::string("us through the contact page") : contact) +
                            ". If you need support right now, see where to get help now on our help page.";
        } else {
            data["error"] = refusal.message;
        }
        return forms::show_again(view_, req, "accounts/login", std::move(data), errors, meta_of("Log in"),
                                 again_for(refusal));
    }
    const auto landing = landing_after_log_in(req, outcome->role);
    if (after_password_) {
        if (auto step = after_password_(req, outcome.value(), landing)) return std::move(*step);
    }
    auto session = cookies_.start(accounts_, req, outcome->id, SessionKind::cookie);
    auto r = http::redirect(landing);
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
    for (const auto& section : sections_) section(req, data);
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
    const auto token = req.query_param("token");
    const auto link = accounts_.verify_link(token);
    const bool usable = link.has_value();
    // Links e-mailed before the path was kept with the token carry it as
    // return_to; both are checked as every redirect target is.
    auto return_to = return_to_of(req);
    if (req.query_param("return_to").empty() && link && !link->continue_to.empty())
        return_to = http::safe_local_target(link->continue_to, "/");
    boost::json::object data{{"token", token}, {"return_to", return_to}, {"ask", usable},
                             {"invalid_token", !usable}};
    // Named, so a person sent someone else's link (to be signed in to an
    // account another person can read) sees that the address is not theirs.
    if (link) data["email"] = link->email;
    return page(req, usable ? 200 : 410, "accounts/verify_email", std::move(data), "Confirm your e-mail address");
}

http::Response AccountPages::confirm_email(http::Request& req) {
    auto outcome = accounts_.verify_email(req.form_value("token"));
    if (!outcome) {
        boost::json::object data{{"invalid_token", true}};
        return page(req, 410, "accounts/verify_email", std::move(data), "Confirm your e-mail address");
    }
    const auto& who = req.principal;
    if (who.signed_in() && who.user_id != outcome->user_id) {
        // Someone else is signed in on this browser: confirm the address,
        // but never swap their session for the link's account.
        boost::json::object data{{"verified", true}};
        return page(req, 200, "accounts/verify_email", std::move(data), "Confirm your e-mail address");
    }
    auto r = http::redirect(return_to_of(req));
    if (!who.signed_in()) {
        auto session = cookies_.start(accounts_, req, outcome->user_id, SessionKind::cookie);
        cookies_.set(r, session.token);
    }
    return r;
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
