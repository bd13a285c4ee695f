// Hearth's own flags (reports with no reporter, migration 0019): one open
// flag per item and reason, on both engines; real reporters keep their one
// report per item.
#include "features/reports/review_flags.hpp"

#include <gtest/gtest.h>

#include "features/accounts/account_store.hpp"
#include "migrated_database.hpp"

namespace {

using namespace hearth;

class ReviewFlags : public testing_support::MigratedDatabaseTest {
protected:
    std::int64_t open_flags(std::string_view type, std::int64_t id) {
        return database().read([&](db::Session& s) {
            return s
                .query("SELECT COUNT(*) FROM reports WHERE reporter_id IS NULL AND status = 'open' "
                       "AND target_type = $1 AND target_id = $2",
                       {std::string(type), id})
                .front()
                .integer(0);
        });
    }
};

TEST_P(ReviewFlags, FlaggingTwiceLeavesOneOpenFlag) {
    database().write([](db::Session& s) { reports::flag_for_review(s, "question", 7, "self_harm_concern"); });
    database().write([](db::Session& s) { reports::flag_for_review(s, "question", 7, "self_harm_concern"); });
    EXPECT_EQ(open_flags("question", 7), 1);
    // Another item, and another kind with the same id, are flagged apart.
    database().write([](db::Session& s) {
        reports::flag_for_review(s, "question", 8, "self_harm_concern");
        reports::flag_for_review(s, "answer", 7, "self_harm_concern");
    });
    EXPECT_EQ(open_flags("question", 8), 1);
    EXPECT_EQ(open_flags("answer", 7), 1);
}

TEST_P(ReviewFlags, AResolvedFlagLetsTheItemBeFlaggedAgain) {
    database().write([](db::Session& s) { reports::flag_for_review(s, "answer", 3, "self_harm_concern"); });
    database().write([](db::Session& s) {
        s.query("UPDATE reports SET status = 'dismissed', action = 'dismiss' WHERE target_id = 3");
    });
    EXPECT_EQ(open_flags("answer", 3), 0);
    database().write([](db::Session& s) { reports::flag_for_review(s, "answer", 3, "self_harm_concern"); });
    EXPECT_EQ(open_flags("answer", 3), 1);
}

TEST_P(ReviewFlags, PeopleStillReportAnItemOnceEach) {
    const auto id = database().write([](db::Session& s) {
        return accounts::insert_user(s, "reporter@example.org", "Rae", "x", Role::member, true);
    });
    const auto insert = [&] {
        database().write([&](db::Session& s) {
            s.query("INSERT INTO reports (reporter_id, target_type, target_id, reason, created_at) "
                    "VALUES ($1, 'profile', 5, 'spam', 1)",
                    {id});
        });
    };
    insert();
    EXPECT_THROW(insert(), db::ConstraintViolation);
    // A flag of the same item sits beside the person's report.
    database().write([](db::Session& s) { reports::flag_for_review(s, "profile", 5, "self_harm_concern"); });
    EXPECT_EQ(open_flags("profile", 5), 1);
}

INSTANTIATE_TEST_SUITE_P(Engines, ReviewFlags, ::testing::Values(db::Engine::sqlite, db::Engine::postgresql),
                         [](const auto& info) { return std::string(db::engine_name(info.param)); });

}  // namespace
