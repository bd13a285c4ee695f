#include "http/event_stream.hpp"

#include <fmt/format.h>

namespace hearth::http {

namespace bh = boost::beast::http;

std::string sse_event(std::int64_t id, std::string_view kind, std::string_view data) {
    std::string out;
    out.reserve(data.size() + kind.size() + 32);
    if (id > 0) out += fmt::format("id: {}\n", id);
    if (!kind.empty()) {
        std::string clean;
        for (char c : kind)
            if (c != '\r' && c != '\n') clean += c;
        if (!clean.empty()) out.append("event: ").append(clean).append("\n");
    }
    // Every line break form the standard knows (CRLF, LF, CR) ends a data line.
    std::size_t start = 0;
    for (std::size_t i = 0; i <= data.size(); ++i) {
        if (i == data.size() || data[i] == '\n' || data[i] == '\r') {
            out.append("data: ").append(data.substr(start, i - start)).append("\n");
            if (i + 1 < data.size() && data[i] == '\r' && data[i + 1] == '\n') ++i;
            start = i + 1;
        }
    }
    out += "\n";
    return out;
}

std::string sse_comment(std::string_view text) {
    std::string clean;
    for (char c : text)
        if (c != '\r' && c != '\n') clean += c;
    return ": " + clean + "\n\n";
}

std::string sse_retry(int milliseconds) { return fmt::format("retry: {}\n\n", milliseconds); }

void EventStream::wake() {
    std::function<void()> waker;
    {
        std::lock_guard lock(mutex_);
        if (!waker_) {
            pending_ = true;
            return;
        }
        waker = waker_;
    }
    waker();
}

void EventStream::attach(std::function<void()> waker) {
    bool call = false;
    {
        std::lock_guard lock(mutex_);
        waker_ = std::move(waker);
        call = std::exchange(pending_, false);
    }
    if (call) wake();
}

void EventStream::detach() {
    std::lock_guard lock(mutex_);
    waker_ = nullptr;
}

Response event_stream_response(Request& req, std::shared_ptr<EventStream> producer) {
    Response r{bh::status::ok, 11};
    r.set(bh::field::content_type, "text/event-stream; charset=utf-8");
    r.set(bh::field::cache_control, "no-store");
    r.set("X-Accel-Buffering", "no");
    req.event_stream = std::move(producer);
    return r;
}

}  // namespace hearth::http
