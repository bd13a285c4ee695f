#include "features/privacy/data_export_store.hpp"

namespace hearth::privacy {

namespace {

constexpr const char* request_columns =
    "SELECT id, user_id, status, file_name, byte_size, created_at, ready_at, expires_at, downloaded_at "
    "FROM data_exports ";

ExportRequest from_row(const db::Row& r) {
    ExportRequest e;
    e.id = r.integer(0);
    e.user_id = r.integer(1);
    e.status = r.text(2);
    e.file_name = r.optional_text(3);
    e.byte_size = r.integer(4);
    e.created_at = r.integer(5);
    e.ready_at = r.optional_integer(6);
    e.expires_at = r.optional_integer(7);
    e.downloaded_at = r.optional_integer(8);
    return e;
}

}  // namespace

std::int64_t insert_request(db::Session& s, std::int64_t user_id, const std::string& token_hash, std::int64_t now) {
    return s
        .query(
            "INSERT INTO data_exports (user_id, token_hash, status, created_at) VALUES ($1, $2, 'pending', $3) "
            "RETURNING id",
            {user_id, token_hash, now})
        .front()
        .integer(0);
}

std::optional<ExportRequest> open_request_of(db::Session& s, std::int64_t user_id) {
    auto rows = s.query(std::string(request_columns) +
                            "WHERE user_id = $1 AND status IN ('pending', 'building') ORDER BY id DESC LIMIT 1",
                        {user_id});
    if (rows.empty()) return std::nullopt;
    return from_row(rows.front());
}

std::optional<ExportRequest> find_by_token(db::Session& s, std::int64_t user_id, const std::string& token_hash) {
    auto rows = s.query(std::string(request_columns) + "WHERE token_hash = $1 AND user_id = $2", {token_hash, user_id});
    if (rows.empty()) return std::nullopt;
    return from_row(rows.front());
}

std::vector<ExportRequest> recent_requests(db::Session& s, std::int64_t user_id, int limit) {
    std::vector<ExportRequest> out;
    for (const auto& r : s.query(std::string(request_columns) + "WHERE user_id = $1 ORDER BY id DESC LIMIT $2",
                                 {user_id, std::int64_t{limit}})) {
        out.push_back(from_row(r));
    }
    return out;
}

std::vector<Claimed> claim_for_building(db::Session& s, std::int64_t now, std::int64_t hold_seconds, int limit,
                                        std::optional<std::int64_t> only_id) {
    const std::string due = "(status = 'pending' OR (status = 'building' AND claimed_until < $1))";
    std::vector<Claimed> out;
    const auto rows = only_id ? s.query("UPDATE data_exports SET status = 'building', claimed_until = $2 WHERE " + due +
                                            " AND id = $3 RETURNING id, user_id",
                                        {now, now + hold_seconds, *only_id})
                              : s.query("UPDATE data_exports SET status = 'building', claimed_until = $2 WHERE " + due +
                                            " AND id IN (SELECT id FROM data_exports WHERE " + due +
                                            " ORDER BY id LIMIT $3) "
                                            "RETURNING id, user_id",
                                        {now, now + hold_seconds, std::int64_t{limit}});
    for (const auto& r : rows) out.push_back({r.integer(0), r.integer(1)});
    return out;
}

bool mark_ready(db::Session& s, std::int64_t id, const std::string& file_name, std::int64_t byte_size, std::int64_t now,
                std::int64_t expires_at) {
    return s.query(
                "UPDATE data_exports SET status = 'ready', file_name = $2, byte_size = $3, ready_at = $4, "
                "expires_at = $5, claimed_until = NULL WHERE id = $1 AND status = 'building'",
                {id, file_name, byte_size, now, expires_at})
               .affected() == 1;
}

void mark_failed(db::Session& s, std::int64_t id) {
    s.query("UPDATE data_exports SET status = 'failed', claimed_until = NULL, file_name = NULL WHERE id = $1", {id});
}

bool mark_downloaded(db::Session& s, std::int64_t id, std::int64_t now) {
    return s.query(
                "UPDATE data_exports SET status = 'downloaded', downloaded_at = $2, file_name = NULL "
                "WHERE id = $1 AND status = 'ready' AND expires_at > $2",
                {id, now})
               .affected() == 1;
}

std::vector<std::string> named_files(db::Session& s) {
    std::vector<std::string> out;
    for (const auto& r : s.query("SELECT file_name FROM data_exports WHERE file_name IS NOT NULL")) {
        out.push_back(r.text(0));
    }
    return out;
}

std::vector<Expired> expire_due(db::Session& s, std::int64_t now) {
    std::vector<Expired> out;
    for (const auto& r : s.query("SELECT id, file_name FROM data_exports WHERE status = 'ready' AND expires_at <= $1 "
                                 "ORDER BY id LIMIT 500",
                                 {now})) {
        const auto changed = s.query(
                                  "UPDATE data_exports SET status = 'expired', file_name = NULL "
                                  "WHERE id = $1 AND status = 'ready'",
                                  {r.integer(0)})
                                 .affected();
        if (changed == 1 && !r.is_null(1)) out.push_back({r.integer(0), r.text(1)});
    }
    return out;
}

}  // namespace hearth::privacy
