#pragma once
// Questions and answers in the moderation queue (reports::ModerationTarget):
// what a reporter and an admin see of them, and hiding / restoring them.
// A hidden question or answer is 404 to the public, visible to admins,
// and visible, marked "Hidden by Hearth's moderators: <reason>", to its
// writer; hiding leaves search and lowers the question's answer count.
// The application registers both with the reports desk.
#include "features/reports/moderation_target.hpp"

namespace hearth::questions {

class QuestionModeration final : public reports::ModerationTarget {
public:
    std::string_view type() const override { return "question"; }
    std::optional<reports::TargetView> for_reporter(db::Session& s, const Principal& reporter,
                                                    std::int64_t id) const override;
    std::optional<reports::TargetView> for_admin(db::Session& s, std::int64_t id) const override;
    bool can_hide() const override { return true; }
    bool set_hidden(db::Session& s, std::int64_t id, const std::optional<reports::Hide>& hide) const override;
};

class AnswerModeration final : public reports::ModerationTarget {
public:
    std::string_view type() const override { return "answer"; }
    std::optional<reports::TargetView> for_reporter(db::Session& s, const Principal& reporter,
                                                    std::int64_t id) const override;
    std::optional<reports::TargetView> for_admin(db::Session& s, std::int64_t id) const override;
    bool can_hide() const override { return true; }
    bool set_hidden(db::Session& s, std::int64_t id, const std::optional<reports::Hide>& hide) const override;
};

}  // namespace hearth::questions
