#pragma once
// The maintenance step that measures "usually replies within ..." from the
// stored conversations and keeps specialist_profiles.usual_reply_seconds
// (migration 0014) up to date. The rule is reply_time.hpp's.
#include <cstdint>

#include "db/database.hpp"

namespace hearth::specialists {

// Recomputes the figure of every profile with a conversation created in
// the last 90 days before `now` (UTC seconds), and clears the figure of
// profiles that no longer have one. Time alone changes figures (a silence
// grows older, conversations leave the window), so every such profile is
// looked at, not only those with new messages: one read of the window's
// conversations, then one write with the values that changed, raising the
// content version when any did. Returns how many profiles changed.
int refresh_reply_times(db::Database& db, std::int64_t now);

}  // namespace hearth::specialists
