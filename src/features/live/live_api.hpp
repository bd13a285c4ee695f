#pragma once
// GET /api/v1/events: a signed-in person's live events (cookie or bearer).
// With "Accept: text/event-stream" (and no ?after=) a server-sent event
// stream that starts after Last-Event-ID (header) or ?last_event_id=, else
// after the newest event now; each event is
//   id: <the stream's position: the highest event id it has sent>
//   event: <kind>
//   data: {"id","kind","subject_id","object_id","unread_messages"}
// (the two ids differ only for an event whose write committed after a
// later one's: see live::late_commit_window)
// preceded once by "retry: 5000". Otherwise the polling answer
//   {"items":[{"id","kind","subject_id","object_id"}],"last_id":N,"unread_messages":N}
// of the events after ?after= (at most 100; ask again from last_id).
// Visitors get 401; a person over their stream limit 429, a full node 503,
// both with Retry-After.
#include <cstdint>
#include <string>

#include "features/live/live_events.hpp"
#include "http/request.hpp"
#include "http/response.hpp"

namespace hearth::live {

// The data line of one event (JSON; ids only, never anything a person wrote).
std::string event_data(const user_events::Event& e, std::int64_t unread_messages);

class LiveApi {
public:
    explicit LiveApi(LiveEvents& events) : events_(events) {}
    http::Response events(http::Request& req);

private:
    LiveEvents& events_;
};

}  // namespace hearth::live
