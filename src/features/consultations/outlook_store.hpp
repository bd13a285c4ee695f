#pragma once
// The SQL of a specialist's outlook (migration 0013): the first open
// free-consultation slot in the coming 14 days, when to compute it again,
// and whether the "your hours have run out" e-mail has been sent. The
// directory reads next_open_at with the profile; only these functions
// write it.
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "db/database.hpp"
#include "features/consultations/slots.hpp"

namespace hearth::consultations {

struct OutlookRow {
    std::int64_t profile_id = 0;
    std::optional<std::int64_t> next_open_at;
    std::optional<std::int64_t> notice_at;  // hours_ran_out_notice_at
    bool offers = false;                    // offers_free_consultation
    bool listed = false;
    std::string full_name;
    std::string email;  // the specialist's account
};

std::optional<OutlookRow> load_outlook(db::Session& s, std::int64_t profile_id);
// Profiles with saved hours whose outlook must be computed again by
// `until` (UTC seconds), at most `limit`, soonest first.
std::vector<std::int64_t> outlooks_due(db::Session& s, std::int64_t until, std::int64_t limit);
void save_outlook(db::Session& s, std::int64_t profile_id, std::optional<std::int64_t> next_open_at,
                  std::int64_t recheck_at);
void set_run_out_notice(db::Session& s, std::int64_t profile_id, std::optional<std::int64_t> at);

// The outlook of a profile's `rules` from `now`, given its booked consultations.
Outlook outlook_of(db::Session& s, std::int64_t profile_id, const AvailabilityRules& rules, std::int64_t now);
// Computes and stores the outlook of every profile with hours whose id is in
// [first_id, last_id], sending nothing (the seeder's bulk path; the service
// refreshes one profile at a time with its e-mail). Callers then rebuild the
// search documents (specialists::index_profiles) and raise the content
// version. Profiles whose zone is unknown are left as they are.
void compute_outlooks(db::Session& s, std::int64_t first_id, std::int64_t last_id, std::int64_t now);

}  // namespace hearth::consultations
