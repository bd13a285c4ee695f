#include "features/live/live_hub.hpp"

#include <algorithm>

namespace hearth::live {

Hub::Hub(StreamLimits limits) : limits_(limits) {}

Hub::Admission Hub::enter(std::int64_t user_id, Waiter* stream) {
    std::lock_guard lock(mutex_);
    if (total_ >= limits_.per_node) return Admission::node_full;
    auto& mine = streams_[user_id];
    if (mine.size() >= limits_.per_person) {
        if (mine.empty()) streams_.erase(user_id);
        return Admission::person_full;
    }
    mine.push_back(stream);
    ++total_;
    return Admission::admitted;
}

void Hub::leave(std::int64_t user_id, Waiter* stream) {
    std::lock_guard lock(mutex_);
    auto it = streams_.find(user_id);
    if (it == streams_.end()) return;
    auto& mine = it->second;
    auto pos = std::find(mine.begin(), mine.end(), stream);
    if (pos == mine.end()) return;
    mine.erase(pos);
    --total_;
    if (mine.empty()) streams_.erase(it);
}

void Hub::notify(std::int64_t user_id) {
    std::lock_guard lock(mutex_);
    auto it = streams_.find(user_id);
    if (it == streams_.end()) return;
    for (auto* stream : it->second) stream->wake_up();  // posts to the stream's connection; never blocks
}

std::size_t Hub::open_streams() const {
    std::lock_guard lock(mutex_);
    return total_;
}

}  // namespace hearth::live
