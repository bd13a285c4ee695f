#include "features/live/live_events.hpp"

#include <algorithm>

#include "features/common/policy.hpp"

namespace hearth::live {

namespace {
// How often an idle stream re-checks its session (a wake-up always does).
constexpr std::chrono::seconds session_check_interval{60};

policy::Record own_events(const Actor& actor) { return policy::Record{actor.user_id(), 0, false}; }
}  // namespace

LiveEvents::LiveEvents(db::Database& db, Hub& hub, UnreadTotal unread, SessionAlive session_alive)
    : db_(db), hub_(hub), unread_(std::move(unread)), session_alive_(std::move(session_alive)) {}

std::int64_t LiveEvents::unread_total(std::int64_t user_id) const { return unread_ ? unread_(user_id) : 0; }

Polled LiveEvents::poll(const Actor& actor, std::optional<std::int64_t> after) {
    // A person's events are part of their own account.
    policy::require(actor.who, policy::Action::view_own_account, own_events(actor));
    Polled out;
    const auto user_id = actor.user_id();
    db_.read([&](db::Session& s) {
        if (after) {
            out.items = user_events::after(s, user_id, *after, batch_limit);
            out.last_id = out.items.empty() ? *after : out.items.back().id;
        } else {
            out.last_id = user_events::latest_id(s, user_id);
        }
    });
    out.unread_messages = unread_total(user_id);
    return out;
}

Outcome<std::unique_ptr<Cursor>, LiveRefusal> LiveEvents::open(const Actor& actor,
                                                               std::optional<std::int64_t> resume_after,
                                                               Waiter& waiter) {
    policy::require(actor.who, policy::Action::view_own_account, own_events(actor));
    const auto user_id = actor.user_id();
    const auto start = resume_after ? *resume_after
                                    : db_.read([&](db::Session& s) { return user_events::latest_id(s, user_id); });
    switch (hub_.enter(user_id, &waiter)) {
        case Hub::Admission::admitted:
            break;
        case Hub::Admission::person_full:
            return LiveRefusal{LiveRefusalCode::too_many_streams_for_person,
                               "You have too many pages open that follow updates. Close one and try again.", 30};
        case Hub::Admission::node_full:
            return LiveRefusal{LiveRefusalCode::node_full, "Live updates are busy. Please try again in a moment.", 10};
    }
    return std::unique_ptr<Cursor>(new Cursor(*this, actor.who, start, waiter));
}

Cursor::Cursor(LiveEvents& owner, Principal who, std::int64_t after, Waiter& waiter)
    : owner_(owner),
      who_(std::move(who)),
      last_id_(after),
      floor_(after),
      waiter_(waiter),
      session_checked_(std::chrono::steady_clock::now()) {}

Cursor::~Cursor() { owner_.hub_.leave(who_.user_id, &waiter_); }

Cursor::Step Cursor::step(bool woken) {
    Step out;
    const auto now = std::chrono::steady_clock::now();
    const bool first = std::exchange(first_step_, false);  // the request was just authenticated
    if ((woken && !first) || now - session_checked_ >= session_check_interval) {
        // Nothing is told after a log-out, not even what was already waiting.
        if (owner_.session_alive_ && !owner_.session_alive_(who_)) {
            out.end = true;
            return out;
        }
        session_checked_ = now;
    }
    if (!woken) return out;
    // An id sent long enough ago settles every id below it.
    for (auto it = unsettled_.rbegin(); it != unsettled_.rend(); ++it) {
        if (now - it->second >= late_commit_window) {
            floor_ = it->first;
            unsettled_.erase(unsettled_.begin(), unsettled_.upper_bound(floor_));
            break;
        }
    }
    // Enough rows to pass over the unsettled ones already sent.
    const int limit = batch_limit + static_cast<int>(unsettled_.size());
    auto read = owner_.db_.read([&](db::Session& s) { return user_events::after(s, who_.user_id, floor_, limit); });
    for (auto& e : read) {
        if (unsettled_.contains(e.id)) continue;  // sent already
        unsettled_.emplace(e.id, now);
        last_id_ = std::max(last_id_, e.id);
        out.events.push_back(std::move(e));
    }
    if (out.events.empty()) return out;
    out.more = read.size() == static_cast<std::size_t>(limit);
    out.unread_messages = owner_.unread_total(who_.user_id);
    return out;
}

}  // namespace hearth::live
