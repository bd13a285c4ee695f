#pragma once
#include <boost/beast/http/message.hpp>
#include <boost/beast/http/string_body.hpp>
#include <boost/json/fwd.hpp>
#include <string>
#include <string_view>

namespace hearth {
class Error;
}

namespace hearth::http {

using Response = boost::beast::http::response<boost::beast::http::string_body>;

Response text(int status, std::string body, std::string_view content_type = "text/plain; charset=utf-8");
Response html(int status, std::string body);
Response json(int status, const boost::json::value& body);
// 303 See Other after a form post; 302 for plain redirects.
Response redirect(std::string_view location, int status = 303);
// {"error":{"code","message","field"}} with the error's status (and Retry-After for 429).
Response json_error(const Error& e);

struct CookieOptions {
    bool http_only = true;
    bool secure = true;
    std::string_view same_site = "Lax";
    long max_age_seconds = -1;  // -1: session cookie; 0: delete
};
void set_cookie(Response& r, std::string_view name, std::string_view value, const CookieOptions& options);

}  // namespace hearth::http
