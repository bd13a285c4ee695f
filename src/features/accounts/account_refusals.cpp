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
    }
    return Error::invalid_fields(refusal.fields);
}

}  // namespace hearth::accounts
