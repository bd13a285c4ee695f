#include "http/response.hpp"

#include <boost/json/array.hpp>
#include <boost/json/serialize.hpp>
#include <boost/json/value.hpp>

#include "core/error.hpp"

namespace hearth::http {

namespace bh = boost::beast::http;

Response text(int status, std::string body, std::string_view content_type) {
    Response r{static_cast<bh::status>(status), 11};
    r.set(bh::field::content_type, content_type);
    r.body() = std::move(body);
    r.prepare_payload();
    return r;
}

Response html(int status, std::string body) { return text(status, std::move(body), "text/html; charset=utf-8"); }

Response json(int status, const boost::json::value& body) {
    return text(status, boost::json::serialize(body), "application/json");
}

Response redirect(std::string_view location, int status) {
    Response r{static_cast<bh::status>(status), 11};
    r.set(bh::field::location, location);
    r.prepare_payload();
    return r;
}

Response json_error(const Error& e) {
    boost::json::object error{{"code", e.code()}, {"message", e.message()}};
    if (e.field()) {
        error["field"] = *e.field();
    } else {
        error["field"] = nullptr;
    }
    if (e.fields().size() > 1) {
        // Every problem at once, so a client can show them all.
        boost::json::array fields;
        for (const auto& f : e.fields()) fields.push_back(boost::json::object{{"field", f.field}, {"message", f.message}});
        error["fields"] = std::move(fields);
    }
    Response r = json(e.status(), boost::json::object{{"error", std::move(error)}});
    if (e.status() == 429) r.set(bh::field::retry_after, std::to_string(e.retry_after()));
    return r;
}

void set_cookie(Response& r, std::string_view name, std::string_view value, const CookieOptions& o) {
    std::string c;
    c.append(name).append("=").append(value).append("; Path=/");
    if (o.max_age_seconds >= 0) c.append("; Max-Age=").append(std::to_string(o.max_age_seconds));
    if (o.secure) c.append("; Secure");
    if (o.http_only) c.append("; HttpOnly");
    if (!o.same_site.empty()) c.append("; SameSite=").append(o.same_site);
    r.insert(bh::field::set_cookie, c);
}

}  // namespace hearth::http
