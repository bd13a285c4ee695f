#include "features/live/live_api.hpp"

#include <boost/json/array.hpp>
#include <boost/json/object.hpp>
#include <boost/json/serialize.hpp>
#include <algorithm>
#include <charconv>

#include "core/error.hpp"
#include "http/event_stream.hpp"

namespace hearth::live {

namespace bh = boost::beast::http;

namespace {

// How long (milliseconds) a browser waits before reconnecting a dropped stream.
constexpr int reconnect_after_ms = 5000;

// An event id from a header or the query: digits only; nullopt when absent.
std::optional<std::int64_t> event_id(std::string_view text, std::string_view field) {
    if (text.empty()) return std::nullopt;
    std::int64_t value = 0;
    auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
    if (ec != std::errc{} || end != text.data() + text.size() || value < 0)
        throw Error::invalid(std::string(field), "Give an event id: a whole number, 0 or more.");
    return value;
}

bool wants_stream(const http::Request& req) {
    return req.header("Accept").find("text/event-stream") != std::string_view::npos;
}

// An open stream: the hub wakes it (Waiter), the server pulls from it (EventStream).
class SseStream final : public http::EventStream, public Waiter {
public:
    void wake_up() override { wake(); }

    Batch pull(bool woken) override {
        Batch out;
        if (!started_) {
            out.bytes = http::sse_retry(reconnect_after_ms);
            started_ = true;
        }
        // The SSE id is the stream's position (the highest id sent), so a
        // reconnect resumes after everything sent, a late commit included.
        auto position = cursor->last_id();
        auto step = cursor->step(woken);
        for (const auto& e : step.events) {
            position = std::max(position, e.id);
            out.bytes += http::sse_event(position, e.kind, event_data(e, step.unread_messages));
        }
        if (step.more) wake();
        out.end = step.end;
        return out;
    }

    std::unique_ptr<Cursor> cursor;  // last member: leaves the hub before the rest goes

private:
    bool started_ = false;
};

}  // namespace

std::string event_data(const user_events::Event& e, std::int64_t unread_messages) {
    return boost::json::serialize(boost::json::object{{"id", e.id},
                                                      {"kind", e.kind},
                                                      {"subject_id", e.subject_id},
                                                      {"object_id", e.object_id},
                                                      {"unread_messages", unread_messages}});
}

http::Response LiveApi::events(http::Request& req) {
    if (!req.principal.signed_in()) throw Error::unauthorized();
    const auto after = event_id(req.query_param("after"), "after");
    if (wants_stream(req) && !after) {
        auto resume = event_id(req.header("Last-Event-ID"), "Last-Event-ID");
        if (!resume) resume = event_id(req.query_param("last_event_id"), "last_event_id");
        auto stream = std::make_shared<SseStream>();
        auto opened = events_.open(req.actor(), resume, *stream);
        if (!opened) {
            const auto& r = opened.refusal();
            const bool full = r.code == LiveRefusalCode::node_full;
            Error e(full ? 503 : 429, full ? "busy" : "too_many_streams", r.message);
            auto res = http::json_error(e);
            res.set(bh::field::retry_after, std::to_string(r.retry_after_seconds));
            return res;
        }
        stream->cursor = std::move(opened.value());
        return http::event_stream_response(req, std::move(stream));
    }
    const auto polled = events_.poll(req.actor(), after);
    boost::json::array items;
    for (const auto& e : polled.items)
        items.push_back(boost::json::object{
            {"id", e.id}, {"kind", e.kind}, {"subject_id", e.subject_id}, {"object_id", e.object_id}});
    return http::json(200, boost::json::object{{"items", std::move(items)},
                                               {"last_id", polled.last_id},
                                               {"unread_messages", polled.unread_messages}});
}

}  // namespace hearth::live
