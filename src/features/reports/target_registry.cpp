#include "features/reports/target_registry.hpp"

#include <algorithm>

namespace hearth::reports {

void TargetRegistry::add(std::shared_ptr<const ModerationTarget> target) {
    std::erase_if(targets_, [&](const auto& t) { return t->type() == target->type(); });
    targets_.push_back(std::move(target));
}

void TargetRegistry::on_suspension(SuspensionHook hook) { hooks_.push_back(std::move(hook)); }

void TargetRegistry::on_suspended(SuspensionHook hook) { suspended_hooks_.push_back(std::move(hook)); }

const ModerationTarget* TargetRegistry::find(std::string_view type) const {
    for (const auto& t : targets_) {
        if (t->type() == type) return t.get();
    }
    return nullptr;
}

void TargetRegistry::suspension_changed(db::Session& s, std::int64_t user_id) const {
    for (const auto& hook : hooks_) hook(s, user_id);
}

void TargetRegistry::suspended(db::Session& s, std::int64_t user_id) const {
    for (const auto& hook : suspended_hooks_) hook(s, user_id);
}

}  // namespace hearth::reports
