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

class Router {
public:
    void add(beast_http::verb method, std::string pattern, Handler handler);
    void get(std::string pattern, Handler h) { add(beast_http::verb::get, std::move(pattern), std::move(h)); }
    void post(std::string pattern, Handler h) { add(beast_http::verb::post, std::move(pattern), std::move(h)); }
    void put(std::string pattern, Handler h) { add(beast_http::verb::put, std::move(pattern), std::move(h)); }
    void del(std::string pattern, Handler h) { add(beast_http::verb::delete_, std::move(pattern), std::move(h)); }

    enum class Match { found, no_path, no_method };
    // Finds the handler and fills the request's path parameters. HEAD is
    // answered by the GET handler.
    Match find(Request& req, const Handler*& out) const;
    // The methods a path accepts (for 405's Allow header).
    std::string allowed_methods(std::string_view path) const;

private:
    struct Route {
        beast_http::verb method;
        std::vector<std::string> segments;  // "{name}" is a parameter
        Handler handler;
    };
    std::vector<Route> routes_;
};

}  // namespace hearth::http
