// The articles service on both engines, with what the pages and the API do
// not show directly: the search documents follow what the public may read
// (published and not taken down; drafts and hidden articles never), the
// content version rises with every change the public can see and not with
// a draft's, and the moderation queue's target sees and hides articles the
// way the service does.
#include <gtest/gtest.h>

#include <filesystem>

#include "core/error.hpp"
#include "db/scratch_database.hpp"
#include "db/search.hpp"
#include "features/accounts/account_store.hpp"
#include "features/articles/article_moderation.hpp"
#include "features/articles/article_search.hpp"
#include "features/articles/articles.hpp"
#include "features/common/content_version.hpp"
#include "features/specialists/profile_store.hpp"
#include "migrated_database.hpp"

namespace db = hearth::db;
namespace ar = hearth::articles;
using hearth::Actor;
using hearth::Principal;
using hearth::Role;

namespace {

class ArticlesService : public hearth::testing_support::MigratedDatabaseTest {
protected:
    void SetUp() override {
        MigratedDatabaseTest::SetUp();
        if (IsSkipped()) return;
        covers_ = std::filesystem::temp_directory_path() / db::scratch_name("hearth-covers-");
        articles_.emplace(database(), covers_);
    }
    void TearDown() override {
        articles_.reset();
        std::filesystem::remove_all(covers_);
    }

    Actor person(Role role) {
        const auto n = std::to_string(++people_);
        const auto id = database().write([&](db::Session& s) {
            return hearth::accounts::insert_user(s, "a" + n + "@example.org", "Person " + n, "x", role, true);
        });
        return Actor{Principal{id, role, "a" + n + "@example.org", "Person " + n, true, false, ""}, "192.0.2.1"};
    }

    // A specialist with a verified profile (the store's own steps).
    Actor verified_specialist() {
        auto who = person(Role::specialist);
        database().write([&](db::Session& s) {
            hearth::specialists::ProfileFields f;
            f.full_name = "Writer " + std::to_string(people_);
            f.timezone = "UTC";
            const auto id = hearth::specialists::upsert_profile(s, who.who.user_id, f, {}, false);
            hearth::specialists::set_verified(s, id, who.who.user_id);
        });
        return who;
    }

    static ar::ArticleContent content(std::string title = "Quiet partners and loud fears") {
        ar::ArticleContent c;
        c.title = std::move(title);
        c.summary = "Withdrawal as protection.";
        c.body = "## Why\n\nA gentle *zephyrword* inside.";
        c.topics = {"attachment"};
        return c;
    }

    std::vector<std::int64_t> found(std::string word) {
        return database().read([&](db::Session& s) {
            db::SearchQuery q;
            q.words = {std::move(word)};
            return db::SearchIndex::of(s).all_ids(s, ar::article_collection(), q);
        });
    }

    std::int64_t version() {
        return database().read([](db::Session& s) { return hearth::content_version::read(s); });
    }

    ar::Articles& articles() { return *articles_; }

private:
    std::filesystem::path covers_;
    std::optional<ar::Articles> articles_;
    int people_ = 0;
};

TEST_P(ArticlesService, SearchHoldsOnlyWhatThePublicMayRead) {
    const auto author = verified_specialist();
    const auto admin = person(Role::admin);
    auto draft = articles().create(author, content());
    ASSERT_TRUE(draft.ok());
    EXPECT_TRUE(found("zephyrword").empty()) << "a draft is never in search";
    const auto before = version();
    auto edited = articles().update(author, draft->slug, content("Quiet partners, loud fears"));
    ASSERT_TRUE(edited.ok());
    EXPECT_EQ(version(), before) << "a draft's change is not the public's";

    const auto published = articles().publish(author, draft->slug);
    EXPECT_EQ(found("zephyrword"), std::vector<std::int64_t>{published.id});
    EXPECT_EQ(found("protection"), std::vector<std::int64_t>{published.id}) << "the summary is indexed";
    EXPECT_GT(version(), before);

    auto hidden = articles().take_down(admin, draft->slug, "Names a client.");
    ASSERT_TRUE(hidden.ok());
    EXPECT_TRUE(found("zephyrword").empty()) << "a hidden article leaves search";
    articles().restore(admin, draft->slug);
    EXPECT_EQ(found("zephyrword"), std::vector<std::int64_t>{published.id});
    articles().unpublish(author, draft->slug);
    EXPECT_TRUE(found("zephyrword").empty());
}

TEST_P(ArticlesService, TopicFacetAndPublishedAtKey) {
    const auto author = verified_specialist();
    auto a = articles().create(author, content());
    ASSERT_TRUE(a.ok());
    articles().publish(author, a->slug);
    const auto ids = database().read([&](db::Session& s) {
        db::SearchQuery q;
        q.facets = {ar::topic_facet("attachment")};
        q.order = {{db::SearchOrder::By::key_descending, std::string(ar::published_at_key)}};
        return db::SearchIndex::of(s).find(s, ar::article_collection(), q).ids;
    });
    EXPECT_EQ(ids, std::vector<std::int64_t>{a->id});
}

TEST_P(ArticlesService, PermissionsAndRefusals) {
    const auto author = verified_specialist();
    const auto stranger = verified_specialist();
    const auto unverified = person(Role::specialist);
    const auto member = person(Role::member);
    EXPECT_THROW((void)articles().create(member, content()), hearth::Error);
    EXPECT_THROW((void)articles().create(unverified, content()), hearth::Error);
    EXPECT_THROW((void)articles().create(Actor{}, content()), hearth::Error);
    auto bad = content();
    bad.topics = {"no-such-topic"};
    auto refused = articles().create(author, bad);
    ASSERT_FALSE(refused.ok());
    EXPECT_EQ(refused.refusal().fields.front().field, "topics");

    auto a = articles().create(author, content());
    ASSERT_TRUE(a.ok());
    try {
        (void)articles().read(stranger, a->slug);
        FAIL() << "a stranger read a draft";
    } catch (const hearth::Error& e) {
        EXPECT_EQ(e.status(), 404);
    }
    articles().publish(author, a->slug);
    EXPECT_EQ(articles().read(stranger, a->slug).id, a->id);
    try {
        (void)articles().update(stranger, a->slug, content("Taken over"));
        FAIL() << "a stranger changed an article";
    } catch (const hearth::Error& e) {
        EXPECT_EQ(e.status(), 403);
    }
}

TEST_P(ArticlesService, ModerationTargetHidesLikeTheService) {
    const auto author = verified_specialist();
    const auto reader = person(Role::member);
    const auto admin = person(Role::admin);
    auto a = articles().create(author, content());
    ASSERT_TRUE(a.ok());
    const ar::ArticleModerationTarget target;
    EXPECT_EQ(target.type(), "article");
    EXPECT_TRUE(target.can_hide());
    database().read([&](db::Session& s) {
        EXPECT_FALSE(target.for_reporter(s, reader.who, a->id)) << "drafts cannot be reported";
        EXPECT_TRUE(target.for_admin(s, a->id));
    });
    articles().publish(author, a->slug);
    database().read([&](db::Session& s) {
        const auto seen = target.for_reporter(s, reader.who, a->id);
        ASSERT_TRUE(seen);
        EXPECT_EQ(seen->public_path, "/articles/" + a->slug);
        EXPECT_EQ(seen->author_id, author.who.user_id);
        EXPECT_FALSE(target.for_reporter(s, author.who, a->id)) << "nobody reports their own";
    });
    const auto before = version();
    database().write([&](db::Session& s) {
        EXPECT_TRUE(target.set_hidden(s, a->id, hearth::reports::Hide{admin.who.user_id, 1'700'000'000, "Spam."}));
        EXPECT_FALSE(target.set_hidden(s, 999'999, std::nullopt));
    });
    EXPECT_GT(version(), before);
    EXPECT_TRUE(found("zephyrword").empty());
    const auto seen_by_author = articles().read(author, a->slug);
    EXPECT_TRUE(seen_by_author.hidden());
    EXPECT_EQ(seen_by_author.hidden_reason, "Spam.");
    database().write([&](db::Session& s) { EXPECT_TRUE(target.set_hidden(s, a->id, std::nullopt)); });
    EXPECT_EQ(found("zephyrword"), std::vector<std::int64_t>{a->id});
}

INSTANTIATE_TEST_SUITE_P(Engines, ArticlesService, ::testing::Values(db::Engine::sqlite, db::Engine::postgresql),
                         [](const auto& info) { return std::string(db::engine_name(info.param)); });

}  // namespace
