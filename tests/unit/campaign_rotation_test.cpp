// The free-consultation selection on both engines: only listed specialists
// who offer one, and a rotation in which everyone gets a turn.
#include <gtest/gtest.h>

#include <map>
#include <optional>
#include <set>

#include "db/migrations.hpp"
#include "db/scratch_database.hpp"
#include "features/campaign/campaign.hpp"
#include "migrated_database.hpp"

namespace db = hearth::db;
namespace campaign = hearth::campaign;

namespace {

constexpr std::int64_t hour = 3600;
constexpr std::int64_t day = 86400;

class CampaignRotation : public hearth::testing_support::MigratedDatabaseTest {
protected:
    // A profile straight in the table: `listed`, the offer and an open time
    // (bookable: next_open_at, migration 0013) are what the selection looks at.
    std::int64_t add_profile(const std::string& name, bool listed, bool free, bool open = true) {
        return database().write([&](db::Session& s) {
            const auto n = std::to_string(++count_);
            auto user = s.query(
                             "INSERT INTO users (email, email_normalized, password_hash, display_name, role, "
                             "created_at, updated_at) VALUES ($1, $1, 'x', $2, 'specialist', 1, 1) RETURNING id",
                             {"s" + n + "@example.org", name})
                            .front()
                            .integer(0);
            return s
                .query(
                    "INSERT INTO specialist_profiles (user_id, slug, full_name, listed, "
                    "offers_free_consultation, publish_requested_at, verified_at, created_at, updated_at, "
                    "next_open_at) VALUES ($1, $2, $3, $4, $5, 1, 1, 1, 1, $6) RETURNING id",
                    {user, "s-" + n, name, std::int64_t{listed}, std::int64_t{free},
                     open ? db::Value(std::int64_t{2000000000}) : db::Value(nullptr)})
                .front()
                .integer(0);
        });
    }

    int count_ = 0;
};

std::vector<std::string> names(const std::vector<hearth::specialists::Profile>& profiles) {
    std::vector<std::string> out;
    for (const auto& p : profiles) out.push_back(p.fields.full_name);
    return out;
}

TEST_P(CampaignRotation, OnlyListedSpecialistsWhoOfferAFreeConsultation) {
    add_profile("listed free", true, true);
    add_profile("listed paid", true, false);
    add_profile("unlisted free", false, true);
    add_profile("listed free without open times", true, true, false);  // not bookable
    campaign::Campaigns campaigns(database());
    EXPECT_EQ(names(*campaigns.featured(0).profiles), std::vector<std::string>{"listed free"});
    auto page = campaigns.specialists(hearth::paging::Page{1, 12}, 0);
    EXPECT_EQ(page.total, 1);
    EXPECT_EQ(names(page.items), std::vector<std::string>{"listed free"});
}

TEST_P(CampaignRotation, NothingToFeature) {
    campaign::Campaigns campaigns(database());
    EXPECT_TRUE(campaigns.featured(12345 * hour).profiles->empty());
    EXPECT_EQ(campaigns.specialists(hearth::paging::Page{1, 12}, 0).total, 0);
}

TEST_P(CampaignRotation, HomeSelectionGivesEveryoneATurnEachCycle) {
    const int n = 7;
    for (int i = 0; i < n; ++i) add_profile("specialist " + std::to_string(i), true, true);
    add_profile("paid", true, false);  // in the middle of the id order, never shown
    for (int i = n; i < n + 3; ++i) add_profile("specialist " + std::to_string(i), true, true);
    const int eligible = n + 3;
    campaign::Campaigns campaigns(database());

    // Any window of ceil(10 / 3) = 4 consecutive hours shows all ten; each hour shows three different ones.
    for (std::int64_t first_hour = 490000; first_hour < 490000 + 12; ++first_hour) {
        std::map<std::string, int> shown;
        for (std::int64_t h = first_hour; h < first_hour + 4; ++h) {
            auto featured = names(*campaigns.featured(h * hour + 59).profiles);
            ASSERT_EQ(featured.size(), 3u);
            EXPECT_EQ(std::set<std::string>(featured.begin(), featured.end()).size(), 3u);
            for (const auto& name : featured) {
                EXPECT_NE(name, "paid");
                ++shown[name];
            }
        }
        EXPECT_EQ(static_cast<int>(shown.size()), eligible) << "hour " << first_hour;
        for (const auto& [name, times] : shown) EXPECT_LE(times, 2) << name;
    }
    // Within one hour the selection is stable.
    EXPECT_EQ(names(*campaigns.featured(490000 * hour).profiles),
              names(*campaigns.featured(490000 * hour + hour - 1).profiles));
}

TEST_P(CampaignRotation, CampaignPagesCoverEveryoneOnceADay) {
    for (int i = 0; i < 29; ++i) add_profile("specialist " + std::to_string(i), true, true);
    campaign::Campaigns campaigns(database());
    for (std::int64_t d = 20000; d < 20003; ++d) {
        std::multiset<std::string> seen;
        std::int64_t total = 0;
        for (std::int64_t page = 1; page <= 3; ++page) {
            auto result = campaigns.specialists(hearth::paging::Page{page, 12}, d * day + 100);
            total = result.total;
            EXPECT_EQ(result.items.size(), page < 3 ? 12u : 5u);
            for (const auto& name : names(result.items)) seen.insert(name);
        }
        EXPECT_EQ(total, 29);
        EXPECT_EQ(seen.size(), 29u);
        EXPECT_EQ(std::set<std::string>(seen.begin(), seen.end()).size(), 29u)
            << "a specialist shown twice on day " << d;
        EXPECT_TRUE(campaigns.specialists(hearth::paging::Page{4, 12}, d * day).items.empty());
    }
    // The first page changes from one day to the next.
    EXPECT_NE(names(campaigns.specialists(hearth::paging::Page{1, 12}, 20000 * day).items),
              names(campaigns.specialists(hearth::paging::Page{1, 12}, 20001 * day).items));
}

TEST(CampaignDates, ParseAndFormat) {
    EXPECT_EQ(campaign::parse_date("2026-03-08"), 1772928000);
    EXPECT_EQ(campaign::format_date(1772928000), "2026-03-08");
    EXPECT_EQ(campaign::format_date(1772928000 + day - 1), "2026-03-08");
    EXPECT_EQ(campaign::parse_date("2024-02-29"), 1709164800);
    EXPECT_FALSE(campaign::parse_date("2025-02-29"));
    EXPECT_FALSE(campaign::parse_date("2026-13-01"));
    EXPECT_FALSE(campaign::parse_date("2026-3-8"));
    EXPECT_FALSE(campaign::parse_date("08/03/2026"));
    EXPECT_FALSE(campaign::parse_date("2026-03-08x"));
    EXPECT_FALSE(campaign::parse_date("+026-03-08"));
}

TEST(CampaignDates, ActiveBetweenTheDates) {
    campaign::Campaign c;
    EXPECT_TRUE(c.active_at(0));
    c.starts_at = 1000;
    c.ends_at = 2000;
    EXPECT_FALSE(c.active_at(999));
    EXPECT_TRUE(c.active_at(1000));
    EXPECT_TRUE(c.active_at(1999));
    EXPECT_FALSE(c.active_at(2000));
}

INSTANTIATE_TEST_SUITE_P(Engines, CampaignRotation, ::testing::Values(db::Engine::sqlite, db::Engine::postgresql),
                         [](const auto& info) { return std::string(db::engine_name(info.param)); });

}  // namespace
