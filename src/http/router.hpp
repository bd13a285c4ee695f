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

// How large a body a route takes. The sizes in bytes come from the
// configuration (max_body_bytes, max_upload_bytes); the table says which
// routes are uploads.
enum class BodySize { ordinary, upload };

class Router {
public:
    void add(beast_http::verb method, std::string pattern, Handler handler, BodySize body = BodySize::ordinary);
    void get(std::string pattern, Handler h) { add(beast_http::verb::get, std::move(pattern), std::move(h)); }
    void post(std::string pattern, Handler h, BodySize body = BodySize::ordinary) {
        add(beast_http::verb::post, std::move(pattern), std::move(h), body);
    }
    void put(std::string pattern, Handler h, BodySize body = BodySize::ordinary) {
        add(beast_http::verb::put, std::move(pattern), std::move(h), body);
    }
    void del(std::string pattern, Handler h) { add(beast_http::verb::delete_, std::move(pattern), std::move(h)); }

    // The body size of the route a method and (percent-decoded) path reach;
    // ordinary when none does. The server asks this before it reads a body.
    BodySize body_size(beast_http::verb method, std::string_view path) const;

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
        BodySize body;
    };
    std::vector<Route> routes_;
};

}  // namespace hearth::http
