#pragma once
// The one error type of Hearth. Anything that ends an operation with an
// answer for the person (a 4xx) is an Error; the router turns it into the
// JSON error shape or an HTML error page. Anything else escaping a handler
// is a bug and becomes a logged 500.
#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

namespace hearth {

struct FieldError {
    std::string field;
    std::string message;
};

class Error : public std::runtime_error {
public:
    Error(int status, std::string code, std::string message,
          std::optional<std::string> field = std::nullopt);

    int status() const noexcept { return status_; }
    const std::string& code() const noexcept { return code_; }
    const std::string& message() const noexcept { return message_; }
    const std::optional<std::string>& field() const noexcept { return field_; }
    // Seconds a client should wait before trying again (429 only).
    int retry_after() const noexcept { return retry_after_; }

    static Error bad_request(std::string message, std::string code = "bad_request");
    static Error unauthorized(std::string message = "Please log in to continue.");
    static Error forbidden(std::string message = "You are not allowed to do that.");
    static Error not_found(std::string message = "We could not find that page.");
    static Error conflict(std::string code, std::string message, std::optional<std::string> field = std::nullopt);
    static Error invalid(std::string field, std::string message, std::string code = "invalid");
    static Error too_large(std::string message = "That request is too large.");
    static Error rate_limited(int retry_after_seconds);
    static Error csrf();
    // 422 for a form or body with several problems; the first names the field.
    static Error invalid_fields(std::vector<FieldError> fields);

    // Every field problem (422): forms show them all next to their fields.
    const std::vector<FieldError>& fields() const noexcept { return fields_; }

private:
    int status_;
    std::string code_;
    std::string message_;
    std::optional<std::string> field_;
    int retry_after_ = 0;
    std::vector<FieldError> fields_;
};

}  // namespace hearth
