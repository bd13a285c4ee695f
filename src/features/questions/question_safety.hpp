#pragma once
// Questions and answers that speak of self-harm or suicide (the same
// phrase list as messages, features/common/crisis_phrases.hpp): saved as
// usual, their writer shown crisis resources at once, and flagged for the
// moderators' review. Never blocked, never silently deleted.
#include <cstdint>
#include <string_view>

#include "db/database.hpp"

namespace hearth::questions {

// When `text` speaks of self-harm, flags the item `target_type`
// ("question" or "answer") / `id` for review with the reason
// "self_harm_concern", in the caller's write transaction, and returns
// true (show crisis resources); false otherwise.
bool flag_if_crisis(db::Session& s, std::string_view target_type, std::int64_t id, std::string_view text);

}  // namespace hearth::questions
