// Consultation reminders on both engines: scheduled 24 h and 1 h before,
// claimed exactly once even when two nodes look at the same moment, never
// for a cancelled booking, and fresh ones after a booking moves.
#include <gtest/gtest.h>

#include <optional>
#include <thread>

#include "db/migrations.hpp"
#include "db/scratch_database.hpp"
#include "features/consultations/consultation_store.hpp"
#include "migrated_database.hpp"

namespace db = hearth::db;
namespace cs = hearth::consultations;

namespace {

constexpr std::int64_t hour = 3600;
// A fixed future start, so the test does not depend on today's date.
constexpr std::int64_t start = 4102444800;  // 2100-01-01T00:00:00Z

class Reminders : public hearth::testing_support::MigratedDatabaseTest {
protected:
    void SetUp() override {
        MigratedDatabaseTest::SetUp();
        if (IsSkipped()) return;
        booking_ = scratch_->db().write([](db::Session& s) {
            auto spec = s.query("INSERT INTO users (email, email_normalized, password_hash, display_name, role, "
                                "created_at, updated_at) VALUES ('s@example.org', 's@example.org', 'x', 'S', "
                                "'specialist', 1, 1) RETURNING id")
                            .front()
                            .integer(0);
            auto member = s.query("INSERT INTO users (email, email_normalized, password_hash, display_name, role, "
                                  "created_at, updated_at) VALUES ('m@example.org', 'm@example.org', 'x', 'M', "
                                  "'member', 1, 1) RETURNING id")
                              .front()
                              .integer(0);
            auto profile = s.query("INSERT INTO specialist_profiles (user_id, slug, full_name, created_at, updated_at) "
                                   "VALUES ($1, 's', 'S', 1, 1) RETURNING id",
                                   {spec})
                               .front()
                               .integer(0);
            auto id = cs::insert_booking(s, profile, member, start, "", "UTC", std::nullopt);
            cs::schedule_reminders(s, id, start, start - 48 * hour);
            return id;
        });
    }

    std::vector<std::pair<std::int64_t, std::string>> claim(db::Database& d, std::int64_t now) {
        return d.write([&](db::Session& s) { return cs::claim_due_reminders(s, now); });
    }

    std::int64_t booking_ = 0;
};

TEST_P(Reminders, EachIsDueAtItsTimeAndClaimedOnce) {
    auto& d = scratch_->db();
    EXPECT_TRUE(claim(d, start - 24 * hour - 1).empty());
    auto first = claim(d, start - 24 * hour);
    ASSERT_EQ(first.size(), 1u);
    EXPECT_EQ(first[0], std::make_pair(booking_, std::string("24h")));
    EXPECT_TRUE(claim(d, start - 24 * hour).empty()) << "the 24 h reminder went out twice";
    auto second = claim(d, start - hour);
    ASSERT_EQ(second.size(), 1u);
    EXPECT_EQ(second[0].second, "1h");
    EXPECT_TRUE(claim(d, start - 1).empty());
}

TEST_P(Reminders, TwoNodesClaimingAtOnceSendEachReminderOnce) {
    auto other = scratch_->open_another();
    std::vector<std::pair<std::int64_t, std::string>> a, b;
    std::thread node_a([&] { a = claim(scratch_->db(), start - hour); });
    std::thread node_b([&] { b = claim(*other, start - hour); });
    node_a.join();
    node_b.join();
    EXPECT_EQ(a.size() + b.size(), 2u) << "both reminders are due; each must be claimed by exactly one node";
}

TEST_P(Reminders, CancelledBookingsGetNone) {
    auto& d = scratch_->db();
    d.write([&](db::Session& s) {
        cs::mark_cancelled(s, booking_, 1, "");
        cs::drop_reminders(s, booking_);
    });
    EXPECT_TRUE(claim(d, start - hour).empty());
}

TEST_P(Reminders, AMovedBookingGetsFreshReminders) {
    auto& d = scratch_->db();
    ASSERT_EQ(claim(d, start - 24 * hour).size(), 1u);  // the first 24 h reminder went out
    const auto later = start + 48 * hour;
    d.write([&](db::Session& s) {
        cs::move_booking(s, booking_, later);
        cs::schedule_reminders(s, booking_, later, start - 24 * hour);
    });
    EXPECT_TRUE(claim(d, start - hour).empty()) << "the old 1 h reminder must be gone";
    auto fresh = claim(d, later - 24 * hour);
    ASSERT_EQ(fresh.size(), 1u);
    EXPECT_EQ(fresh[0].second, "24h");
}

INSTANTIATE_TEST_SUITE_P(Engines, Reminders, ::testing::Values(db::Engine::sqlite, db::Engine::postgresql),
                         [](const auto& info) { return std::string(db::engine_name(info.param)); });

}  // namespace
