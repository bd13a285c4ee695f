#include "core/error.hpp"

#include <utility>

namespace hearth {

Error::Error(int status, std::string code, std::string message, std::optional<std::string> field)
    : std::runtime_error(message), status_(status), code_(std::move(code)), message_(std::move(message)),
      field_(std::move(field)) {}

Error Error::bad_request(std::string message, std::string code) {
    return Error(400, std::move(code), std::move(message));
}
Error Error::unauthorized(std::string message) { return Error(401, "unauthorized", std::move(message)); }
Error Error::forbidden(std::string message) { return Error(403, "forbidden", std::move(message)); }
Error Error::not_found(std::string message) { return Error(404, "not_found", std::move(message)); }
Error Error::conflict(std::string code, std::string message, std::optional<std::string> field) {
    return Error(409, std::move(code), std::move(message), std::move(field));
}
Error Error::invalid(std::string field, std::string message, std::string code) {
    Error e(422, std::move(code), message, field);
    e.fields_.push_back(FieldError{std::move(field), std::move(message)});
    return e;
}
Error Error::invalid_fields(std::vector<FieldError> fields) {
    Error e(422, "invalid", fields.empty() ? std::string("Please check the form.") : fields.front().message,
            fields.empty() ? std::nullopt : std::optional<std::string>(fields.front().field));
    e.fields_ = std::move(fields);
    return e;
}
Error Error::too_large(std::string message) { return Error(413, "too_large", std::move(message)); }
Error Error::rate_limited(int retry_after_seconds) {
    Error e(429, "rate_limited", "Too many attempts. Please wait a little and try again.");
    e.retry_after_ = retry_after_seconds < 1 ? 1 : retry_after_seconds;
    return e;
}
Error Error::csrf() {
    return Error(403, "csrf_failed",
                 "This form has expired or was not sent from Hearth. Please reload the page and try again.");
}

}  // namespace hearth
