#pragma once
// One routing table: method + path pattern ("/specialists/{slug}") to a
// handler. A reader finds any page by its URL in app/routes.cpp.
#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include "http/request.hpp"
#include "http/response.hpp"

namespace hearth::http {

using Handler = std::function<Response(Request&)>;

// Whether a method changes state (POST, PUT, PATCH, DELETE): such requests
// need a CSRF token and are counted under a write limit.
bool changes_state(beast_http::verb method) noexcept;

class Router {
public:
    struct Route {
        beast_http::verb method;
        std::string pattern;                // as declared, e.g. "/specialists/{slug}"
        std::vector<std::string> segments;  // "{name}" is a parameter
        Handler handler;
        // The write limit each request is counted under before the handler
        // runs: the name of one in security::write_limits (a constant, so it
        // outlives the router); empty for reads.
        std::string_view write_limit;
    };

    // Throws std::logic_error for a state-changing method without a write
    // limit, or a read with one: no write goes uncounted.
    void add(beast_http::verb method, std::string pattern, Handler handler, std::string_view write_limit = {});
    void get(std::string pattern, Handler h) { add(beast_http::verb::get, std::move(pattern), std::move(h)); }
    void post(std::string pattern, std::string_view write_limit, Handler h) {
        add(beast_http::verb::post, std::move(pattern), std::move(h), write_limit);
    }
    void put(std::string pattern, std::string_view write_limit, Handler h) {
        add(beast_http::verb::put, std::move(pattern), std::move(h), write_limit);
    }
    void patch(std::string pattern, std::string_view write_limit, Handler h) {
        add(beast_http::verb::patch, std::move(pattern), std::move(h), write_limit);
    }
    void del(std::string pattern, std::string_view write_limit, Handler h) {
        add(beast_http::verb::delete_, std::move(pattern), std::move(h), write_limit);
    }

    enum class Match { found, no_path, no_method };
    // Finds the route and fills the request's path parameters. HEAD is
    // answered by the GET route.
    Match find(Request& req, const Route*& out) const;
    // The methods a path accepts (for 405's Allow header).
    std::string allowed_methods(std::string_view path) const;
    // Every route, in the order added.
    const std::vector<Route>& routes() const noexcept { return routes_; }

private:
    std::vector<Route> routes_;
};

}  // namespace hearth::http
