// What questions give the site search, the sitemap and the moderation
// queue, on both engines: visible questions only, hidden ones leave search
// and come back when restored, hiding an answer lowers the count, and a
// question's sitemap date has no time of day.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "features/questions/answer_store.hpp"
#include "features/questions/question_moderation.hpp"
#include "features/questions/question_search_index.hpp"
#include "features/questions/question_site_search.hpp"
#include "features/questions/question_sitemap.hpp"
#include "features/questions/question_store.hpp"
#include "migrated_database.hpp"

namespace db = hearth::db;
namespace q = hearth::questions;

namespace {

constexpr std::int64_t asked_at = 1772980200;  // 2026-03-08T14:30:00Z

class QuestionSources : public hearth::testing_support::MigratedDatabaseTest {
protected:
    std::int64_t add_user(const std::string& role) {
        return database().write([&](db::Session& s) {
            const auto n = std::to_string(++count_);
            return s
                .query(
                    "INSERT INTO users (email, email_normalized, password_hash, display_name, role, created_at, "
                    "updated_at) VALUES ($1, $1, 'x', $2, $3, 1, 1) RETURNING id",
                    {"u" + n + "@example.org", "Person " + n, role})
                .front()
                .integer(0);
        });
    }

    std::int64_t add_question(const std::string& title, bool anonymous) {
        const auto asker = add_user("member");
        return database().write([&](db::Session& s) {
            const auto id = q::insert_question(
                s, asker, q::QuestionFields{title, "Some words about it.", {"boundaries"}, anonymous}, asked_at);
            q::reindex_question(s, id);
            return id;
        });
    }

    std::vector<std::int64_t> found(const std::string& word) {
        const auto source = q::question_search_source();
        return database().read([&](db::Session& s) {
            std::vector<std::int64_t> ids;
            for (const auto& hit : source.find(s, {word}, 0, 10).hits) ids.push_back(hit.id);
            return ids;
        });
    }

    int count_ = 0;
};

TEST_P(QuestionSources, SearchFindsVisibleQuestionsAndHiddenOnesLeave) {
    const auto a = add_question("Keeping boundaries with parents", false);
    const auto b = add_question("Boundaries at work after burnout", true);
    EXPECT_EQ(found("boundaries").size(), 2u);
    const q::QuestionModeration moderation;
    database().write([&](db::Session& s) {
        EXPECT_TRUE(moderation.set_hidden(s, a, hearth::reports::Hide{1, asked_at + 10, "Off topic"}));
        EXPECT_FALSE(moderation.set_hidden(s, 999999, std::nullopt));
    });
    EXPECT_EQ(found("boundaries"), std::vector<std::int64_t>{b});
    database().write([&](db::Session& s) { moderation.set_hidden(s, a, std::nullopt); });
    EXPECT_EQ(found("boundaries").size(), 2u);
    const auto hit =
        database().read([&](db::Session& s) { return q::question_search_source().find(s, {"parents"}, 0, 10); });
    ASSERT_EQ(hit.hits.size(), 1u);
    EXPECT_EQ(hit.hits[0].path, "/questions/" + std::to_string(a));
    EXPECT_EQ(hit.hits[0].type, "question");
}

TEST_P(QuestionSources, SitemapListsVisibleQuestionsByDay) {
    const auto named = add_question("A named question here", false);
    const auto anonymous = add_question("An anonymous question here", true);
    const auto hidden = add_question("A hidden question here", false);
    database().write([&](db::Session& s) {
        q::QuestionModeration{}.set_hidden(s, hidden, hearth::reports::Hide{1, asked_at, "Spam"});
    });
    std::vector<hearth::sitemap::Url> urls;
    database().read([&](db::Session& s) {
        q::question_sitemap_source().each(s, [&](const hearth::sitemap::Url& u) { urls.push_back(u); });
    });
    ASSERT_EQ(urls.size(), 2u);
    EXPECT_EQ(urls[0].path, "/questions/" + std::to_string(named));
    EXPECT_EQ(urls[0].last_modified, asked_at - asked_at % 86400);
    EXPECT_EQ(urls[1].path, "/questions/" + std::to_string(anonymous));
    EXPECT_EQ(urls[1].last_modified % 86400, 0);
}

TEST_P(QuestionSources, HidingAnAnswerLowersTheCountAndClearsTheAcceptedMark) {
    const auto qid = add_question("A question with an answer", false);
    const auto author = add_user("specialist");
    const auto aid = database().write([&](db::Session& s) {
        const auto profile = s.query(
                                  "INSERT INTO specialist_profiles (user_id, slug, full_name, listed, created_at, "
                                  "updated_at) VALUES ($1, 'dr-a', 'Dr A', 1, 1, 1) RETURNING id",
                                  {author})
                                 .front()
                                 .integer(0);
        const auto id = q::insert_answer(s, qid, author, profile, "An answer long enough to count.", asked_at);
        q::recount_answers(s, qid, asked_at);
        q::set_accepted(s, qid, id, asked_at);
        return id;
    });
    const q::AnswerModeration moderation;
    database().write([&](db::Session& s) {
        EXPECT_TRUE(moderation.set_hidden(s, aid, hearth::reports::Hide{1, asked_at + 5, "Advertising"}));
    });
    auto question = database().read([&](db::Session& s) { return *q::find_question(s, qid); });
    EXPECT_EQ(question.answer_count, 0);
    EXPECT_FALSE(question.accepted_answer_id.has_value());
    const auto view = database().read([&](db::Session& s) { return moderation.for_admin(s, aid); });
    ASSERT_TRUE(view.has_value());
    EXPECT_TRUE(view->hidden);
    EXPECT_EQ(view->hidden_reason, "Advertising");
    database().write([&](db::Session& s) { moderation.set_hidden(s, aid, std::nullopt); });
    question = database().read([&](db::Session& s) { return *q::find_question(s, qid); });
    EXPECT_EQ(question.answer_count, 1);
}

INSTANTIATE_TEST_SUITE_P(Engines, QuestionSources, ::testing::Values(db::Engine::sqlite, db::Engine::postgresql),
                         [](const auto& info) { return std::string(db::engine_name(info.param)); });

}  // namespace
