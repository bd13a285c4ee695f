#pragma once
// Articles in the moderation queue (reports/moderation_target.hpp): a
// reader reports a published article; an admin hides it (the same take-down
// as the editor's, with its reason shown to the author) or restores it.
// The application registers it with the reports desk.
#include "features/reports/moderation_target.hpp"

namespace hearth::articles {

class ArticleModerationTarget final : public reports::ModerationTarget {
public:
    std::string_view type() const override { return "article"; }
    // Published, not hidden, and not the reporter's own.
    std::optional<reports::TargetView> for_reporter(db::Session& s, const Principal& reporter,
                                                    std::int64_t id) const override;
    std::optional<reports::TargetView> for_admin(db::Session& s, std::int64_t id) const override;
    bool can_hide() const override { return true; }
    bool set_hidden(db::Session& s, std::int64_t id, const std::optional<reports::Hide>& hide) const override;
};

}  // namespace hearth::articles
