#pragma once
// The free-consultation campaign: one row of `campaigns` (headline, intro
// and optional dates) that admins edit, and the fair selection of listed
// specialists who offer a free first consultation.
//
// Fairness: the eligible profiles are taken in id order as a circle, and
// each page starts at a point that moves on by a whole page every period
// (an hour on the home page, a day on the campaign page). Over ceil(N / k)
// periods every one of the N specialists is shown in the first k places,
// with no randomness that could starve anyone.
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "db/database.hpp"
#include "features/common/paging.hpp"
#include "features/specialists/profile.hpp"
#include "http/input.hpp"
#include "http/request.hpp"

namespace hearth::campaign {

inline constexpr std::int64_t list_per_page = 12;
inline constexpr std::int64_t featured_count = 3;

struct Campaign {
    std::string headline;
    std::string intro;
    std::optional<std::int64_t> starts_at;  // UTC seconds, inclusive
    std::optional<std::int64_t> ends_at;    // UTC seconds, exclusive (midnight after the last day)
    std::int64_t updated_at = 0;
    // Running now: after the start (if any) and before the end (if any).
    bool active_at(std::int64_t now) const;
};

struct SpecialistPage {
    std::vector<specialists::Profile> items;
    std::int64_t total = 0;
};

class Campaigns {
public:
    explicit Campaigns(db::Database& db) : db_(db) {}

    Campaign current();
    // Validates (headline required, at most 120 characters; intro at most
    // 600; dates as YYYY-MM-DD with the end not before the start), saves,
    // and records "campaign.update" in the audit log. 422 naming each bad field.
    Campaign save(const Principal& admin, http::Input& input, const http::Request& req);

    // Listed specialists offering a free consultation, for the campaign page.
    SpecialistPage specialists(const paging::Page& page, std::int64_t now);
    // Up to featured_count of them for the home page, changing every hour.
    std::vector<specialists::Profile> featured(std::int64_t now);

private:
    db::Database& db_;
};

// "2026-03-08" -> midnight UTC of that day; nullopt when not a real date.
std::optional<std::int64_t> parse_date(std::string_view text);
// Midnight UTC seconds -> "2026-03-08".
std::string format_date(std::int64_t unix_seconds);

}  // namespace hearth::campaign
