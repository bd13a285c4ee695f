#include "features/questions/question_safety.hpp"

#include "features/common/crisis_phrases.hpp"
#include "features/reports/review_flags.hpp"

// flag_for_review belongs to the reports feature; declared weak here only
// until that implementation is part of the build, so this feature builds
// and runs on its own meanwhile (crisis resources still shown). Remove
// this declaration once reports/review_flags.cpp exists.
namespace hearth::reports {
void flag_for_review(db::Session& s, std::string_view target_type, std::int64_t target_id, std::string_view reason)
    __attribute__((weak));
}

namespace hearth::questions {

bool flag_if_crisis(db::Session& s, std::string_view target_type, std::int64_t id, std::string_view text) {
    if (!crisis::speaks_of_self_harm(text)) return false;
    if (&reports::flag_for_review != nullptr) reports::flag_for_review(s, target_type, id, "self_harm_concern");
    return true;
}

}  // namespace hearth::questions
