#include "http/access_log.hpp"

#include <spdlog/sinks/daily_file_sink.h>
#include <spdlog/spdlog.h>

#include <algorithm>
#include <cctype>
#include <chrono>
#include <string>
#include <system_error>

namespace hearth::http {

namespace {

// spdlog's daily file names keep at most this many files.
constexpr int max_kept_files = 65535;

// "<stem>_" + "YYYY-MM-DD" + "<ext>", the name spdlog's daily sink gives.
bool is_daily_file_of(const std::string& name, const std::string& stem, const std::string& ext) {
    constexpr std::size_t date_chars = 10;
    if (name.size() != stem.size() + 1 + date_chars + ext.size()) return false;
    if (!name.starts_with(stem + "_") || !name.ends_with(ext)) return false;
    const std::string date = name.substr(stem.size() + 1, date_chars);
    for (std::size_t i = 0; i < date.size(); ++i) {
        const bool dash = i == 4 || i == 7;
        if (dash ? date[i] != '-' : !std::isdigit(static_cast<unsigned char>(date[i]))) return false;
    }
    return true;
}

}  // namespace

std::shared_ptr<spdlog::logger> open_access_log(const std::filesystem::path& path, int keep_days) {
    if (path.has_parent_path()) std::filesystem::create_directories(path.parent_path());
    const auto kept = static_cast<std::uint16_t>(std::clamp(keep_days, 1, max_kept_files));
    auto sink = std::make_shared<spdlog::sinks::daily_file_sink_mt>(path.string(), 0, 0, false, kept);
    auto logger = std::make_shared<spdlog::logger>("access", std::move(sink));
    logger->set_pattern("%Y-%m-%dT%H:%M:%S.%eZ %v", spdlog::pattern_time_type::utc);
    logger->set_level(spdlog::level::info);
    logger->flush_on(spdlog::level::info);  // a line is on disk before the next request is read
    return logger;
}

int prune_access_logs(const std::filesystem::path& path, int keep_days, std::int64_t now) {
    namespace fs = std::filesystem;
    const fs::path folder = path.has_parent_path() ? path.parent_path() : fs::path(".");
    const std::string stem = path.stem().string();
    const std::string ext = path.extension().string();
    // File times are on the file clock; compare them as ages against `now`.
    const auto file_now = fs::file_time_type::clock::now();
    const auto system_now = std::chrono::system_clock::now();
    const std::int64_t cutoff = now - std::int64_t{keep_days} * 86400;
    int removed = 0;
    std::error_code ec;
    for (fs::directory_iterator it(folder, ec), end; !ec && it != end; it.increment(ec)) {
        const auto name = it->path().filename().string();
        if (!is_daily_file_of(name, stem, ext)) continue;
        std::error_code time_ec;
        const auto written = it->last_write_time(time_ec);
        if (time_ec) continue;
        const auto written_at = std::chrono::duration_cast<std::chrono::seconds>(
                                    (system_now + (written - file_now)).time_since_epoch())
                                    .count();
        if (written_at >= cutoff) continue;
        std::error_code remove_ec;
        if (fs::remove(it->path(), remove_ec)) ++removed;
    }
    if (removed > 0) spdlog::info("access log: deleted {} file(s) older than {} days", removed, keep_days);
    return removed;
}

}  // namespace hearth::http
