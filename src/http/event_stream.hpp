#pragma once
// Server-sent events (the HTML Living Standard, "Server-sent events"): a
// response that stays open and carries events as the server learns of
// them. A handler answers with event_stream_response(req, producer); the
// server then writes the header block and, without holding a thread while
// idle, waits on a timer that wake() cancels (something new) or that runs
// out (a heartbeat comment), asking the producer for bytes each time.
// Knows no feature.
#include <cstdint>
#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>

#include "http/request.hpp"
#include "http/response.hpp"

namespace hearth::http {

// One event as the wire carries it: "id: N\nevent: kind\ndata: ...\n\n".
// Carriage returns and line feeds in `kind` are dropped and `data` is cut
// into one "data:" line per line of it, so nothing a value holds can start
// a field or an event of its own. id <= 0: no id line.
std::string sse_event(std::int64_t id, std::string_view kind, std::string_view data);
// A comment line (": text\n\n"), ignored by clients: the heartbeat.
std::string sse_comment(std::string_view text);
// "retry: N\n\n": how long (milliseconds) a client waits before reconnecting.
std::string sse_retry(int milliseconds);

// The producer of one open stream. pull() runs on the connection's strand,
// first when the stream opens, then after each wake() and each heartbeat;
// it may read the database (briefly, synchronously). wake() may be called
// from any thread at any time, also before the server attaches.
class EventStream {
public:
    virtual ~EventStream() = default;

    struct Batch {
        std::string bytes;  // SSE text to send now ("" for nothing)
        bool end = false;   // close the stream after sending `bytes`
    };
    // `woken`: true at the start and after wake(); false for a heartbeat.
    virtual Batch pull(bool woken) = 0;

    // Asks the server to call pull(true) soon. Thread-safe, cheap.
    void wake();

    // Server side: `waker` schedules pull(true) on the connection (called at
    // once if wake() came first); detach() forgets it before the connection ends.
    void attach(std::function<void()> waker);
    void detach();

private:
    std::mutex mutex_;
    std::function<void()> waker_;
    bool pending_ = false;
};

// A 200 text/event-stream header block (Cache-Control: no-store, no
// Content-Length, X-Accel-Buffering: no so a proxy passes events through)
// and `producer` handed to the server through `req`.
Response event_stream_response(Request& req, std::shared_ptr<EventStream> producer);

}  // namespace hearth::http
