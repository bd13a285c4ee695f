#include "features/specialists/reply_time_refresh.hpp"

#include <map>
#include <optional>
#include <vector>

#include "features/common/content_version.hpp"
#include "features/specialists/reply_time.hpp"

namespace hearth::specialists {

int refresh_reply_times(db::Database& db, std::int64_t now) {
    using Figure = std::optional<std::int64_t>;
    std::map<std::int64_t, Figure> computed;  // profile id -> figure
    std::map<std::int64_t, std::int64_t> stored;
    db.read([&](db::Session& s) {
        // Conversations the member blocked before any reply cannot be
        // answered: left out. One the specialist blocked without replying
        // stays in as not answered: blocking must not flatter the figure
        // (reply_time.hpp).
        const auto rows = s.query(
            "SELECT profile_id, created_at, first_reply_at FROM conversations WHERE created_at >= $1 "
            "AND (first_reply_at IS NOT NULL OR blocked_at IS NULL OR blocked_by <> member_id) ORDER BY profile_id",
            {now - reply_window_seconds});
        std::vector<ReplySample> samples;
        for (std::size_t i = 0; i < rows.size(); ++i) {
            samples.push_back({rows[i].integer(1), rows[i].optional_integer(2)});
            const auto profile = rows[i].integer(0);
            if (i + 1 == rows.size() || rows[i + 1].integer(0) != profile) {
                computed[profile] = usual_reply_seconds(samples, now);
                samples.clear();
            }
        }
        for (const auto& r :
             s.query("SELECT id, usual_reply_seconds FROM specialist_profiles WHERE usual_reply_seconds IS NOT NULL")) {
            stored[r.integer(0)] = r.integer(1);
        }
    });

    std::vector<std::pair<std::int64_t, Figure>> changes;
    for (const auto& [profile, figure] : computed) {
        const auto at = stored.find(profile);
        const Figure before = at == stored.end() ? Figure{} : Figure{at->second};
        if (before != figure) changes.emplace_back(profile, figure);
    }
    for (const auto& [profile, seconds] : stored) {
        if (!computed.contains(profile)) changes.emplace_back(profile, std::nullopt);
    }
    if (changes.empty()) return 0;
    db.write([&](db::Session& s) {
        for (const auto& [profile, figure] : changes) {
            s.query("UPDATE specialist_profiles SET usual_reply_seconds = $1 WHERE id = $2",
                    {figure ? db::Value(*figure) : db::Value(nullptr), profile});
        }
        content_version::raise(s);  // the figure shows on the profile page and in its JSON
    });
    return static_cast<int>(changes.size());
}

}  // namespace hearth::specialists
