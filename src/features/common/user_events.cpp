#include "features/common/user_events.hpp"

#include <algorithm>

#include "core/clock.hpp"

namespace hearth::user_events {

std::int64_t publish(db::Session& s, std::int64_t user_id, std::string_view kind, std::int64_t subject_id,
                     std::int64_t object_id) {
    auto r = s.query(
        "INSERT INTO user_events (user_id, kind, subject_id, object_id, created_at) VALUES ($1, $2, $3, $4, $5) "
        "RETURNING id",
        {user_id, std::string(kind), subject_id, object_id, now_seconds()});
    return r.front().integer(0);
}

std::vector<Event> after(db::Session& s, std::int64_t user_id, std::int64_t after_id, int limit) {
    auto r = s.query(
        "SELECT id, user_id, kind, subject_id, object_id, created_at FROM user_events "
        "WHERE user_id = $1 AND id > $2 ORDER BY id LIMIT $3",
        {user_id, after_id, static_cast<std::int64_t>(limit)});
    std::vector<Event> events;
    events.reserve(r.size());
    for (const auto& row : r)
        events.push_back(Event{row.integer(0), row.integer(1), row.text(2), row.integer(3), row.integer(4),
                               row.integer(5)});
    return events;
}

std::int64_t latest_id(db::Session& s, std::int64_t user_id) {
    auto r = s.query("SELECT COALESCE(MAX(id), 0) FROM user_events WHERE user_id = $1", {user_id});
    return r.front().integer(0);
}

std::pair<std::int64_t, std::vector<std::int64_t>> users_with_events_after(db::Session& s, std::int64_t after_id,
                                                                           std::int64_t since) {
    auto r = s.query("SELECT user_id, MAX(id) FROM user_events WHERE id > $1 OR created_at >= $2 GROUP BY user_id",
                     {after_id, since});
    std::int64_t highest = after_id;
    std::vector<std::int64_t> users;
    for (const auto& row : r) {
        users.push_back(row.integer(0));
        highest = std::max(highest, row.integer(1));
    }
    return {highest, users};
}

std::int64_t prune(db::Session& s, std::int64_t before) {
    return s.query("DELETE FROM user_events WHERE created_at < $1", {before}).affected();
}

}  // namespace hearth::user_events
