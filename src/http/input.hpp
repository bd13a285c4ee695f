#pragma once
// One way to read and validate what a person sent, whether it came from an
// HTML form or a JSON body, so pages and the API share one validation path.
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/error.hpp"
#include "http/request.hpp"

namespace hearth::http {

class Input {
public:
    // Reads the request's form body, or its JSON object for /api/ requests.
    explicit Input(const Request& req);

    bool has(std::string_view name) const;
    // Trimmed text; "" when absent. JSON numbers/bools are not text: they
    // are reported as a field error instead of being coerced.
    std::string text(std::string_view name);
    // Text kept exactly as sent (passwords). Like every value here it is
    // valid UTF-8 and free of the control characters its field may not
    // hold (see Request::form() and http/text.hpp).
    std::string raw(std::string_view name);
    bool flag(std::string_view name);  // form: "1"/"on"/"true"; JSON: true/false
    std::optional<std::int64_t> integer(std::string_view name);
    std::vector<std::string> list(std::string_view name);  // form: repeated fields; JSON: array of strings

    // Records a problem with a field (the first problem per field wins).
    void fail(std::string field, std::string message);
    bool ok() const noexcept { return errors_.empty(); }
    const std::vector<FieldError>& errors() const noexcept { return errors_; }
    // Throws Error::invalid_fields when any field failed.
    void check() const;

    // Common rules, each recording a field error on failure.
    std::string required_text(std::string_view name, std::string_view label, std::size_t max_chars);
    std::string optional_text(std::string_view name, std::string_view label, std::size_t max_chars);

private:
    const Request& req_;
    bool json_;
    std::vector<FieldError> errors_;
};

}  // namespace hearth::http
