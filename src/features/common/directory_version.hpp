#pragma once
// directory_state.version goes up in the same transaction as any change to
// what the directory or a public profile shows: a listing, a profile's
// public fields or photo, a search document, a vocabulary term. Each node
// keeps search results and public profiles in memory tagged with the
// version they were read at, and uses them only while it is current.
#include <cstdint>
#include <memory>
#include <optional>

#include "db/database.hpp"

namespace hearth::directory_version {

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

}  // namespace hearth::directory_version
