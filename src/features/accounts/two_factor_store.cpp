#include "features/accounts/two_factor_store.hpp"

namespace hearth::accounts {

std::optional<TotpRow> find_totp(db::Session& s, std::int64_t user_id) {
    auto r = s.query("SELECT secret, confirmed_at IS NOT NULL, last_step FROM user_totp WHERE user_id = $1", {user_id});
    if (r.empty()) return std::nullopt;
    return TotpRow{r.front().text(0), r.front().flag(1), r.front().integer(2)};
}

bool totp_confirmed(db::Session& s, std::int64_t user_id) {
    return !s.query("SELECT 1 FROM user_totp WHERE user_id = $1 AND confirmed_at IS NOT NULL", {user_id}).empty();
}

bool put_pending_totp(db::Session& s, std::int64_t user_id, std::string_view secret, std::int64_t now) {
    auto r = s.query(
        "INSERT INTO user_totp (user_id, secret, confirmed_at, last_step, created_at) VALUES ($1, $2, NULL, 0, $3) "
        "ON CONFLICT (user_id) DO UPDATE SET secret = excluded.secret, last_step = 0, created_at = excluded.created_at "
        "WHERE user_totp.confirmed_at IS NULL",
        {user_id, std::string(secret), now});
    return r.affected() == 1;
}

void confirm_totp(db::Session& s, std::int64_t user_id, std::int64_t step, std::int64_t now) {
    s.query("UPDATE user_totp SET confirmed_at = $2, last_step = $3 WHERE user_id = $1 AND confirmed_at IS NULL",
            {user_id, now, step});
}

bool use_totp_step(db::Session& s, std::int64_t user_id, std::int64_t step) {
    return s.query("UPDATE user_totp SET last_step = $2 WHERE user_id = $1 AND last_step < $2", {user_id, step})
               .affected() == 1;
}

void delete_two_factor(db::Session& s, std::int64_t user_id) {
    s.query("DELETE FROM user_totp WHERE user_id = $1", {user_id});
    s.query("DELETE FROM totp_recovery_codes WHERE user_id = $1", {user_id});
    s.query("DELETE FROM two_factor_challenges WHERE user_id = $1", {user_id});
    forget_remembered_devices(s, user_id);
}

void replace_recovery_codes(db::Session& s, std::int64_t user_id, const std::vector<std::string>& hashes) {
    s.query("DELETE FROM totp_recovery_codes WHERE user_id = $1", {user_id});
    for (const auto& h : hashes) {
        s.query("INSERT INTO totp_recovery_codes (user_id, code_hash) VALUES ($1, $2)", {user_id, h});
    }
}

bool use_recovery_code(db::Session& s, std::int64_t user_id, std::string_view hash, std::int64_t now) {
    return s.query("UPDATE totp_recovery_codes SET used_at = $3 WHERE user_id = $1 AND code_hash = $2 AND "
                   "used_at IS NULL",
                   {user_id, std::string(hash), now})
               .affected() == 1;
}

int unused_recovery_codes(db::Session& s, std::int64_t user_id) {
    return static_cast<int>(
        s.query("SELECT COUNT(*) FROM totp_recovery_codes WHERE user_id = $1 AND used_at IS NULL", {user_id})
            .front()
            .integer(0));
}

void insert_remembered_device(db::Session& s, std::string_view token_hash, std::int64_t user_id, std::int64_t now,
                              std::int64_t expires_at) {
    s.query("INSERT INTO remembered_devices (token_hash, user_id, created_at, expires_at) VALUES ($1, $2, $3, $4)",
            {std::string(token_hash), user_id, now, expires_at});
}

bool device_remembered(db::Session& s, std::string_view token_hash, std::int64_t user_id, std::int64_t now) {
    return !s.query("SELECT 1 FROM remembered_devices WHERE token_hash = $1 AND user_id = $2 AND expires_at > $3",
                    {std::string(token_hash), user_id, now})
                .empty();
}

void forget_remembered_devices(db::Session& s, std::int64_t user_id) {
    s.query("DELETE FROM remembered_devices WHERE user_id = $1", {user_id});
}

void insert_challenge(db::Session& s, std::string_view token_hash, std::int64_t user_id, std::string_view return_to,
                      std::int64_t expires_at) {
    s.query("INSERT INTO two_factor_challenges (token_hash, user_id, return_to, expires_at) VALUES ($1, $2, $3, $4)",
            {std::string(token_hash), user_id, std::string(return_to), expires_at});
}

std::optional<ChallengeRow> find_challenge(db::Session& s, std::string_view token_hash, std::int64_t now) {
    auto r = s.query("SELECT user_id, return_to FROM two_factor_challenges WHERE token_hash = $1 AND expires_at > $2",
                     {std::string(token_hash), now});
    if (r.empty()) return std::nullopt;
    return ChallengeRow{r.front().integer(0), r.front().text(1)};
}

void delete_challenge(db::Session& s, std::string_view token_hash) {
    s.query("DELETE FROM two_factor_challenges WHERE token_hash = $1", {std::string(token_hash)});
}

void prune_two_factor(db::Session& s, std::int64_t now) {
    s.query("DELETE FROM two_factor_challenges WHERE expires_at <= $1", {now});
    s.query("DELETE FROM remembered_devices WHERE expires_at <= $1", {now});
}

}  // namespace hearth::accounts
