#pragma once
// Which event streams are open on this node, by person, and waking them.
// A write that publishes a user event calls notify(user_id) once it has
// committed (the local wake-up); EventWatch (live_watch.hpp) notifies the
// people other nodes wrote events for. The hub also caps how many streams
// one person and the whole node may hold open.
#include <cstddef>
#include <cstdint>
#include <mutex>
#include <unordered_map>
#include <vector>


namespace hearth::live {

// Something waiting for a person's events: an open stream. wake_up() is
// called with the hub's lock held, so it must only schedule work.
class Waiter {
public:
    virtual ~Waiter() = default;
    virtual void wake_up() = 0;
};

struct StreamLimits {
    std::size_t per_person = 5;   // tabs and devices of one person
    std::size_t per_node = 2000;  // each is one socket and a few kilobytes
};

class Hub {
public:
    explicit Hub(StreamLimits limits = {});

    enum class Admission { admitted, person_full, node_full };
    // Registers `stream` as `user_id`'s, unless a limit is reached.
    Admission enter(std::int64_t user_id, Waiter* stream);
    // Forgets a stream enter() admitted (its destructor calls this).
    void leave(std::int64_t user_id, Waiter* stream);

    // Wakes every open stream of `user_id` on this node. Thread-safe; cheap
    // when the person has none.
    void notify(std::int64_t user_id);

    std::size_t open_streams() const;
    const StreamLimits& limits() const noexcept { return limits_; }

private:
    StreamLimits limits_;
    mutable std::mutex mutex_;
    std::unordered_map<std::int64_t, std::vector<Waiter*>> streams_;
    std::size_t total_ = 0;
};

}  // namespace hearth::live
