#pragma once
// Items Hearth itself puts into the moderation queue: a question or answer
// that speaks of self-harm or suicide (features/common/crisis_phrases.hpp)
// is flagged for review, never silently deleted, and its writer is shown
// crisis resources at once.
#include <cstdint>
#include <string_view>

#include "db/database.hpp"

namespace hearth::reports {

// Adds an open report with no reporter (Hearth flagged it) of the item
// `target_type` / `target_id` for `reason` (one of reports::reasons, e.g.
// "self_harm_concern"), in the caller's write transaction. An item already
// flagged for that reason and still open is not flagged twice.
void flag_for_review(db::Session& s, std::string_view target_type, std::int64_t target_id,
                     std::string_view reason);

}  // namespace hearth::reports
