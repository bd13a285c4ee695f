#pragma once
// The SQL of account deletion (migration 0027): pending requests, and the
// erasure of one person when their request is due. Every function runs
// inside a unit of work the caller opened.
//
// What erasure does with each kind of record (the /account/delete page
// says the same in plain words):
// - users row: kept as a husk so the other side of a conversation, a
//   booking or a question still has someone to point at, but scrubbed:
//   e-mail and its normalised form become "<husk>@deleted.invalid"
//   (the address is free to sign up again as a new account), the name
//   "a deleted account", no password, deleted_at set.
// - specialist profile: unlisted and scrubbed the same way (every text
//   emptied, slug = pseudonym, no photo), its terms, hours and time off
//   deleted, its search document removed.
// - consultations: those not yet over are cancelled (the caller does it
//   through consultations::Consultations, with the usual notices); in
//   every one of theirs the note, phone number and their cancel reasons
//   are emptied.
// - messages: every message stays in its conversation, so the other
//   participant still reads the whole exchange; the deleted person's side
//   (their conversation_members row: read state, archive, block) goes.
//   The sender shows as "a deleted account". Bodies are sealed at rest.
// - questions: anonymous ones lose the link to the account (asker_id
//   NULL); named questions and answers stay, shown as "a deleted account"'s.
// - articles: deleted (drafts and published ones, with covers).
// - helpful marks (counts lowered), topic follows, digests, contact
//   requests, sessions, account tokens, live events, the pending request:
//   deleted. Reports they made stay for moderation with reporter_id NULL.
// - outbox: rows addressed to them deleted; their address and name in
//   other rows replaced.
// - audit log: their entries keep only the pseudonym (actor id NULL,
//   actor_pseudonym set, address cleared); their id, address, name and
//   profile slug in targets and details are replaced by it.
#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include "db/database.hpp"

namespace hearth::privacy {

// The words that stand for an erased person wherever a name is shown.
inline constexpr const char* deleted_account_name = "a deleted account";

struct PendingDeletion {
    std::int64_t user_id = 0;
    std::int64_t requested_at = 0;  // UTC seconds
    std::int64_t due_at = 0;        // UTC seconds
    std::int64_t requested_by = 0;  // the person, or the admin who started it; 0: unknown
    std::string reason;             // the admin's note ("" for a person's own request)
    std::optional<std::int64_t> cancelled_at;  // set once a log-in cancelled it
};

// The account's deletion row (pending or cancelled), if any.
std::optional<PendingDeletion> find_deletion(db::Session& s, std::int64_t user_id);
// Starts (or restarts, when one was cancelled) a pending deletion due at
// `due_at`. Returns false, changing nothing, when one is already pending.
bool insert_deletion(db::Session& s, std::int64_t user_id, std::int64_t requested_by, std::string_view reason,
                     std::int64_t now, std::int64_t due_at);
// Marks the pending deletion cancelled at `now`; false when none was pending.
bool cancel_deletion(db::Session& s, std::int64_t user_id, std::int64_t now);
// Forgets a cancelled deletion once the person has been told (their /account page).
void forget_cancelled(db::Session& s, std::int64_t user_id);
// Takes the row lock of `user_id`'s deletion if it is still pending and due
// at `now`; false otherwise (cancelled meanwhile, or already purged).
bool claim_due_deletion(db::Session& s, std::int64_t user_id, std::int64_t now);
// Accounts whose pending deletion is due at `now`, oldest first, at most `limit`.
std::vector<std::int64_t> due_deletions(db::Session& s, std::int64_t now, std::int64_t limit);

// What the purge leaves for after the commit: files to remove, relative to
// the photo and cover folders.
struct Erased {
    std::vector<std::string> photo_files;
    std::vector<std::string> cover_files;
    std::int64_t profile_id = 0;  // 0: they had no specialist profile
};

// The first half of erasing `user_id`: scrubs the users row so that what
// follows (cancellation notices) already names "a deleted account".
// Returns nullopt, changing nothing, when the account is unknown or
// already deleted. `husk` ("deleted-<random>") names what is kept of the
// account (its address, its profile's slug); the audit log's pseudonym is
// another random word, so neither leads to the other.
struct Identity {
    std::string email;
    std::string display_name;
};
std::optional<Identity> scrub_account(db::Session& s, std::int64_t user_id, const std::string& husk,
                                      std::int64_t now);
// The second half: everything else listed at the top of this file.
// `identity` is what scrub_account returned; `pseudonym` ("deleted-<random>")
// replaces the person in the audit log.
Erased erase_person(db::Session& s, std::int64_t user_id, const Identity& identity, const std::string& husk,
                    const std::string& pseudonym, std::int64_t now);

// --- the admin's view of a person ---

struct PersonSummary {
    std::int64_t id = 0;
    std::string email;
    std::string display_name;
    std::string role;
    std::int64_t created_at = 0;
    bool suspended = false;
};

// How much of each kind exists for a person: counts, never content.
struct PersonCounts {
    std::int64_t consultations = 0;  // either side, any status
    std::int64_t upcoming_consultations = 0;
    std::int64_t conversations = 0;
    std::int64_t messages_sent = 0;
    std::int64_t questions = 0;
    std::int64_t answers = 0;
    std::int64_t articles = 0;
    std::int64_t reports_made = 0;
    std::int64_t contact_requests = 0;
    std::int64_t sessions = 0;  // live ones
    bool has_profile = false;
};

// A live (not deleted) account by id.
std::optional<PersonSummary> find_person(db::Session& s, std::int64_t user_id);
// Live accounts whose e-mail address contains `fragment` (case-insensitive), at most 50.
std::vector<PersonSummary> search_people(db::Session& s, const std::string& fragment);
PersonCounts count_records(db::Session& s, std::int64_t user_id, std::int64_t now);

}  // namespace hearth::privacy
