#pragma once
#include <cstdint>
#include <string>
#include <string_view>

#include "db/database.hpp"

namespace hearth::audit {

// Records a sensitive action in the same transaction as the change itself,
// so the log never claims what did not happen, nor misses what did.
void record(db::Session& s, std::int64_t actor_user_id, std::string_view action, std::string_view target_type,
            std::string_view target_id, std::string_view detail, std::string_view ip);

// The detail for words a person wrote for someone else (a cancel reason, a
// booking note, a suspension reason): only whether there were any,
// "reason_given: true" or "reason_given: false" (`key` names it). The log
// is read by admins beside the person's e-mail address, so it never holds
// free text.
std::string reason_detail(std::string_view words, std::string_view key = "reason_given");

}  // namespace hearth::audit
