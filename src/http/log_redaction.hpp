#pragma once
// What of a request may reach a log. Logs are kept longer and read by more
// people than the database, so no token, signature, password or other
// secret may be written to them: URLs are logged with the values of query
// parameters that are not known to be harmless replaced by [redacted], and
// error messages (which may quote what a client sent) with their quoted
// parts replaced. Both escape bytes that could forge a log line.
#include <functional>
#include <set>
#include <string>
#include <string_view>

namespace hearth::http {

inline constexpr std::string_view redacted = "[redacted]";

// `target` as sent ("/password/reset?token=abc&page=2") with the value of
// every query parameter whose name is not in `loggable` replaced:
// "/password/reset?token=[redacted]&page=2". The path is kept (paths carry
// no secrets in Hearth; signed links put theirs in the query). Control
// characters, backslashes and bytes above 0x7E are written as \xNN.
std::string redact_target(std::string_view target, const std::set<std::string, std::less<>>& loggable);

// An exception's message for the log: the first line only (database
// errors add DETAIL lines quoting row values), with every '...' or "..."
// span and every "=(...)" value replaced by [redacted], escaped as above.
std::string redact_message(std::string_view message);

}  // namespace hearth::http
