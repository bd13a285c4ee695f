#include "features/live/live_watch.hpp"

#include <spdlog/spdlog.h>

#include <chrono>
#include <vector>

#include "core/clock.hpp"
#include "features/common/user_events.hpp"

namespace hearth::live {

namespace {
constexpr std::chrono::seconds poll_interval{1};
constexpr int prune_every = 600;  // x 1 s = 10 minutes

// Seconds back the watch also looks at events by time: an event whose write
// committed after a later id's (live::late_commit_window) still wakes its
// person's streams, which send it once.
constexpr std::int64_t late_commit_seconds = 2;

std::int64_t newest_event_id(db::Session& s) {
    return s.query("SELECT COALESCE(MAX(id), 0) FROM user_events").front().integer(0);
}

}  // namespace

EventWatch::EventWatch(db::Database& db, Hub& hub) : db_(db), hub_(hub) {}

EventWatch::~EventWatch() { stop(); }

std::size_t EventWatch::poll_once() {
    if (last_id_ < 0) {
        // Events from before this node started are read by streams themselves.
        last_id_ = db_.read([](db::Session& s) { return newest_event_id(s); });
        return 0;
    }
    const auto since = now_seconds() - late_commit_seconds;
    auto [highest, users] = db_.read([&](db::Session& s) { return user_events::users_with_events_after(s, last_id_, since); });
    last_id_ = highest;
    for (auto user_id : users) hub_.notify(user_id);
    return users.size();
}

void EventWatch::start() {
    if (thread_.joinable()) return;
    thread_ = std::thread([this] {
        std::unique_lock lock(mutex_);
        for (int round = 0; !stopping_; ++round) {
            lock.unlock();
            try {
                poll_once();
                if (round % prune_every == 0) {
                    const auto before = now_seconds() - event_lifetime_seconds;
                    db_.write([&](db::Session& s) { user_events::prune(s, before); });
                }
            } catch (const std::exception& e) {
                spdlog::error("live event watch failed: {}", e.what());
            }
            lock.lock();
            wake_.wait_for(lock, poll_interval, [this] { return stopping_; });
        }
    });
}

void EventWatch::stop() {
    {
        std::lock_guard lock(mutex_);
        stopping_ = true;
    }
    wake_.notify_all();
    if (thread_.joinable()) thread_.join();
}

}  // namespace hearth::live
