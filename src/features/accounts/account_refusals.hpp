#pragma once
// How the account handlers answer a refusal: the status it carries on the
// API and on pages, and the hearth::Error the API throws for it (which the
// server turns into {"error":{"code","message","field"}}).
#include <optional>
#include <string_view>
#include <vector>

#include "core/error.hpp"
#include "features/accounts/accounts.hpp"
#include "security/rate_limit.hpp"

namespace hearth::accounts {

// 422 invalid_fields, 401 wrong_credentials, 429 rate_limited, 422 dead_token,
// 403 account_suspended, 409 address_taken, 403 other_account, 404 unknown_session.
int status_of(const AccountRefusal& refusal);

// invalid_fields -> 422 "invalid" with every field; wrong_credentials ->
// 401 "invalid_credentials"; rate_limited -> 429 "rate_limited" with
// Retry-After; dead_token -> 422 "invalid_token" on the field "token";
// account_suspended -> 403 "account_suspended"; address_taken -> 409
// "email_taken"; other_account -> 403 "other_account"; unknown_session ->
// 404 "not_found".
Error as_error(const AccountRefusal& refusal);

// --- the refusals the account services give alike ---

// invalid_fields; the first field's message is the refusal's message.
AccountRefusal invalid(std::vector<FieldError> fields);
// rate_limited, to try again after `seconds`.
AccountRefusal rate_limited(int seconds);
// dead_token on the field "token": an e-mailed link that is unknown, used or expired.
AccountRefusal dead_token();

// Counts one attempt under `rule` for `key`: nullopt while allowed, else the
// seconds until the rule's window ends (the attempt is refused).
std::optional<int> count_attempt(security::RateLimiter& limiter, const security::RateRule& rule, std::string_view key);
// Whether `rule` has no attempts left for `key`, without counting one; the
// seconds until its window ends (windows are aligned to the epoch).
std::optional<int> exhausted(security::RateLimiter& limiter, const security::RateRule& rule, std::string_view key);

}  // namespace hearth::accounts
