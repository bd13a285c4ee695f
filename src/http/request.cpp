#include "http/request.hpp"

#include <charconv>
#include <boost/json/parse.hpp>
#include <boost/url/parse.hpp>
#include <boost/url/url_view.hpp>

#include "core/error.hpp"
#include "http/form.hpp"
#include "http/text.hpp"

namespace hearth::http {

namespace {

bool clean_line(std::string_view s) { return check_text(s, TextKind::line) == TextProblem::none; }

// A redirect target ("return_to", in a query or a form) is only ever read
// through http::safe_local_target, which turns anything but a printable
// local path into its fallback: a stray control character there sends the
// person somewhere safe rather than refusing the log-in. It must still be
// UTF-8 text.
bool is_redirect_target(std::string_view name) { return name == "return_to"; }

bool clean_value(std::string_view name, std::string_view value) {
    return is_redirect_target(name) ? valid_utf8(value) : clean_line(value);
}

Error bad_text(std::string message) { return Error::bad_request(std::move(message), "invalid_text"); }

}  // namespace

Request::Request(BeastRequest raw, std::string remote_address)
    : raw_(std::move(raw)), remote_address_(std::move(remote_address)) {
    target_ = std::string(raw_.target());
    auto parsed = boost::urls::parse_origin_form(target_);
    if (!parsed) {
        // Keep the raw path so the router can answer 404 rather than crash.
        path_ = target_.substr(0, target_.find('?'));
    } else {
        path_ = parsed->path();  // percent-decoded
        for (auto param : parsed->params()) {
            query_.emplace_back(std::string(param.key), param.has_value ? std::string(param.value) : std::string());
        }
    }
    // Cookies are checked one by one when read (cookie()).
    for (const auto& field : raw_) {
        if (field.name() != beast_http::field::cookie && !clean_line(field.value())) {
            boundary_error_ = bad_text("A request header holds bytes that are not text.");
        }
    }
    for (const auto& [k, v] : query_) {
        if (!clean_line(k) || !clean_value(k, v)) boundary_error_ = bad_text("The address holds bytes that are not text.");
    }
    if (!clean_line(path_)) boundary_error_ = Error::not_found();
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
            if (pair.substr(0, eq) != name) continue;
            const auto value = pair.substr(eq + 1);
            if (!clean_line(value)) return std::nullopt;
            return std::string(value);
        }
    }
    return std::nullopt;
}

std::string first_value(const Params& params, std::string_view name) {
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
// parts with a filename are kept apart as files (their bytes are binary,
// but their names are text).
std::optional<Params> read_multipart(std::string_view body, std::string_view boundary, std::vector<FormPart>& files) {
    auto parts = parse_multipart(body, boundary);
    if (!parts) return std::nullopt;
    Params fields;
    for (auto& part : *parts) {
        if (!valid_utf8(part.name)) return std::nullopt;
        if (part.is_file()) {
            if (!valid_utf8(*part.filename) || !valid_utf8(part.content_type)) return std::nullopt;
            files.push_back(std::move(part));
        } else {
            if (!valid_utf8(part.body)) return std::nullopt;
            fields.emplace_back(std::move(part.name), std::move(part.body));
        }
    }
    return fields;
}

TextKind kind_of_field(std::string_view name) { return is_secret_field(name) ? TextKind::secret : TextKind::multiline; }

// C1 controls (U+0080..U+009F, in UTF-8 0xC2 0x80..0x9F) in valid UTF-8.
bool has_c1_control(std::string_view s) {
    for (std::size_t i = 0; i + 1 < s.size(); ++i) {
        if (static_cast<unsigned char>(s[i]) == 0xC2 && static_cast<unsigned char>(s[i + 1]) <= 0x9F &&
            static_cast<unsigned char>(s[i + 1]) >= 0x80) {
            return true;
        }
    }
    return false;
}

// Form fields arrive valid UTF-8 (parse_form, read_multipart); here names
// must be clean and values free of C1 controls, which no field check
// further in knows. C0 controls and DEL in a page's form are refused by
// http::Input and the services' field checks (core/field_checks.hpp), which
// show the form again naming the field, with what the person typed; JSON
// bodies have no form to show again and are refused here (json()).
void check_form_fields(const Params& fields) {
    for (const auto& [name, value] : fields) {
        if (!clean_line(name)) throw Error::bad_request("The form data could not be read.", "malformed_form");
        if (is_redirect_target(name) || is_secret_field(name)) continue;
        if (has_c1_control(value)) {
            throw Error::invalid(name, std::string(text_problem_message(TextProblem::control_character)));
        }
    }
}

void check_json_name(std::string_view name) {
    if (!clean_line(name))
        throw Error::bad_request("The request body holds a name that is not text.", "malformed_json");
}

// Every string in a JSON document, however deep, meets the rule of the
// top-level field it is under; names must be clean single-line text.
void check_json_strings(const boost::json::value& v, std::string_view field, TextKind kind) {
    if (v.is_string()) {
        const auto problem = check_text(v.get_string(), kind);
        if (problem != TextProblem::none) {
            throw Error::invalid(std::string(field), std::string(text_problem_message(problem)));
        }
    } else if (v.is_array()) {
        for (const auto& item : v.get_array()) check_json_strings(item, field, kind);
    } else if (v.is_object()) {
        for (const auto& member : v.get_object()) {
            check_json_name(member.key());
            check_json_strings(member.value(), field, kind);
        }
    }
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
        std::vector<FormPart> files;
        if (is_urlencoded(type)) {
            parsed = parse_form(raw_.body());
        } else if (auto boundary = multipart_boundary(type)) {
            parsed = read_multipart(raw_.body(), *boundary, files);
        } else {
            throw Error(415, "unsupported_media_type",
                        "Please send this form as application/x-www-form-urlencoded or multipart/form-data.");
        }
        if (!parsed) throw Error::bad_request("The form data could not be read.", "malformed_form");
        check_form_fields(*parsed);
        files_ = std::move(files);
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
        for (const auto& member : value.get_object()) {
            check_json_name(member.key());
            check_json_strings(member.value(), member.key(), kind_of_field(member.key()));
        }
        json_ = std::move(value.as_object());
    }
    return *json_;
}

std::optional<std::int64_t> positive_id(std::string_view text) {
    std::int64_t id = 0;
    auto [p, ec] = std::from_chars(text.data(), text.data() + text.size(), id);
    if (text.empty() || ec != std::errc{} || p != text.data() + text.size() || id <= 0)
        return std::nullopt;
    return id;
}

std::int64_t Request::path_id(std::string_view name, std::string not_found_message) const {
    auto id = positive_id(path_param(name));
    if (!id) throw Error::not_found(std::move(not_found_message));
    return *id;
}

std::string Request::path_param(std::string_view name) const {
    auto it = path_params_.find(name);
    return it == path_params_.end() ? std::string() : it->second;
}

bool Request::is_api() const noexcept { return path_.rfind("/api/", 0) == 0; }

}  // namespace hearth::http
