#include "features/questions/question_safety.hpp"

#include "features/common/crisis_phrases.hpp"
#include "features/reports/review_flags.hpp"

namespace hearth::questions {

bool flag_if_crisis(db::Session& s, std::string_view target_type, std::int64_t id, std::string_view text) {
    if (!crisis::speaks_of_self_harm(text)) return false;
    reports::flag_for_review(s, target_type, id, "self_harm_concern");
    return true;
}

}  // namespace hearth::questions
