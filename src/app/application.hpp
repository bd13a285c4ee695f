#pragma once
// The composition root: builds the store, the features and the routing
// table from the configuration, and turns each request into a response
// through the same steps (static files, text at the boundary, who is asking,
// route, CSRF, errors, security headers).
#include <cstddef>
#include <memory>
#include <string_view>

#include "app/config.hpp"
#include "db/database.hpp"
#include "http/request.hpp"
#include "http/response.hpp"
#include "features/consultations/consultations.hpp"

namespace hearth::http {
class Router;
}

namespace hearth::app {

// The consultations' settings from the configuration (the link-signing key
// shared through `db`): one place for the server and the command line.
consultations::BookingSettings booking_settings(const Config& config, db::Database& db);

class Application {
public:
    explicit Application(Config config);
    ~Application();
    Application(const Application&) = delete;
    Application& operator=(const Application&) = delete;

    http::Response handle(http::Request& req);
    // The body limit in bytes of the route `method` and `target` (as sent,
    // with its query) reach: max_upload_bytes for upload routes, else
    // max_body_bytes. The server asks before it reads a body.
    std::size_t body_limit(http::beast_http::verb method, std::string_view target) const;
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
