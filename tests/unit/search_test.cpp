// db::SearchIndex on both engines (PostgreSQL when HEARTH_TEST_POSTGRES_URL
// is set): words, facets, ranges, every order, paging and totals, accent
// folding, collections kept apart, bad input; and the folding itself.
#include "db/search.hpp"

#include <gtest/gtest.h>

#include <optional>
#include <stdexcept>

#include "db/migrations.hpp"
#include "db/scratch_database.hpp"
#include "db/search_text.hpp"
#include "migrated_database.hpp"

namespace {

using namespace hearth;
using db::SearchDocument;
using db::SearchOrder;
using db::SearchQuery;
using By = db::SearchOrder::By;
using Ids = std::vector<std::int64_t>;

// ---- folding (pure) ----------------------------------------------------------

TEST(SearchTextTest, FoldsCaseAndLatinAccents) {
    EXPECT_EQ(db::search_text::fold("Malmö ZÜRICH Ærø Straße Łódź Øresund"), "malmo zurich aero strasse lodz oresund");
    EXPECT_EQ(db::search_text::fold("São Paulo, Kraków & Besançon"), "sao paulo, krakow & besancon");
    // Other scripts pass unchanged; broken UTF-8 becomes spaces.
    EXPECT_EQ(db::search_text::fold("Москва 東京"), "Москва 東京");
    EXPECT_EQ(db::search_text::fold(std::string("a\xC3") + "b\xFF"), "a b ");
}

TEST(SearchTextTest, WordsArePlainAndNeverSyntax) {
    EXPECT_EQ(db::search_text::words("Attachment\" OR name:* NEAR(a b) -Müller"),
              (std::vector<std::string>{"attachment", "name", "near", "b", "muller"}));  // "or", "a": stop words
    EXPECT_EQ(db::search_text::words("grief GRIEF Grief"), std::vector<std::string>{"grief"});
    EXPECT_TRUE(db::search_text::words("' \" ( ) * : ^ & | ! < > \\").empty());
    EXPECT_EQ(db::search_text::words("the grief and loss", 1), std::vector<std::string>{"grief"});
}

TEST(SearchTextTest, FacetTokensAreOneSafeTokenThatFoldsLikeText) {
    const auto token = db::search_text::facet_token("city:Malmö");
    EXPECT_EQ(token, db::search_text::facet_token("CITY:malmo"));
    EXPECT_NE(token, db::search_text::facet_token("city:malm"));
    EXPECT_EQ(token.front(), 'z');
    EXPECT_EQ(token.back(), '9');
    for (char c : token) EXPECT_TRUE((c >= '0' && c <= '9') || (c >= 'a' && c <= 'z')) << token;
}

// ---- both engines ----------------------------------------------------------------

const db::SearchCollection people{"people", {10.0, 4.0, 1.0}, {"fee", "age"}, 1};
const db::SearchCollection notes{"notes", {1.0}, {}, 1};

SearchDocument doc(std::int64_t id, std::string name, std::string headline, std::string body,
                   std::vector<std::string> facets, std::optional<std::int64_t> fee = std::nullopt,
                   std::optional<std::int64_t> age = std::nullopt) {
    return SearchDocument{id, {std::move(name), std::move(headline), std::move(body)}, std::move(facets), {fee, age}};
}

class SearchTest : public hearth::testing_support::MigratedDatabaseTest {
protected:
    void SetUp() override {
        MigratedDatabaseTest::SetUp();
        if (IsSkipped()) return;
        put(people, {
                        doc(1, "Alma Brightwater", "Attachment therapist", "Closeness feels unsafe.", {"lang:de", "free:1"}, 60, 40),
                        doc(2, "Bruno Castellane", "Anxiety", "An early attachment felt unsafe.", {"lang:en", "free:1"}, 100, 50),
                        doc(3, "Carla Montoya", "Couples", "Arguments come back.", {"lang:es", "lang:en"}, 45, 30),
                        doc(4, "Dora Lind", "Grief", "Loss and marigoldine.", {"lang:en", "free:1", "city:Malmö"}, 80),
                        doc(5, "Emil Lind", "Grief", "Loss and marigoldine.", {"lang:en", "city:Malmö"}, 80),
                        doc(6, "Frida Hoffmann", "Psychodynamic therapy in Frankfurt", "Low mood, old grief.",
                            {"lang:de", "city:Frankfurt am Main"}),
                    });
    }


    void put(const db::SearchCollection& c, const std::vector<SearchDocument>& documents) {
        database().write([&](db::Session& s) { db::SearchIndex::of(s).put(s, c, documents); });
    }

    db::SearchPage find(const SearchQuery& q, const db::SearchCollection& c = people) {
        return database().read([&](db::Session& s) { return db::SearchIndex::of(s).find(s, c, q); });
    }

    Ids ids(const SearchQuery& q) { return find(q).ids; }

    static SearchQuery words(std::vector<std::string> w, std::vector<SearchOrder> order = {{By::relevance, ""}}) {
        SearchQuery q;
        q.words = std::move(w);
        q.order = std::move(order);
        return q;
    }

};

TEST_P(SearchTest, EveryWordMustMatchInAnyField) {
    EXPECT_EQ(ids(words({"castellane"})), Ids{2});          // name
    EXPECT_EQ(ids(words({"arguments"})), Ids{3});           // body
    EXPECT_EQ(ids(words({"psychodynamic", "frankfurt"})), Ids{6});
    EXPECT_EQ(ids(words({"couples", "grief"})), Ids{});
    EXPECT_EQ(find(words({"loss"})).total, 2);
    EXPECT_EQ(ids(words({"LOSS"})), ids(words({"loss"})));  // case
}

TEST_P(SearchTest, HeavierFieldsRankFirstAndTheBoostOnlyLiftsAmongEquals) {
    // Alma: attachment in her headline (4); Bruno: in his body (1), with the
    // same free facet, so the boost cannot overturn that.
    auto q = words({"attachment"});
    q.boost_facet = "free:1";
    q.boost = 1.25;
    EXPECT_EQ(ids(q), (Ids{1, 2}));
    // Equal texts: the boost lifts Dora (free) above Emil, who wins ties.
    q.words = {"marigoldine"};
    EXPECT_EQ(ids(q), (Ids{4, 5}));
    q.boost = 1.0;
    EXPECT_EQ(ids(q), (Ids{5, 4}));
}

TEST_P(SearchTest, FacetsAndRangesFilter) {
    SearchQuery q;
    q.facets = {"lang:en"};
    EXPECT_EQ(ids(q), (Ids{5, 4, 3, 2}));  // newest (highest id) first
    q.facets = {"lang:en", "free:1"};
    EXPECT_EQ(ids(q), (Ids{4, 2}));
    q.facets = {"lang:fr"};
    EXPECT_EQ(find(q).total, 0);
    q.facets = {};
    q.ranges = {{"fee", std::nullopt, 60}};
    EXPECT_EQ(ids(q), (Ids{3, 1}));  // no fee: outside every range
    q.ranges = {{"fee", 60, 80}, {"age", 35, std::nullopt}};
    EXPECT_EQ(ids(q), Ids{1});
    // Words, facets and ranges together.
    q = words({"grief"});
    q.facets = {"lang:en"};
    q.ranges = {{"fee", std::nullopt, 80}};
    EXPECT_EQ(find(q).total, 2);
}

TEST_P(SearchTest, AccentsAndCaseFoldTheSameOnBothEngines) {
    SearchQuery q;
    for (const char* city : {"city:Malmö", "city:malmo", "city:MALMO", "city:Malmø"}) {
        q.facets = {city};
        EXPECT_EQ(ids(q), (Ids{5, 4})) << city;
    }
    q.facets = {"city:frankfurt AM main"};
    EXPECT_EQ(ids(q), Ids{6});
    q.facets = {"city:Frankfurt"};  // a facet is the whole value, never part of it
    EXPECT_TRUE(ids(q).empty());
    put(people, {doc(7, "Zoë Müller", "Thérapie", "Café in São Paulo.", {"lang:pt"})});
    EXPECT_EQ(ids(words({"zoe"})), Ids{7});
    EXPECT_EQ(ids(words({"MULLER"})), Ids{7});
    EXPECT_EQ(ids(words({"Müller"})), Ids{7});
    EXPECT_EQ(ids(words({"sao", "paulo"})), Ids{7});
    EXPECT_EQ(ids(words({"cafe"})), Ids{7});
}

TEST_P(SearchTest, EveryOrderWithPagesAndTotals) {
    SearchQuery q;
    q.order = {{By::facet_first, "free:1"}};
    EXPECT_EQ(ids(q), (Ids{4, 2, 1, 6, 5, 3}));
    // Pages cut across the two parts and the total counts all of them.
    q.limit = 2;
    q.offset = 2;
    auto page = find(q);
    EXPECT_EQ(page.ids, (Ids{1, 6}));
    EXPECT_EQ(page.total, 6);
    q.offset = 6;
    page = find(q);
    EXPECT_TRUE(page.ids.empty());
    EXPECT_EQ(page.total, 6);

    q = SearchQuery{};
    q.order = {{By::key_ascending, "fee"}};
    EXPECT_EQ(ids(q), (Ids{3, 1, 5, 4, 2, 6}));  // ties newest first, unknown last
    q.order = {{By::key_descending, "fee"}};
    EXPECT_EQ(ids(q), (Ids{2, 5, 4, 1, 3, 6}));
    q.order = {};
    q.limit = 4;
    q.offset = 4;
    page = find(q);
    EXPECT_EQ(page.ids, (Ids{2, 1}));
    EXPECT_EQ(page.total, 6);

    auto ranked = words({"grief"});
    ranked.limit = 1;
    page = find(ranked);
    EXPECT_EQ(page.ids.size(), 1u);
    EXPECT_EQ(page.total, 3);
    ranked.boost_facet = "free:1";
    ranked.boost = 1.25;
    ranked.offset = 2;
    page = find(ranked);
    EXPECT_EQ(page.ids.size(), 1u);
    EXPECT_EQ(page.total, 3);
}

// Key orders are read from the keys' index (migration 0022) and counted
// apart: every page, filter and total must stay what a full sort gives.
TEST_P(SearchTest, KeyOrderedPagesWithFiltersAndExactTotals) {
    // Another collection whose keys interleave with people's must not leak in.
    const db::SearchCollection others{"others", {1.0}, {"fee"}, 1};
    put(others, {SearchDocument{1, {"grief"}, {"free:1"}, {70}}, SearchDocument{9, {"grief"}, {}, {}}});

    SearchQuery q;
    q.order = {{By::key_descending, "fee"}};
    std::vector<Ids> pages;
    q.limit = 2;
    for (q.offset = 0; q.offset < 8; q.offset += 2) {
        const auto page = find(q);
        EXPECT_EQ(page.total, 6) << q.offset;
        pages.push_back(page.ids);
    }
    EXPECT_EQ(pages, (std::vector<Ids>{{2, 5}, {4, 1}, {3, 6}, {}}));
    q.order = {{By::key_ascending, "fee"}};
    q.offset = 4;
    EXPECT_EQ(find(q).ids, (Ids{2, 6}));  // unknown last ascending too

    // A facet, a facet and words, a range, and the second key.
    q.offset = 0;
    q.limit = 20;
    q.facets = {"lang:en"};
    q.order = {{By::key_descending, "fee"}};
    auto page = find(q);
    EXPECT_EQ(page.ids, (Ids{2, 5, 4, 3}));
    EXPECT_EQ(page.total, 4);
    q.limit = 1;
    q.offset = 1;
    page = find(q);
    EXPECT_EQ(page.ids, Ids{5});
    EXPECT_EQ(page.total, 4);
    q.words = {"grief"};
    q.limit = 20;
    q.offset = 0;
    EXPECT_EQ(find(q).ids, (Ids{5, 4}));
    q.words = {};
    q.facets = {};
    q.ranges = {{"fee", 50, 90}};
    q.limit = 2;
    page = find(q);
    EXPECT_EQ(page.ids, (Ids{5, 4}));
    EXPECT_EQ(page.total, 3);
    q.ranges = {};
    q.order = {{By::key_ascending, "age"}};
    q.limit = 20;
    EXPECT_EQ(find(q).ids, (Ids{3, 1, 2, 6, 5, 4}));

    // The other collection alone, and one never written.
    q.order = {{By::key_descending, "fee"}};
    page = find(q, others);
    EXPECT_EQ(page.ids, (Ids{1, 9}));
    EXPECT_EQ(page.total, 2);
    const db::SearchCollection never{"never", {1.0}, {"fee"}, 1};
    page = find(q, never);
    EXPECT_TRUE(page.ids.empty());
    EXPECT_EQ(page.total, 0);
}

TEST_P(SearchTest, AllIdsIgnoresOrderAndPage) {
    SearchQuery q;
    q.facets = {"free:1"};
    q.limit = 1;
    auto all = database().read([&](db::Session& s) { return db::SearchIndex::of(s).all_ids(s, people, q); });
    std::sort(all.begin(), all.end());
    EXPECT_EQ(all, (Ids{1, 2, 4}));
}

TEST_P(SearchTest, ReplacingAndRemovingDocuments) {
    put(people, {doc(2, "Bruno Castellane", "Anxiety", "Practical sessions.", {"lang:en"}, 100)});
    EXPECT_TRUE(ids(words({"attachment", "unsafe", "early"})).empty());
    EXPECT_EQ(ids(words({"practical"})), Ids{2});
    SearchQuery free;
    free.facets = {"free:1"};
    EXPECT_EQ(ids(free), (Ids{4, 1}));
    database().write([&](db::Session& s) { db::SearchIndex::of(s).remove(s, people, 1, 2); });
    EXPECT_EQ(ids(free), Ids{4});
    EXPECT_EQ(find(SearchQuery{}).total, 4);
}

TEST_P(SearchTest, RelevanceIsTheDocumentedSumOnBothEngines) {
    // Per word and field, weight * tf / (tf + 1), summed (search.hpp): with
    // weights 2 and 1, "kestrel" scores 2 * 1/2 = 1 in a title, 3/4 three
    // times in a body, 2/3 twice and 1/2 once (a tie: the higher id first).
    const db::SearchCollection birds{"birds", {2.0, 1.0}, {}, 1};
    put(birds, {
                   SearchDocument{1, {"A kestrel", "Open field."}, {}, {}},
                   SearchDocument{2, {"Field notes", "kestrel kestrel kestrel heron"}, {}, {}},
                   SearchDocument{3, {"Field notes", "kestrel and kestrel"}, {}, {}},
                   SearchDocument{4, {"Field notes", "a kestrel"}, {}, {}},
                   SearchDocument{5, {"Field notes", "a kestrel beside a heron"}, {}, {}},
               });
    EXPECT_EQ(find(words({"kestrel"}), birds).ids, (Ids{1, 2, 3, 5, 4}));
    // kestrel + heron: 2 (3/4 + 1/2) = 1.25 above 5 (1/2 + 1/2) = 1.
    EXPECT_EQ(find(words({"kestrel", "heron"}), birds).ids, (Ids{2, 5}));
    // Repeating a word, or another form of it, keeps the order.
    EXPECT_EQ(find(words({"kestrel", "KESTREL", "kestrels"}), birds).ids, (Ids{1, 2, 3, 5, 4}));
}

TEST_P(SearchTest, RankedSearchFollowsEveryReplacementAndRemoval) {
    // Ranked searches read what was indexed for each word (on PostgreSQL a
    // table of their own): a replaced text keeps none of its old words, a
    // changed count reorders, and a removed document is gone from them.
    put(notes, {SearchDocument{1, {"willow willow willow"}, {}, {}}, SearchDocument{2, {"willow and birch"}, {}, {}}});
    EXPECT_EQ(find(words({"willow"}), notes).ids, (Ids{1, 2}));
    put(notes, {SearchDocument{1, {"willow and rowan"}, {}, {}}, SearchDocument{2, {"willow willow"}, {}, {}}});
    EXPECT_EQ(find(words({"willow"}), notes).ids, (Ids{2, 1}));
    EXPECT_TRUE(find(words({"birch"}), notes).ids.empty());
    EXPECT_EQ(find(words({"rowan", "willow"}), notes).ids, Ids{1});
    database().write([&](db::Session& s) { db::SearchIndex::of(s).remove(s, notes, 2, 2); });
    auto page = find(words({"willow"}), notes);
    EXPECT_EQ(page.ids, Ids{1});
    EXPECT_EQ(page.total, 1);
    database().write([&](db::Session& s) { db::SearchIndex::of(s).remove(s, notes, 1, 1); });
    EXPECT_EQ(find(words({"willow"}), notes).total, 0);
    if (GetParam() == db::Engine::postgresql) {
        // The terms are exactly the documents' words and facets, no more.
        database().read([&](db::Session& s) {
            const auto extra = s.query(
                "SELECT count(*) FROM search_terms t WHERE NOT EXISTS (SELECT 1 FROM search_documents d "
                "CROSS JOIN unnest(d.document) u WHERE d.collection = t.collection AND d.id = t.id "
                "AND u.lexeme = t.lexeme)");
            const auto missing = s.query(
                "SELECT count(*) FROM search_documents d CROSS JOIN unnest(d.document) u WHERE NOT EXISTS "
                "(SELECT 1 FROM search_terms t WHERE t.collection = d.collection AND t.id = d.id "
                "AND t.lexeme = u.lexeme)");
            EXPECT_EQ(extra.front().integer(0), 0);
            EXPECT_EQ(missing.front().integer(0), 0);
        });
    }
}

TEST_P(SearchTest, CollectionsAreKeptApart) {
    put(notes, {SearchDocument{1, {"a note on grief"}, {}, {}}});
    EXPECT_EQ(find(words({"grief"}), notes).ids, Ids{1});
    EXPECT_EQ(find(SearchQuery{}, notes).total, 1);
    EXPECT_EQ(find(words({"grief"})).total, 3);  // people's, not the note
    const db::SearchCollection never{"never", {1.0}, {}, 1};
    EXPECT_EQ(find(words({"grief"}), never).total, 0);
    database().read([&](db::Session& s) {
        EXPECT_TRUE(db::SearchIndex::of(s).built_by(s, people));
        EXPECT_FALSE(db::SearchIndex::of(s).built_by(s, never));
        EXPECT_FALSE(db::SearchIndex::of(s).built_by(s, db::SearchCollection{"people", {1.0}, {}, 2}));
    });
}

TEST_P(SearchTest, TypedSyntaxIsOnlyWords) {
    for (const char* typed : {"grief\" OR \"loss", "grief:*", "NEAR(grief loss)", "grief & !loss", "'grief' | 'x'"}) {
        const auto page = find(words({typed}));
        EXPECT_LE(page.total, 3) << typed;  // never an error, never more than "grief"
    }
    EXPECT_EQ(find(words({"\" * ( ) :"})).total, 6);  // nothing left: no text condition
}

TEST_P(SearchTest, BadDocumentsAndQueriesAreRefused) {
    EXPECT_THROW(put(people, {doc(0, "x", "", "", {})}), std::invalid_argument);
    EXPECT_THROW(put(people, {doc(db::max_search_document_id + 1, "x", "", "", {})}), std::invalid_argument);
    EXPECT_THROW(put(notes, {SearchDocument{1, {"a", "b"}, {}, {}}}), std::invalid_argument);
    SearchQuery q;
    q.order = {{By::key_ascending, "height"}};
    EXPECT_THROW(find(q), std::invalid_argument);
    q.order = {{By::relevance, ""}, {By::key_ascending, "fee"}};
    EXPECT_THROW(find(q), std::invalid_argument);
    q = SearchQuery{};
    q.ranges = {{"height", 1, 2}};
    EXPECT_THROW(find(q), std::invalid_argument);
    q = SearchQuery{};
    q.offset = -1;
    EXPECT_THROW(find(q), std::invalid_argument);
}

INSTANTIATE_TEST_SUITE_P(Engines, SearchTest, ::testing::Values(db::Engine::sqlite, db::Engine::postgresql),
                         [](const auto& info) { return std::string(db::engine_name(info.param)); });

}  // namespace
