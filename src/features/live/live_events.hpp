#pragma once
// The live-event service: what a signed-in person's open pages are told
// (features/common/user_events.hpp), read either as a stream that resumes
// after the last event id it saw or by polling. Each answer carries the
// person's unread message count, from a function the messages feature
// provides (0 until one is given).
#include <chrono>
#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "core/actor.hpp"
#include "core/outcome.hpp"
#include "db/database.hpp"
#include "features/common/user_events.hpp"
#include "features/live/live_hub.hpp"

namespace hearth::live {

// The unread message total of a user (messages::Messages::unread_total).
using UnreadTotal = std::function<std::int64_t(std::int64_t user_id)>;
// Whether the session a principal signed in with is still live (not logged
// out, not expired): a stream re-asks on each wake-up and once a minute.
using SessionAlive = std::function<bool(const Principal& who)>;

// At most this many events per poll answer or per stream write.
inline constexpr int batch_limit = 100;

// Event ids come from one sequence, but on PostgreSQL two transactions may
// commit in the other order than they took their ids: event 9 can become
// visible just after event 10. A stream therefore keeps reading this long
// (seconds) below the ids it has sent, and sends a late event it had not
// seen (once). Writes that publish events are short; this is far longer.
inline constexpr std::chrono::seconds late_commit_window{5};

struct Polled {
    std::vector<user_events::Event> items;  // oldest first
    std::int64_t last_id = 0;               // where the next poll starts (after=)
    std::int64_t unread_messages = 0;
};

enum class LiveRefusalCode {
    too_many_streams_for_person,  // 429: the person's limit (StreamLimits::per_person)
    node_full,                    // 503: this node's limit; another node or polling will do
};

struct LiveRefusal {
    LiveRefusalCode code;
    std::string message;
    int retry_after_seconds = 0;
};

// One open stream of one person, registered with the hub while it lives.
// It sends each event once, late commits included (late_commit_window), and
// keeps a position: the highest event id sent, where a stream that
// reconnects resumes (Last-Event-ID).
class Cursor {
public:
    Cursor(const Cursor&) = delete;
    Cursor& operator=(const Cursor&) = delete;
    ~Cursor();

    struct Step {
        std::vector<user_events::Event> events;  // new since the last step, by id (a late one first)
        std::int64_t unread_messages = 0;        // when events is not empty
        bool more = false;                       // a full batch: step again at once
        bool end = false;                        // the session ended: close the stream
    };
    // `woken`: something may be new (a wake-up, or the stream's start);
    // false: a heartbeat, which only re-checks the session once a minute.
    Step step(bool woken);
    // The highest event id sent (or the id the stream started after).
    std::int64_t last_id() const noexcept { return last_id_; }

private:
    friend class LiveEvents;
    Cursor(class LiveEvents& owner, Principal who, std::int64_t after, Waiter& waiter);
    LiveEvents& owner_;
    Principal who_;
    std::int64_t last_id_;
    // Every id at or below floor_ is settled: never read again. Ids sent
    // above it, with when they were sent, until they settle.
    std::int64_t floor_;
    std::map<std::int64_t, std::chrono::steady_clock::time_point> unsettled_;
    Waiter& waiter_;
    std::chrono::steady_clock::time_point session_checked_;
    bool first_step_ = true;
};

class LiveEvents {
public:
    // `unread` may be empty (the count is then 0).
    LiveEvents(db::Database& db, Hub& hub, UnreadTotal unread, SessionAlive session_alive);

    // Gives the unread total later (the messages feature is built after this);
    // only before the server starts.
    void set_unread_total(UnreadTotal unread) { unread_ = std::move(unread); }

    // The actor's events after `after` (nullopt: none, only where to start
    // from: the newest id now). 401 (Error) for a visitor.
    Polled poll(const Actor& actor, std::optional<std::int64_t> after);

    // Opens a stream for the actor starting after `resume_after` (nullopt:
    // the newest event now), registered with the hub under `waiter`, which
    // must outlive the cursor. 401 (Error) for a visitor. Refuses:
    // too_many_streams_for_person, node_full.
    Outcome<std::unique_ptr<Cursor>, LiveRefusal> open(const Actor& actor, std::optional<std::int64_t> resume_after,
                                                       Waiter& waiter);

private:
    friend class Cursor;
    std::int64_t unread_total(std::int64_t user_id) const;
    db::Database& db_;
    Hub& hub_;
    UnreadTotal unread_;
    SessionAlive session_alive_;
};

}  // namespace hearth::live
