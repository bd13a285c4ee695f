#pragma once
// Specialist profiles in the moderation queue (target_type "profile", the
// id is specialist_profiles.id). Anyone signed in may report a listed
// profile that is not their own; an admin's hide is the profile suspension
// admins already had (the specialist sees the reason, the public gets 404,
// the directory and search drop it), and restore is its reinstatement.
#include <cstdint>
#include <optional>

#include "db/database.hpp"
#include "features/reports/moderation_target.hpp"

namespace hearth::specialists {

class ProfileModeration final : public reports::ModerationTarget {
public:
    std::string_view type() const override { return "profile"; }
    // Listed profiles only; nullopt for any other, whoever asks.
    std::optional<reports::TargetView> for_reporter(db::Session& s, const Principal& reporter,
                                                    std::int64_t id) const override;
    // Any profile, listed, hidden or not yet listed.
    std::optional<reports::TargetView> for_admin(db::Session& s, std::int64_t id) const override;
    bool can_hide() const override { return true; }
    // Suspends the profile with the hide's reason, or reinstates it; the
    // listing, the search document and the content version follow
    // (refresh_listing).
    bool set_hidden(db::Session& s, std::int64_t id, const std::optional<reports::Hide>& hide) const override;
};

// After account `user_id` was suspended or reinstated: recomputes whether
// its profile (if any) is listed. For TargetRegistry::on_suspension.
void refresh_listing_of_user(db::Session& s, std::int64_t user_id);

}  // namespace hearth::specialists
