// "Usually replies within": the median rule and its wording
// (features/specialists/reply_time.hpp), with no database.
#include <gtest/gtest.h>

#include <chrono>
#include <cstdio>
#include <vector>

#include "features/common/content_version.hpp"
#include "features/specialists/reply_time.hpp"
#include "features/specialists/reply_time_refresh.hpp"
#include "migrated_database.hpp"

namespace sp = hearth::specialists;
namespace db = hearth::db;

namespace {

constexpr std::int64_t hour = 3600;
constexpr std::int64_t day = 86400;
constexpr std::int64_t now = 1'800'000'000;

sp::ReplySample answered(std::int64_t after_seconds, std::int64_t created = now - 10 * day) {
    return {created, created + after_seconds};
}
sp::ReplySample unanswered(std::int64_t waited_seconds) { return {now - waited_seconds, std::nullopt}; }

std::optional<std::int64_t> figure(const std::vector<sp::ReplySample>& samples) {
    return sp::usual_reply_seconds(samples, now);
}

TEST(ReplyTime, NoFigureBeforeThreeConversations) {
    EXPECT_EQ(figure({}), std::nullopt);
    EXPECT_EQ(figure({answered(hour)}), std::nullopt);
    EXPECT_EQ(figure({answered(hour), answered(2 * hour)}), std::nullopt);
    EXPECT_EQ(figure({answered(hour), answered(2 * hour), answered(3 * hour)}), 2 * hour);
}

TEST(ReplyTime, UpperMedianOfAnEvenCount) {
    // The slower of the two middle ones: never the flattering average.
    EXPECT_EQ(figure({answered(hour), answered(2 * hour), answered(5 * hour), answered(9 * hour)}), 5 * hour);
}

TEST(ReplyTime, OrderDoesNotMatter) {
    EXPECT_EQ(figure({answered(9 * hour), answered(hour), answered(5 * hour)}), 5 * hour);
}

TEST(ReplyTime, OldSilenceCountsAsSlowerThanEveryAnswer) {
    // Answered in 1, 2 and 3 hours (median 2); two left unanswered for a
    // week count as "never", so the median moves to the slowest answer.
    const std::vector<sp::ReplySample> samples{answered(hour), answered(2 * hour), answered(3 * hour),
                                               unanswered(7 * day), unanswered(7 * day)};
    EXPECT_EQ(figure(samples), 3 * hour);
}

TEST(ReplyTime, SilenceCannotMakeTheFigureFaster) {
    const std::vector<sp::ReplySample> base{answered(hour), answered(2 * hour), answered(3 * hour)};
    auto with_silence = base;
    with_silence.push_back(unanswered(30 * day));
    EXPECT_GE(*figure(with_silence), *figure(base));
}

TEST(ReplyTime, RecentSilenceIsNotJudgedYet) {
    // Waiting 10 minutes is less than the usual 2 hours: left out, neither fast nor slow.
    EXPECT_EQ(figure({answered(hour), answered(2 * hour), answered(3 * hour), unanswered(600)}), 2 * hour);
    // Two answered and one recent silence: still only two samples.
    EXPECT_EQ(figure({answered(hour), answered(2 * hour), unanswered(600)}), std::nullopt);
}

TEST(ReplyTime, SilenceExactlyAsOldAsTheMedianCounts) {
    EXPECT_EQ(figure({answered(hour), answered(2 * hour), answered(3 * hour), unanswered(2 * hour)}), 3 * hour);
}

TEST(ReplyTime, MostlyUnansweredGivesNoFigure) {
    EXPECT_EQ(figure({unanswered(day), unanswered(2 * day), unanswered(3 * day)}), std::nullopt);
    EXPECT_EQ(figure({answered(hour), unanswered(4 * day), unanswered(5 * day)}), std::nullopt);
    EXPECT_EQ(figure({answered(hour), answered(hour), unanswered(4 * day), unanswered(5 * day)}), std::nullopt);
    EXPECT_EQ(figure({answered(hour), answered(hour), answered(hour), unanswered(4 * day), unanswered(5 * day)}),
              hour);
}

TEST(ReplyTime, AReplyBeforeItsConversationCountsAsZero) {
    EXPECT_EQ(figure({answered(-30), answered(-30), answered(-30)}), 0);
}

TEST(ReplyTime, HoursRoundUpAndAreAtLeastOne) {
    EXPECT_EQ(sp::reply_hours(0), 1);
    EXPECT_EQ(sp::reply_hours(1), 1);
    EXPECT_EQ(sp::reply_hours(hour), 1);
    EXPECT_EQ(sp::reply_hours(hour + 1), 2);
    EXPECT_EQ(sp::reply_hours(2 * day), 48);
}

TEST(ReplyTime, Wording) {
    EXPECT_EQ(sp::reply_time_words(0), "within an hour");
    EXPECT_EQ(sp::reply_time_words(hour), "within an hour");
    EXPECT_EQ(sp::reply_time_words(hour + 1), "within a few hours");
    EXPECT_EQ(sp::reply_time_words(6 * hour), "within a few hours");
    EXPECT_EQ(sp::reply_time_words(6 * hour + 1), "within a day");
    EXPECT_EQ(sp::reply_time_words(day), "within a day");
    EXPECT_EQ(sp::reply_time_words(day + 1), "within 2 days");
    EXPECT_EQ(sp::reply_time_words(3 * day), "within 3 days");
    EXPECT_EQ(sp::reply_time_words(3 * day + 1), "within 4 days");
}

// The maintenance step over stored conversations, on both engines.
class ReplyTimeRefresh : public hearth::testing_support::MigratedDatabaseTest {
protected:
    void SetUp() override {
        MigratedDatabaseTest::SetUp();
        if (IsSkipped()) return;
        database().write([&](db::Session& s) {
            specialist_ = add_user(s, "s@example.org", "specialist");
            profile_ = s.query("INSERT INTO specialist_profiles (user_id, slug, full_name, listed, "
                               "publish_requested_at, verified_at, created_at, updated_at) "
                               "VALUES ($1, 's', 'Sam Specialist', 1, 1, 1, 1, 1) RETURNING id",
                               {specialist_})
                           .front()
                           .integer(0);
        });
    }

    static std::int64_t add_user(db::Session& s, const std::string& email, const std::string& role) {
        return s
            .query("INSERT INTO users (email, email_normalized, password_hash, display_name, role, created_at, "
                   "updated_at) VALUES ($1, $1, 'x', 'U', $2, 1, 1) RETURNING id",
                   {email, role})
            .front()
            .integer(0);
    }

    // A conversation from a new member, created `age` seconds ago and
    // answered `reply_after` seconds after that (never when nullopt).
    void converse(std::int64_t age, std::optional<std::int64_t> reply_after, bool blocked = false) {
        database().write([&](db::Session& s) {
            const auto member = add_user(s, "m" + std::to_string(++members_) + "@example.org", "member");
            const auto created = now - age;
            s.query("INSERT INTO conversations (member_id, specialist_id, profile_id, created_at, last_message_at, "
                    "first_reply_at, blocked_by, blocked_at) VALUES ($1, $2, $3, $4, $4, $5, $6, $7)",
                    {member, specialist_, profile_, created,
                     reply_after ? db::Value(created + *reply_after) : db::Value(nullptr),
                     blocked ? db::Value(member) : db::Value(nullptr), blocked ? db::Value(created) : db::Value(nullptr)});
        });
    }

    std::optional<std::int64_t> stored() {
        return database().read([&](db::Session& s) {
            return s.query("SELECT usual_reply_seconds FROM specialist_profiles WHERE id = $1", {profile_})
                .front()
                .optional_integer(0);
        });
    }

    std::int64_t version() {
        return database().read([](db::Session& s) { return hearth::content_version::read(s); });
    }

    std::int64_t specialist_ = 0, profile_ = 0;
    int members_ = 0;
};

TEST_P(ReplyTimeRefresh, AppearsWithTheThirdConversationAndRaisesTheVersionOnlyOnChange) {
    converse(5 * day, hour);
    converse(4 * day, 3 * hour);
    EXPECT_EQ(sp::refresh_reply_times(database(), now), 0);
    EXPECT_EQ(stored(), std::nullopt);

    converse(3 * day, 2 * hour);
    const auto before = version();
    EXPECT_EQ(sp::refresh_reply_times(database(), now), 1);
    EXPECT_EQ(stored(), 2 * hour);
    EXPECT_GT(version(), before);

    const auto after = version();
    EXPECT_EQ(sp::refresh_reply_times(database(), now), 0);
    EXPECT_EQ(version(), after);
}

TEST_P(ReplyTimeRefresh, OldSilenceSlowsTheFigureAndRecentSilenceWaits) {
    converse(5 * day, hour);
    converse(4 * day, 2 * hour);
    converse(3 * day, 3 * hour);
    converse(600, std::nullopt);  // ten minutes: not judged yet
    sp::refresh_reply_times(database(), now);
    EXPECT_EQ(stored(), 2 * hour);

    converse(6 * day, std::nullopt);  // a week of silence: slower than any answer
    sp::refresh_reply_times(database(), now);
    EXPECT_EQ(stored(), 3 * hour);

    // Later, the ten-minute silence is old too: most are now unanswered or slow.
    converse(7 * day, std::nullopt);
    sp::refresh_reply_times(database(), now + day);
    EXPECT_EQ(stored(), std::nullopt);
}

TEST_P(ReplyTimeRefresh, BlockedBeforeAReplyIsLeftOut) {
    converse(5 * day, hour);
    converse(4 * day, hour);
    converse(3 * day, std::nullopt, true);
    sp::refresh_reply_times(database(), now);
    EXPECT_EQ(stored(), std::nullopt);  // only two that count
}

TEST_P(ReplyTimeRefresh, ConversationsLeaveTheWindowAfterNinetyDays) {
    converse(80 * day, hour);
    converse(80 * day, hour);
    converse(80 * day, hour);
    sp::refresh_reply_times(database(), now);
    EXPECT_EQ(stored(), hour);
    sp::refresh_reply_times(database(), now + 11 * day);
    EXPECT_EQ(stored(), std::nullopt);
}

// The cost of one maintenance round at scale (not run by default:
// --gtest_also_run_disabled_tests --gtest_filter='*ReplyTimeRefresh.DISABLED_Cost*'):
// 20,000 listed specialists with 10 conversations each in the window (200,000
// rows, a third unanswered), the first round writing every figure, then a
// round with nothing changed.
TEST_P(ReplyTimeRefresh, DISABLED_CostAtTwentyThousandSpecialists) {
    constexpr int specialists = 20000, per_specialist = 10;
    database().write([&](db::Session& s) {
        s.query("WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < $1) "
                "INSERT INTO users (email, email_normalized, password_hash, display_name, role, created_at, updated_at) "
                "SELECT 'b' || i || '@example.org', 'b' || i || '@example.org', 'x', 'B', 'specialist', 1, 1 FROM n",
                {std::int64_t{specialists}});
        s.query("INSERT INTO specialist_profiles (user_id, slug, full_name, listed, publish_requested_at, verified_at, "
                "created_at, updated_at) SELECT id, 'b-' || id, 'B', 1, 1, 1, 1, 1 FROM users "
                "WHERE email LIKE 'b%@example.org'");
        // Members are the specialists' own accounts here: only the pairs must differ.
        s.query("WITH RECURSIVE k(j) AS (SELECT 1 UNION ALL SELECT j + 1 FROM k WHERE j < $1) "
                "INSERT INTO conversations (member_id, specialist_id, profile_id, created_at, last_message_at, "
                "first_reply_at) SELECT m.id, p.user_id, p.id, $2 - k.j * 3600 * 24, $2 - k.j * 3600 * 24, "
                "CASE WHEN k.j % 3 = 0 THEN NULL ELSE $2 - k.j * 3600 * 24 + k.j * 1800 END "
                "FROM specialist_profiles p CROSS JOIN k JOIN users m ON m.id = (SELECT MIN(id) FROM users) + k.j "
                "WHERE p.slug LIKE 'b-%'",
                {std::int64_t{per_specialist}, now});
    });
    const auto rows = database().read(
        [](db::Session& s) { return s.query("SELECT COUNT(*) FROM conversations").front().integer(0); });
    const auto timed = [&] {
        const auto start = std::chrono::steady_clock::now();
        const auto changed = sp::refresh_reply_times(database(), now);
        const auto ms = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start).count();
        return std::pair{changed, ms};
    };
    const auto [first_changed, first_ms] = timed();
    const auto [again_changed, again_ms] = timed();
    std::printf("reply times over %lld conversations: first round %d changed in %.0f ms, unchanged round %.0f ms\n",
                static_cast<long long>(rows), first_changed, first_ms, again_ms);
    EXPECT_EQ(again_changed, 0);
}

INSTANTIATE_TEST_SUITE_P(Engines, ReplyTimeRefresh, ::testing::Values(db::Engine::sqlite, db::Engine::postgresql));

}  // namespace
