#pragma once
// Specialist profiles: editing (the page wizard and the API send the same
// draft), photos, asking to be listed, the admin's verification and
// suspension, and reading a profile as the policy allows.
//
// Commands are typed values from any caller (pages, API, command line,
// tests); the service checks them in one place and answers with the result
// or a ProfileRefusal that the caller shows. Errors that end a request for
// anyone alike stay hearth::Error: 401/403 from the policy, 404.
#include <array>
#include <atomic>
#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/actor.hpp"
#include "core/error.hpp"
#include "core/outcome.hpp"
#include "core/versioned_cache.hpp"
#include "db/database.hpp"
#include "features/common/content_version.hpp"
#include "features/common/paging.hpp"
#include "features/specialists/profile.hpp"
#include "features/specialists/profile_photo.hpp"

namespace hearth::render {
class Templates;
}

namespace hearth::specialists {

// The currencies a fee may be given in (the form's select offers these).
inline constexpr std::array<std::string_view, 20> currencies = {"EUR", "USD", "GBP", "CAD", "AUD", "NZD", "CHF",
                                                                "SEK", "NOK", "DKK", "PLN", "CZK", "HUF", "RON",
                                                                "INR", "JPY", "ZAR", "BRL", "MXN", "SGD"};
// Limits in characters (Unicode code points), the same for pages and API.
namespace limits {
inline constexpr std::size_t full_name = 120;
inline constexpr std::size_t credentials = 200;
inline constexpr std::size_t licence_number = 60;
inline constexpr std::size_t licence_region = 120;
inline constexpr std::size_t headline = 160;
inline constexpr std::size_t bio = 6000;
inline constexpr std::size_t approach = 4000;
inline constexpr std::size_t city = 100;
inline constexpr std::size_t suspend_reason = 500;
inline constexpr std::size_t website = 300;
inline constexpr std::size_t phone = 30;
inline constexpr std::size_t contact_email = 254;  // RFC 5321 section 4.5.3.1.3
inline constexpr std::size_t terms_per_kind = 10;  // specialties, modalities, languages each
inline constexpr std::int64_t fee = 100000;       // whole units of the currency, 0..fee
}  // namespace limits

// Every editable field of a profile, as a person gave it: the stored
// shape, nothing checked yet. Handlers only copy fields into it;
// Profiles::save checks it ("" time zone means UTC, "" currency EUR).
struct ProfileDraft : ProfileFields {
    // The specialist's settings (Profile::accepting_new_clients,
    // messages_open): nullopt keeps what is stored (true for a new profile),
    // so a caller that does not know them never changes them.
    std::optional<bool> accepting_new_clients;
    std::optional<bool> messages_open;
};
// The stored fields as a draft: where a wizard step starts, changing only its own.
ProfileDraft draft_of(const ProfileFields& fields);

struct SuspendRequest {
    std::string slug;
    std::string reason;  // required (the specialist is shown it), at most limits::suspend_reason characters
};

// An expected "no" from the profile service.
struct ProfileRefusal {
    enum class Code {
        invalid,        // fields: each bad field with its message (422)
        incomplete,     // asking to be listed: fields lists what is missing (422)
        no_profile,     // a photo or listing before the profile exists (422, field "profile" or "photo")
        photo_too_large,// over max_photo_bytes (413, field "photo")
        not_requested,  // verifying a profile that has not asked to be listed (409)
    };
    Code code = Code::invalid;
    std::vector<FieldError> fields;  // never empty: the first names the field the message is about

    std::string_view code_name() const;  // "invalid", "incomplete", "no_profile", "photo_too_large", "not_requested"
    const std::string& message() const { return fields.front().message; }
    const std::string& field() const { return fields.front().field; }
};

template <class T>
using ProfileOutcome = Outcome<T, ProfileRefusal>;

struct Photo {
    std::string bytes;
    std::string content_type;
    // Listed: anyone may see it (and shared caches may keep it). Otherwise
    // only the owner and admins got it, and it must not be kept.
    bool public_to_everyone = false;
};

class Profiles {
public:
    // With `cache` on, listed profiles are kept in memory by slug at the
    // content version they were read at (core/versioned_cache.hpp).
    // `templates` (may be null: no e-mail) renders the "you're listed"
    // e-mail (templates/emails/specialist_listed) with links on `base_url`.
    Profiles(db::Database& db, std::filesystem::path photo_dir, bool cache, const content_version::Watch& watch,
             const render::Templates* templates = nullptr, std::string base_url = {});

    // The specialist's own profile, in any state; nullopt before the first
    // save. 401/403 (policy edit_profile) for anyone but a specialist.
    std::optional<Profile> mine(const Principal& who);
    // 401 for visitors, 403 for anyone who may never edit a profile (policy
    // edit_profile): handlers ask before reading a body.
    void require_editor(const Principal& who) const;
    // Checks every field of `draft` (refusal `invalid` naming each bad one,
    // nothing saved) and creates or updates the actor's own profile,
    // recording profile.create / profile.update. A changed licence number or
    // region needs verifying again.
    ProfileOutcome<Profile> save(const Actor& actor, ProfileDraft draft);
    // Keeps `bytes` as the profile photo when check_image accepts them
    // (refusals: invalid with field "photo", photo_too_large, no_profile).
    ProfileOutcome<Profile> save_photo(const Actor& actor, std::string_view bytes);
    // Asks for the profile to be listed (listed once an admin verifies it);
    // refusal `incomplete` with what a listing still lacks.
    ProfileOutcome<Profile> request_publish(const Actor& actor);

    // Admins (policy verify_specialist): 404 for an unknown slug. The first
    // verification e-mails the specialist that they are listed, with what
    // to do next (set hours when they offer free consultations and have no
    // open time).
    ProfileOutcome<Profile> verify(const Actor& admin, std::string_view slug);
    ProfileOutcome<Profile> suspend(const Actor& admin, SuspendRequest request);
    Profile reinstate(const Actor& admin, std::string_view slug);
    std::vector<Profile> pending(const Principal& admin);
    Profile for_admin(const Principal& admin, std::string_view slug);
    struct List {
        std::vector<Profile> items;
        std::int64_t total = 0;
    };
    List in_state(const Principal& admin, ListingState state, const paging::Page& page);

    // A profile as `viewer` may see it (policy view_profile): listed ones to
    // anyone, unlisted and suspended ones to their owner and admins, 404 to
    // everyone else and for unknown slugs. Visitors may be answered from
    // memory at the pushed content version; signed-in viewers, who may have
    // just changed it, always at the version in the database.
    Profile public_profile(std::string_view slug, const Principal& viewer);
    // The photo of a profile `viewer` may see (the same rule); 404 when the
    // profile has none.
    Photo photo(std::string_view slug, const Principal& viewer);

private:
    db::Database& db_;
    std::filesystem::path photo_dir_;
    const bool cache_enabled_;
    const content_version::Watch& watch_;
    const render::Templates* templates_;
    std::string base_url_;
    VersionedCache<Profile> kept_;  // listed profiles by slug
};

// What a profile still lacks before it can ask to be listed, one problem
// per field (empty when it is complete).
std::vector<FieldError> missing_for_listing(const Profile& p);

}  // namespace hearth::specialists
