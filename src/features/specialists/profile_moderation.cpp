#include "features/specialists/profile_moderation.hpp"

#include <string>

#include "features/specialists/profile_store.hpp"

namespace hearth::specialists {

namespace {

// What the queue shows of a profile: who it presents and how.
struct ProfileSummary {
    std::int64_t user_id = 0;
    std::string slug;
    std::string full_name;
    std::string headline;
    bool listed = false;
    bool suspended = false;
    std::string suspended_reason;
};

std::optional<ProfileSummary> summary(db::Session& s, std::int64_t id) {
    const auto r = s.query(
        "SELECT user_id, slug, full_name, headline, listed, suspended_at, suspended_reason "
        "FROM specialist_profiles WHERE id = $1",
        {id});
    if (r.empty()) return std::nullopt;
    const auto& row = r.front();
    return ProfileSummary{row.integer(0), row.text(1), row.text(2), row.text(3), row.integer(4) == 1,
                          !row.is_null(5), row.is_null(6) ? std::string() : row.text(6)};
}

reports::TargetView view_of(const ProfileSummary& p) {
    reports::TargetView view;
    view.author_id = p.user_id;
    view.title = "Profile: " + p.full_name;
    view.text = p.headline;
    view.public_path = "/specialists/" + p.slug;
    view.hidden = p.suspended;
    view.hidden_reason = p.suspended_reason;
    return view;
}

}  // namespace

std::optional<reports::TargetView> ProfileModeration::for_reporter(db::Session& s, const Principal&,
                                                                   std::int64_t id) const {
    const auto p = summary(s, id);
    if (!p || !p->listed) return std::nullopt;
    return view_of(*p);
}

std::optional<reports::TargetView> ProfileModeration::for_admin(db::Session& s, std::int64_t id) const {
    const auto p = summary(s, id);
    if (!p) return std::nullopt;
    return view_of(*p);
}

bool ProfileModeration::set_hidden(db::Session& s, std::int64_t id, const std::optional<reports::Hide>& hide) const {
    if (!summary(s, id)) return false;
    if (hide) {
        set_suspended(s, id, hide->reason);
    } else {
        clear_suspension(s, id);
    }
    return true;
}

void refresh_listing_of_user(db::Session& s, std::int64_t user_id) {
    for (const auto& row : s.query("SELECT id FROM specialist_profiles WHERE user_id = $1", {user_id})) {
        refresh_listing(s, row.integer(0));
    }
}

}  // namespace hearth::specialists
