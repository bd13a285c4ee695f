#pragma once
// The request as handlers see it: the parsed Beast message plus what the
// server and the auth middleware learned about it. Knows no feature.
#include <boost/beast/http/message.hpp>
#include <boost/beast/http/string_body.hpp>
#include <boost/json/value.hpp>
#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "core/actor.hpp"
#include "core/error.hpp"
#include "http/multipart.hpp"

namespace hearth::http {

class EventStream;

namespace beast_http = boost::beast::http;
using BeastRequest = beast_http::request<beast_http::string_body>;
using Params = std::vector<std::pair<std::string, std::string>>;

// The first value named `name` in `params`; "" when there is none.
std::string first_value(const Params& params, std::string_view name);

// Every text value a Request hands out has passed http::check_text (see
// http/text.hpp): path, query and header values when the Request is built
// (boundary_error() says what was wrong), cookies when read, form fields and
// JSON strings when the body is parsed (form() and json() throw).
// `text` as a record id: a positive whole number in plain decimal digits,
// nothing around it; nullopt otherwise (empty, signs, spaces, zero, overflow).
std::optional<std::int64_t> positive_id(std::string_view text);

class Request {
public:
    Request(BeastRequest raw, std::string remote_address);

    // Set when the path, a query value or a header value is not valid UTF-8
    // or holds a control character: Error 404 for the path (no page has such
    // an address), 400 for the rest. The application answers with it before
    // anything reads the request.
    const std::optional<Error>& boundary_error() const noexcept { return boundary_error_; }

    const BeastRequest& raw() const noexcept { return raw_; }
    beast_http::verb method() const noexcept { return raw_.method(); }
    std::string_view method_name() const;
    const std::string& path() const noexcept { return path_; }     // percent-decoded, no query
    const std::string& target() const noexcept { return target_; } // as sent, with query
    const std::string& remote_address() const noexcept { return remote_address_; }
    void set_remote_address(std::string a) { remote_address_ = std::move(a); }
    std::string_view header(std::string_view name) const;
    std::string_view body() const { return raw_.body(); }
    // A cookie's value; nullopt when absent or not clean text (a cookie
    // another site on this host set is not worth refusing the request for).
    std::optional<std::string> cookie(std::string_view name) const;

    const Params& query() const noexcept { return query_; }
    // First value of a query parameter, or "" when absent.
    std::string query_param(std::string_view name) const;
    std::vector<std::string> query_params(std::string_view name) const;

    // The text fields of an application/x-www-form-urlencoded or a
    // multipart/form-data body; throws Error 400 when malformed or not
    // UTF-8, 422 (naming the field) when a value holds a control character
    // (TextKind::multiline; secret fields: only NUL), and 415 when the body
    // is of another type.
    const Params& form() const;
    std::string form_value(std::string_view name) const;
    std::vector<std::string> form_values(std::string_view name) const;
    // True when the body is one form() reads (so it may carry a _csrf field).
    bool has_form_body() const;
    // The file parts of a multipart/form-data body (none for other bodies);
    // file(name) is the first one of that field, or nullptr.
    const std::vector<FormPart>& files() const;
    const FormPart* file(std::string_view name) const;
    // JSON object body; throws Error 400 when malformed, not an object or a
    // key is not clean text, 422 (naming the top-level field) when a string
    // anywhere in it holds a control character, \u0000 included.
    const boost::json::object& json() const;

    // Path parameters filled by the router ({slug} -> "slug").
    std::string path_param(std::string_view name) const;
    // The path parameter `name` as a record id (a positive whole number,
    // positive_id); Error 404 with `not_found_message` for anything else:
    // such a path names nothing (RFC 9110 section 15.5.5).
    std::int64_t path_id(std::string_view name, std::string not_found_message = "We could not find that page.") const;
    void set_path_params(std::map<std::string, std::string, std::less<>> p) { path_params_ = std::move(p); }

    bool is_api() const noexcept;        // /api/... answers JSON
    bool is_secure() const noexcept { return secure_; }
    void set_secure(bool s) noexcept { secure_ = s; }

    // Who is asking and from where, as services take it.
    Actor actor() const { return Actor{principal, remote_address_}; }

    Principal principal;                 // set by the auth middleware
    std::string csrf_token;              // the token forms on this page must carry
    // Set by http::event_stream_response: the server keeps the connection
    // open and asks this producer for events (http/event_stream.hpp).
    std::shared_ptr<EventStream> event_stream;

private:
    BeastRequest raw_;
    std::string remote_address_;
    std::optional<Error> boundary_error_;
    std::string path_;
    std::string target_;
    Params query_;
    mutable std::optional<Params> form_;
    mutable std::vector<FormPart> files_;
    mutable std::optional<boost::json::object> json_;
    std::map<std::string, std::string, std::less<>> path_params_;
    bool secure_ = false;
};

}  // namespace hearth::http
