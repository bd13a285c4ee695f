#pragma once
// The composition root: builds the store, the features and the routing
// table from the configuration, and turns each request into a response
// through the same steps (static files, who is asking, CSRF, route, errors,
// security headers).
#include <memory>

#include "app/config.hpp"
#include "db/database.hpp"
#include "http/request.hpp"
#include "http/response.hpp"

namespace hearth::http {
class Router;
}

namespace hearth::app {

class Application {
public:
    explicit Application(Config config);
    ~Application();
    Application(const Application&) = delete;
    Application& operator=(const Application&) = delete;

    http::Response handle(http::Request& req);
    // Background work: e-mail delivery, pruning expired sessions and rate-limit windows.
    void start_workers();
    void stop_workers();

    const Config& config() const noexcept;
    db::Database& database() noexcept;
    // The routing table as built (tests check that every write names its limit).
    const http::Router& router() const noexcept;

private:
    struct Parts;
    std::unique_ptr<Parts> parts_;
};

}  // namespace hearth::app
