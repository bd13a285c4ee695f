#include "http/request.hpp"

#include <boost/json/parse.hpp>
#include <boost/url/parse.hpp>
#include <boost/url/url_view.hpp>

#include "core/error.hpp"
#include "http/form.hpp"

namespace hearth::http {

Request::Request(BeastRequest raw, std::string remote_address)
    : raw_(std::move(raw)), remote_address_(std::move(remote_address)) {
    target_ = std::string(raw_.target());
    // Percent-decoding can yield any bytes; ill-formed UTF-8 becomes U+FFFD
    // (as browsers decode URLs), so no handler passes it on to a store that
    // refuses it (PostgreSQL) or echoes it into a page.
    auto parsed = boost::urls::parse_origin_form(target_);
    if (!parsed) {
        // Keep the raw path so the router can answer 404 rather than crash.
        path_ = to_valid_utf8(target_.substr(0, target_.find('?')));
        return;
    }
    path_ = to_valid_utf8(parsed->path());
    for (auto param : parsed->params()) {
        query_.emplace_back(to_valid_utf8(param.key), param.has_value ? to_valid_utf8(param.value) : std::string());
    }
}

std::string_view Request::method_name() const { return raw_.method_string(); }

std::string_view Request::header(std::string_view name) const {
    auto it = raw_.find(name);
    if (it == raw_.end()) return {};
    return it->value();
}

std::optional<std::string> Request::cookie(std::string_view name) const {
    for (auto it = raw_.find(beast_http::field::cookie); it != raw_.end() && it->name() == beast_http::field::cookie;
         ++it) {
        std::string_view rest = it->value();
        while (!rest.empty()) {
            auto semi = rest.find(';');
            std::string_view pair = rest.substr(0, semi);
            rest = semi == std::string_view::npos ? std::string_view{} : rest.substr(semi + 1);
            while (!pair.empty() && pair.front() == ' ') pair.remove_prefix(1);
            auto eq = pair.find('=');
            if (eq == std::string_view::npos) continue;
            if (pair.substr(0, eq) == name) return std::string(pair.substr(eq + 1));
        }
    }
    return std::nullopt;
}

static std::string first_value(const Params& params, std::string_view name) {
    for (const auto& [k, v] : params) {
        if (k == name) return v;
    }
    return {};
}

static std::vector<std::string> all_values(const Params& params, std::string_view name) {
    std::vector<std::string> out;
    for (const auto& [k, v] : params) {
        if (k == name) out.push_back(v);
    }
    return out;
}

std::string Request::query_param(std::string_view name) const { return first_value(query_, name); }
std::vector<std::string> Request::query_params(std::string_view name) const { return all_values(query_, name); }

namespace {

bool is_urlencoded(std::string_view content_type) {
    return content_type.substr(0, 33) == "application/x-www-form-urlencoded";
}

// Text parts become form fields (valid UTF-8 only, like urlencoded ones);
// parts with a filename are kept apart as files.
std::optional<Params> read_multipart(std::string_view body, std::string_view boundary, std::vector<FormPart>& files) {
    auto parts = parse_multipart(body, boundary);
    if (!parts) return std::nullopt;
    Params fields;
    for (auto& part : *parts) {
        if (part.is_file()) {
            files.push_back(std::move(part));
        } else {
            if (!valid_utf8(part.name) || !valid_utf8(part.body)) return std::nullopt;
            fields.emplace_back(std::move(part.name), std::move(part.body));
        }
    }
    return fields;
}

}  // namespace

bool Request::has_form_body() const {
    const std::string_view type = header("Content-Type");
    return is_urlencoded(type) || multipart_boundary(type).has_value();
}

const Params& Request::form() const {
    if (!form_) {
        const std::string_view type = header("Content-Type");
        std::optional<Params> parsed;
        if (is_urlencoded(type)) {
            parsed = parse_form(raw_.body());
        } else if (auto boundary = multipart_boundary(type)) {
            parsed = read_multipart(raw_.body(), *boundary, files_);
        } else {
            throw Error(415, "unsupported_media_type",
                        "Please send this form as application/x-www-form-urlencoded or multipart/form-data.");
        }
        if (!parsed) throw Error::bad_request("The form data could not be read.", "malformed_form");
        form_ = std::move(*parsed);
    }
    return *form_;
}

const std::vector<FormPart>& Request::files() const {
    if (has_form_body()) (void)form();
    return files_;
}

const FormPart* Request::file(std::string_view name) const {
    for (const auto& f : files()) {
        if (f.name == name) return &f;
    }
    return nullptr;
}

std::string Request::form_value(std::string_view name) const { return first_value(form(), name); }
std::vector<std::string> Request::form_values(std::string_view name) const { return all_values(form(), name); }

const boost::json::object& Request::json() const {
    if (!json_) {
        std::string_view type = header("Content-Type");
        if (type.substr(0, 16) != "application/json") {
            throw Error(415, "unsupported_media_type", "Please send JSON with Content-Type: application/json.");
        }
        boost::system::error_code ec;
        auto value = boost::json::parse(raw_.body(), ec);
        if (ec) throw Error::bad_request("The request body is not valid JSON.", "malformed_json");
        if (!value.is_object()) throw Error::bad_request("The request body must be a JSON object.", "malformed_json");
        json_ = std::move(value.as_object());
    }
    return *json_;
}

std::string Request::path_param(std::string_view name) const {
    auto it = path_params_.find(name);
    return it == path_params_.end() ? std::string() : it->second;
}

bool Request::is_api() const noexcept { return path_.rfind("/api/", 0) == 0; }

}  // namespace hearth::http
