#include "features/accounts/two_factor_pages.hpp"

#include <boost/json/array.hpp>

#include "features/accounts/two_factor_api.hpp"
#include "features/accounts/two_factor_codes.hpp"
#include "features/accounts/two_factor_qr.hpp"
#include "features/common/form_view.hpp"
#include "http/redirect.hpp"

namespace hearth::accounts {

namespace {

constexpr const char* page_template = "accounts/two_factor";
constexpr const char* code_template = "accounts/two_factor_login";

render::PageMeta meta_of(std::string title) { return render::private_page(std::move(title), "account"); }

}  // namespace

http::Response TwoFactorPages::page(http::Request& req, int status, boost::json::object data) {
    return http::html(status, view_.page(req, page_template, std::move(data), meta_of("Two-factor sign-in")));
}

// --- signing in ---

std::optional<http::Response> TwoFactorPages::after_password(http::Request& req, const User& user,
                                                             const std::string& landing) {
    switch (two_factor_.after_password(user.id, user.role, device_.from(req))) {
        case SignInStep::done:
            return std::nullopt;
        case SignInStep::enrol: {
            auto session = cookies_.start(accounts_, req, user.id, SessionKind::cookie);
            auto r = http::redirect("/account/two-factor?required=1");
            cookies_.set(r, session.token);
            return r;
        }
        case SignInStep::needs_code:
            break;
    }
    return code_form(req, 200, two_factor_.start_challenge(user.id, landing), "", 0);
}

http::Response TwoFactorPages::code_form(http::Request& req, int status, const std::string& challenge,
                                         const std::string& error, int retry_after) {
    boost::json::object data{{"challenge", challenge}};
    std::vector<FieldError> errors;
    if (!error.empty()) errors.push_back(FieldError{"code", error});
    return forms::show_again(view_, req, code_template, std::move(data), errors, meta_of("Enter your code"),
                             forms::Again{status, retry_after});
}

http::Response TwoFactorPages::answer_code(http::Request& req) {
    const auto challenge = req.form_value("challenge");
    auto outcome = two_factor_.answer_challenge(req.actor(), challenge, req.form_value("code"));
    if (!outcome) {
        const auto& refusal = outcome.refusal();
        if (refusal.code == TwoFactorRefusalCode::dead_challenge) return http::redirect("/login?expired=1");
        return code_form(req, refusal.code == TwoFactorRefusalCode::rate_limited ? 429 : 422, challenge,
                         refusal.message, refusal.retry_after_seconds);
    }
    auto session = cookies_.start(accounts_, req, outcome->user_id, SessionKind::cookie);
    auto r = http::redirect(http::safe_local_target(outcome->return_to, "/account"));
    cookies_.set(r, session.token);
    if (req.form_value("remember") == "1") device_.set(r, two_factor_.remember_device(outcome->user_id));
    return r;
}

// --- the account's own page ---

boost::json::object TwoFactorPages::status_data(const http::Request& req) {
    const auto status = two_factor_.status(req.actor());
    boost::json::object data{{"enabled", status.enabled},
                             {"recovery_codes_left", status.recovery_codes_left},
                             {"few_codes_left", status.enabled && status.recovery_codes_left <= 3}};
    if (req.query_param("required") == "1" && !status.enabled) {
        data["required"] = true;
    }
    if (req.query_param("enabled") == "1" && status.enabled) {
        data["notice"] = "Two-factor sign-in is on. From now on, logging in asks for a code from your app.";
    }
    if (req.query_param("disabled") == "1" && !status.enabled) {
        data["notice"] = "Two-factor sign-in is off. Logging in now needs only your password.";
    }
    return data;
}

boost::json::object TwoFactorPages::enrolment_data(const Enrolment& enrolment) {
    boost::json::array codes;
    for (const auto& c : enrolment.recovery_codes) codes.emplace_back(c);
    return {{"qr_svg", totp::qr_svg(enrolment.otpauth_uri, "QR code to scan with your authenticator app")},
            {"secret", enrolment.secret},
            {"secret_grouped", totp::grouped(enrolment.secret)},
            {"recovery_codes", std::move(codes)},
            {"has_recovery_codes", !enrolment.recovery_codes.empty()}};
}

http::Response TwoFactorPages::show(http::Request& req) {
    auto data = status_data(req);
    return page(req, 200, std::move(data));
}

http::Response TwoFactorPages::start(http::Request& req) {
    auto outcome = two_factor_.begin(req.actor());
    if (!outcome) return http::redirect("/account/two-factor");  // already on: the page says so
    auto data = status_data(req);
    data["enrolment"] = enrolment_data(outcome.value());
    return page(req, 200, std::move(data));
}

http::Response TwoFactorPages::confirm(http::Request& req) {
    auto outcome = two_factor_.confirm(req.actor(), req.form_value("code"));
    if (outcome) return http::redirect("/account/two-factor?enabled=1");
    const auto& refusal = outcome.refusal();
    if (refusal.code == TwoFactorRefusalCode::already_enabled ||
        refusal.code == TwoFactorRefusalCode::nothing_pending) {
        return http::redirect("/account/two-factor");
    }
    auto data = status_data(req);
    if (auto pending = two_factor_.pending(req.actor())) {
        data["enrolment"] = enrolment_data(*pending);
    }
    return forms::show_again(view_, req, page_template, std::move(data), {FieldError{"code", refusal.message}},
                             meta_of("Two-factor sign-in"), forms::Again{status_of(refusal), refusal.retry_after_seconds});
}

http::Response TwoFactorPages::disable(http::Request& req) {
    auto outcome = two_factor_.disable(req.actor(), req.form_value("password"), req.form_value("code"));
    if (outcome) {
        auto r = http::redirect("/account/two-factor?disabled=1");
        device_.clear(r);
        return r;
    }
    const auto& refusal = outcome.refusal();
    if (refusal.code == TwoFactorRefusalCode::not_enabled) return http::redirect("/account/two-factor");
    auto data = status_data(req);
    const auto field = refusal.field.empty() ? std::string("code") : refusal.field;
    return forms::show_again(view_, req, page_template, std::move(data), {FieldError{field, refusal.message}},
                             meta_of("Two-factor sign-in"), forms::Again{status_of(refusal), refusal.retry_after_seconds});
}

void TwoFactorPages::add_account_section(const http::Request& req, boost::json::object& data) {
    const auto status = two_factor_.status(req.actor());
    const auto role = req.principal.role;
    data["two_factor"] = boost::json::object{
        {"enabled", status.enabled},
        {"invite", !status.enabled && (role == Role::specialist || role == Role::admin)},
        {"required", !status.enabled && role == Role::admin},
        {"recovery_codes_left", status.recovery_codes_left}};
}

}  // namespace hearth::accounts
