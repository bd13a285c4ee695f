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

// Raises the version inside the caller's write unit of work and remembers,
// for this node's Watch, the value it will have once that unit commits.
void raise(db::Session& s);
// The version as of the caller's unit of work.
std::int64_t read(db::Session& s);

// The current version, pushed to this node by the database where it can
// (a trigger announces each commit that raises it, see db::CounterWatch), so that a
// request served from memory needs no query at all. It trails a commit on
// another node by the time a notification takes (milliseconds, more under
// load); callers that must see their own writes read() inside their unit of
// work instead. A raise made on this node is never hidden on this node:
// until the pushed value has caught up with it (or `local_grace_seconds`
// have passed, for a raise whose transaction rolled back), pushed() is
// empty and callers read the version themselves.
class Watch {
public:
    static constexpr std::int64_t local_grace_seconds = 5;

    explicit Watch(db::Database& db);
    // Nothing when the caller must read the version itself: on a store
    // that cannot push (one node, see db::Database::watch),
    // while the connection that listens is down, or while a raise made on
    // this node has not been pushed back yet.
    std::optional<std::int64_t> pushed() const noexcept;

private:
    std::unique_ptr<db::CounterWatch> watch_;
};

}  // namespace hearth::content_version
