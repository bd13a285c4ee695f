#pragma once
// The kinds of item that can be reported, as the application registers
// them (one ModerationTarget per target_type), and what else must follow an
// account's suspension (e.g. the directory unlists a suspended
// specialist). The reports feature asks the registry and names no other
// feature; a target_type nobody registered cannot be reported
// ("unsupported_target").
#include <cstdint>
#include <functional>
#include <memory>
#include <string_view>
#include <vector>

#include "db/database.hpp"
#include "features/reports/moderation_target.hpp"

namespace hearth::reports {

class TargetRegistry {
public:
    // Called in the write transaction that suspends or reinstates the
    // account `user_id`, after users.suspended_at has changed.
    using SuspensionHook = std::function<void(db::Session& s, std::int64_t user_id)>;

    // Registers `target` for its type(); a second target of the same type
    // replaces the first. Not thread-safe: done while the application is
    // built, before it serves.
    void add(std::shared_ptr<const ModerationTarget> target);
    void on_suspension(SuspensionHook hook);
    // Also called in that transaction, only when the account was suspended
    // (not when reinstated): what a suspension ends for good, such as the
    // account's upcoming consultations.
    void on_suspended(SuspensionHook hook);

    // The target of `type`; nullptr when none is registered.
    const ModerationTarget* find(std::string_view type) const;
    // Runs every suspension hook, in the order they were added.
    void suspension_changed(db::Session& s, std::int64_t user_id) const;
    // Runs every on_suspended hook, in the order they were added.
    void suspended(db::Session& s, std::int64_t user_id) const;

private:
    std::vector<std::shared_ptr<const ModerationTarget>> targets_;
    std::vector<SuspensionHook> hooks_;
    std::vector<SuspensionHook> suspended_hooks_;
};

}  // namespace hearth::reports
