#include "features/accounts/account_refusals.hpp"

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

}  // namespace hearth::accounts
