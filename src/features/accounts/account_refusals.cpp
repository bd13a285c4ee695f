#include "features/accounts/account_refusals.hpp"

#include "core/clock.hpp"

namespace hearth::accounts {

int status_of(const AccountRefusal& refusal) {
    switch (refusal.code) {
        case AccountRefusalCode::invalid_fields:
            return 422;
        case AccountRefusalCode::wrong_credentials:
            return 401;
        case AccountRefusalCode::rate_limited:
            return 429;
        case AccountRefusalCode::dead_token:
            return 422;
        case AccountRefusalCode::account_suspended:
            return 403;
        case AccountRefusalCode::address_taken:
            return 409;
        case AccountRefusalCode::other_account:
            return 403;
        case AccountRefusalCode::unknown_session:
            return 404;
    }
    return 422;
}

Error as_error(const AccountRefusal& refusal) {
    switch (refusal.code) {
        case AccountRefusalCode::invalid_fields:
            return Error::invalid_fields(refusal.fields);
        case AccountRefusalCode::wrong_credentials:
            return Error(401, "invalid_credentials", refusal.message);
        case AccountRefusalCode::rate_limited:
            return Error::rate_limited(refusal.retry_after_seconds);
        case AccountRefusalCode::dead_token:
            return Error::invalid("token", refusal.message, "invalid_token");
        case AccountRefusalCode::account_suspended:
            return Error(403, "account_suspended", refusal.message);
        case AccountRefusalCode::address_taken:
            return Error::conflict("email_taken", refusal.message,
                                   refusal.fields.empty() ? std::nullopt : std::optional(refusal.fields.front().field));
        case AccountRefusalCode::other_account:
            return Error(403, "other_account", refusal.message);
        case AccountRefusalCode::unknown_session:
            return Error::not_found(refusal.message);
    }
    return Error::invalid_fields(refusal.fields);
}

namespace {
const std::string dead_link = "This link has expired or was already used. Please ask for a new one.";
}  // namespace

AccountRefusal invalid(std::vector<FieldError> fields) {
    auto message = fields.front().message;
    return AccountRefusal{AccountRefusalCode::invalid_fields, std::move(message), std::move(fields), 0};
}

AccountRefusal rate_limited(int seconds) {
    return AccountRefusal{
        AccountRefusalCode::rate_limited, "Too many attempts. Please wait a moment and try again.", {}, seconds};
}

AccountRefusal dead_token() {
    return AccountRefusal{AccountRefusalCode::dead_token, dead_link, {FieldError{"token", dead_link}}, 0};
}

std::optional<int> count_attempt(security::RateLimiter& limiter, const security::RateRule& rule, std::string_view key) {
    try {
        limiter.hit(rule, key);
        return std::nullopt;
    } catch (const Error& e) {
        if (e.status() != 429) throw;
        return e.retry_after();
    }
}

std::optional<int> exhausted(security::RateLimiter& limiter, const security::RateRule& rule, std::string_view key) {
    if (!limiter.exhausted(rule, key)) return std::nullopt;
    return static_cast<int>(rule.window_seconds - now_seconds() % rule.window_seconds);
}

}  // namespace hearth::accounts
