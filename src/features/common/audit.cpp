#include "features/common/audit.hpp"

#include "core/clock.hpp"

namespace hearth::audit {

void record(db::Session& s, std::int64_t actor_user_id, std::string_view action, std::string_view target_type,
            std::string_view target_id, std::string_view detail, std::string_view ip) {
    s.query(
        "INSERT INTO audit_log (actor_user_id, action, target_type, target_id, detail, ip, created_at) "
        "VALUES ($1, $2, $3, $4, $5, $6, $7)",
        {actor_user_id == 0 ? db::Value(nullptr) : db::Value(actor_user_id), std::string(action),
         std::string(target_type), std::string(target_id), std::string(detail), std::string(ip), now_seconds()});
}

std::string reason_detail(std::string_view words, std::string_view key) {
    const bool given = words.find_first_not_of(" \t\r\n") != std::string_view::npos;
    return std::string(key) + (given ? ": true" : ": false");
}

}  // namespace hearth::audit
