// The reading side's SQL (features/articles/article_reads) on both engines:
// newest first, topic and author filters, paging, search by relevance
// with snippets, related articles, an author's list; drafts and hidden
// articles are never returned, even when a search document of theirs
// were left in the index.
#include "features/articles/article_reads.hpp"

#include <gtest/gtest.h>

#include <string>

#include "db/search.hpp"
#include "features/articles/article_search.hpp"
#include "migrated_database.hpp"

namespace {

using namespace hearth;
using hearth::testing_support::MigratedDatabaseTest;

class ArticleReadsTest : public MigratedDatabaseTest {
protected:
    void SetUp() override {
        MigratedDatabaseTest::SetUp();
        if (IsSkipped()) return;
        database().write([&](db::Session& s) {
            for (int i = 1; i <= 2; ++i) {
                users_[i] = s.query("INSERT INTO users (email, email_normalized, password_hash, display_name, role, "
                                    "created_at, updated_at) VALUES ($1, $1, 'x', $2, 'specialist', 0, 0) RETURNING id",
                                    {"author" + std::to_string(i) + "@example.org", "Author " + std::to_string(i)})
                                .front()
                                .integer(0);
                profiles_[i] = s.query("INSERT INTO specialist_profiles (user_id, slug, full_name, created_at, "
                                       "updated_at) VALUES ($1, $2, $3, 0, 0) RETURNING id",
                                       {users_[i], "author-" + std::to_string(i),
                                        std::string(i == 1 ? "Priya Raman" : "Jonas Berg")})
                                   .front()
                                   .integer(0);
            }
        });
    }

    std::int64_t users_[3] = {}, profiles_[3] = {};  // by author number 1 and 2

    // An article (published unless `status` says otherwise) with topics; a
    // search document as the writing side keeps one for public articles
    // (`indexed` also for the others, to show the read filters anyway).
    std::int64_t add(std::int64_t author, const std::string& slug, const std::string& title, std::int64_t published_at,
                     const std::vector<std::string>& topics, const std::string& body = "<p>Body text.</p>",
                     const std::string& status = "published", bool hidden = false, bool indexed = true) {
        return database().write([&](db::Session& s) {
            const auto id = s.query("INSERT INTO articles (author_id, profile_id, slug, status, title, summary, "
                                    "body_html, key_points, word_count, created_at, updated_at, published_at, hidden_at) "
                                    "VALUES ($1, $2, $3, $4, $5, $6, $7, $8, 450, $9, $9, $9, $10) RETURNING id",
                                    {users_[author], profiles_[author], slug, status, title, "A calm summary of " + title,
                                     body, std::string(R"(["A first key point"])"), published_at,
                                     hidden ? db::Value(published_at) : db::Value(nullptr)})
                                .front()
                                .integer(0);
            std::vector<std::string> facets;
            for (const auto& t : topics) {
                s.query("INSERT INTO article_topics (article_id, topic) VALUES ($1, $2)", {id, t});
                facets.push_back(articles::topic_facet(t));
            }
            if (indexed) {
                db::SearchDocument d{id, {title, "A calm summary of " + title + " A first key point", "", body},
                                     facets, {published_at}};
                db::SearchIndex::of(s).put(s, articles::article_collection(), {d});
            }
            return id;
        });
    }

    articles::PublicArticleList list(articles::ArticleListQuery q) {
        return database().read([&](db::Session& s) { return articles::list_public_articles(s, q); });
    }

    static std::vector<std::string> slugs(const std::vector<articles::ArticleCard>& cards) {
        std::vector<std::string> out;
        for (const auto& c : cards) out.push_back(c.slug);
        return out;
    }
};

TEST_P(ArticleReadsTest, ListsPublicArticlesNewestFirstWithoutDraftsOrHiddenOnes) {
    add(1, "old", "Old one", 100, {"boundaries"});
    add(2, "new", "New one", 300, {"attachment", "boundaries"});
    add(1, "middle", "Middle one", 200, {});
    add(1, "draft", "A draft", 400, {"boundaries"}, "<p>x</p>", "draft");
    add(1, "hidden", "Taken down", 500, {"boundaries"}, "<p>x</p>", "published", true);
    const auto all = list({});
    EXPECT_EQ(all.total, 3);
    EXPECT_EQ(slugs(all.items), (std::vector<std::string>{"new", "middle", "old"}));
    ASSERT_EQ(all.items.front().topics.size(), 2u);
    EXPECT_EQ(all.items.front().topics[0].name, "Boundaries");  // vocabulary order
    EXPECT_EQ(all.items.front().author_name, "Jonas Berg");

    EXPECT_EQ(slugs(list({{}, "boundaries", "", {}}).items), (std::vector<std::string>{"new", "old"}));
    EXPECT_EQ(slugs(list({{}, "", "author-1", {}}).items), (std::vector<std::string>{"middle", "old"}));
    EXPECT_EQ(list({{}, "boundaries", "author-1", {}}).total, 1);
    EXPECT_EQ(list({{}, "", "nobody", {}}).total, 0);

    const auto second = list({{}, "", "", paging::Page{2, 2}});
    EXPECT_EQ(second.total, 3);
    EXPECT_EQ(slugs(second.items), (std::vector<std::string>{"old"}));
}

TEST_P(ArticleReadsTest, SearchRanksTitleAboveBodyMarksSnippetsAndSkipsWhatIsNotPublic) {
    add(1, "body-mention", "On staying", 300, {"trust-and-repair"}, "<p>Some words about <em>boundaries</em> here.</p>");
    add(2, "title-mention", "Boundaries without guilt", 100, {"boundaries"});
    // Left in the index by mistake: still never found.
    add(1, "draft", "Boundaries draft", 400, {}, "<p>boundaries</p>", "draft", false, true);
    add(1, "hidden", "Boundaries hidden", 400, {}, "<p>boundaries</p>", "published", true, true);

    const auto found = list({{"boundaries"}, "", "", {}});
    EXPECT_EQ(slugs(found.items), (std::vector<std::string>{"title-mention", "body-mention"}));
    ASSERT_EQ(found.items.size(), 2u);
    EXPECT_NE(found.items[1].snippet_html.find("<mark>boundaries</mark>"), std::string::npos)
        << found.items[1].snippet_html;
    EXPECT_EQ(found.items[1].snippet_html.find("<em>"), std::string::npos);  // the body's tags are gone

    EXPECT_EQ(slugs(list({{"boundaries"}, "trust-and-repair", "", {}}).items),
              (std::vector<std::string>{"body-mention"}));
    EXPECT_EQ(slugs(list({{"boundaries"}, "", "author-2", {}}).items),
              (std::vector<std::string>{"title-mention"}));
    EXPECT_EQ(list({{"key"}, "", "", {}}).items.size(), 2u);  // key points are searched

    const auto source = articles::article_search_source();
    const auto hits = database().read([&](db::Session& s) { return source.find(s, {"boundaries"}, 0, 10); });
    ASSERT_EQ(hits.hits.size(), 2u);
    EXPECT_EQ(hits.hits[0].path, "/articles/title-mention");
    EXPECT_EQ(hits.hits[0].detail, "Article by Jonas Berg · 3 min read");
}

TEST_P(ArticleReadsTest, FindsOnePublicArticleWithItsParts) {
    const auto id = add(1, "whole", "Whole article", 100, {"attachment"});
    database().write([&](db::Session& s) {
        s.query("UPDATE articles SET toc = $1, content_notes = $2 WHERE id = $3",
                {std::string(R"([{"level":2,"id":"one","text":"One"},{"level":3,"id":"two","text":"Two"}])"),
                 std::string(R"(["domestic-violence","loss"])"), id});
        s.query("INSERT INTO article_references (article_id, position, authors, year, title, url) VALUES "
                "($1, 2, 'B', '2001', 'Second', ''), ($1, 1, 'A', '1999', 'First', 'https://example.org/a')",
                {id});
    });
    add(1, "draft", "Draft", 100, {}, "<p>x</p>", "draft");
    const auto a = database().read([&](db::Session& s) { return articles::find_public_article(s, "whole"); });
    ASSERT_TRUE(a);
    EXPECT_EQ(a->card.title, "Whole article");
    ASSERT_EQ(a->toc.size(), 2u);
    EXPECT_EQ(a->toc[1].level, 3);
    EXPECT_EQ(a->content_notes, (std::vector<std::string>{"domestic-violence", "loss"}));
    ASSERT_EQ(a->references.size(), 2u);
    EXPECT_EQ(a->references[0].title, "First");
    EXPECT_EQ(a->key_points, (std::vector<std::string>{"A first key point"}));
    database().read([&](db::Session& s) {
        EXPECT_FALSE(articles::find_public_article(s, "draft"));
        EXPECT_FALSE(articles::find_public_stamp(s, "draft"));
        EXPECT_FALSE(articles::find_public_article(s, "missing"));
        return 0;
    });
}

TEST_P(ArticleReadsTest, RelatedArticlesShareTopicsAndNeverIncludeItselfOrDrafts) {
    const auto self = add(1, "self", "Self", 100, {"attachment", "boundaries"});
    add(2, "both", "Both topics", 50, {"attachment", "boundaries"});
    add(2, "one-new", "One topic, newer", 300, {"attachment"});
    add(2, "one-old", "One topic, older", 200, {"boundaries"});
    add(2, "other", "Other topic", 400, {"starting-therapy"});
    add(2, "draft", "Draft", 500, {"attachment"}, "<p>x</p>", "draft");
    add(2, "newest-one", "Newest", 600, {"boundaries"});
    const auto related = database().read([&](db::Session& s) { return articles::related_articles(s, self); });
    EXPECT_EQ(slugs(related), (std::vector<std::string>{"both", "newest-one", "one-new"}));
}

TEST_P(ArticleReadsTest, AnAuthorsNewestArticles) {
    for (int i = 0; i < 7; ++i) add(1, "a" + std::to_string(i), "Article " + std::to_string(i), 100 + i, {});
    add(1, "draft", "Draft", 900, {}, "<p>x</p>", "draft");
    add(2, "someone-else", "Someone else", 950, {});
    const auto mine = database().read([&](db::Session& s) { return articles::articles_by_profile(s, profiles_[1]); });
    EXPECT_EQ(mine.total, 7);
    EXPECT_EQ(slugs(mine.items), (std::vector<std::string>{"a6", "a5", "a4", "a3", "a2"}));
}

TEST(ArticleReadsPureTest, PlainTextAndContentNoteWords) {
    EXPECT_EQ(articles::plain_text_of_html("<p>One &amp; two</p><p>three&lt;4&gt;</p>"), " One & two  three<4> ");
    EXPECT_EQ(articles::content_note_words("domestic-violence"), "domestic violence");
    EXPECT_EQ(articles::content_note_words("loss"), "loss and grief");
}

INSTANTIATE_TEST_SUITE_P(Engines, ArticleReadsTest, ::testing::Values(db::Engine::sqlite, db::Engine::postgresql),
                         [](const auto& info) { return std::string(info.param == db::Engine::sqlite ? "sqlite" : "postgresql"); });

}  // namespace
