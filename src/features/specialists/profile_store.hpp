#pragma once
// The SQL of specialist profiles. Public reads only ever see listed
// profiles (requested, verified, not suspended): the filter is in the query.
#include <optional>
#include <string>
#include <string_view>

#include "db/database.hpp"
#include "features/specialists/profile.hpp"

namespace hearth::specialists {

std::optional<Profile> find_profile_of_user(db::Session& s, std::int64_t user_id);
std::optional<Profile> find_listed_profile(db::Session& s, std::string_view slug);
// How much of a profile to load: `card` leaves out bio and approach (and
// their HTML, most of a profile's bytes) and the modalities, which a card
// in a list does not show.
enum class ProfileDetail { full, card };
// Listed profiles with their terms, in the order of `ids` (ids of profiles
// that are not listed are left out), in two queries whatever their number.
std::vector<Profile> find_listed_profiles(db::Session& s, const std::vector<std::int64_t>& ids,
                                          ProfileDetail detail = ProfileDetail::full);
// Any state, for admins.
std::optional<Profile> find_profile_by_slug(db::Session& s, std::string_view slug);

// Creates the profile (with a new unique slug) or updates it; replaces its
// terms. Returns the profile id.
std::int64_t upsert_profile(db::Session& s, std::int64_t user_id, const ProfileFields& f,
                            const std::vector<vocabularies::Term>& terms, bool reset_verification);
// Whether the specialist takes new clients and new conversations; raises
// the content version.
void set_settings(db::Session& s, std::int64_t profile_id, bool accepting_new_clients, bool messages_open);
void set_photo(db::Session& s, std::int64_t profile_id, std::string_view file, std::string_view content_type);
void set_publish_requested(db::Session& s, std::int64_t profile_id);
void set_verified(db::Session& s, std::int64_t profile_id, std::int64_t admin_id);
void set_suspended(db::Session& s, std::int64_t profile_id, std::string_view reason);
void clear_suspension(db::Session& s, std::int64_t profile_id);
// Recomputes `listed` and the search document after any change above.
void refresh_listing(db::Session& s, std::int64_t profile_id);
// (Re)builds the search documents of the profiles with ids in
// [first_id, last_id] from their stored data and `listed` flag, in one
// statement (the bulk seeder indexes 100,000 profiles this way). Callers
// then raise the directory version (content_version::raise) in the same
// transaction.
void index_profiles(db::Session& s, std::int64_t first_id, std::int64_t last_id);

// Profiles waiting for an admin (publish requested, not verified yet).
std::vector<Profile> pending_profiles(db::Session& s);
// Admins' lists of one state: those awaiting verification oldest request
// first, the others most recently changed first.
std::vector<Profile> profiles_in_state(db::Session& s, ListingState state, std::int64_t limit, std::int64_t offset);
std::int64_t count_profiles_in_state(db::Session& s, ListingState state);
// Listed profiles that offer a free consultation, in id order (the campaign
// and home pages rotate through this order; the index keeps it cheap).
std::int64_t count_free_consultation_profiles(db::Session& s);
std::vector<Profile> free_consultation_profiles(db::Session& s, std::int64_t limit, std::int64_t offset);

// "Dr Amara Okafor" -> "dr-amara-okafor" (ASCII, diacritics folded).
std::string slugify(std::string_view name);

}  // namespace hearth::specialists
