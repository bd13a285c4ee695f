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
#include <cstddef>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "core/actor.hpp"
#include "core/error.hpp"
#include "core/outcome.hpp"
#include "core/versioned_cache.hpp"
#include "db/database.hpp"
#include "features/common/content_version.hpp"
#include "features/common/paging.hpp"
#include "features/specialists/profile.hpp"

namespace hearth::campaign {

inline constexpr std::int64_t list_per_page = 12;
inline constexpr std::int64_t featured_count = 3;
inline constexpr std::size_t max_headline_chars = 120;
inline constexpr std::size_t max_intro_chars = 600;

struct Campaign {
    std::string headline;
    std::string intro;
    std::optional<std::int64_t> starts_at;  // UTC seconds, inclusive
    std::optional<std::int64_t> ends_at;    // UTC seconds, exclusive (midnight after the last day)
    std::int64_t updated_at = 0;
    // Running now: after the start (if any) and before the end (if any).
    bool active_at(std::int64_t now) const;
};

// The home page's selection for one hour, as kept in memory: shared, never
// copied, with the content version it was read at (a key for anything
// made from it, such as the rendered strip).
struct Featured {
    std::int64_t hour = 0;     // UTC hours since 1970
    std::int64_t version = 0;  // content version
    std::shared_ptr<const std::vector<specialists::Profile>> profiles;
};

struct SpecialistPage {
    std::vector<specialists::Profile> items;
    std::int64_t total = 0;
};

// The campaign as an admin typed it: nothing checked yet.
struct CampaignDraft {
    std::string headline;
    std::string intro;
    std::string starts_on;  // "YYYY-MM-DD" (UTC) or "" for no start
    std::string ends_on;    // the last day, "YYYY-MM-DD", or "" for no end
};

// An expected "no" from Campaigns::save: each bad field with its message (422).
struct CampaignRefusal {
    std::vector<FieldError> fields;
};

class Campaigns {
public:
    // `watch` (may be null: then every read asks the database) pushes the
    // content version, so the home page's strip is answered from memory.
    explicit Campaigns(db::Database& db, const content_version::Watch* watch = nullptr);

    Campaign current();
    // 401 for visitors, 403 for anyone who may not edit the campaign (policy
    // edit_campaign): the admin form asks before showing or reading anything.
    void require_editor(const Principal& who) const;
    // Admins only (policy edit_campaign: 401/403). Checks the draft (headline
    // required, at most 120 characters; intro at most 600; dates as
    // YYYY-MM-DD with the end not before the start), saves, raises the
    // content version and records "campaign.update" in the audit log, in one
    // transaction. A refusal names each bad field; nothing is saved.
    Outcome<Campaign, CampaignRefusal> save(const Actor& admin, CampaignDraft draft);

    // Listed specialists who are bookable (Profile::bookable: a free
    // consultation with an open slot in the coming 14 days), for the campaign page.
    SpecialistPage specialists(const paging::Page& page, std::int64_t now);
    // Up to featured_count of them for the home page, changing every hour
    // (`now`: UTC seconds). Kept in memory per hour at the content version,
    // so any change to a listing or a free-consultation offer shows at once.
    Featured featured(std::int64_t now);

private:
    db::Database& db_;
    const content_version::Watch* watch_;
    VersionedCache<std::vector<specialists::Profile>> featured_;  // by hour
};

// "2026-03-08" -> midnight UTC of that day; nullopt when not a real date.
std::optional<std::int64_t> parse_date(std::string_view text);
// Midnight UTC seconds -> "2026-03-08".
std::string format_date(std::int64_t unix_seconds);

}  // namespace hearth::campaign
