#pragma once
// The content version: one counter (directory_state.version) that goes up
// in the same transaction as any change to what public pages show: a
// listing, a profile's public fields or photo, a search document, a
// vocabulary term, the campaign. Any feature whose public pages are kept in
// memory raises it when it changes them. Each node keeps what it rendered
// or read in a VersionedCache (core/versioned_cache.hpp) tagged with the
// version it was read at, and uses it only while that version is current.
#include <cstdint>
#include <memory>
#include <optional>

#include "db/database.hpp"

namespace hearth::content_version {

void raise(db::Session& s);
std::int64_t read(db::Session& s);

// The current version, pushed to this node by the database where it can
// (PostgreSQL: a trigger announces each commit that raises it), so that a
// request served from memory needs no query at all. It trails a commit on
// another node by the time a notification takes (milliseconds); callers
// that must see their own writes read() inside their unit of work instead.
class Watch {
public:
    explicit Watch(db::Database& db);
    // Nothing when the caller must read the version itself: on SQLite, or
    // while the connection that listens is down.
    std::optional<std::int64_t> pushed() const noexcept;

private:
    std::unique_ptr<db::CounterWatch> watch_;
};

}  // namespace hearth::content_version
