#pragma once
// Specialist profiles: editing (page wizard and API share this), photos,
// asking to be listed, and the admin's verification and suspension.
#include <filesystem>
#include <optional>
#include <string>
#include <string_view>

#include "db/database.hpp"
#include "features/specialists/profile.hpp"
#include "http/input.hpp"
#include "http/request.hpp"

namespace hearth::specialists {

inline constexpr std::size_t max_photo_bytes = 2 * 1024 * 1024;

struct Photo {
    std::string bytes;
    std::string content_type;
};

class Profiles {
public:
    Profiles(db::Database& db, std::filesystem::path photo_dir) : db_(db), photo_dir_(std::move(photo_dir)) {}

    // The signed-in specialist's own profile, in any state.
    std::optional<Profile> mine(const http::Principal& who);
    // Validates every field (422 naming each bad one, nothing saved) and
    // creates or updates the profile. A changed licence needs verifying again.
    Profile save(const http::Principal& who, http::Input& input, const http::Request& req);
    // Checks the bytes are really a JPEG, PNG or WebP (422 otherwise; 413 when too large).
    void save_photo(const http::Principal& who, std::string_view bytes, const http::Request& req);
    // 422 when the profile lacks what a listing needs (licence, specialties...).
    Profile request_publish(const http::Principal& who, const http::Request& req);

    Profile verify(const http::Principal& admin, std::string_view slug, const http::Request& req);
    Profile suspend(const http::Principal& admin, std::string_view slug, std::string_view reason,
                    const http::Request& req);
    Profile reinstate(const http::Principal& admin, std::string_view slug, const http::Request& req);
    std::vector<Profile> pending(const http::Principal& admin);

    // A listed profile, or 404 (also for drafts, unverified and suspended ones).
    Profile public_profile(std::string_view slug);
    // The photo of a listed profile (or the owner's own), for serving.
    std::optional<Photo> photo(std::string_view slug, const http::Principal& who);

private:
    Profile load_admin_target(db::Session& s, std::string_view slug);
    db::Database& db_;
    std::filesystem::path photo_dir_;
};

// Reads and validates the editable fields; records problems on `input`.
ProfileFields read_profile_fields(http::Input& input);
// "image/jpeg", "image/png", "image/webp" from the first bytes, or "".
std::string_view sniff_image_type(std::string_view bytes);

}  // namespace hearth::specialists
