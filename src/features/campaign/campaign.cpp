#include "features/campaign/campaign.hpp"

#include <chrono>
#include <charconv>

#include "core/clock.hpp"
#include "core/error.hpp"
#include "core/field_checks.hpp"
#include "features/common/audit.hpp"
#include "features/common/policy.hpp"
#include "features/specialists/profile_store.hpp"

namespace hearth::campaign {

namespace {

constexpr std::int64_t campaign_id = 1;
// Only the current hour's selection is asked for; the one before lingers a moment.
constexpr std::size_t kept_hours = 4;
constexpr std::int64_t seconds_per_hour = 3600;
constexpr std::int64_t seconds_per_day = 86400;

Campaign load(db::Session& s) {
    auto rows = s.query("SELECT headline, intro, starts_at, ends_at, updated_at FROM campaigns WHERE id = $1",
                        {campaign_id});
    if (rows.empty()) return {};
    const auto& r = rows.front();
    return Campaign{r.text(0), r.text(1), r.optional_integer(2), r.optional_integer(3), r.integer(4)};
}

db::Value optional_value(const std::optional<std::int64_t>& v) { return v ? db::Value(*v) : db::Value(nullptr); }

// An optional YYYY-MM-DD date; records a problem when it is not a date.
std::optional<std::int64_t> checked_date(FieldChecks& check, std::string_view field, std::string_view label,
                                         std::string& text) {
    check.text(field, label, text, 32);  // a longer text is told what a date looks like, below
    if (text.empty() || check.failed(field)) return std::nullopt;
    auto day = parse_date(text);
    if (!day) check.fail(field, std::string(label) + " must be a date such as 2026-03-31.");
    return day;
}

// The profiles at places [offset, offset + limit) of the circle of all
// `total` eligible profiles (in id order) that starts at place `start`.
std::vector<specialists::Profile> rotated(db::Session& s, std::int64_t total, std::int64_t start,
                                          std::int64_t limit, std::int64_t offset) {
    if (total <= 0 || offset >= total) return {};
    limit = std::min(limit, total - offset);
    auto out = specialists::free_consultation_profiles(s, limit, (start + offset) % total);
    const auto got = static_cast<std::int64_t>(out.size());
    if (got < limit) {  // past the end of the id order: wrap around to its beginning
        auto rest = specialists::free_consultation_profiles(s, limit - got, 0);
        out.insert(out.end(), std::make_move_iterator(rest.begin()), std::make_move_iterator(rest.end()));
    }
    return out;
}

}  // namespace

bool Campaign::active_at(std::int64_t now) const {
    return (!starts_at || now >= *starts_at) && (!ends_at || now < *ends_at);
}

std::optional<std::int64_t> parse_date(std::string_view text) {
    if (text.size() != 10 || text[4] != '-' || text[7] != '-') return std::nullopt;
    int y = 0;
    unsigned m = 0, d = 0;
    auto number = [&](std::size_t at, std::size_t len, auto& out) {
        auto [p, ec] = std::from_chars(text.data() + at, text.data() + at + len, out);
        return ec == std::errc{} && p == text.data() + at + len;
    };
    if (!number(0, 4, y) || !number(5, 2, m) || !number(8, 2, d)) return std::nullopt;
    const std::chrono::year_month_day ymd{std::chrono::year{y}, std::chrono::month{m}, std::chrono::day{d}};
    if (!ymd.ok() || y < 2000) return std::nullopt;
    return std::chrono::sys_days{ymd}.time_since_epoch().count() * seconds_per_day;
}

std::string format_date(std::int64_t unix_seconds) {
    const std::chrono::sys_days day{std::chrono::days{unix_seconds / seconds_per_day}};
    const std::chrono::year_month_day ymd{day};
    char buf[16];
    std::snprintf(buf, sizeof buf, "%04d-%02u-%02u", static_cast<int>(ymd.year()), static_cast<unsigned>(ymd.month()),
                  static_cast<unsigned>(ymd.day()));
    return buf;
}

Campaign Campaigns::current() {
    return db_.read([](db::Session& s) { return load(s); });
}

Campaigns::Campaigns(db::Database& db, const content_version::Watch* watch)
    : db_(db), watch_(watch), featured_(kept_hours) {}

void Campaigns::require_editor(const Principal& who) const { policy::require(who, policy::Action::edit_campaign); }

Outcome<Campaign, CampaignRefusal> Campaigns::save(const Actor& admin, CampaignDraft draft) {
    policy::require(admin.who, policy::Action::edit_campaign);
    FieldChecks check;
    Campaign c;
    check.text("headline", "The headline", draft.headline, max_headline_chars, true);
    check.text("intro", "The introduction", draft.intro, max_intro_chars);
    c.headline = std::move(draft.headline);
    c.intro = std::move(draft.intro);
    c.starts_at = checked_date(check, "starts_on", "The start date", draft.starts_on);
    const auto last_day = checked_date(check, "ends_on", "The end date", draft.ends_on);
    // The end date is the campaign's last day: it runs until the midnight after it.
    if (last_day) c.ends_at = *last_day + seconds_per_day;
    if (c.starts_at && last_day && *last_day < *c.starts_at) {
        check.fail("ends_on", "The end date must be after the start date.");
    }
    if (!check.ok()) return CampaignRefusal{std::move(check).take()};
    c.updated_at = now_seconds();
    db_.write([&](db::Session& s) {
        s.query("UPDATE campaigns SET headline = $1, intro = $2, starts_at = $3, ends_at = $4, updated_at = $5, "
                "updated_by = $6 WHERE id = $7",
                {c.headline, c.intro, optional_value(c.starts_at), optional_value(c.ends_at), c.updated_at,
                 admin.user_id(), campaign_id});
        content_version::raise(s);  // the campaign page shows the headline
        audit::record(s, admin.user_id(), "campaign.update", "campaign", std::to_string(campaign_id), c.headline,
                      admin.client_address);
    });
    return c;
}

SpecialistPage Campaigns::specialists(const paging::Page& page, std::int64_t now) {
    return db_.read([&](db::Session& s) {
        SpecialistPage out;
        out.total = specialists::count_free_consultation_profiles(s);
        // A new first page every day; paging stays consistent within the day.
        const auto start = (now / seconds_per_day) * page.per_page;
        out.items = rotated(s, out.total, out.total ? start % out.total : 0, page.per_page, page.offset());
        return out;
    });
}

std::vector<specialists::Profile> Campaigns::featured(std::int64_t now) {
    const auto hour = now / seconds_per_hour;
    const auto key = std::to_string(hour);
    if (watch_) {
        if (const auto pushed = watch_->pushed()) {
            if (auto kept = featured_.get(key, *pushed)) return *kept;
        }
    }
    return *db_.read([&](db::Session& s) {
        const auto version = content_version::read(s);
        if (auto kept = featured_.get(key, version)) return kept;
        const auto total = specialists::count_free_consultation_profiles(s);
        const auto start = hour * featured_count;
        auto chosen = std::make_shared<const std::vector<specialists::Profile>>(
            rotated(s, total, total ? start % total : 0, featured_count, 0));
        featured_.put(key, version, chosen);
        return chosen;
    });
}

}  // namespace hearth::campaign
