#include "security/rate_limit.hpp"

#include <cstdint>
#include <stdexcept>
#include <string>

#include "core/clock.hpp"
#include "core/error.hpp"
#include "security/tokens.hpp"

namespace hearth::security {

namespace {

// Keys are IP addresses and e-mail addresses: personal data that has no
// business sitting in a counters table. Hashing keeps buckets distinct
// without storing them.
std::string bucket_of(const RateRule& rule, std::string_view key) {
    return std::string(rule.name) + ":" + token_hash(key);
}

// Windows are aligned to the epoch, so every node agrees on them.
std::int64_t window_start(const RateRule& rule, std::int64_t now) {
    if (rule.window_seconds <= 0) throw std::invalid_argument("rate rule window must be positive");
    return now - now % rule.window_seconds;
}

}  // namespace

RateLimiter::RateLimiter(db::Database& db, bool enabled) : db_(db), enabled_(enabled) {}

const WriteLimit* write_limits::find(std::string_view name) {
    for (const WriteLimit& limit : all)
        if (limit.name == name) return &limit;
    return nullptr;
}

void RateLimiter::hit(const WriteLimit& limit, const Actor& actor) {
    if (actor.signed_in()) {
        hit(limit.per_user, std::to_string(actor.user_id()));
    } else {
        hit(limit.per_address, actor.client_address);
    }
}

void RateLimiter::hit(const RateRule& rule, std::string_view key) {
    if (!enabled_) return;
    const std::int64_t now = now_seconds();
    const std::int64_t start = window_start(rule, now);
    // Insert-or-increment in one statement: concurrent hits from several
    // nodes can neither lose counts nor race on the first insert.
    const std::int64_t hits = db_.write([&](db::Session& s) {
        return s
            .query("INSERT INTO rate_limit_counters (bucket, window_start, hits) VALUES ($1, $2, 1) "
                   "ON CONFLICT (bucket, window_start) DO UPDATE SET hits = rate_limit_counters.hits + 1 "
                   "RETURNING hits",
                   {bucket_of(rule, key), start})
            .front()
            .integer(0);
    });
    if (hits > rule.limit) throw Error::rate_limited(static_cast<int>(start + rule.window_seconds - now));
}

bool RateLimiter::exhausted(const RateRule& rule, std::string_view key) {
    if (!enabled_) return false;
    const std::int64_t start = window_start(rule, now_seconds());
    const std::int64_t hits = db_.read([&](db::Session& s) -> std::int64_t {
        const auto r = s.query("SELECT hits FROM rate_limit_counters WHERE bucket = $1 AND window_start = $2",
                               {bucket_of(rule, key), start});
        return r.empty() ? 0 : r.front().integer(0);
    });
    return hits >= rule.limit;
}

void RateLimiter::prune() {
    // Rows do not record their window length; a window that started more
    // than the longest window ago has ended whatever its rule.
    const std::int64_t cutoff = now_seconds() - rate_rules::longest_window_seconds;
    db_.write([&](db::Session& s) {
        s.query("DELETE FROM rate_limit_counters WHERE window_start <= $1", {cutoff});
    });
}

}  // namespace hearth::security
