#include "features/accounts/two_factor_api.hpp"

#include <boost/json/array.hpp>
#include <boost/json/object.hpp>

#include "http/input.hpp"

namespace hearth::accounts {

int status_of(const TwoFactorRefusal& refusal) {
    switch (refusal.code) {
        case TwoFactorRefusalCode::otp_required:
        case TwoFactorRefusalCode::wrong_sign_in:
            return 401;
        case TwoFactorRefusalCode::wrong_code:
        case TwoFactorRefusalCode::wrong_password:
            return 422;
        case TwoFactorRefusalCode::rate_limited:
            return 429;
        case TwoFactorRefusalCode::already_enabled:
        case TwoFactorRefusalCode::nothing_pending:
        case TwoFactorRefusalCode::not_enabled:
            return 409;
        case TwoFactorRefusalCode::dead_challenge:
            return 410;
    }
    return 400;
}

Error as_error(const TwoFactorRefusal& refusal) {
    const auto field = refusal.field.empty() ? std::nullopt : std::optional<std::string>(refusal.field);
    switch (refusal.code) {
        case TwoFactorRefusalCode::otp_required:
            return Error(401, "otp_required", refusal.message, field);
        case TwoFactorRefusalCode::wrong_sign_in:
            return Error(401, "invalid_otp", refusal.message, field);
        case TwoFactorRefusalCode::wrong_code:
            return Error(422, "invalid_code", refusal.message, field);
        case TwoFactorRefusalCode::wrong_password:
            return Error(422, "invalid_password", refusal.message, field);
        case TwoFactorRefusalCode::rate_limited:
            return Error::rate_limited(refusal.retry_after_seconds);
        case TwoFactorRefusalCode::already_enabled:
            return Error::conflict("already_enabled", refusal.message);
        case TwoFactorRefusalCode::nothing_pending:
            return Error::conflict("nothing_pending", refusal.message);
        case TwoFactorRefusalCode::not_enabled:
            return Error::conflict("not_enabled", refusal.message);
        case TwoFactorRefusalCode::dead_challenge:
            return Error(410, "challenge_expired", refusal.message);
    }
    return Error::bad_request(refusal.message);
}

namespace {

template <class T>
T accepted_or_throw(TwoFactorOutcome<T> outcome) {
    if (!outcome) throw as_error(outcome.refusal());
    return std::move(outcome).value();
}

}  // namespace

http::Response TwoFactorApi::status(http::Request& req) {
    const auto s = two_factor_.status(req.actor());
    return http::json(200, boost::json::object{{"enabled", s.enabled},
                                               {"pending", s.pending},
                                               {"recovery_codes_left", s.recovery_codes_left}});
}

http::Response TwoFactorApi::begin(http::Request& req) {
    auto enrolment = accepted_or_throw(two_factor_.begin(req.actor()));
    boost::json::array codes;
    for (const auto& c : enrolment.recovery_codes) codes.emplace_back(c);
    return http::json(201, boost::json::object{{"secret", enrolment.secret},
                                               {"otpauth_uri", enrolment.otpauth_uri},
                                               {"recovery_codes", std::move(codes)}});
}

http::Response TwoFactorApi::confirm(http::Request& req) {
    http::Input input(req);
    const auto code = input.text("code");
    input.check();
    accepted_or_throw(two_factor_.confirm(req.actor(), code));
    return http::json(200, boost::json::object{{"enabled", true}});
}

http::Response TwoFactorApi::disable(http::Request& req) {
    http::Input input(req);
    const auto password = input.raw("password");
    const auto code = input.text("code");
    input.check();
    accepted_or_throw(two_factor_.disable(req.actor(), password, code));
    auto r = http::json(200, boost::json::object{{"enabled", false}});
    device_.clear(r);
    return r;
}

std::function<void(http::Response&)> TwoFactorApi::sign_in_step(http::Request& req, const User& user,
                                                                std::string_view otp) {
    // An admin without a second factor signs in; the admin area refuses
    // them until they enrol (TwoFactor::require_for_admin).
    if (two_factor_.after_password(user.id, user.role, device_.from(req)) != SignInStep::needs_code) return {};
    http::Input input(req);
    const bool remember = input.flag("remember_device");
    input.check();
    accepted_or_throw(two_factor_.check_code(req.actor(), user.id, otp));
    if (!remember) return {};
    return [this, token = two_factor_.remember_device(user.id)](http::Response& r) { device_.set(r, token); };
}

}  // namespace hearth::accounts
