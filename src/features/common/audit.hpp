#pragma once
#include <cstdint>
#include <string_view>

#include "db/database.hpp"

namespace hearth::audit {

// Records a sensitive action in the same transaction as the change itself,
// so the log never claims what did not happen, nor misses what did.
void record(db::Session& s, std::int64_t actor_user_id, std::string_view action, std::string_view target_type,
            std::string_view target_id, std::string_view detail, std::string_view ip);

}  // namespace hearth::audit
