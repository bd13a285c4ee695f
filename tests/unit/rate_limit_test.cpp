#include "security/rate_limit.hpp"

#include <gtest/gtest.h>
#include <unistd.h>

#include <chrono>
#include <filesystem>
#include <memory>
#include <set>
#include <stdexcept>
#include <string>
#include <string_view>
#include <thread>

#include "app/application.hpp"
#include "app/config.hpp"
#include "app/routes.hpp"
#include "core/actor.hpp"
#include "core/clock.hpp"
#include "core/error.hpp"
#include "db/database.hpp"
#include "db/migrations.hpp"
#include "http/router.hpp"

namespace hs = hearth::security;
namespace db = hearth::db;
namespace rules = hearth::security::rate_rules;
namespace limits = hearth::security::write_limits;
namespace bh = boost::beast::http;

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

namespace {

hearth::Actor signed_in(std::int64_t user_id, std::string address) {
    hearth::Actor a;
    a.who.user_id = user_id;
    a.who.role = hearth::Role::member;
    a.client_address = std::move(address);
    return a;
}

hearth::Actor visitor(std::string address) {
    hearth::Actor a;
    a.client_address = std::move(address);
    return a;
}

// How many hits `actor` gets under `limit` before the first refusal (at
// most `cap`, then -1).
int hits_before_refusal(hs::RateLimiter& limiter, const hs::WriteLimit& limit, const hearth::Actor& actor,
                        int cap) {
    for (int i = 0; i < cap; ++i) {
        try {
            limiter.hit(limit, actor);
        } catch (const hearth::Error& e) {
            EXPECT_EQ(e.status(), 429);
            EXPECT_GE(e.retry_after(), 1);
            return i;
        }
    }
    return -1;
}

}  // namespace

TEST_F(RateLimiterTest, WritesCountPerUserWhenSignedInAndPerAddressOtherwise) {
    hs::RateLimiter limiter(*db_, true);
    wait_for_fresh_window(rules::write_per_user);
    // A visitor: 60 a minute from one address.
    EXPECT_EQ(hits_before_refusal(limiter, limits::ordinary, visitor("192.0.2.10"), 200),
              rules::write_per_ip.limit);
    EXPECT_NO_THROW(limiter.hit(limits::ordinary, visitor("192.0.2.11"))) << "another address has its own count";
    // Signed-in people at that same address are counted by their user id.
    EXPECT_EQ(hits_before_refusal(limiter, limits::ordinary, signed_in(7, "192.0.2.10"), 200),
              rules::write_per_user.limit);
    EXPECT_NO_THROW(limiter.hit(limits::ordinary, signed_in(8, "192.0.2.10"))) << "another user has their own count";
    // One user is one count from any address.
    EXPECT_THROW(limiter.hit(limits::ordinary, signed_in(7, "198.51.100.1")), hearth::Error);
}

TEST_F(RateLimiterTest, UploadsHaveTheirOwnSmallerCount) {
    hs::RateLimiter limiter(*db_, true);
    wait_for_fresh_window(rules::upload_per_user);
    EXPECT_EQ(hits_before_refusal(limiter, limits::upload, signed_in(7, "192.0.2.10"), 100),
              rules::upload_per_user.limit);
    EXPECT_NO_THROW(limiter.hit(limits::ordinary, signed_in(7, "192.0.2.10"))) << "ordinary writes still pass";
}

TEST_F(RateLimiterTest, WritesAreFreeWhenDisabled) {
    hs::RateLimiter limiter(*db_, false);
    for (int i = 0; i < 200; ++i) EXPECT_NO_THROW(limiter.hit(limits::ordinary, visitor("192.0.2.10")));
    EXPECT_EQ(rows(), 0);
}

TEST(RateRules, NamesAreUniqueAndWriteLimitRulesAreListed) {
    std::set<std::string_view> names;
    for (const auto& rule : rules::all) {
        EXPECT_TRUE(names.insert(rule.name).second) << rule.name << " is listed twice";
        EXPECT_GT(rule.limit, 0) << rule.name;
        EXPECT_GT(rule.window_seconds, 0) << rule.name;
    }
    std::set<std::string_view> limit_names;
    for (const auto& limit : limits::all) {
        EXPECT_TRUE(limit_names.insert(limit.name).second) << limit.name << " is listed twice";
        EXPECT_TRUE(names.contains(limit.per_user.name)) << limit.per_user.name << " is not in rate_rules::all";
        EXPECT_TRUE(names.contains(limit.per_address.name)) << limit.per_address.name << " is not in rate_rules::all";
        EXPECT_EQ(limits::find(limit.name), &limit);
    }
    EXPECT_EQ(limits::find("no_such_limit"), nullptr);
    EXPECT_EQ(limits::find(""), nullptr);
}

TEST(RouterWriteLimits, AWriteRouteWithoutALimitIsRefused) {
    hearth::http::Router r;
    auto ok = [](hearth::http::Request&) { return hearth::http::Response{}; };
    EXPECT_THROW(r.add(bh::verb::post, "/things", ok), std::logic_error);
    EXPECT_THROW(r.add(bh::verb::put, "/things/{id}", ok, ""), std::logic_error);
    EXPECT_THROW(r.add(bh::verb::delete_, "/things/{id}", ok), std::logic_error);
    EXPECT_THROW(r.add(bh::verb::patch, "/things/{id}", ok), std::logic_error);
    EXPECT_THROW(r.add(bh::verb::get, "/things", ok, "write"), std::logic_error) << "reads are not counted";
    EXPECT_TRUE(r.routes().empty());
    r.get("/things", ok);
    r.post("/things", "write", ok);
    ASSERT_EQ(r.routes().size(), 2u);
    EXPECT_EQ(r.routes()[0].write_limit, "");
    EXPECT_EQ(r.routes()[1].write_limit, "write");
    EXPECT_EQ(r.routes()[1].pattern, "/things");
}

// The real routing table, as the server builds it: every POST, PUT, PATCH
// and DELETE names a write limit that exists, and uploads use theirs.
TEST(RouterWriteLimits, EveryStateChangingRouteInTheTableNamesAKnownLimit) {
    const auto dir = std::filesystem::temp_directory_path() / ("hearth-routes-" + std::to_string(::getpid()));
    std::filesystem::remove_all(dir);
    std::filesystem::create_directories(dir);
    hearth::app::Config config;
    config.data_dir = dir;
    config.database_url = "sqlite://" + (dir / "hearth.db").string();
    config.assets_dir = HEARTH_SOURCE_DIR;
    config.base_url = "http://127.0.0.1:8080";
    {
        hearth::app::Application app(config);
        int writes = 0;
        for (const auto& route : app.router().routes()) {
            const std::string what = std::string(bh::to_string(route.method)) + " " + route.pattern;
            if (!hearth::http::changes_state(route.method)) {
                EXPECT_TRUE(route.write_limit.empty()) << what;
                continue;
            }
            ++writes;
            const hs::WriteLimit* limit = limits::find(route.write_limit);
            ASSERT_NE(limit, nullptr) << what << " names '" << route.write_limit << "'";
            const bool upload = hearth::app::is_upload_path(route.pattern);
            EXPECT_EQ(limit->name, upload ? limits::upload.name : limits::ordinary.name) << what;
        }
        EXPECT_GE(writes, 30) << "the table has lost its write routes";
    }
    std::filesystem::remove_all(dir);
}
