#pragma once
// The protocol machinery: accepts connections, parses requests with limits
// and timeouts, hands each request to one application function, writes the
// response, keeps connections alive, and shuts down gracefully. Knows no
// feature and no page.
#include <chrono>
#include <cstddef>
#include <functional>
#include <memory>
#include <string>
#include <string_view>

#include "http/request.hpp"
#include "http/response.hpp"

namespace hearth::http {

struct ServerOptions {
    std::size_t max_header_bytes = 16 * 1024;
    std::size_t max_body_bytes = 1024 * 1024;            // larger bodies get 413
    // A larger limit for a few upload paths (photos); empty: none.
    std::function<std::size_t(std::string_view target)> body_limit_for;
    std::chrono::seconds header_timeout{10};             // slow clients are cut off
    std::chrono::seconds body_timeout{30};
    std::chrono::seconds idle_timeout{60};               // keep-alive between requests
    std::chrono::seconds shutdown_grace{20};
    unsigned threads = 4;
    bool trust_proxy = false;                            // X-Forwarded-For/-Proto from a load balancer
    bool access_log = true;
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
