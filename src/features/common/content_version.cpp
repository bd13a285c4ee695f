#include "features/common/content_version.hpp"

#include <atomic>

#include "core/clock.hpp"

namespace hearth::content_version {
namespace {

// The channel that migration 0007_directory_notify's trigger announces on.
constexpr const char* channel = "hearth_directory_version";
constexpr const char* read_sql = "SELECT version FROM directory_state WHERE id = 1";

// The highest version a unit of work on this node raised to, and when.
// Process-wide because every Watch in a process watches the one counter.
std::atomic<std::int64_t> raised_here{0};
std::atomic<std::int64_t> raised_here_at{0};

}  // namespace

void raise(db::Session& s) {
    const auto version = s.query("UPDATE directory_state SET version = version + 1 WHERE id = 1 RETURNING version")
                             .front()
                             .integer(0);
    auto seen = raised_here.load();
    while (seen < version && !raised_here.compare_exchange_weak(seen, version)) {
    }
    raised_here_at.store(now_seconds());
}

std::int64_t read(db::Session& s) { return s.query(read_sql).front().integer(0); }

Watch::Watch(db::Database& db) : watch_(db.watch(channel, read_sql)) {}

std::optional<std::int64_t> Watch::pushed() const noexcept {
    if (!watch_) return std::nullopt;
    const auto latest = watch_->latest();
    if (!latest) return std::nullopt;
    if (*latest < raised_here.load() && now_seconds() - raised_here_at.load() < local_grace_seconds) {
        return std::nullopt;  // this node's own change is not pushed back yet
    }
    return latest;
}

}  // namespace hearth::content_version
