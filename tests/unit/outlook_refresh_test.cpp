// The maintenance round's outlooks on both engines
// (Consultations::refresh_due_outlooks): a specialist's first open slot is
// computed when due, makes them bookable (the featured selection follows),
// is not computed again before it can have changed, and a run-out is told
// once by e-mail until open times return.
#include <gtest/gtest.h>

#include "core/clock.hpp"
#include "features/common/content_version.hpp"
#include "features/consultations/consultation_store.hpp"
#include "features/consultations/consultations.hpp"
#include "features/specialists/profile_store.hpp"
#include "migrated_database.hpp"
#include "render/view.hpp"
#include "security/rate_limit.hpp"

namespace db = hearth::db;
namespace cs = hearth::consultations;

namespace {

constexpr std::int64_t day = 86400;

class OutlookRefresh : public hearth::testing_support::MigratedDatabaseTest {
protected:
    void SetUp() override {
        MigratedDatabaseTest::SetUp();
        if (IsSkipped()) return;
        limiter_ = std::make_unique<hearth::security::RateLimiter>(database(), false);
        consultations_ = std::make_unique<cs::Consultations>(database(), templates_, *limiter_,
                                                             cs::BookingSettings{3, "http://hearth.test", "key"});
        profile_ = database().write([](db::Session& s) {
            auto user = s.query("INSERT INTO users (email, email_normalized, password_hash, display_name, role, "
                                "created_at, updated_at) VALUES ('s@example.org', 's@example.org', 'x', 'S', "
                                "'specialist', 1, 1) RETURNING id")
                            .front()
                            .integer(0);
            return s
                .query("INSERT INTO specialist_profiles (user_id, slug, full_name, listed, offers_free_consultation, "
                       "publish_requested_at, verified_at, created_at, updated_at) "
                       "VALUES ($1, 's', 'Sam Specialist', 1, 1, 1, 1, 1, 1) RETURNING id",
                       {user})
                .front()
                .integer(0);
        });
    }

    void TearDown() override {
        consultations_.reset();
        limiter_.reset();
    }

    // Every day, all day, in UTC, with `time_off` from now for that many days.
    void save_hours(std::int64_t days_off = 0) {
        cs::AvailabilityRules rules;
        for (int d = 1; d <= 7; ++d) rules.weekly.push_back({d, 0, 1440});
        rules.min_notice_seconds = 0;
        const auto now = hearth::now_seconds();
        if (days_off > 0) rules.time_off.push_back({now - day, now + days_off * day});
        database().write([&](db::Session& s) { cs::save_rules(s, profile_, rules); });
    }

    void make_due() {
        database().write([&](db::Session& s) {
            s.query("UPDATE specialist_profiles SET next_open_recheck_at = 0 WHERE id = $1", {profile_});
        });
    }

    std::optional<std::int64_t> next_open() {
        return database().read([&](db::Session& s) {
            return s.query("SELECT next_open_at FROM specialist_profiles WHERE id = $1", {profile_})
                .front()
                .optional_integer(0);
        });
    }

    std::int64_t bookable_count() {
        return database().read([](db::Session& s) { return hearth::specialists::count_free_consultation_profiles(s); });
    }

    std::int64_t run_out_mails() {
        return database().read([](db::Session& s) {
            return s.query("SELECT COUNT(*) FROM outbox WHERE recipient = 's@example.org' AND subject LIKE "
                           "'%hours have run out%'")
                .front()
                .integer(0);
        });
    }

    std::int64_t version() {
        return database().read([](db::Session& s) { return hearth::content_version::read(s); });
    }

    const hearth::render::Templates templates_{HEARTH_SOURCE_DIR "/templates"};
    std::unique_ptr<hearth::security::RateLimiter> limiter_;
    std::unique_ptr<cs::Consultations> consultations_;
    std::int64_t profile_ = 0;
};

TEST_P(OutlookRefresh, DueOutlooksMakeASpecialistBookableOnceAndRaiseTheVersion) {
    EXPECT_EQ(consultations_->refresh_due_outlooks(), 0);  // no hours: nothing to look at
    save_hours();
    EXPECT_EQ(bookable_count(), 0);
    const auto before = version();
    EXPECT_EQ(consultations_->refresh_due_outlooks(), 1);
    ASSERT_TRUE(next_open());
    EXPECT_GT(*next_open(), hearth::now_seconds() - 1800);
    EXPECT_EQ(bookable_count(), 1);
    EXPECT_GT(version(), before);
    // Not due again before the slot stops being bookable: nothing is recomputed.
    const auto after = version();
    EXPECT_EQ(consultations_->refresh_due_outlooks(), 0);
    EXPECT_EQ(version(), after);
    EXPECT_EQ(run_out_mails(), 0);
}

TEST_P(OutlookRefresh, ARunOutIsToldOnceUntilOpenTimesReturn) {
    save_hours(20);  // time off for the coming 20 days: nothing open in 14
    consultations_->refresh_due_outlooks();
    EXPECT_FALSE(next_open());
    EXPECT_EQ(bookable_count(), 0);
    EXPECT_EQ(run_out_mails(), 1);
    make_due();
    consultations_->refresh_due_outlooks();
    EXPECT_EQ(run_out_mails(), 1) << "the same run-out was told twice";

    save_hours();  // open again: the notice is reset
    make_due();
    consultations_->refresh_due_outlooks();
    EXPECT_TRUE(next_open());
    save_hours(20);
    make_due();
    consultations_->refresh_due_outlooks();
    EXPECT_EQ(run_out_mails(), 2);
}

INSTANTIATE_TEST_SUITE_P(Engines, OutlookRefresh, ::testing::Values(db::Engine::sqlite, db::Engine::postgresql),
                         [](const auto& info) { return std::string(db::engine_name(info.param)); });

}  // namespace
