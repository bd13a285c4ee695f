#include "features/privacy/account_deletion.hpp"

#include <fmt/chrono.h>
#include <fmt/format.h>
#include <spdlog/spdlog.h>

#include "core/clock.hpp"
#include "core/error.hpp"
#include "core/field_checks.hpp"
#include "features/accounts/account_store.hpp"
#include "features/common/audit.hpp"
#include "features/common/outbox.hpp"
#include "features/common/policy.hpp"
#include "features/common/user_events.hpp"
#include "features/consultations/consultations.hpp"
#include "render/view.hpp"
#include "security/password.hpp"
#include "security/rate_limit.hpp"
#include "security/tokens.hpp"

namespace hearth::privacy {

namespace {

using Code = DeletionRefusal::Code;

// Due deletions handled per maintenance round; the rest wait for the next.
constexpr std::int64_t purge_batch = 50;
// What the other side of a cancelled consultation reads as the reason.
const std::string cancel_reason = "The person's Hearth account was deleted.";

DeletionRefusal refusal(Code code, std::string message, std::string field = {}) {
    return DeletionRefusal{code, std::move(message), std::move(field), 0};
}

policy::Record own_account(const Actor& actor) { return policy::Record{actor.user_id(), 0, false}; }

// "deleted-" and 12 random hex digits. Random, not derived from the
// account, so nothing leads back to it.
std::string new_pseudonym() { return "deleted-" + security::token_hash(security::random_token(16)).substr(0, 12); }

// Removes `name` from `dir`, if it is a plain file name there (stored
// names are ours, but a path separator would leave the folder).
void remove_file(const std::filesystem::path& dir, const std::string& name) {
    if (dir.empty() || name.empty() || name.find('/') != std::string::npos || name == "." || name == "..") return;
    std::error_code ec;
    std::filesystem::remove(dir / name, ec);
    if (ec) spdlog::warn("account deletion: could not remove a file: {}", ec.message());
}

}  // namespace

std::string_view code_name(Code code) {
    switch (code) {
        case Code::invalid: return "invalid";
        case Code::wrong_password: return "wrong_password";
        case Code::wrong_code: return "wrong_code";
        case Code::already_pending: return "already_pending";
        case Code::no_deletion: return "no_deletion";
        case Code::rate_limited: return "rate_limited";
    }
    return "invalid";
}

int status_of(Code code) {
    switch (code) {
        case Code::already_pending: return 409;
        case Code::no_deletion: return 404;
        case Code::rate_limited: return 429;
        default: return 422;
    }
}

std::string due_text(std::int64_t at) {
    return fmt::format("{:%A %d %B %Y, %H:%M} UTC", fmt::gmtime(static_cast<std::time_t>(at)));
}

std::optional<PendingDeletion> AccountDeletion::status(const Actor& actor) {
    policy::require(actor.who, policy::Action::delete_own_account, own_account(actor));
    auto found = db_.read([&](db::Session& s) { return find_deletion(s, actor.user_id()); });
    if (found && found->cancelled_at) {
        db_.write([&](db::Session& s) { forget_cancelled(s, actor.user_id()); });
    }
    return found;
}

ScheduledDeletion AccountDeletion::schedule(db::Session& s, std::int64_t user_id, std::int64_t by,
                                            std::string_view reason, const std::string& client_address) {
    const auto now = now_seconds();
    const auto due = now + settings_.grace.count();
    auto user = accounts::find_user_by_id(s, user_id);
    if (!user) throw Error::not_found();
    // Every session ends now: whoever holds one can no longer act as the
    // person, and their next log-in (which cancels the deletion) is theirs.
    accounts::delete_user_sessions(s, user_id);
    user_events::publish(s, user_id, "session_ended");
    const bool by_admin = by != user_id;
    audit::record(s, by, by_admin ? "account.deletion_started_by_admin" : "account.deletion_requested", "user",
                  std::to_string(user_id),
                  "due_at: " + std::to_string(due) + (by_admin ? "; " + audit::reason_detail(reason) : ""),
                  client_address);
    mail::enqueue(s, mail::from_template(templates_, "account_deletion_scheduled",
                                         {{"display_name", user->display_name},
                                          {"due", due_text(due)},
                                          {"by_admin", by_admin},
                                          {"login_link", settings_.base_url + "/login"}},
                                         user->email));
    return ScheduledDeletion{user_id, due};
}

DeletionOutcome<ScheduledDeletion> AccountDeletion::request(const Actor& actor, const DeletionRequest& command) {
    policy::require(actor.who, policy::Action::delete_own_account, own_account(actor));
    const auto id = actor.user_id();
    if (command.password.empty()) {
        return refusal(Code::wrong_password, "Please enter your password.", "password");
    }
    try {
        limiter_.hit(security::rate_rules::deletion_attempt_per_user, std::to_string(id));
    } catch (const Error& e) {
        if (e.status() != 429) throw;
        auto r = refusal(Code::rate_limited, "Too many attempts. Please wait a few minutes and try again.");
        r.retry_after_seconds = e.retry_after();
        return r;
    }
    auto user = db_.read([&](db::Session& s) { return accounts::find_user_by_id(s, id); });
    if (!user) throw Error::unauthorized();
    if (command.password.size() > 4 * 128 || !security::verify_password(user->password_hash, command.password)) {
        return refusal(Code::wrong_password, "That is not your current password.", "password");
    }
    if (second_factor_.enrolled(id)) {
        if (command.otp.empty()) return refusal(Code::wrong_code, "Please enter the code from your app.", "otp");
        if (!second_factor_.accepts(id, command.otp)) {
            return refusal(Code::wrong_code, "That code is not right, or was already used.", "otp");
        }
    }
    return db_.write([&](db::Session& s) -> DeletionOutcome<ScheduledDeletion> {
        const auto now = now_seconds();
        if (!insert_deletion(s, id, id, "", now, now + settings_.grace.count())) {
            return refusal(Code::already_pending, "Your account is already due to be deleted.");
        }
        return schedule(s, id, id, "", actor.client_address);
    });
}

DeletionOutcome<bool> AccountDeletion::cancel(const Actor& actor) {
    policy::require(actor.who, policy::Action::delete_own_account, own_account(actor));
    const bool cancelled = db_.write([&](db::Session& s) {
        if (!cancel_deletion(s, actor.user_id(), now_seconds())) return false;
        forget_cancelled(s, actor.user_id());
        audit::record(s, actor.user_id(), "account.deletion_cancelled", "user", std::to_string(actor.user_id()), "",
                      actor.client_address);
        return true;
    });
    if (!cancelled) return refusal(Code::no_deletion, "There is no deletion of your account to cancel.");
    return true;
}

bool cancel_on_log_in(db::Session& s, const render::Templates& templates, std::int64_t user_id,
                      std::string_view client_address) {
    if (!cancel_deletion(s, user_id, now_seconds())) return false;
    audit::record(s, user_id, "account.deletion_cancelled_by_login", "user", std::to_string(user_id), "",
                  client_address);
    if (auto user = accounts::find_user_by_id(s, user_id)) {
        mail::enqueue(s, mail::from_template(templates, "account_deletion_cancelled",
                                             {{"display_name", user->display_name}}, user->email));
    }
    return true;
}

// --- admins ---

std::vector<PersonSummary> AccountDeletion::find_people(const Actor& actor, const std::string& fragment) {
    policy::require(actor.who, policy::Action::manage_people);
    if (fragment.size() < 3 || fragment.size() > 254) return {};
    return db_.read([&](db::Session& s) { return search_people(s, fragment); });
}

PersonView AccountDeletion::person(const Actor& actor, std::int64_t user_id) {
    policy::require(actor.who, policy::Action::manage_people);
    return db_.read([&](db::Session& s) {
        auto person = find_person(s, user_id);
        if (!person) throw Error::not_found();
        PersonView out{*person, count_records(s, user_id, now_seconds()), find_deletion(s, user_id)};
        if (out.deletion && out.deletion->cancelled_at) out.deletion.reset();
        return out;
    });
}

DeletionOutcome<ScheduledDeletion> AccountDeletion::start_for(const Actor& actor,
                                                              const AdminDeletionRequest& command) {
    policy::require(actor.who, policy::Action::manage_people);
    auto reason = command.reason;
    FieldChecks checks;
    checks.text("reason", "How the request came", reason, max_reason_chars, true);
    if (!checks.ok()) {
        auto problems = std::move(checks).take();
        return refusal(Code::invalid, problems.front().message, "reason");
    }
    return db_.write([&](db::Session& s) -> DeletionOutcome<ScheduledDeletion> {
        if (!find_person(s, command.user_id)) throw Error::not_found();
        const auto now = now_seconds();
        if (!insert_deletion(s, command.user_id, actor.user_id(), reason, now, now + settings_.grace.count())) {
            return refusal(Code::already_pending, "This account is already due to be deleted.");
        }
        return schedule(s, command.user_id, actor.user_id(), reason, actor.client_address);
    });
}

// --- background ---

bool AccountDeletion::purge_one(std::int64_t user_id, std::int64_t now) {
    const auto pseudonym = new_pseudonym();  // the audit log's
    const auto husk = new_pseudonym();       // the kept account's address and slug
    auto erased = db_.write([&](db::Session& s) -> std::optional<Erased> {
        // Two nodes' maintenance rounds take turns; the second finds it done.
        s.serialize_on("privacy.account_deletion", user_id);
        // Claimed by a write, so a log-in cancelling at this moment either
        // commits first (and this finds nothing due) or waits for the purge.
        if (!claim_due_deletion(s, user_id, now)) return std::nullopt;
        auto identity = scrub_account(s, user_id, husk, now);
        if (!identity) {
            s.query("DELETE FROM account_deletions WHERE user_id = $1", {user_id});
            return std::nullopt;
        }
        consultations_.cancel_upcoming_of_account(s, user_id, cancel_reason, now);
        auto out = erase_person(s, user_id, *identity, husk, pseudonym, now);
        audit::record(s, 0, "account.deleted", "user", pseudonym, "", "");
        return out;
    });
    if (!erased) return false;
    // After the commit: a rolled-back purge must not have lost the photo.
    for (const auto& f : erased->photo_files) remove_file(settings_.photo_dir, f);
    for (const auto& f : erased->cover_files) remove_file(settings_.cover_dir, f);
    for (const auto& f : erased->export_files) remove_file(settings_.export_dir, f);
    return true;
}

int AccountDeletion::purge_due(std::int64_t now) {
    const auto due = db_.read([&](db::Session& s) { return due_deletions(s, now, purge_batch); });
    int done = 0;
    for (auto id : due) {
        try {
            if (purge_one(id, now)) ++done;
        } catch (const std::exception& e) {
            // One account's failure must not hold back the others; it is tried again next round.
            spdlog::error("account deletion of one account failed: {}", e.what());
        }
    }
    // The erased rows must not live on in the engine's own copies either
    // (SQLite's log: a checkpoint, which waits at most the busy timeout).
    if (done > 0) copies_left_ = true;
    if (copies_left_ && (copies_left_ = !db_.release_erased_copies())) {
        spdlog::warn("account deletion: the database still holds copies of erased rows; tried again next round");
    }
    return done;
}

}  // namespace hearth::privacy
