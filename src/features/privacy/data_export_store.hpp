#pragma once
// The data_exports table (migration 0026): a person's export requests, the
// hash of each one's download token, and where its archive lies. Every
// query that reads a person's request filters by their user id.
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "db/database.hpp"

namespace hearth::privacy {

struct ExportRequest {
    std::int64_t id = 0;
    std::int64_t user_id = 0;
    std::string status;  // pending | building | ready | downloaded | expired | failed
    std::optional<std::string> file_name;
    std::int64_t byte_size = 0;
    std::int64_t created_at = 0;  // UTC seconds
    std::optional<std::int64_t> ready_at;
    std::optional<std::int64_t> expires_at;
    std::optional<std::int64_t> downloaded_at;
};

// A new pending request; returns its id.
std::int64_t insert_request(db::Session& s, std::int64_t user_id, const std::string& token_hash, std::int64_t now);
// The person's request being prepared (pending or building), if any.
std::optional<ExportRequest> open_request_of(db::Session& s, std::int64_t user_id);
// The person's request with this token hash; nullopt for anyone else's.
std::optional<ExportRequest> find_by_token(db::Session& s, std::int64_t user_id, const std::string& token_hash);
// The person's newest requests, newest first.
std::vector<ExportRequest> recent_requests(db::Session& s, std::int64_t user_id, int limit);

struct Claimed {
    std::int64_t id = 0;
    std::int64_t user_id = 0;
};
// Claims requests to build until now + hold_seconds: pending ones, and
// building ones whose claim has lapsed (a node stopped half way). `only_id`
// claims that one alone. Two nodes never claim one row: the outer WHERE is
// checked again against the row as it is when the update takes its lock.
std::vector<Claimed> claim_for_building(db::Session& s, std::int64_t now, std::int64_t hold_seconds, int limit,
                                        std::optional<std::int64_t> only_id = std::nullopt);
// Marks a building request ready (false when it was no longer building).
bool mark_ready(db::Session& s, std::int64_t id, const std::string& file_name, std::int64_t byte_size, std::int64_t now,
                std::int64_t expires_at);
void mark_failed(db::Session& s, std::int64_t id);
// Marks a ready, unexpired request downloaded and forgets its file; false
// when it was not (downloaded or expired meanwhile).
bool mark_downloaded(db::Session& s, std::int64_t id, std::int64_t now);

struct Expired {
    std::int64_t id = 0;
    std::string file_name;
};
// Every archive file a request still names (ready, or being built).
std::vector<std::string> named_files(db::Session& s);

// Ready requests past their expiry become expired; returns the files to
// delete (theirs, and any a download left behind).
std::vector<Expired> expire_due(db::Session& s, std::int64_t now);

}  // namespace hearth::privacy
