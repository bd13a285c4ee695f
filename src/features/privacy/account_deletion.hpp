#pragma once
// Account deletion (GDPR article 17): a person asks, behind their password
// (and second factor where set); every session ends and an e-mail says
// when; logging in during the grace period cancels it; once due, one unit
// of work per person erases them (account_deletion_store.hpp lists what
// goes and what stays). Admins see a person's counts (never content) and
// start a deletion asked for by e-mail, through the same grace period.
// Takes an Actor and typed commands; knows no HTTP.
#include <atomic>
#include <chrono>
#include <cstdint>
#include <filesystem>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/actor.hpp"
#include "core/outcome.hpp"
#include "db/database.hpp"
#include "features/privacy/account_deletion_store.hpp"

namespace hearth::render {
class Templates;
}
namespace hearth::security {
class RateLimiter;
}
namespace hearth::consultations {
class Consultations;
}

namespace hearth::privacy {

struct DeletionSettings {
    // How long a request waits before the purge (HEARTH_DELETION_GRACE).
    std::chrono::seconds grace{7 * 86400};
    std::filesystem::path photo_dir;  // specialist photos (<data_dir>/photos)
    std::filesystem::path cover_dir;  // article covers (<data_dir>/covers)
    std::string base_url;             // "https://hearth.example", starts the links in e-mails
    std::filesystem::path export_dir;  // data export archives (<data_dir>/exports)
};

// The second factor, when the account has one. Two-factor sign-in lives in
// its own feature; the application wires it in here. Until then Hearth
// knows of none: `enrolled` answers false and `accepts` true.
struct SecondFactor {
    // Whether the account must give a code (the form shows the field).
    std::function<bool(std::int64_t user_id)> enrolled = [](std::int64_t) { return false; };
    // Whether `code` is a valid, unused code of the account (and uses it up).
    std::function<bool(std::int64_t user_id, std::string_view code)> accepts = [](std::int64_t, std::string_view) {
        return true;
    };
};

// POST /api/v1/me/deletion and the /account/delete form.
struct DeletionRequest {
    std::string password;  // exactly as typed
    std::string otp;       // the second-factor code; ignored when the account has none
};

// POST /admin/people/{id}/deletion: an admin acting on a request made by e-mail.
struct AdminDeletionRequest {
    std::int64_t user_id = 0;
    std::string reason;  // required, at most max_reason_chars: how the request came
};
inline constexpr std::size_t max_reason_chars = 500;

struct ScheduledDeletion {
    std::int64_t user_id = 0;
    std::int64_t due_at = 0;  // UTC seconds
};

struct DeletionRefusal {
    enum class Code {
        invalid,          // 422: a field is missing or malformed (`field`)
        wrong_password,   // 422, field "password": nothing changed
        wrong_code,       // 422, field "otp": nothing changed
        already_pending,  // 409: a deletion is already on its way
        no_deletion,      // 404: nothing pending to cancel
        rate_limited,     // 429: `retry_after_seconds`
    };
    Code code = Code::invalid;
    std::string message;  // for the person
    std::string field;    // "" for the request as a whole
    int retry_after_seconds = 0;
};
std::string_view code_name(DeletionRefusal::Code code);  // "wrong_password", ...
int status_of(DeletionRefusal::Code code);

template <class T>
using DeletionOutcome = Outcome<T, DeletionRefusal>;

// What the admin's person page shows.
struct PersonView {
    PersonSummary person;
    PersonCounts counts;
    std::optional<PendingDeletion> deletion;  // pending only
};

class AccountDeletion {
public:
    AccountDeletion(db::Database& db, security::RateLimiter& limiter, const render::Templates& templates,
                    consultations::Consultations& consultations, DeletionSettings settings)
        : db_(db), limiter_(limiter), templates_(templates), consultations_(consultations),
          settings_(std::move(settings)) {}

    // Set once at start-up, before the server takes requests.
    void use_second_factor(SecondFactor factor) { second_factor_ = std::move(factor); }
    bool needs_second_factor(std::int64_t user_id) const { return second_factor_.enrolled(user_id); }
    std::chrono::seconds grace() const { return settings_.grace; }

    // The actor's own pending deletion, or a cancelled one not yet shown to
    // them (it is then forgotten: the notice shows once). 401 for a visitor.
    std::optional<PendingDeletion> status(const Actor& actor);
    // Checks the password (and code), then in one unit of work records the
    // deletion due after the grace period, ends every session of the
    // account, queues the e-mail and the audit entry. Errors: 401/403
    // (policy delete_own_account). Refusals: wrong_password, wrong_code,
    // already_pending, rate_limited (deletion_attempt_per_user).
    DeletionOutcome<ScheduledDeletion> request(const Actor& actor, const DeletionRequest& command);
    // Cancels the actor's own pending deletion. Refusals: no_deletion.
    DeletionOutcome<bool> cancel(const Actor& actor);

    // --- admins (policy manage_people; 401/403 otherwise) ---
    // Accounts whose address contains `fragment` (at least 3 characters; fewer: none).
    std::vector<PersonSummary> find_people(const Actor& actor, const std::string& fragment);
    // Counts, never content. 404 for an unknown or deleted account.
    PersonView person(const Actor& actor, std::int64_t user_id);
    // Starts the same grace period for the account (its sessions end, it is
    // e-mailed). Refusals: invalid (reason), already_pending. 404 unknown.
    DeletionOutcome<ScheduledDeletion> start_for(const Actor& actor, const AdminDeletionRequest& command);

    // --- background (maintenance loop and `hearth accounts purge`) ---
    // Erases every account whose deletion is due at `now` (UTC seconds),
    // one unit of work each, then removes their files. Returns how many.
    int purge_due(std::int64_t now);

private:
    // Records the deletion, ends the sessions, e-mails the person; in `s`.
    ScheduledDeletion schedule(db::Session& s, std::int64_t user_id, std::int64_t by, std::string_view reason,
                               const std::string& client_address);
    // Erases one account; false when it was no longer due (cancelled meanwhile).
    bool purge_one(std::int64_t user_id, std::int64_t now);

    db::Database& db_;
    security::RateLimiter& limiter_;
    const render::Templates& templates_;
    consultations::Consultations& consultations_;
    DeletionSettings settings_;
    SecondFactor second_factor_;
    // An erasure whose old rows the engine may still hold (see
    // db::Database::release_erased_copies), tried again each round.
    std::atomic<bool> copies_left_{false};
};

// A new session during the grace period (Accounts::start_session calls this in its
// unit of work): cancels a pending deletion of `user_id`, records it and
// e-mails the person. Returns whether one was cancelled.
bool cancel_on_log_in(db::Session& s, const render::Templates& templates, std::int64_t user_id,
                      std::string_view client_address);

// "Monday 7 December 2026, 14:05 UTC": how pages and e-mails name the day.
std::string due_text(std::int64_t at);

}  // namespace hearth::privacy
