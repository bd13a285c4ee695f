#pragma once
// The access log's own file: one line per request (written by the server,
// see http/server.hpp; query values redacted by http/log_redaction.hpp),
// a new file each day and none kept longer than a set number of days, so
// the privacy page can say how long the lines exist.
#include <cstdint>
#include <filesystem>
#include <memory>

namespace spdlog {
class logger;
}

namespace hearth::http {

// A logger that writes to `path` with the day put before its extension
// ("logs/access.log" -> "logs/access_2026-11-30.log"), starting a new file
// at midnight (the server's local time; UTC on a server set to UTC), each
// line stamped in UTC and flushed at once. Creates the folder. At most
// `keep_days` files are kept (older ones are deleted as a new day begins);
// prune_access_logs also removes those a restart left behind. Throws
// spdlog::spdlog_ex when the file cannot be opened.
std::shared_ptr<spdlog::logger> open_access_log(const std::filesystem::path& path, int keep_days);

// Deletes the daily files of `path` ("<stem>_YYYY-MM-DD<ext>" beside it)
// last written more than `keep_days` days before `now` (UTC seconds);
// nothing else in the folder is touched. Returns how many were deleted.
// Never throws: a file that cannot be removed is left for the next round.
int prune_access_logs(const std::filesystem::path& path, int keep_days, std::int64_t now);

}  // namespace hearth::http
