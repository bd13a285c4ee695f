#pragma once
// The live-event feed of signed-in people: what their open pages are told
// without reloading (a new message, an unread count, a booking change).
// An event is written in the same transaction as the change it announces,
// so a page never hears of something that was rolled back, and a stream
// that reconnects resumes from the last event id it saw (Last-Event-ID,
// the HTML Living Standard's server-sent events). Events carry ids only,
// never anything a person wrote.
#include <cstdint>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "db/database.hpp"

namespace hearth::user_events {

struct Event {
    std::int64_t id = 0;          // increasing; the SSE event id
    std::int64_t user_id = 0;     // whose pages are told
    std::string kind;             // "message", "read", "booking", ...
    std::int64_t subject_id = 0;  // e.g. the conversation or the booking
    std::int64_t object_id = 0;   // e.g. the message
    std::int64_t created_at = 0;  // UTC seconds
};

// Adds an event for `user_id` inside the caller's write transaction;
// returns its id.
std::int64_t publish(db::Session& s, std::int64_t user_id, std::string_view kind, std::int64_t subject_id = 0,
                     std::int64_t object_id = 0);

// `user_id`'s events with ids above `after_id`, oldest first, at most `limit`.
std::vector<Event> after(db::Session& s, std::int64_t user_id, std::int64_t after_id, int limit = 100);

// The newest event id of `user_id` (0: none): where a fresh stream starts.
std::int64_t latest_id(db::Session& s, std::int64_t user_id);

// The users with events above `after_id` or written at or after `since`
// (UTC seconds; any user), and the highest id seen: lets a node learn, with
// one query, whose streams to wake for events other nodes wrote. Ids come
// from one sequence, but on PostgreSQL two transactions may commit in the
// other order than they took their ids (event 9 visible just after event
// 10), so looking back by time as well catches an event that committed
// late. Returns {highest id (>= after_id), users}.
std::pair<std::int64_t, std::vector<std::int64_t>> users_with_events_after(db::Session& s, std::int64_t after_id,
                                                                           std::int64_t since);

// Deletes events older than `before` (UTC seconds); returns how many.
std::int64_t prune(db::Session& s, std::int64_t before);

}  // namespace hearth::user_events
