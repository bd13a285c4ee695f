// The accounts service on its own (SQLite, rate limits on): typed commands
// in, results or refusals out, no HTTP anywhere.
#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <memory>
#include <string>

#include "core/clock.hpp"
#include "core/error.hpp"
#include "db/database.hpp"
#include "db/migrations.hpp"
#include "features/accounts/accounts.hpp"
#include "render/view.hpp"

namespace ha = hearth::accounts;
namespace db = hearth::db;
using hearth::Actor;

namespace {

constexpr const char* password = "correct horse battery staple 9";

class AccountsTest : public ::testing::Test {
protected:
    void SetUp() override {
        path_ = std::filesystem::temp_directory_path() /
                ("hearth-accounts-" + std::to_string(::getpid()) + "-" +
                 ::testing::UnitTest::GetInstance()->current_test_info()->name() + ".db");
        std::filesystem::remove(path_);
        db_ = db::Database::open("sqlite://" + path_.string());
        db::migrate(*db_, HEARTH_SOURCE_DIR "/migrations");
        limiter_ = std::make_unique<hearth::security::RateLimiter>(*db_, true);
        accounts_ = std::make_unique<ha::Accounts>(*db_, *limiter_, templates_, ha::SessionSettings{},
                                                   "https://hearth.example");
        // Fixed windows: do not start a burst in the last seconds of one.
        const auto left = 900 - hearth::now_seconds() % 900;
        if (left < 5) ::sleep(static_cast<unsigned>(left + 1));
    }

    void TearDown() override {
        accounts_.reset();
        limiter_.reset();
        db_.reset();
        for (const char* suffix : {"", "-wal", "-shm", "-journal"}) std::filesystem::remove(path_.string() + suffix);
    }

    static Actor visitor(std::string address = "192.0.2.1") { return Actor{{}, std::move(address)}; }

    ha::User sign_up(const std::string& email) {
        auto out = accounts_->sign_up(visitor(), ha::SignUp{email, password, "Robin Example", "member", ""});
        EXPECT_TRUE(out.ok());
        EXPECT_TRUE(out->created);
        return *out->created;
    }

    std::vector<std::string> subjects_to(const std::string& email) {
        return db_->read([&](db::Session& s) {
            std::vector<std::string> out;
            for (const auto& row : s.query("SELECT subject FROM outbox WHERE recipient = $1 ORDER BY id", {email})) {
                out.push_back(row.text(0));
            }
            return out;
        });
    }

    std::filesystem::path path_;
    hearth::render::Templates templates_{HEARTH_SOURCE_DIR "/templates"};
    std::unique_ptr<db::Database> db_;
    std::unique_ptr<hearth::security::RateLimiter> limiter_;
    std::unique_ptr<ha::Accounts> accounts_;
};

}  // namespace

TEST_F(AccountsTest, SignUpNamesEveryInvalidFieldAtOnce) {
    auto out = accounts_->sign_up(visitor(), ha::SignUp{"not-an-address", "short", "Robin\u202eX", "admin", ""});
    ASSERT_FALSE(out.ok());
    const auto& refusal = out.refusal();
    EXPECT_EQ(refusal.code, ha::AccountRefusalCode::invalid_fields);
    std::vector<std::string> fields;
    for (const auto& f : refusal.fields) fields.push_back(f.field);
    EXPECT_EQ(fields, (std::vector<std::string>{"display_name", "email", "password", "role"}));
    EXPECT_EQ(refusal.message, refusal.fields.front().message);
}

TEST_F(AccountsTest, ATakenAddressIsAcceptedAndItsOwnerToldInstead) {
    const auto user = sign_up("owner@example.org");
    auto again = accounts_->sign_up(visitor("192.0.2.9"),
                                    ha::SignUp{"  OWNER@example.org ", "another good passphrase 4", "Other", "", ""});
    ASSERT_TRUE(again.ok());
    EXPECT_FALSE(again->created);
    EXPECT_EQ(subjects_to("owner@example.org"),
              (std::vector<std::string>{"Please confirm your e-mail address for Hearth",
                                        "Someone tried to create a Hearth account with your address"}));
    auto login = accounts_->log_in(visitor(), ha::LogIn{"owner@example.org", password});
    ASSERT_TRUE(login.ok());
    EXPECT_EQ(login->id, user.id);
    EXPECT_EQ(login->display_name, "Robin Example");
}

TEST_F(AccountsTest, WrongPasswordAndUnknownAddressAreRefusedAlike) {
    sign_up("known@example.org");
    auto wrong = accounts_->log_in(visitor(), ha::LogIn{"known@example.org", "not the passphrase 1"});
    auto unknown = accounts_->log_in(visitor(), ha::LogIn{"nobody@example.org", "not the passphrase 1"});
    ASSERT_FALSE(wrong.ok());
    ASSERT_FALSE(unknown.ok());
    EXPECT_EQ(wrong.refusal().code, ha::AccountRefusalCode::wrong_credentials);
    EXPECT_EQ(unknown.refusal().code, ha::AccountRefusalCode::wrong_credentials);
    EXPECT_EQ(wrong.refusal().message, unknown.refusal().message);
    auto empty = accounts_->log_in(visitor(), ha::LogIn{" ", ""});
    ASSERT_FALSE(empty.ok());
    EXPECT_EQ(empty.refusal().code, ha::AccountRefusalCode::invalid_fields);
    EXPECT_EQ(empty.refusal().fields.size(), 2u);
}

TEST_F(AccountsTest, FailuresFromOneAddressDoNotLockTheOwnerOutElsewhere) {
    sign_up("target@example.org");
    for (int i = 0; i < 5; ++i) {
        auto out = accounts_->log_in(visitor("198.51.100.1"),
                                     ha::LogIn{"target@example.org", "guess number " + std::to_string(i) + " x"});
        ASSERT_FALSE(out.ok());
        EXPECT_EQ(out.refusal().code, ha::AccountRefusalCode::wrong_credentials) << i;
    }
    auto blocked = accounts_->log_in(visitor("198.51.100.1"), ha::LogIn{"target@example.org", password});
    ASSERT_FALSE(blocked.ok());
    EXPECT_EQ(blocked.refusal().code, ha::AccountRefusalCode::rate_limited);
    EXPECT_GE(blocked.refusal().retry_after_seconds, 1);
    EXPECT_LE(blocked.refusal().retry_after_seconds, 900);
    EXPECT_TRUE(accounts_->log_in(visitor("198.51.100.2"), ha::LogIn{"target@example.org", password}).ok());
}

TEST_F(AccountsTest, SessionsStartAuthenticateAndEnd) {
    const auto user = sign_up("session@example.org");
    EXPECT_FALSE(accounts_->authenticate("no-such-token", ha::SessionKind::cookie));
    EXPECT_FALSE(accounts_->authenticate(std::string(201, 'x'), ha::SessionKind::cookie));
    const auto first =
        accounts_->start_session(visitor(), ha::StartSession{user.id, ha::SessionKind::cookie, "", "UA"});
    auto found = accounts_->authenticate(first.token, ha::SessionKind::bearer);
    ASSERT_TRUE(found);
    EXPECT_EQ(found->who.user_id, user.id);
    EXPECT_TRUE(found->who.via_bearer);
    EXPECT_EQ(found->csrf_token, first.csrf_token);
    // Rotation: a new session replaces the one presented.
    const auto second =
        accounts_->start_session(visitor(), ha::StartSession{user.id, ha::SessionKind::cookie, first.token, "UA"});
    EXPECT_FALSE(accounts_->authenticate(first.token, ha::SessionKind::cookie));
    auto current = accounts_->authenticate(second.token, ha::SessionKind::cookie);
    ASSERT_TRUE(current);
    EXPECT_TRUE(accounts_->end_session(Actor{current->who, "192.0.2.1"}));
    EXPECT_FALSE(accounts_->authenticate(second.token, ha::SessionKind::cookie));
    EXPECT_FALSE(accounts_->end_session(visitor()));
}

TEST_F(AccountsTest, AVisitorHasNoAccountOrSessionsToManage) {
    try {
        accounts_->account(visitor());
        FAIL() << "a visitor has no account";
    } catch (const hearth::Error& e) {
        EXPECT_EQ(e.status(), 401);
    }
    try {
        accounts_->end_all_sessions(visitor());
        FAIL() << "a visitor has no sessions";
    } catch (const hearth::Error& e) {
        EXPECT_EQ(e.status(), 401);
    }
}

TEST_F(AccountsTest, DeadAndWeakResetsAreRefusals) {
    sign_up("reset@example.org");
    auto bogus = accounts_->reset_password(visitor(), ha::PasswordReset{"bogus", "a brand new passphrase 2024"});
    ASSERT_FALSE(bogus.ok());
    EXPECT_EQ(bogus.refusal().code, ha::AccountRefusalCode::dead_token);
    EXPECT_FALSE(accounts_->verify_email("bogus").ok());
    EXPECT_TRUE(accounts_->request_password_reset(visitor(), ha::PasswordResetRequest{"reset@example.org"}).ok());
    EXPECT_TRUE(accounts_->request_password_reset(visitor(), ha::PasswordResetRequest{"nobody@example.org"}).ok());
    auto empty = accounts_->request_password_reset(visitor(), ha::PasswordResetRequest{"  "});
    ASSERT_FALSE(empty.ok());
    EXPECT_EQ(empty.refusal().fields.front().field, "email");
    EXPECT_EQ(subjects_to("nobody@example.org").size(), 0u);
    EXPECT_EQ(subjects_to("reset@example.org").back(), "Reset your Hearth password");
}
