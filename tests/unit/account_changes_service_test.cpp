// AccountChanges on its own, on both engines: sessions seen and ended only
// by their owner, a confirmation link used once, an address taken by
// another account never reached, and the records pruned once no link can
// use them. Typed commands in, results or refusals out, no HTTP.
#include "features/accounts/account_changes.hpp"

#include <gtest/gtest.h>

#include "core/clock.hpp"
#include "features/accounts/account_changes_store.hpp"
#include "features/accounts/account_sessions_device.hpp"
#include "features/accounts/account_store.hpp"
#include "migrated_database.hpp"
#include "render/view.hpp"
#include "security/password.hpp"
#include "security/rate_limit.hpp"
#include "security/tokens.hpp"

namespace db = hearth::db;
namespace ha = hearth::accounts;
using hearth::Actor;
using hearth::Principal;
using hearth::Role;

namespace {

constexpr const char* password = "correct horse battery staple 9";

class AccountChangesTest : public hearth::testing_support::MigratedDatabaseTest {
protected:
    void SetUp() override {
        MigratedDatabaseTest::SetUp();
        if (IsSkipped()) return;
        limiter_ = std::make_unique<hearth::security::RateLimiter>(database(), false);
        changes_ = std::make_unique<ha::AccountChanges>(database(), *limiter_, templates_, "https://hearth.example");
        hash_ = hearth::security::hash_password(password);
    }

    std::int64_t person(const std::string& email) {
        return database().write(
            [&](db::Session& s) { return ha::insert_user(s, email, "Robin Example", hash_, Role::member, true); });
    }

    // A new session of `user_id` with `user_agent`: the actor using it.
    Actor session(std::int64_t user_id, const std::string& user_agent = "") {
        const auto token_hash = hearth::security::token_hash(hearth::security::random_token(32));
        const auto now = hearth::now_seconds();
        database().write([&](db::Session& s) {
            ha::insert_session(s, token_hash, user_id, "csrf", "cookie", now + 600, now + 3600, user_agent,
                               "192.0.2.1");
        });
        Principal who;
        who.user_id = user_id;
        who.role = Role::member;
        who.session_key_hash = token_hash;
        return Actor{who, "192.0.2.1"};
    }

    std::int64_t count(const std::string& sql) {
        return database().read([&](db::Session& s) { return s.query(sql).front().integer(0); });
    }

    std::string email_of(std::int64_t user_id) {
        return database().read([&](db::Session& s) { return ha::find_user_by_id(s, user_id)->email; });
    }

    // The confirmation token of a new request of `user_id`, written as the
    // service writes it (the e-mail holds the token itself).
    std::string pending_change(std::int64_t user_id, const std::string& new_email, std::int64_t expires_in = 3600) {
        const auto token = hearth::security::random_token(32);
        const auto now = hearth::now_seconds();
        database().write([&](db::Session& s) {
            ha::insert_email_change(s, user_id, email_of(user_id), new_email, hearth::security::token_hash(token),
                                    now + expires_in, now);
        });
        return token;
    }

    const hearth::render::Templates templates_{HEARTH_SOURCE_DIR "/templates"};
    std::unique_ptr<hearth::security::RateLimiter> limiter_;
    std::unique_ptr<ha::AccountChanges> changes_;
    std::string hash_;
};

TEST_P(AccountChangesTest, ListsOnlyOnesOwnLiveSessionsThisOneFirst) {
    const auto robin = person("robin@example.org");
    const auto sam = person("sam@example.org");
    const auto other = session(robin, "Mozilla/5.0 (Windows NT 10.0; rv:120.0) Gecko/20100101 Firefox/120.0");
    const auto mine = session(robin, "curl/8.0");
    session(sam);
    const auto list = changes_->sessions(mine);
    ASSERT_EQ(list.size(), 2u);
    EXPECT_TRUE(list[0].current);
    EXPECT_EQ(list[0].device, "curl");
    EXPECT_FALSE(list[1].current);
    EXPECT_EQ(list[1].device, "Firefox on Windows");
    EXPECT_EQ(list[1].id, ha::session_public_id(other.who.session_key_hash));
    EXPECT_EQ(list[1].kind, "browser");
}

TEST_P(AccountChangesTest, EndsOnlyOnesOwnSessions) {
    const auto robin = person("robin@example.org");
    const auto sam = person("sam@example.org");
    const auto robins = session(robin);
    const auto sams = session(sam);
    const auto robins_id = ha::session_public_id(robins.who.session_key_hash);
    auto refused = changes_->end_session(sams, robins_id);
    ASSERT_FALSE(refused.ok());
    EXPECT_EQ(refused.refusal().code, ha::AccountRefusalCode::unknown_session);
    EXPECT_EQ(changes_->sessions(robins).size(), 1u);
    auto ended = changes_->end_session(robins, robins_id);
    ASSERT_TRUE(ended.ok());
    EXPECT_TRUE(ended->was_current);
    EXPECT_EQ(count("SELECT COUNT(*) FROM sessions WHERE user_id = " + std::to_string(robin)), 0);
    EXPECT_EQ(count("SELECT COUNT(*) FROM sessions WHERE user_id = " + std::to_string(sam)), 1);
}

TEST_P(AccountChangesTest, VisitorsAreRefused) {
    const Actor visitor{{}, "192.0.2.1"};
    EXPECT_THROW(changes_->sessions(visitor), hearth::Error);
    EXPECT_THROW(changes_->change_password(visitor, {password, "a quiet lake at dawn 77"}), hearth::Error);
    EXPECT_THROW(changes_->request_email_change(visitor, {"new@example.org", password}), hearth::Error);
}

TEST_P(AccountChangesTest, PasswordChangeKeepsOnlyThisSession) {
    const auto robin = person("robin@example.org");
    const auto mine = session(robin);
    session(robin);
    ASSERT_TRUE(changes_->change_password(mine, {password, "a quiet lake at dawn 77"}).ok());
    EXPECT_EQ(count("SELECT COUNT(*) FROM sessions WHERE user_id = " + std::to_string(robin)), 1);
    EXPECT_EQ(changes_->sessions(mine).size(), 1u);
    auto wrong = changes_->change_password(mine, {password, "another quiet lake 88"});
    ASSERT_FALSE(wrong.ok());  // the old password is not the current one any more
    EXPECT_EQ(wrong.refusal().fields.front().field, "current_password");
}

TEST_P(AccountChangesTest, AConfirmationLinkWorksOnce) {
    const auto robin = person("robin@example.org");
    const auto token = pending_change(robin, "robin@example.net");
    const Actor visitor{{}, "192.0.2.1"};
    ASSERT_TRUE(changes_->confirm_link(token).has_value());
    ASSERT_TRUE(changes_->confirm_email_change(visitor, token).ok());
    EXPECT_EQ(email_of(robin), "robin@example.net");
    EXPECT_FALSE(changes_->confirm_link(token).has_value());
    auto again = changes_->confirm_email_change(visitor, token);
    ASSERT_FALSE(again.ok());
    EXPECT_EQ(again.refusal().code, ha::AccountRefusalCode::dead_token);
}

TEST_P(AccountChangesTest, AnAddressTakenMeanwhileIsNotReached) {
    const auto robin = person("robin@example.org");
    const auto token = pending_change(robin, "Shared@Example.org");
    person("shared@example.org");
    auto refused = changes_->confirm_email_change(Actor{{}, ""}, token);
    ASSERT_FALSE(refused.ok());
    EXPECT_EQ(refused.refusal().code, ha::AccountRefusalCode::address_taken);
    EXPECT_EQ(email_of(robin), "robin@example.org");
}

TEST_P(AccountChangesTest, AnotherAccountsLinkIsRefusedAndStaysUsable) {
    const auto robin = person("robin@example.org");
    const auto sam = person("sam@example.org");
    const auto token = pending_change(robin, "robin@example.net");
    auto refused = changes_->confirm_email_change(session(sam), token);
    ASSERT_FALSE(refused.ok());
    EXPECT_EQ(refused.refusal().code, ha::AccountRefusalCode::other_account);
    EXPECT_EQ(email_of(robin), "robin@example.org");
    EXPECT_TRUE(changes_->confirm_email_change(session(robin), token).ok());
}

TEST_P(AccountChangesTest, RequestToATakenAddressStoresNoLink) {
    const auto robin = person("robin@example.org");
    person("sam@example.org");
    ASSERT_TRUE(changes_->request_email_change(session(robin), {"SAM@example.org", password}).ok());
    EXPECT_EQ(count("SELECT COUNT(*) FROM email_changes"), 0);
    EXPECT_EQ(count("SELECT COUNT(*) FROM outbox WHERE recipient = 'sam@example.org'"), 1);
    ASSERT_TRUE(changes_->request_email_change(session(robin), {"robin@example.net", password}).ok());
    EXPECT_EQ(count("SELECT COUNT(*) FROM email_changes"), 1);
    EXPECT_EQ(count("SELECT COUNT(*) FROM outbox WHERE recipient = 'robin@example.net'"), 1);
}

TEST_P(AccountChangesTest, PruneDeletesOnlyRecordsNoLinkCanUse) {
    const auto robin = person("robin@example.org");
    const auto sam = person("sam@example.org");
    pending_change(robin, "robin@example.net", 3600);    // usable
    pending_change(sam, "sam@example.net", -1);          // expired
    const auto now = hearth::now_seconds();
    EXPECT_EQ(changes_->prune(now), 1);
    EXPECT_EQ(count("SELECT COUNT(*) FROM email_changes"), 1);
    // A newer request cancels the older one, which then goes too.
    pending_change(robin, "robin@example.com", 3600);
    database().write([&](db::Session& s) {
        s.query("UPDATE email_changes SET cancelled_at = $1 WHERE new_email = 'robin@example.net'", {now});
    });
    EXPECT_EQ(changes_->prune(now), 1);
    EXPECT_EQ(count("SELECT COUNT(*) FROM email_changes"), 1);
    EXPECT_EQ(changes_->prune(now + 2 * 3600), 1);  // its 48 hours (here one) are over
}

INSTANTIATE_TEST_SUITE_P(Engines, AccountChangesTest, ::testing::Values(db::Engine::sqlite, db::Engine::postgresql),
                         [](const auto& info) { return std::string(db::engine_name(info.param)); });

}  // namespace
