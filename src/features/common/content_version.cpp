#include "features/common/content_version.hpp"

namespace hearth::content_version {
namespace {

// The channel migrations/postgresql/0007_directory_notify.sql announces on.
constexpr const char* channel = "hearth_directory_version";
constexpr const char* read_sql = "SELECT version FROM directory_state WHERE id = 1";

}  // namespace

void raise(db::Session& s) { s.query("UPDATE directory_state SET version = version + 1 WHERE id = 1"); }

std::int64_t read(db::Session& s) { return s.query(read_sql).front().integer(0); }

Watch::Watch(db::Database& db) : watch_(db.watch(channel, read_sql)) {}

std::optional<std::int64_t> Watch::pushed() const noexcept {
    if (!watch_) return std::nullopt;
    return watch_->latest();
}

}  // namespace hearth::content_version
