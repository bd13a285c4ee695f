#include "features/accounts/account_changes.hpp"

#include <algorithm>

#include "core/clock.hpp"
#include "core/field_checks.hpp"
#include "features/accounts/account_changes_store.hpp"
#include "features/accounts/account_refusals.hpp"
#include "features/accounts/account_sessions_device.hpp"
#include "features/accounts/account_store.hpp"
#include "features/accounts/two_factor_store.hpp"
#include "features/common/audit.hpp"
#include "features/common/outbox.hpp"
#include "features/common/policy.hpp"
#include "features/common/user_events.hpp"
#include "render/view.hpp"
#include "security/password.hpp"
#include "security/tokens.hpp"

namespace hearth::accounts {

namespace {

constexpr std::size_t max_token = 200;  // ours are 43; anything longer is not one
constexpr std::size_t max_password_bytes = 4 * 128;

// Said alike when a new address is confirmed and when an old one is
// restored: only someone who reads that mailbox sees it.
const std::string taken_message =
    "That e-mail address now belongs to another Hearth account, so this one cannot use it.";

AccountRefusal other_account() {
    return AccountRefusal{AccountRefusalCode::other_account,
                          "This link is for another Hearth account than the one you are logged in to. Please log "
                          "out first, then open the link again.",
                          {},
                          0};
}

AccountRefusal address_taken(std::string field) {
    return AccountRefusal{AccountRefusalCode::address_taken, taken_message, {FieldError{std::move(field), taken_message}},
                          0};
}

policy::Record own_account(const Actor& actor) { return policy::Record{actor.user_id(), 0, false}; }

std::string kind_label(std::string_view stored) { return stored == "bearer" ? "api" : "browser"; }

bool plausible_token(std::string_view token) { return !token.empty() && token.size() <= max_token; }

}  // namespace

AccountChanges::AccountChanges(db::Database& db, security::RateLimiter& limiter, const render::Templates& templates,
                               std::string base_url)
    : db_(db), limiter_(limiter), templates_(templates), base_url_(std::move(base_url)) {}

std::optional<int> AccountChanges::limited(const security::RateRule& rule, std::string_view key) {
    return count_attempt(limiter_, rule, key);
}

// --- sessions ---

std::vector<SessionView> AccountChanges::sessions(const Actor& actor) {
    policy::require(actor.who, policy::Action::manage_own_sessions, own_account(actor));
    const auto rows = db_.read([&](db::Session& s) { return list_live_sessions(s, actor.user_id(), now_seconds()); });
    std::vector<SessionView> out;
    out.reserve(rows.size());
    for (const auto& row : rows) {
        out.push_back(SessionView{session_public_id(row.token_hash), describe_device(row.user_agent),
                                  kind_label(row.kind), row.created_at, row.last_seen_at,
                                  row.token_hash == actor.who.session_key_hash});
    }
    // This device first, then the others as the store ordered them.
    std::stable_partition(out.begin(), out.end(), [](const SessionView& v) { return v.current; });
    return out;
}

AccountOutcome<SessionEnded> AccountChanges::end_session(const Actor& actor, std::string_view id) {
    policy::require(actor.who, policy::Action::manage_own_sessions, own_account(actor));
    const auto unknown = AccountRefusal{AccountRefusalCode::unknown_session, "We could not find that session.", {}, 0};
    if (id.size() != 16) return unknown;
    // Only the account's own sessions are looked at, so another person's
    // id finds nothing, like a made-up one.
    auto ended = db_.write([&](db::Session& s) -> std::optional<SessionEnded> {
        for (const auto& row : list_live_sessions(s, actor.user_id(), now_seconds())) {
            if (session_public_id(row.token_hash) != id) continue;
            delete_account_session(s, actor.user_id(), row.token_hash);
            // Wakes the account's open event streams, which re-check their
            // session and end when it was this one.
            user_events::publish(s, actor.user_id(), "session_ended");
            audit::record(s, actor.user_id(), "account.session_revoked", "user", std::to_string(actor.user_id()),
                          "session: " + std::string(id), actor.client_address);
            return SessionEnded{row.token_hash == actor.who.session_key_hash};
        }
        return std::nullopt;
    });
    if (!ended) return unknown;
    return *ended;
}

// --- password ---

void AccountChanges::require_may_change(const Actor& actor) const {
    policy::require(actor.who, policy::Action::change_sign_in_details, own_account(actor));
}

std::optional<AccountRefusal> AccountChanges::check_current_password(const Actor& actor, const User& user,
                                                                     const std::string& password,
                                                                     std::string_view field) {
    namespace rules = security::rate_rules;
    const auto key = std::to_string(user.id);
    if (auto wait = exhausted(limiter_, rules::current_password_failures_per_account, key)) return rate_limited(*wait);
    if (password.size() <= max_password_bytes && security::verify_password(user.password_hash, password)) {
        return std::nullopt;
    }
    (void)limited(rules::current_password_failures_per_account, key);
    db_.write([&](db::Session& s) {
        audit::record(s, user.id, "account.current_password_wrong", "user", std::to_string(user.id),
                      std::string(field), actor.client_address);
    });
    return invalid({{std::string(field), "That is not your current password."}});
}

AccountOutcome<Done> AccountChanges::change_password(const Actor& actor, const PasswordChange& command) {
    policy::require(actor.who, policy::Action::change_sign_in_details, own_account(actor));
    auto user = db_.read([&](db::Session& s) { return find_user_by_id(s, actor.user_id()); });
    if (!user) throw Error::unauthorized();
    FieldChecks checks;
    if (command.current_password.empty()) checks.fail("current_password", "Please enter your current password.");
    if (auto problem = security::password_problem(command.new_password, user->email, user->display_name)) {
        checks.fail("new_password", *problem);
    }
    if (!checks.ok()) return invalid(std::move(checks).take());
    if (auto refused = check_current_password(actor, *user, command.current_password, "current_password")) {
        return *refused;
    }

    const auto hash = security::hash_password(command.new_password);
    db_.write([&](db::Session& s) {
        const auto now = now_seconds();
        set_password_hash(s, user->id, hash);
        // Whoever knew the old password is logged out everywhere else, and
        // a reset link sent before stops working.
        delete_other_sessions(s, user->id, actor.who.session_key_hash);
        expire_tokens(s, user->id, TokenPurpose::reset_password, now);
        // ...and neither does a change of address they may have asked for.
        cancel_pending_email_changes(s, user->id, now);
        user_events::publish(s, user->id, "session_ended");
        audit::record(s, user->id, "account.password_changed", "user", std::to_string(user->id), "",
                      actor.client_address);
        mail::enqueue(s, mail::from_template(templates_, "account_password_changed",
                                             {{"display_name", user->display_name},
                                              {"reset_link", base_url_ + "/password/forgot"}},
                                             user->email));
    });
    return Done{};
}

// --- e-mail address ---

AccountOutcome<Done> AccountChanges::request_email_change(const Actor& actor, const EmailChangeRequest& command) {
    policy::require(actor.who, policy::Action::change_sign_in_details, own_account(actor));
    auto user = db_.read([&](db::Session& s) { return find_user_by_id(s, actor.user_id()); });
    if (!user) throw Error::unauthorized();
    auto new_email = command.new_email;
    FieldChecks checks;  // trims, refuses control characters, counts characters
    checks.text("new_email", "New e-mail address", new_email, max_email_chars, true);
    if (!checks.failed("new_email") && !plausible_email(new_email)) {
        checks.fail("new_email", "Please enter an e-mail address like name@example.org.");
    }
    if (!checks.failed("new_email") && normalize_email(new_email) == normalize_email(user->email)) {
        checks.fail("new_email", "That is already your e-mail address.");
    }
    if (command.password.empty()) checks.fail("password", "Please enter your current password.");
    if (!checks.ok()) return invalid(std::move(checks).take());
    if (auto wait = limited(security::rate_rules::email_change_per_account, std::to_string(user->id))) {
        return rate_limited(*wait);
    }
    if (auto refused = check_current_password(actor, *user, command.password, "password")) return *refused;

    const auto token = security::random_token(32);
    db_.write([&](db::Session& s) {
        const auto now = now_seconds();
        cancel_pending_email_changes(s, user->id, now);
        if (email_in_use(s, new_email, user->id)) {
            // Answered like a free address; the address's owner (if the
            // account is not deleted) hears of it instead, as after a
            // sign-up with their address.
            audit::record(s, user->id, "account.email_change_to_taken_address", "user", std::to_string(user->id), "",
                          actor.client_address);
            if (auto owner = find_user_by_email(s, new_email)) {
                mail::enqueue(s, mail::from_template(templates_, "account_email_change_taken",
                                                     {{"display_name", owner->display_name},
                                                      {"reset_link", base_url_ + "/password/forgot"}},
                                                     owner->email));
            }
            return;
        }
        insert_email_change(s, user->id, user->email, new_email, security::token_hash(token),
                            now + email_change_confirm_seconds, now);
        audit::record(s, user->id, "account.email_change_requested", "user", std::to_string(user->id), "",
                      actor.client_address);
        mail::enqueue(s, mail::from_template(templates_, "account_email_change_confirm",
                                             {{"display_name", user->display_name},
                                              {"link", base_url_ + "/account/email/confirm?token=" + token}},
                                             new_email));
    });
    return Done{};
}

std::optional<EmailChangeLink> AccountChanges::confirm_link(std::string_view token) {
    if (!plausible_token(token)) return std::nullopt;
    return db_.read([&](db::Session& s) -> std::optional<EmailChangeLink> {
        auto change = find_confirmable_email_change(s, security::token_hash(token), now_seconds());
        if (!change) return std::nullopt;
        auto user = find_user_by_id(s, change->user_id);
        if (!user || user->suspended_at) return std::nullopt;
        return EmailChangeLink{change->user_id, change->old_email, change->new_email};
    });
}

AccountOutcome<EmailChanged> AccountChanges::confirm_email_change(const Actor& actor, std::string_view token) {
    if (!plausible_token(token)) return dead_token();
    const auto hash = security::token_hash(token);
    const auto undo_token = security::random_token(32);
    try {
        return db_.write([&](db::Session& s) -> AccountOutcome<EmailChanged> {
            const auto now = now_seconds();
            auto change = find_confirmable_email_change(s, hash, now);
            if (!change) return dead_token();
            auto user = find_user_by_id(s, change->user_id);
            if (!user || user->suspended_at) return dead_token();
            if (actor.signed_in() && actor.user_id() != user->id) return other_account();
            if (email_in_use(s, change->new_email, user->id)) return address_taken("new_email");
            if (!mark_email_change_confirmed(s, change->id, security::token_hash(undo_token),
                                             now + email_change_undo_seconds, now)) {
                return dead_token();
            }
            set_account_email(s, user->id, change->new_email, now);
            // A reset link mailed to the old address no longer belongs to
            // whoever reads the account's mail.
            expire_tokens(s, user->id, TokenPurpose::reset_password, now);
            // Every other session ends; the person's own one stays when they
            // confirmed from it.
            const bool own_session = actor.signed_in();
            delete_other_sessions(s, user->id, own_session ? actor.who.session_key_hash : "");
            user_events::publish(s, user->id, "session_ended");
            audit::record(s, user->id, "account.email_changed", "user", std::to_string(user->id), "",
                          actor.client_address);
            mail::enqueue(s, mail::from_template(templates_, "account_email_change_notice",
                                                 {{"display_name", user->display_name},
                                                  {"new_email", change->new_email},
                                                  {"undo_link", base_url_ + "/account/email/undo?token=" + undo_token},
                                                  {"reset_link", base_url_ + "/password/forgot"}},
                                                 change->old_email));
            return EmailChanged{user->id, false};
        });
    } catch (const db::ConstraintViolation&) {
        return address_taken("new_email");  // taken by a racing sign-up or change after the check
    }
}

std::optional<EmailChangeLink> AccountChanges::undo_link(std::string_view token) {
    if (!plausible_token(token)) return std::nullopt;
    return db_.read([&](db::Session& s) -> std::optional<EmailChangeLink> {
        auto change = find_undoable_email_change(s, security::token_hash(token), now_seconds());
        if (!change || !find_user_by_id(s, change->user_id)) return std::nullopt;
        return EmailChangeLink{change->user_id, change->old_email, change->new_email};
    });
}

AccountOutcome<EmailChanged> AccountChanges::undo_email_change(const Actor& actor, std::string_view token) {
    if (!plausible_token(token)) return dead_token();
    const auto hash = security::token_hash(token);
    try {
        return db_.write([&](db::Session& s) -> AccountOutcome<EmailChanged> {
            const auto now = now_seconds();
            auto change = find_undoable_email_change(s, hash, now);
            if (!change) return dead_token();
            auto user = find_user_by_id(s, change->user_id);
            if (!user) return dead_token();
            if (actor.signed_in() && actor.user_id() != user->id) return other_account();
            if (email_in_use(s, change->old_email, user->id)) return address_taken("email");
            if (!mark_email_change_undone(s, change->id, now)) return dead_token();
            set_account_email(s, user->id, change->old_email, now);
            // Someone else may hold the account now: everyone is logged out,
            // no further change of address goes through, and the owner is
            // asked to choose a new password.
            cancel_pending_email_changes(s, user->id, now);
            delete_user_sessions(s, user->id);
            // A reset link mailed to the other address, and a browser
            // remembered for two-factor sign-in, would let them back in.
            expire_tokens(s, user->id, TokenPurpose::reset_password, now);
            forget_remembered_devices(s, user->id);
            user_events::publish(s, user->id, "session_ended");
            audit::record(s, user->id, "account.email_change_undone", "user", std::to_string(user->id), "",
                          actor.client_address);
            return EmailChanged{user->id, actor.signed_in()};
        });
    } catch (const db::ConstraintViolation&) {
        return address_taken("email");
    }
}

std::int64_t AccountChanges::prune(std::int64_t now) {
    return db_.write([&](db::Session& s) { return prune_email_changes(s, now); });
}

}  // namespace hearth::accounts
