#include "http/input.hpp"

#include <boost/json/object.hpp>
#include <charconv>

#include "core/field_checks.hpp"
#include "http/text.hpp"

namespace hearth::http {

namespace {

std::string trim(std::string_view s) {
    auto is_space = [](char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; };
    while (!s.empty() && is_space(s.front())) s.remove_prefix(1);
    while (!s.empty() && is_space(s.back())) s.remove_suffix(1);
    return std::string(s);
}

}  // namespace

Input::Input(const Request& req) : req_(req), json_(req.is_api()) {
    // Parse now so a malformed body fails before any field is read.
    if (json_) {
        (void)req_.json();
    } else {
        (void)req_.form();
    }
}

bool Input::has(std::string_view name) const {
    if (json_) return req_.json().contains(name);
    for (const auto& [k, v] : req_.form()) {
        if (k == name) return true;
    }
    return false;
}

std::string Input::raw(std::string_view name) {
    std::string value;
    if (!json_) {
        value = req_.form_value(name);
    } else {
        const auto* v = req_.json().if_contains(name);
        if (!v || v->is_null()) return {};
        if (!v->is_string()) {
            fail(std::string(name), "This must be text.");
            return {};
        }
        value = std::string(v->as_string());
    }
    // Invalid UTF-8 never gets here (Request::form() and json() refuse it),
    // nor any control character in JSON. A page's form may still carry C0
    // controls or DEL: refused here as a field error, so the form is shown
    // again. Passwords keep anything but NUL.
    const bool refused = is_secret_field(name) ? value.find('\0') != std::string::npos
                                               : has_control_characters(value);
    if (!json_ && refused) {
        fail(std::string(name), std::string(text_problem_message(TextProblem::control_character)));
        return {};
    }
    return value;
}

std::string Input::text(std::string_view name) { return trim(raw(name)); }

bool Input::flag(std::string_view name) {
    if (!json_) {
        auto v = req_.form_value(name);
        return v == "1" || v == "on" || v == "true" || v == "yes";
    }
    const auto* v = req_.json().if_contains(name);
    if (!v || v->is_null()) return false;
    if (!v->is_bool()) {
        fail(std::string(name), "This must be true or false.");
        return false;
    }
    return v->as_bool();
}

std::optional<std::int64_t> Input::integer(std::string_view name) {
    if (json_) {
        const auto* v = req_.json().if_contains(name);
        if (!v || v->is_null()) return std::nullopt;
        if (v->is_int64()) return v->as_int64();
        if (v->is_uint64() && v->as_uint64() <= static_cast<std::uint64_t>(INT64_MAX)) {
            return static_cast<std::int64_t>(v->as_uint64());
        }
        fail(std::string(name), "This must be a whole number.");
        return std::nullopt;
    }
    auto s = text(name);
    if (s.empty()) return std::nullopt;
    std::int64_t out = 0;
    auto [p, ec] = std::from_chars(s.data(), s.data() + s.size(), out);
    if (ec != std::errc{} || p != s.data() + s.size()) {
        fail(std::string(name), "This must be a whole number.");
        return std::nullopt;
    }
    return out;
}

std::vector<std::string> Input::list(std::string_view name) {
    std::vector<std::string> out;
    if (!json_) {
        for (auto& v : req_.form_values(name)) {
            auto t = trim(v);
            if (!t.empty()) out.push_back(std::move(t));
        }
        return out;
    }
    const auto* v = req_.json().if_contains(name);
    if (!v || v->is_null()) return out;
    if (!v->is_array()) {
        fail(std::string(name), "This must be a list.");
        return out;
    }
    for (const auto& item : v->as_array()) {
        if (!item.is_string()) {
            fail(std::string(name), "Every item of this list must be text.");
            return {};
        }
        out.push_back(trim(item.as_string()));
    }
    return out;
}

void Input::fail(std::string field, std::string message) {
    for (const auto& e : errors_) {
        if (e.field == field) return;
    }
    errors_.push_back(FieldError{std::move(field), std::move(message)});
}

void Input::check() const {
    if (!errors_.empty()) throw Error::invalid_fields(errors_);
}

std::string Input::required_text(std::string_view name, std::string_view label, std::size_t max_chars) {
    auto v = text(name);
    if (v.empty()) {
        fail(std::string(name), std::string(label) + " is required.");
    } else if (character_count(v) > max_chars) {
        fail(std::string(name), std::string(label) + " can be at most " + std::to_string(max_chars) + " characters.");
    }
    return v;
}

std::string Input::optional_text(std::string_view name, std::string_view label, std::size_t max_chars) {
    auto v = text(name);
    if (character_count(v) > max_chars) {
        fail(std::string(name), std::string(label) + " can be at most " + std::to_string(max_chars) + " characters.");
    }
    return v;
}

}  // namespace hearth::http
