#pragma once
// Specialist profiles: editing (page wizard and API share this), photos,
// asking to be listed, and the admin's verification and suspension.
#include <array>
#include <filesystem>
#include <memory>
#include <mutex>
#include <unordered_map>
#include <optional>
#include <string>
#include <string_view>

#include "db/database.hpp"
#include "features/common/content_version.hpp"
#include "features/common/paging.hpp"
#include "features/specialists/profile.hpp"
#include "http/input.hpp"
#include "http/request.hpp"

namespace hearth::specialists {

inline constexpr std::size_t max_photo_bytes = 2 * 1024 * 1024;
// The currencies a fee may be given in (the form's select offers these).
inline constexpr std::array<std::string_view, 20> currencies = {"EUR", "USD", "GBP", "CAD", "AUD", "NZD", "CHF",
                                                                "SEK", "NOK", "DKK", "PLN", "CZK", "HUF", "RON",
                                                                "INR", "JPY", "ZAR", "BRL", "MXN", "SGD"};

struct Photo {
    std::string bytes;
    std::string content_type;
};

class Profiles {
public:
    // With `cache` on, public profiles are kept in memory, tagged with the
    // directory version they were read at (see Directory).
    Profiles(db::Database& db, std::filesystem::path photo_dir, bool cache, const content_version::Watch& watch)
        : db_(db), photo_dir_(std::move(photo_dir)), cache_enabled_(cache), watch_(watch) {}

    // The signed-in specialist's own profile, in any state.
    std::optional<Profile> mine(const Principal& who);
    // Validates every field (422 naming each bad one, nothing saved) and
    // creates or updates the profile. A changed licence needs verifying again.
    Profile save(const Principal& who, http::Input& input, const http::Request& req);
    // Checks the bytes are really a JPEG, PNG or WebP (422 otherwise; 413 when too large).
    void save_photo(const Principal& who, std::string_view bytes, const http::Request& req);
    // 422 when the profile lacks what a listing needs (licence, specialties...).
    Profile request_publish(const Principal& who, const http::Request& req);

    Profile verify(const Principal& admin, std::string_view slug, const http::Request& req);
    Profile suspend(const Principal& admin, std::string_view slug, std::string_view reason,
                    const http::Request& req);
    Profile reinstate(const Principal& admin, std::string_view slug, const http::Request& req);
    std::vector<Profile> pending(const Principal& admin);
    // Admins: any profile by slug (404 when there is none), and the
    // profiles of one state, a page at a time.
    Profile for_admin(const Principal& admin, std::string_view slug);
    struct List {
        std::vector<Profile> items;
        std::int64_t total = 0;
    };
    List in_state(const Principal& admin, ListingState state, const paging::Page& page);

    // A listed profile, or 404 (also for drafts, unverified and suspended
    // ones). Visitors may be answered from memory at the pushed directory
    // version; signed-in viewers, who may have just edited it, always at
    // the version in the database.
    Profile public_profile(std::string_view slug, const Principal& viewer);
    // The photo of a listed profile (or the owner's own), for serving.
    std::optional<Photo> photo(std::string_view slug, const Principal& who);

private:
    struct KeptProfile {
        std::int64_t version = 0;
        std::shared_ptr<const Profile> profile;
    };
    Profile load_admin_target(db::Session& s, std::string_view slug);
    std::shared_ptr<const Profile> kept_profile(std::string_view slug, std::int64_t version);
    void keep_profile(std::int64_t version, std::shared_ptr<const Profile> profile);

    db::Database& db_;
    std::filesystem::path photo_dir_;
    const bool cache_enabled_;
    const content_version::Watch& watch_;
    std::mutex mutex_;
    std::unordered_map<std::string, KeptProfile> kept_;  // by slug
};

// Reads and validates the editable fields; records problems on `input`.
ProfileFields read_profile_fields(http::Input& input);
// What a profile still lacks before it can ask to be listed, one problem
// per field (empty when it is complete).
std::vector<FieldError> missing_for_listing(const Profile& p);
// "image/jpeg", "image/png", "image/webp" from the first bytes, or "".
std::string_view sniff_image_type(std::string_view bytes);

}  // namespace hearth::specialists
