#pragma once
// The protocol machinery: accepts connections, parses requests with limits
// and timeouts, hands each request to one application function, writes the
// response, keeps connections alive, and shuts down gracefully. Knows no
// feature and no page.
#include <chrono>
#include <cstddef>
#include <functional>
#include <memory>
#include <set>
#include <string>
#include <string_view>

#include "http/request.hpp"
#include "http/response.hpp"

namespace spdlog {
class logger;
}

namespace hearth::http {

struct ServerOptions {
    std::size_t max_header_bytes = 16 * 1024;
    std::size_t max_body_bytes = 1024 * 1024;            // larger bodies get 413
    // The body limit (bytes) of the route a method and target reach, asked
    // once the header is read and before any of the body is; empty: always
    // max_body_bytes. Over it: 413, from Content-Length at once, or as soon
    // as a chunked body passes it.
    std::function<std::size_t(beast_http::verb method, std::string_view target)> body_limit_for;
    // The whole header must arrive within header_timeout of the connection's
    // opening (first request) or of its first byte (later requests).
    std::chrono::seconds header_timeout{10};
    std::chrono::seconds body_timeout{30};
    std::chrono::seconds idle_timeout{60};               // keep-alive: waiting for the next request's first byte
    std::chrono::seconds shutdown_grace{20};
    // An open event stream with nothing to say sends a comment this often,
    // so proxies and clients see it alive (http/event_stream.hpp).
    std::chrono::seconds stream_heartbeat{20};
    unsigned threads = 4;
    bool trust_proxy = false;                            // X-Forwarded-For/-Proto from a load balancer
    bool access_log = true;
    // Where access-log lines go (http/access_log.hpp: a daily file kept a
    // set number of days); null: the default logger, with every other line.
    std::shared_ptr<spdlog::logger> access_logger;
    // Query parameters whose values the access log shows; all others are
    // logged as [redacted] (http/log_redaction.hpp).
    std::set<std::string, std::less<>> log_query_names;
};

using Application = std::function<Response(Request&)>;

class Server {
public:
    Server(std::string listen_address, unsigned short port, ServerOptions options, Application app);
    ~Server();
    // Binds; after this, port() is the real port (useful with port 0).
    void bind();
    unsigned short port() const;
    // Runs until SIGTERM/SIGINT or stop(), then finishes in-flight requests.
    void run();
    void stop();

private:
    struct Impl;
    std::unique_ptr<Impl> impl_;
};

}  // namespace hearth::http
