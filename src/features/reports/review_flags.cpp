#include "features/reports/review_flags.hpp"

#include <string>

#include "core/clock.hpp"

namespace hearth::reports {

void flag_for_review(db::Session& s, std::string_view target_type, std::int64_t target_id,
                     std::string_view reason) {
    // reports_flag_once (migration 0019) keeps one open flag per item and
    // reason; a second flag while the first is open changes nothing.
    s.query("INSERT INTO reports (reporter_id, target_type, target_id, reason, note, status, created_at) "
            "VALUES (NULL, $1, $2, $3, '', 'open', $4) ON CONFLICT DO NOTHING",
            {std::string(target_type), target_id, std::string(reason), now_seconds()});
}

}  // namespace hearth::reports
