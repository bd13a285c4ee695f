#pragma once
// Hears of user events other nodes wrote: one thread asks the database once
// a second which people have events newer than the last it saw, or written
// in the last two seconds (a late commit: live::late_commit_window), with
// one query per node per second however many streams are open, and wakes
// their streams through the hub. It also deletes events older than a day every
// ten minutes: a stream that was away longer starts afresh.
#include <condition_variable>
#include <cstdint>
#include <mutex>
#include <thread>

#include "db/database.hpp"
#include "features/live/live_hub.hpp"

namespace hearth::live {

// How long user events are kept (seconds).
inline constexpr std::int64_t event_lifetime_seconds = 24 * 3600;

class EventWatch {
public:
    EventWatch(db::Database& db, Hub& hub);
    ~EventWatch();
    void start();
    void stop();  // prompt: wakes the thread and joins it

    // One round: wakes the people with events above the last id seen or
    // written in the last two seconds; returns how many. Public for tests.
    std::size_t poll_once();

private:
    db::Database& db_;
    Hub& hub_;
    std::int64_t last_id_ = -1;  // -1: not read yet
    std::thread thread_;
    std::mutex mutex_;
    std::condition_variable wake_;
    bool stopping_ = false;
};

}  // namespace hearth::live
