#pragma once
// The SQL of two-factor sign-in (migrations/*/0024_two_factor.sql). Every
// query names the account it is about, so one person's rows are never
// reached through another's. Times are unix seconds (UTC).
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "db/database.hpp"

namespace hearth::accounts {

struct TotpRow {
    std::string secret;  // base32
    bool confirmed = false;
    std::int64_t last_step = 0;  // the last accepted 30-second step
};

std::optional<TotpRow> find_totp(db::Session& s, std::int64_t user_id);
// Whether the account has a confirmed second factor.
bool totp_confirmed(db::Session& s, std::int64_t user_id);
// Starts (or restarts) a pending enrolment with `secret`; false when the
// account already has a confirmed one (nothing is changed then).
bool put_pending_totp(db::Session& s, std::int64_t user_id, std::string_view secret, std::int64_t now);
// Turns a pending enrolment on, `step` being the step of its first code.
void confirm_totp(db::Session& s, std::int64_t user_id, std::int64_t step, std::int64_t now);
// Records `step` as used when it is later than the last one used; false
// when it is not (the code was already used, or an older one). One
// statement, so two requests with the same code cannot both pass.
bool use_totp_step(db::Session& s, std::int64_t user_id, std::int64_t step);
// Forgets the second factor: secret, recovery codes, remembered browsers, challenges.
void delete_two_factor(db::Session& s, std::int64_t user_id);

// Replaces every recovery code of the account with these hashes.
void replace_recovery_codes(db::Session& s, std::int64_t user_id, const std::vector<std::string>& hashes);
// Marks an unused code with this hash used; false when there is none.
bool use_recovery_code(db::Session& s, std::int64_t user_id, std::string_view hash, std::int64_t now);
int unused_recovery_codes(db::Session& s, std::int64_t user_id);

void insert_remembered_device(db::Session& s, std::string_view token_hash, std::int64_t user_id, std::int64_t now,
                              std::int64_t expires_at);
bool device_remembered(db::Session& s, std::string_view token_hash, std::int64_t user_id, std::int64_t now);
// Forgets every browser remembered for the account ("log out everywhere", removing the second factor).
void forget_remembered_devices(db::Session& s, std::int64_t user_id);

struct ChallengeRow {
    std::int64_t user_id = 0;
    std::string return_to;
};
void insert_challenge(db::Session& s, std::string_view token_hash, std::int64_t user_id, std::string_view return_to,
                      std::int64_t expires_at);
std::optional<ChallengeRow> find_challenge(db::Session& s, std::string_view token_hash, std::int64_t now);
void delete_challenge(db::Session& s, std::string_view token_hash);

// Deletes expired challenges and remembered browsers.
void prune_two_factor(db::Session& s, std::int64_t now);

}  // namespace hearth::accounts
