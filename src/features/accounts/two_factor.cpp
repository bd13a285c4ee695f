#include "features/accounts/two_factor.hpp"

#include "core/clock.hpp"
#include "core/error.hpp"
#include "features/accounts/account_store.hpp"
#include "features/accounts/two_factor_codes.hpp"
#include "features/accounts/two_factor_store.hpp"
#include "features/common/audit.hpp"
#include "features/common/policy.hpp"
#include "security/password.hpp"
#include "security/tokens.hpp"

namespace hearth::accounts {

namespace {

policy::Record own_account(const Actor& actor) { return policy::Record{actor.user_id(), 0, false}; }

TwoFactorRefusal refusal(TwoFactorRefusalCode code, std::string message, std::string field = "") {
    return TwoFactorRefusal{code, std::move(message), std::move(field), 0};
}

TwoFactorRefusal wrong_code() {
    return refusal(TwoFactorRefusalCode::wrong_code,
                   "That code did not work. Please check the time on your phone and type the newest code.", "code");
}

TwoFactorRefusal wrong_sign_in() {
    return refusal(TwoFactorRefusalCode::wrong_sign_in,
                   "That code did not work. Please type the newest code from your app, or one of your recovery codes.",
                   "otp");
}

std::string user_key(std::int64_t user_id) { return std::to_string(user_id); }

}  // namespace

TwoFactor::TwoFactor(db::Database& db, security::RateLimiter& limiter, std::string recovery_key)
    : db_(db), limiter_(limiter), recovery_key_(std::move(recovery_key)) {}

std::string TwoFactor::recovery_hash(std::int64_t user_id, std::string_view key) const {
    // Keyed and bound to the account: a copied table reveals no code, and a
    // code's hash means nothing on another account.
    return security::hmac_sign(recovery_key_, user_key(user_id) + ":" + std::string(key));
}

std::optional<TwoFactorRefusal> TwoFactor::exhausted(std::int64_t user_id) {
    const auto& rule = security::rate_rules::two_factor_per_account;
    if (!limiter_.exhausted(rule, user_key(user_id))) return std::nullopt;
    auto r = refusal(TwoFactorRefusalCode::rate_limited,
                     "Too many codes that did not work. Please wait a few minutes and try again.");
    r.retry_after_seconds = static_cast<int>(rule.window_seconds - now_seconds() % rule.window_seconds);
    return r;
}

void TwoFactor::count_failure(std::int64_t user_id) {
    try {
        limiter_.hit(security::rate_rules::two_factor_per_account, user_key(user_id));
    } catch (const Error& e) {
        if (e.status() != 429) throw;  // the next attempt is refused by exhausted()
    }
}

TwoFactorStatus TwoFactor::status(const Actor& actor) {
    policy::require(actor.who, policy::Action::manage_second_factor, own_account(actor));
    return db_.read([&](db::Session& s) {
        TwoFactorStatus out;
        if (auto row = find_totp(s, actor.user_id())) {
            out.enabled = row->confirmed;
            out.pending = !row->confirmed;
            if (row->confirmed) out.recovery_codes_left = unused_recovery_codes(s, actor.user_id());
        }
        return out;
    });
}

TwoFactorOutcome<Enrolment> TwoFactor::begin(const Actor& actor) {
    policy::require(actor.who, policy::Action::manage_second_factor, own_account(actor));
    Enrolment out;
    out.secret = totp::new_secret();
    out.otpauth_uri = totp::otpauth_uri(out.secret, actor.who.email);
    std::vector<std::string> hashes;
    for (int i = 0; i < recovery_code_count; ++i) {
        out.recovery_codes.push_back(totp::new_recovery_code());
        hashes.push_back(recovery_hash(actor.user_id(), *totp::recovery_code_key(out.recovery_codes.back())));
    }
    const bool started = db_.write([&](db::Session& s) {
        if (!put_pending_totp(s, actor.user_id(), out.secret, now_seconds())) return false;
        replace_recovery_codes(s, actor.user_id(), hashes);
        return true;
    });
    if (!started) {
        return refusal(TwoFactorRefusalCode::already_enabled,
                       "Two-factor sign-in is already on. To set it up with a new phone, turn it off first.");
    }
    return out;
}

std::optional<Enrolment> TwoFactor::pending(const Actor& actor) {
    policy::require(actor.who, policy::Action::manage_second_factor, own_account(actor));
    auto row = db_.read([&](db::Session& s) { return find_totp(s, actor.user_id()); });
    if (!row || row->confirmed) return std::nullopt;
    return Enrolment{row->secret, totp::otpauth_uri(row->secret, actor.who.email), {}};
}

TwoFactorOutcome<TwoFactorDone> TwoFactor::confirm(const Actor& actor, std::string_view code) {
    policy::require(actor.who, policy::Action::manage_second_factor, own_account(actor));
    const auto user_id = actor.user_id();
    if (auto wait = exhausted(user_id)) return *wait;
    enum class Result { done, none, on, wrong };
    const auto result = db_.write([&](db::Session& s) {
        auto row = find_totp(s, user_id);
        if (!row) return Result::none;
        if (row->confirmed) return Result::on;
        const auto now = now_seconds();
        const auto step = totp::matching_step(row->secret, code, now);
        if (!step) return Result::wrong;
        confirm_totp(s, user_id, *step, now);
        audit::record(s, user_id, "account.totp_enabled", "user", user_key(user_id), "", actor.client_address);
        return Result::done;
    });
    switch (result) {
        case Result::done:
            return TwoFactorDone{};
        case Result::none:
            return refusal(TwoFactorRefusalCode::nothing_pending,
                           "There is no set-up waiting for a code. Please start setting up two-factor sign-in first.");
        case Result::on:
            return refusal(TwoFactorRefusalCode::already_enabled, "Two-factor sign-in is already on.");
        case Result::wrong:
            break;
    }
    count_failure(user_id);
    return wrong_code();
}

bool TwoFactor::accept_code(db::Session& s, std::int64_t user_id, std::string_view code, const Actor& actor) {
    auto row = find_totp(s, user_id);
    if (!row || !row->confirmed) return false;
    if (totp::six_digits(code)) {
        const auto step = totp::matching_step(row->secret, code, now_seconds());
        return step && use_totp_step(s, user_id, *step);
    }
    const auto key = totp::recovery_code_key(code);
    if (!key || !use_recovery_code(s, user_id, recovery_hash(user_id, *key), now_seconds())) return false;
    audit::record(s, user_id, "account.totp_recovery_code_used", "user", user_key(user_id), "", actor.client_address);
    return true;
}

TwoFactorOutcome<TwoFactorDone> TwoFactor::disable(const Actor& actor, std::string_view password,
                                                   std::string_view code) {
    policy::require(actor.who, policy::Action::manage_second_factor, own_account(actor));
    const auto user_id = actor.user_id();
    if (auto wait = exhausted(user_id)) return *wait;
    auto user = db_.read([&](db::Session& s) { return find_user_by_id(s, user_id); });
    if (!user) throw Error::unauthorized();
    if (!db_.read([&](db::Session& s) { return totp_confirmed(s, user_id); })) {
        return refusal(TwoFactorRefusalCode::not_enabled, "Two-factor sign-in is not on.");
    }
    if (password.empty() || !security::verify_password(user->password_hash, password)) {
        count_failure(user_id);
        return refusal(TwoFactorRefusalCode::wrong_password, "That is not your password.", "password");
    }
    const bool done = db_.write([&](db::Session& s) {
        if (!accept_code(s, user_id, code, actor)) return false;
        delete_two_factor(s, user_id);
        audit::record(s, user_id, "account.totp_disabled", "user", user_key(user_id), "", actor.client_address);
        return true;
    });
    if (!done) {
        count_failure(user_id);
        auto r = wrong_code();
        r.message = "That code did not work. Please type the newest code from your app, or one of your recovery codes.";
        return r;
    }
    return TwoFactorDone{};
}

SignInStep TwoFactor::after_password(std::int64_t user_id, Role role, std::string_view device_token) {
    return db_.read([&](db::Session& s) {
        if (!totp_confirmed(s, user_id)) return role == Role::admin ? SignInStep::enrol : SignInStep::done;
        if (!device_token.empty() && device_token.size() <= 200 &&
            device_remembered(s, security::token_hash(device_token), user_id, now_seconds())) {
            return SignInStep::done;
        }
        return SignInStep::needs_code;
    });
}

TwoFactorOutcome<TwoFactorDone> TwoFactor::check_code(const Actor& actor, std::int64_t user_id,
                                                      std::string_view code) {
    if (code.empty()) {
        return refusal(TwoFactorRefusalCode::otp_required,
                       "This account uses two-factor sign-in. Please add the code from your app (otp).", "otp");
    }
    if (auto wait = exhausted(user_id)) return *wait;
    if (!db_.write([&](db::Session& s) { return accept_code(s, user_id, code, actor); })) {
        count_failure(user_id);
        return wrong_sign_in();
    }
    return TwoFactorDone{};
}

std::string TwoFactor::start_challenge(std::int64_t user_id, std::string_view return_to) {
    auto token = security::random_token(32);
    db_.write([&](db::Session& s) {
        insert_challenge(s, security::token_hash(token), user_id, return_to, now_seconds() + challenge_seconds);
    });
    return token;
}

TwoFactorOutcome<PassedChallenge> TwoFactor::answer_challenge(const Actor& actor, std::string_view challenge,
                                                              std::string_view code) {
    const auto hash = security::token_hash(challenge);
    auto found = challenge.empty() || challenge.size() > 200
                     ? std::nullopt
                     : db_.read([&](db::Session& s) { return find_challenge(s, hash, now_seconds()); });
    if (!found) {
        return refusal(TwoFactorRefusalCode::dead_challenge,
                       "That sign-in took too long or was already finished. Please log in again.");
    }
    if (code.empty()) {
        return refusal(TwoFactorRefusalCode::wrong_sign_in, "Please type the code from your app.", "otp");
    }
    if (auto wait = exhausted(found->user_id)) return *wait;
    const bool passed = db_.write([&](db::Session& s) {
        if (!accept_code(s, found->user_id, code, actor)) return false;
        delete_challenge(s, hash);
        return true;
    });
    if (!passed) {
        count_failure(found->user_id);
        return wrong_sign_in();
    }
    return PassedChallenge{found->user_id, found->return_to};
}

std::string TwoFactor::remember_device(std::int64_t user_id) {
    auto token = security::random_token(32);
    const auto now = now_seconds();
    db_.write([&](db::Session& s) {
        insert_remembered_device(s, security::token_hash(token), user_id, now, now + remembered_device_seconds);
    });
    return token;
}

void TwoFactor::require_for_admin(const Principal& who) {
    if (who.role != Role::admin) return;
    if (db_.read([&](db::Session& s) { return totp_confirmed(s, who.user_id); })) return;
    throw Error(403, "second_factor_required",
                "Administrators need two-factor sign-in. Please turn it on from your account "
                "(Account, then Two-factor sign-in) before using the admin pages.");
}

void TwoFactor::prune() {
    db_.write([&](db::Session& s) { prune_two_factor(s, now_seconds()); });
}

}  // namespace hearth::accounts
