#include "http/server.hpp"

#include <fmt/format.h>
#include <spdlog/spdlog.h>

#include <atomic>
#include <boost/asio/as_tuple.hpp>
#include <boost/asio/awaitable.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/experimental/awaitable_operators.hpp>
#include <boost/asio/write.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/signal_set.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/strand.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/core/tcp_stream.hpp>
#include <boost/beast/http/chunk_encode.hpp>
#include <boost/beast/http/empty_body.hpp>
#include <boost/beast/http/error.hpp>
#include <boost/beast/http/parser.hpp>
#include <boost/beast/http/read.hpp>
#include <boost/beast/http/serializer.hpp>
#include <boost/beast/http/write.hpp>
#include <array>
#include <mutex>
#include <thread>
#include <variant>
#include <unordered_map>

#include "core/error.hpp"
#include "http/event_stream.hpp"
#include "http/framing.hpp"
#include "http/log_redaction.hpp"
#include "http/security_headers.hpp"

namespace hearth::http {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace bh = boost::beast::http;
using tcp = asio::ip::tcp;
constexpr auto use_tuple = asio::as_tuple(asio::use_awaitable);

namespace {

// What the shutdown path needs to know about one open connection. Only
// touched on the connection's strand, except `id` and the map in Impl.
struct Connection {
    beast::tcp_stream* stream = nullptr;
    bool busy = false;    // a request is being handled: let it finish
    bool closed = false;  // the coroutine has ended; stream is gone
    // While an event stream is open: its wait, cancelled by a wake-up or
    // by shutdown, and whether a wake-up came since the last pull.
    asio::steady_timer* stream_timer = nullptr;
    bool woken = false;
};

// Errors found before the application sees the request. API clients get
// the same JSON error shape as everywhere else.
Response plain_error(int status, std::string_view message, bool api = false, std::string_view code = "bad_request") {
    Response r{static_cast<bh::status>(status), 11};
    if (api) {
        r.set(bh::field::content_type, "application/json");
        r.body() = fmt::format(R"({{"error":{{"code":"{}","message":"{}.","field":null}}}})", code, message);
    } else {
        r.set(bh::field::content_type, "text/plain; charset=utf-8");
        r.body() = std::string(message);
    }
    r.prepare_payload();
    r.keep_alive(false);
    apply_security_headers(r, false);
    return r;
}

bool is_api_target(std::string_view target) { return target.starts_with("/api/"); }

std::string client_address(const tcp::socket& socket) {
    boost::system::error_code ec;
    auto ep = socket.remote_endpoint(ec);
    return ec ? std::string("unknown") : ep.address().to_string();
}

// The last hop a trusted load balancer added: the address it saw.
std::string forwarded_client(std::string_view xff) {
    auto comma = xff.rfind(',');
    std::string_view last = comma == std::string_view::npos ? xff : xff.substr(comma + 1);
    while (!last.empty() && last.front() == ' ') last.remove_prefix(1);
    while (!last.empty() && last.back() == ' ') last.remove_suffix(1);
    return std::string(last);
}

// How waiting for a request's header block ended.
enum class HeaderWait { complete, too_large, closed };

std::string_view buffered(const beast::flat_buffer& buffer) {
    return {static_cast<const char*>(buffer.data().data()), buffer.size()};
}

}  // namespace

struct Server::Impl {
    std::string address;
    unsigned short port;
    ServerOptions options;
    Application app;
    asio::io_context ioc;
    tcp::acceptor acceptor{ioc};
    asio::signal_set signals{ioc, SIGINT, SIGTERM};
    asio::steady_timer grace_timer{ioc};
    std::atomic<bool> stopping{false};
    std::mutex connections_mutex;
    std::unordered_map<std::uint64_t, std::pair<std::shared_ptr<Connection>, asio::any_io_executor>> connections;
    std::atomic<std::uint64_t> next_connection_id{1};

    Impl(std::string a, unsigned short p, ServerOptions o, Application ap)
        : address(std::move(a)), port(p), options(o), app(std::move(ap)), ioc(static_cast<int>(o.threads)) {}

    asio::awaitable<void> accept_loop();
    asio::awaitable<void> session(tcp::socket socket);
    asio::awaitable<HeaderWait> wait_for_header(beast::tcp_stream& stream, beast::flat_buffer& buffer,
                                                bool first_request);
    asio::awaitable<bool> serve_one(beast::tcp_stream& stream, beast::flat_buffer& buffer,
                                    const std::shared_ptr<Connection>& conn, const std::string& peer,
                                    bool first_request);
    asio::awaitable<void> stream_events(beast::tcp_stream& stream, const std::shared_ptr<Connection>& conn,
                                        Request& req, Response& res, std::chrono::steady_clock::time_point started);
    Response handle(Request& req);
    void begin_shutdown();
    void connection_ended(std::uint64_t id);

    // One access-log line, to the access log's own file when there is one.
    void log_access(const std::string& line) const {
        if (options.access_logger) {
            options.access_logger->info("{}", line);
        } else {
            spdlog::info("{}", line);
        }
    }
};

Response Server::Impl::handle(Request& req) {
    try {
        return app(req);
    } catch (const std::exception& e) {
        spdlog::error("unhandled error for {} {}: {}", req.method_name(),
                      redact_target(req.target(), options.log_query_names), redact_message(e.what()));
        return plain_error(500, "Internal server error");
    }
}

asio::awaitable<void> Server::Impl::accept_loop() {
    while (!stopping) {
        auto [ec, socket] = co_await acceptor.async_accept(asio::make_strand(ioc), use_tuple);
        if (ec) {
            if (stopping || ec == asio::error::operation_aborted) break;
            spdlog::warn("accept failed: {}", ec.message());
            continue;
        }
        socket.set_option(tcp::no_delay(true), ec);
        auto ex = socket.get_executor();
        asio::co_spawn(ex, session(std::move(socket)), asio::detached);
    }
}

// Reads until the buffer holds a whole header block (up to the empty line).
// Waiting for the first byte of a later request on a kept-alive connection
// may take idle_timeout; the header itself, and the first request's from
// the moment the connection opened, must arrive within header_timeout, so a
// client trickling a header cannot hold a connection.
asio::awaitable<HeaderWait> Server::Impl::wait_for_header(beast::tcp_stream& stream, beast::flat_buffer& buffer,
                                                          bool first_request) {
    constexpr std::size_t read_size = 4096;
    // RFC 9112 section 2.2: empty lines before a request line are ignored.
    auto skip_empty_lines = [&buffer] {
        while (buffered(buffer).starts_with("\r\n")) buffer.consume(2);
    };
    skip_empty_lines();
    bool started = buffer.size() > 0;
    stream.expires_after(started || first_request ? options.header_timeout : options.idle_timeout);
    std::size_t scanned = 0;
    while (true) {
        const auto data = buffered(buffer);
        if (data.find("\r\n\r\n", scanned) != std::string_view::npos) co_return HeaderWait::complete;
        if (data.size() > options.max_header_bytes) co_return HeaderWait::too_large;
        scanned = data.size() < 3 ? 0 : data.size() - 3;
        auto [ec, n] = co_await stream.async_read_some(buffer.prepare(read_size), use_tuple);
        if (ec) co_return HeaderWait::closed;
        buffer.commit(n);
        if (!started) {
            skip_empty_lines();
            scanned = 0;
            if (buffer.size() == 0) continue;
            started = true;
            // A first request's clock started with the connection.
            if (!first_request) stream.expires_after(options.header_timeout);
        }
    }
}

asio::awaitable<bool> Server::Impl::serve_one(beast::tcp_stream& stream, beast::flat_buffer& buffer,
                                              const std::shared_ptr<Connection>& shared, const std::string& peer,
                                              bool first_request) {
    Connection& conn = *shared;
    bh::request_parser<bh::string_body> parser;
    parser.header_limit(static_cast<std::uint32_t>(options.max_header_bytes));
    // The body limit depends on the route, known once the header is read.
    parser.body_limit(boost::none);

    const auto waited = co_await wait_for_header(stream, buffer, first_request);
    if (waited == HeaderWait::too_large) {
        auto res = plain_error(431, "Request headers too large");
        co_await bh::async_write(stream, res, use_tuple);
        co_return false;
    }
    if (waited == HeaderWait::closed) co_return false;  // gone, or too slow: nothing to answer
    if (has_obs_fold(buffered(buffer).substr(0, buffered(buffer).find("\r\n\r\n") + 2))) {
        auto res = plain_error(400, "Bad request: folded header line");
        co_await bh::async_write(stream, res, use_tuple);
        co_return false;
    }
    // The whole header is buffered: this parses without reading.
    auto [ec, n] = co_await bh::async_read_header(stream, buffer, parser, use_tuple);
    if (ec) {
        if (ec == bh::error::header_limit) {
            auto res = plain_error(431, "Request headers too large");
            co_await bh::async_write(stream, res, use_tuple);
        } else if (ec != bh::error::end_of_stream && ec != asio::error::operation_aborted &&
                   ec != beast::error::timeout && ec != asio::error::eof &&
                   ec != asio::error::connection_reset && buffer.size() > 0) {
            auto res = plain_error(400, "Bad request");
            co_await bh::async_write(stream, res, use_tuple);
        }
        co_return false;
    }
    conn.busy = true;
    const auto started = std::chrono::steady_clock::now();

    const auto& header = parser.get();
    const bool api = is_api_target(header.target());
    if (auto refusal = check_framing(header)) {
        auto res = plain_error(refusal->status, refusal->message);
        co_await bh::async_write(stream, res, use_tuple);
        co_return false;
    }
    const std::size_t body_limit = options.body_limit_for
                                       ? options.body_limit_for(header.method(), header.target())
                                       : options.max_body_bytes;
    parser.body_limit(body_limit);  // a chunked body is cut off as soon as it passes this
    auto content_length = parser.content_length();
    if (content_length && *content_length > body_limit) {
        auto res = plain_error(413, "Request body too large", api, "too_large");
        co_await bh::async_write(stream, res, use_tuple);
        co_return false;
    }
    if (header[bh::field::expect] == "100-continue") {
        bh::response<bh::empty_body> cont{bh::status::continue_, 11};
        co_await bh::async_write(stream, cont, use_tuple);
    }
    stream.expires_after(options.body_timeout);
    std::tie(ec, n) = co_await bh::async_read(stream, buffer, parser, use_tuple);
    if (ec) {
        if (ec == bh::error::body_limit) {
            auto res = plain_error(413, "Request body too large", api, "too_large");
            co_await bh::async_write(stream, res, use_tuple);
        } else if (ec != beast::error::timeout && ec != asio::error::operation_aborted) {
            auto res = plain_error(400, "Bad request");
            co_await bh::async_write(stream, res, use_tuple);
        }
        co_return false;
    }

    Request req(parser.release(), peer);
    if (options.trust_proxy) {
        // Several X-Forwarded-For lines are one list (RFC 9110 section 5.3):
        // the proxy's own entry is the last of the last line.
        std::string_view xff;
        for (auto [it, end] = req.raw().equal_range("X-Forwarded-For"); it != end; ++it) xff = it->value();
        if (!xff.empty()) req.set_remote_address(forwarded_client(xff));
        req.set_secure(req.header("X-Forwarded-Proto") == "https");
    }
    const bool keep_alive = req.raw().keep_alive();
    const bool is_head = req.method() == bh::verb::head;
    Response res = handle(req);
    if (req.event_stream && res.result() == bh::status::ok && !is_head && !stopping) {
        // The stream ends the connection: what follows it is not read.
        co_await stream_events(stream, shared, req, res, started);
        conn.busy = false;
        co_return false;
    }
    req.event_stream.reset();
    res.keep_alive(keep_alive && !stopping && res.keep_alive());
    const bool again = res.keep_alive();

    stream.expires_after(options.body_timeout);
    if (is_head) {
        bh::response<bh::empty_body> head{res.base()};
        bh::serializer<false, bh::empty_body> sr{head};
        std::tie(ec, n) = co_await bh::async_write_header(stream, sr, use_tuple);
    } else {
        std::tie(ec, n) = co_await bh::async_write(stream, res, use_tuple);
    }
    if (options.access_log) {
        auto micros =
            std::chrono::duration_cast<std::chrono::microseconds>(std::chrono::steady_clock::now() - started).count();
        log_access(fmt::format("{} \"{} {}\" {} {} {:.1f}ms", req.remote_address(), req.method_name(),
                               redact_target(req.target(), options.log_query_names), res.result_int(),
                               res.body().size(), micros / 1000.0));
    }
    conn.busy = false;
    co_return !ec && again;
}

// An event stream: the header block (chunked on HTTP/1.1, ended by closing
// on HTTP/1.0), then pull / write / wait until the producer ends it, the
// client goes away, or the server shuts down. While waiting, the coroutine
// holds no thread: a timer (the heartbeat, cancelled by a wake-up) and a
// read (which only completes when the client closes) are pending.
asio::awaitable<void> Server::Impl::stream_events(beast::tcp_stream& stream, const std::shared_ptr<Connection>& shared,
                                                  Request& req, Response& res,
                                                  std::chrono::steady_clock::time_point started) {
    Connection& conn = *shared;
    using namespace asio::experimental::awaitable_operators;
    auto producer = req.event_stream;
    req.event_stream.reset();
    const bool chunked = req.raw().version() >= 11;
    bh::response<bh::empty_body> head{res.base()};
    head.erase(bh::field::content_length);
    head.keep_alive(false);
    if (chunked) head.chunked(true);
    std::size_t sent = 0;
    boost::system::error_code ec;
    std::size_t n = 0;
    stream.expires_after(options.body_timeout);
    {
        bh::serializer<false, bh::empty_body> sr{head};
        std::tie(ec, n) = co_await bh::async_write_header(stream, sr, use_tuple);
    }
    auto write = [&](const std::string& bytes) -> asio::awaitable<bool> {
        stream.expires_after(options.body_timeout);  // a client that stops reading is let go
        boost::system::error_code wec;
        std::size_t wn = 0;
        if (chunked) {
            std::tie(wec, wn) = co_await asio::async_write(stream, bh::make_chunk(asio::buffer(bytes)), use_tuple);
        } else {
            std::tie(wec, wn) = co_await asio::async_write(stream, asio::buffer(bytes), use_tuple);
        }
        sent += bytes.size();
        co_return !wec;
    };

    asio::steady_timer timer(stream.get_executor());
    conn.stream_timer = &timer;
    conn.woken = true;  // the first pull
    conn.busy = false;  // shutdown closes it at once
    std::weak_ptr<Connection> weak = shared;
    auto ex = stream.get_executor();
    producer->attach([weak, ex] {
        asio::post(ex, [weak] {
            if (auto c = weak.lock()) {
                c->woken = true;
                if (c->stream_timer) c->stream_timer->cancel();
            }
        });
    });
    std::array<char, 256> sink{};
    bool heartbeat = false;
    bool open = !ec;
    try {
        while (open && !stopping) {
            std::string out;
            bool end = false;
            if (conn.woken || heartbeat) {
                const bool woken = std::exchange(conn.woken, false);
                auto batch = producer->pull(woken);
                out = std::move(batch.bytes);
                end = batch.end;
            }
            if (heartbeat && out.empty()) out = sse_comment("keep-alive");
            heartbeat = false;
            if (!out.empty() && !co_await write(out)) break;
            if (end || stopping) break;
            if (conn.woken) continue;
            timer.expires_after(options.stream_heartbeat);
            stream.expires_never();
            auto done = co_await (timer.async_wait(use_tuple) ||
                                  stream.socket().async_read_some(asio::buffer(sink), use_tuple));
            if (done.index() == 1) {
                // Clients send nothing on a stream; a read ends when they close.
                if (std::get<0>(std::get<1>(done))) open = false;
            } else {
                heartbeat = !std::get<0>(std::get<0>(done));  // ran out: not cancelled
            }
        }
    } catch (const std::exception& e) {
        spdlog::warn("event stream to {} ended: {}", req.remote_address(), redact_message(e.what()));
        open = false;
    }
    producer->detach();
    conn.stream_timer = nullptr;
    if (open && chunked) {
        stream.expires_after(std::chrono::seconds(2));
        co_await asio::async_write(stream, bh::make_chunk_last(), use_tuple);
    }
    if (options.access_log) {
        auto millis =
            std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() - started).count();
        log_access(fmt::format("{} \"{} {}\" {} {} stream {:.1f}s", req.remote_address(), req.method_name(),
                               redact_target(req.target(), options.log_query_names), res.result_int(), sent,
                               millis / 1000.0));
    }
}

asio::awaitable<void> Server::Impl::session(tcp::socket socket) {
    const std::string peer = client_address(socket);
    beast::tcp_stream stream(std::move(socket));
    auto conn = std::make_shared<Connection>();
    conn->stream = &stream;
    const auto id = next_connection_id++;
    {
        std::lock_guard lock(connections_mutex);
        connections.emplace(id, std::make_pair(conn, stream.get_executor()));
    }
    beast::flat_buffer buffer;
    try {
        for (bool first = true; !stopping || buffer.size() > 0; first = false) {
            if (!co_await serve_one(stream, buffer, conn, peer, first)) break;
        }
    } catch (const std::exception& e) {
        spdlog::warn("connection from {} ended: {}", peer, redact_message(e.what()));
    }
    boost::system::error_code ignored;
    stream.socket().shutdown(tcp::socket::shutdown_send, ignored);
    conn->closed = true;
    conn->stream = nullptr;
    connection_ended(id);
}

void Server::Impl::connection_ended(std::uint64_t id) {
    std::lock_guard lock(connections_mutex);
    connections.erase(id);
    if (stopping && connections.empty()) grace_timer.cancel();
}

void Server::Impl::begin_shutdown() {
    if (stopping.exchange(true)) return;
    spdlog::info("shutting down: finishing requests in flight");
    boost::system::error_code ignored;
    acceptor.close(ignored);
    signals.cancel(ignored);
    std::lock_guard lock(connections_mutex);
    // Idle keep-alive connections are closed now; busy ones close after
    // their response is written (serve_one sees `stopping`).
    for (auto& [id, entry] : connections) {
        auto conn = entry.first;
        asio::post(entry.second, [conn] {
            // An open event stream is idle by nature: it ends now too.
            if (conn->stream_timer) conn->stream_timer->cancel();
            if (!conn->closed && !conn->busy && conn->stream) conn->stream->cancel();
        });
    }
    if (connections.empty()) return;
    grace_timer.expires_after(options.shutdown_grace);
    grace_timer.async_wait([this](boost::system::error_code ec) {
        if (!ec) {
            spdlog::warn("shutdown grace period over: closing remaining connections");
            ioc.stop();
        }
    });
}

Server::Server(std::string listen_address, unsigned short port, ServerOptions options, Application app)
    : impl_(std::make_unique<Impl>(std::move(listen_address), port, options, std::move(app))) {}

Server::~Server() = default;

void Server::bind() {
    auto addr = asio::ip::make_address(impl_->address);
    tcp::endpoint ep{addr, impl_->port};
    auto& acc = impl_->acceptor;
    acc.open(ep.protocol());
    acc.set_option(asio::socket_base::reuse_address(true));
    acc.bind(ep);
    acc.listen(asio::socket_base::max_listen_connections);
}

unsigned short Server::port() const { return impl_->acceptor.local_endpoint().port(); }

void Server::run() {
    if (!impl_->acceptor.is_open()) bind();
    impl_->signals.async_wait([this](boost::system::error_code ec, int) {
        if (!ec) impl_->begin_shutdown();
    });
    asio::co_spawn(impl_->acceptor.get_executor(), impl_->accept_loop(), asio::detached);
    std::vector<std::thread> threads;
    for (unsigned i = 1; i < impl_->options.threads; ++i) threads.emplace_back([this] { impl_->ioc.run(); });
    impl_->ioc.run();
    for (auto& t : threads) t.join();
    spdlog::info("server stopped");
}

void Server::stop() {
    asio::post(impl_->ioc, [this] { impl_->begin_shutdown(); });
}

}  // namespace hearth::http
