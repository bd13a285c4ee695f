#pragma once
// The one in-memory cache of Hearth: values kept by key, each tagged with
// the content version it was read at (see features/common/content_version),
// and handed out only to a reader at that same version, so a change made on
// any node is never hidden by a kept copy. Bounded: past `capacity` entries
// the least recently used goes. Safe to share between threads; values are
// immutable once kept (shared_ptr<const V>), so readers never copy them.
#include <cstddef>
#include <cstdint>
#include <list>
#include <memory>
#include <mutex>
#include <string>
#include <unordered_map>
#include <utility>

namespace hearth {

template <class V>
class VersionedCache {
public:
    explicit VersionedCache(std::size_t capacity) : capacity_(capacity == 0 ? 1 : capacity) {}

    // The value kept for `key` at exactly `version`, or null.
    std::shared_ptr<const V> get(const std::string& key, std::int64_t version) {
        std::lock_guard lock(mutex_);
        auto it = entries_.find(key);
        if (it == entries_.end() || it->second.version != version) return nullptr;
        order_.splice(order_.begin(), order_, it->second.place);
        return it->second.value;
    }

    // Keeps `value` for `key` as read at `version`, replacing an older one.
    // A value read at an older version than the one kept is dropped: two
    // readers may race, and the newer read wins.
    void put(const std::string& key, std::int64_t version, std::shared_ptr<const V> value) {
        std::lock_guard lock(mutex_);
        auto it = entries_.find(key);
        if (it != entries_.end()) {
            if (it->second.version > version) return;
            it->second.version = version;
            it->second.value = std::move(value);
            order_.splice(order_.begin(), order_, it->second.place);
            return;
        }
        order_.push_front(key);
        entries_.emplace(key, Entry{version, std::move(value), order_.begin()});
        while (entries_.size() > capacity_) {
            entries_.erase(order_.back());
            order_.pop_back();
        }
    }

    std::size_t size() const {
        std::lock_guard lock(mutex_);
        return entries_.size();
    }

    void clear() {
        std::lock_guard lock(mutex_);
        entries_.clear();
        order_.clear();
    }

private:
    struct Entry {
        std::int64_t version = 0;
        std::shared_ptr<const V> value;
        std::list<std::string>::iterator place;  // in order_, most recent first
    };

    const std::size_t capacity_;
    mutable std::mutex mutex_;
    std::list<std::string> order_;
    std::unordered_map<std::string, Entry> entries_;
};

}  // namespace hearth
