#include "security/rate_limit.hpp"

#include <gtest/gtest.h>
#include <unistd.h>

#include <chrono>
#include <filesystem>
#include <memory>
#include <string>
#include <thread>

#include "core/clock.hpp"
#include "core/error.hpp"
#include "db/database.hpp"
#include "db/migrations.hpp"

namespace hs = hearth::security;
namespace db = hearth::db;
namespace rules = hearth::security::rate_rules;

namespace {

class RateLimiterTest : public ::testing::Test {
protected:
    void SetUp() override {
        path_ = std::filesystem::temp_directory_path() /
                ("hearth-rate-limit-" + std::to_string(::getpid()) + "-" +
                 ::testing::UnitTest::GetInstance()->current_test_info()->name() + ".db");
        std::filesystem::remove(path_);
        db_ = db::Database::open("sqlite://" + path_.string());
        db::migrate(*db_, HEARTH_SOURCE_DIR "/migrations");
    }

    void TearDown() override {
        db_.reset();
        for (const char* suffix : {"", "-wal", "-shm", "-journal"}) std::filesystem::remove(path_.string() + suffix);
    }

    // Fixed windows end on multiples of their length; starting a test in the
    // last seconds of one would split its hits over two windows.
    static void wait_for_fresh_window(const hs::RateRule& rule) {
        while (hearth::now_seconds() % rule.window_seconds >= rule.window_seconds - 3)
            std::this_thread::sleep_for(std::chrono::milliseconds(200));
    }

    std::int64_t rows() {
        return db_->read(
            [](db::Session& s) { return s.query("SELECT COUNT(*) FROM rate_limit_counters").front().integer(0); });
    }

    std::filesystem::path path_;
    std::unique_ptr<db::Database> db_;
};

}  // namespace

TEST_F(RateLimiterTest, RefusesTheHitAfterTheLimit) {
    hs::RateLimiter limiter(*db_, true);
    wait_for_fresh_window(rules::login_per_ip);
    for (int i = 0; i < 10; ++i) ASSERT_NO_THROW(limiter.hit(rules::login_per_ip, "192.0.2.1")) << i;
    try {
        limiter.hit(rules::login_per_ip, "192.0.2.1");
        FAIL() << "the 11th hit should be refused";
    } catch (const hearth::Error& e) {
        EXPECT_EQ(e.status(), 429);
        EXPECT_EQ(e.code(), "rate_limited");
        EXPECT_GE(e.retry_after(), 1);
        EXPECT_LE(e.retry_after(), 60);
    }
    // Still refused: attempts go on counting while refused.
    EXPECT_THROW(limiter.hit(rules::login_per_ip, "192.0.2.1"), hearth::Error);
}

TEST_F(RateLimiterTest, KeysAndRulesAreIndependent) {
    hs::RateLimiter limiter(*db_, true);
    wait_for_fresh_window(rules::login_per_ip);
    for (int i = 0; i < 10; ++i) limiter.hit(rules::login_per_ip, "192.0.2.1");
    EXPECT_THROW(limiter.hit(rules::login_per_ip, "192.0.2.1"), hearth::Error);
    EXPECT_NO_THROW(limiter.hit(rules::login_per_ip, "192.0.2.2"));
    EXPECT_NO_THROW(limiter.hit(rules::signup_per_ip, "192.0.2.1"));
}

TEST_F(RateLimiterTest, ExhaustedDoesNotCount) {
    hs::RateLimiter limiter(*db_, true);
    const hs::RateRule& rule = rules::password_reset_per_account;  // 5 per hour
    wait_for_fresh_window(rule);
    for (int i = 0; i < 4; ++i) limiter.hit(rule, "robin@example.org");
    for (int i = 0; i < 10; ++i) EXPECT_FALSE(limiter.exhausted(rule, "robin@example.org"));
    limiter.hit(rule, "robin@example.org");
    EXPECT_TRUE(limiter.exhausted(rule, "robin@example.org"));
    EXPECT_FALSE(limiter.exhausted(rule, "someone-else@example.org"));
}

TEST_F(RateLimiterTest, KeysAreNotStoredInTheClear) {
    hs::RateLimiter limiter(*db_, true);
    limiter.hit(rules::password_reset_per_account, "robin@example.org");
    const std::string bucket = db_->read(
        [](db::Session& s) { return s.query("SELECT bucket FROM rate_limit_counters").front().text(0); });
    EXPECT_TRUE(bucket.starts_with("reset_account:")) << bucket;
    EXPECT_EQ(bucket.find("robin"), std::string::npos) << bucket;
}

TEST_F(RateLimiterTest, DisabledNeverThrows) {
    hs::RateLimiter limiter(*db_, false);
    EXPECT_FALSE(limiter.enabled());
    for (int i = 0; i < 50; ++i) EXPECT_NO_THROW(limiter.hit(rules::login_per_ip, "192.0.2.1"));
    EXPECT_FALSE(limiter.exhausted(rules::login_per_ip, "192.0.2.1"));
    EXPECT_EQ(rows(), 0);
}

TEST_F(RateLimiterTest, PruneRemovesEndedWindowsOnly) {
    hs::RateLimiter limiter(*db_, true);
    const std::int64_t now = hearth::now_seconds();
    db_->write([&](db::Session& s) {
        s.query("INSERT INTO rate_limit_counters (bucket, window_start, hits) VALUES ($1, $2, 3)",
                {std::string("login_ip:old"), now - 2 * rules::longest_window_seconds});
    });
    limiter.hit(rules::login_per_account, "42");
    ASSERT_EQ(rows(), 2);
    limiter.prune();
    EXPECT_EQ(rows(), 1);
    EXPECT_FALSE(limiter.exhausted(rules::login_per_account, "42"));
    const std::int64_t hits = db_->read([](db::Session& s) {
        return s.query("SELECT hits FROM rate_limit_counters").front().integer(0);
    });
    EXPECT_EQ(hits, 1) << "the current window survives";
}
