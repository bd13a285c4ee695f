#include "features/articles/article_reads.hpp"

#include <boost/json/parse.hpp>
#include <fmt/format.h>

#include <algorithm>
#include <unordered_map>

#include "db/search.hpp"
#include "db/search_snippet.hpp"
#include "features/articles/article_refusals.hpp"
#include "features/articles/article_search.hpp"
#include "features/articles/articles.hpp"
#include "features/articles/article_visibility.hpp"

namespace hearth::articles {

namespace {

// What every public read filters by. Nothing in this file reads articles
// without it.
constexpr const char* card_columns =
    "a.id, a.slug, a.title, a.summary, p.full_name, p.slug, a.published_at, a.revised_at, a.updated_at, "
    "a.word_count";
constexpr const char* card_from = " FROM articles a JOIN specialist_profiles p ON p.id = a.profile_id ";
constexpr std::size_t card_column_count = 10;

// The longest list a search with an author filter ranks before it filters
// by author (the index has no author facet; such searches are rare).
constexpr std::int64_t author_search_window = 1000;
constexpr std::size_t snippet_chars = 220;

ArticleCard card_from_row(const db::Row& r) {
    ArticleCard c;
    c.id = r.integer(0);
    c.slug = r.text(1);
    c.title = r.text(2);
    c.summary = r.text(3);
    c.author_name = r.text(4);
    c.author_slug = r.text(5);
    c.published_at = r.integer(6);
    c.revised_at = r.optional_integer(7);
    c.updated_at = r.integer(8);
    c.word_count = r.integer(9);
    return c;
}

// "$1, $2, ..." for `ids`, padded (repeating the last id) to a multiple of
// 8 so a few statement texts serve every page size.
std::pair<std::string, std::vector<db::Value>> id_list(const std::vector<std::int64_t>& ids) {
    std::vector<db::Value> params(ids.begin(), ids.end());
    while (params.size() % 8 != 0) params.emplace_back(std::in_place_type<std::int64_t>, ids.back());
    std::string in;
    for (std::size_t i = 1; i <= params.size(); ++i) in += fmt::format("{}${}", i > 1 ? ", " : "", i);
    return {std::move(in), std::move(params)};
}

void add_topics(db::Session& s, std::vector<ArticleCard>& cards) {
    if (cards.empty()) return;
    std::vector<std::int64_t> ids;
    std::unordered_map<std::int64_t, ArticleCard*> by_id;
    for (auto& c : cards) {
        ids.push_back(c.id);
        by_id[c.id] = &c;
    }
    auto [in, params] = id_list(ids);
    for (const auto& r : s.query("SELECT t.article_id, t.topic, COALESCE(v.name, t.topic) FROM article_topics t "
                                 "LEFT JOIN vocabulary_terms v ON v.kind = 'topic' AND v.slug = t.topic "
                                 "WHERE t.article_id IN (" + in + ") ORDER BY t.article_id, v.position, v.name",
                                 params)) {
        if (auto it = by_id.find(r.integer(0)); it != by_id.end()) it->second->topics.push_back({r.text(1), r.text(2)});
    }
}

// Public articles with these ids, in the order of `ids` (others left out).
std::vector<ArticleCard> cards_by_ids(db::Session& s, const std::vector<std::int64_t>& ids) {
    if (ids.empty()) return {};
    auto [in, params] = id_list(ids);
    std::unordered_map<std::int64_t, ArticleCard> found;
    for (const auto& r : s.query(std::string("SELECT ") + card_columns + card_from + "WHERE a.id IN (" + in +
                                     ") AND " + public_article_sql,
                                 params)) {
        auto c = card_from_row(r);
        found.emplace(c.id, std::move(c));
    }
    std::vector<ArticleCard> out;
    for (auto id : ids) {
        if (auto it = found.find(id); it != found.end()) {
            out.push_back(std::move(it->second));
            found.erase(it);
        }
    }
    add_topics(s, out);
    return out;
}

std::vector<std::string> string_array(const std::string& json) {
    std::vector<std::string> out;
    boost::system::error_code ec;
    auto v = boost::json::parse(json, ec);
    if (ec || !v.is_array()) return out;
    for (const auto& e : v.as_array()) {
        if (e.is_string()) out.emplace_back(e.as_string());
    }
    return out;
}

std::vector<TocEntry> toc_of(const std::string& json) {
    std::vector<TocEntry> out;
    boost::system::error_code ec;
    auto v = boost::json::parse(json, ec);
    if (ec || !v.is_array()) return out;
    for (const auto& e : v.as_array()) {
        if (!e.is_object()) continue;
        const auto& o = e.as_object();
        TocEntry t;
        if (const auto* l = o.if_contains("level"); l && l->is_int64()) t.level = static_cast<int>(l->as_int64());
        if (const auto* id = o.if_contains("id"); id && id->is_string()) t.id = std::string(id->as_string());
        if (const auto* text = o.if_contains("text"); text && text->is_string()) {
            t.text = std::string(text->as_string());
        }
        if (!t.id.empty() && !t.text.empty()) out.push_back(std::move(t));
    }
    return out;
}

// The snippets of search results: cut from the summary, the key points and
// the body, in that order, so a match in the summary shows first.
void add_snippets(db::Session& s, std::vector<ArticleCard>& cards, const std::vector<std::string>& words) {
    if (cards.empty() || words.empty()) return;
    std::vector<std::int64_t> ids;
    std::unordered_map<std::int64_t, ArticleCard*> by_id;
    for (auto& c : cards) {
        ids.push_back(c.id);
        by_id[c.id] = &c;
    }
    auto [in, params] = id_list(ids);
    for (const auto& r : s.query("SELECT a.id, a.key_points, a.body_html FROM articles a WHERE a.id IN (" + in + ")",
                                 params)) {
        auto it = by_id.find(r.integer(0));
        if (it == by_id.end()) continue;
        std::string text = it->second->summary;
        for (const auto& point : string_array(r.text(1))) text += " " + point;
        text += " " + plain_text_of_html(r.text(2));
        it->second->snippet_html = db::search_snippet(text, words, snippet_chars);
    }
}

// The search index's answer for `words` (and a topic), best first.
db::SearchPage search(db::Session& s, const std::vector<std::string>& words, const std::string& topic,
                      std::int64_t offset, std::int64_t limit) {
    db::SearchQuery q;
    q.words = words;
    if (!topic.empty()) q.facets.push_back(topic_facet(topic));
    q.order = {{db::SearchOrder::By::relevance, {}}};
    q.offset = offset;
    q.limit = limit;
    return db::SearchIndex::of(s).find(s, article_collection(), q);
}

PublicArticleList search_list(db::Session& s, const ArticleListQuery& q) {
    PublicArticleList out;
    if (q.author_slug.empty()) {
        const auto page = search(s, q.words, q.topic, q.page.offset(), q.page.per_page);
        out.total = page.total;
        out.items = cards_by_ids(s, page.ids);
    } else {
        const auto page = search(s, q.words, q.topic, 0, author_search_window);
        auto cards = cards_by_ids(s, page.ids);
        std::erase_if(cards, [&](const ArticleCard& c) { return c.author_slug != q.author_slug; });
        out.total = static_cast<std::int64_t>(cards.size());
        const auto first = std::min<std::int64_t>(q.page.offset(), out.total);
        const auto last = std::min<std::int64_t>(first + q.page.per_page, out.total);
        out.items.assign(std::make_move_iterator(cards.begin() + first), std::make_move_iterator(cards.begin() + last));
    }
    add_snippets(s, out.items, q.words);
    return out;
}

PublicArticleList newest_list(db::Session& s, const ArticleListQuery& q) {
    std::string where = std::string("WHERE ") + public_article_sql;
    std::vector<db::Value> params;
    if (!q.topic.empty()) {
        params.emplace_back(q.topic);
        where += fmt::format(" AND EXISTS (SELECT 1 FROM article_topics t WHERE t.article_id = a.id AND t.topic = ${})",
                             params.size());
    }
    if (!q.author_slug.empty()) {
        params.emplace_back(q.author_slug);
        where += fmt::format(" AND p.slug = ${}", params.size());
    }
    PublicArticleList out;
    out.total = s.query(std::string("SELECT COUNT(*)") + card_from + where, params).front().integer(0);
    if (out.total == 0) return out;
    auto page_params = params;
    page_params.emplace_back(q.page.per_page);
    page_params.emplace_back(q.page.offset());
    for (const auto& r : s.query(std::string("SELECT ") + card_columns + card_from + where +
                                     fmt::format(" ORDER BY a.published_at DESC, a.id DESC LIMIT ${} OFFSET ${}",
                                                 params.size() + 1, params.size() + 2),
                                 page_params)) {
        out.items.push_back(card_from_row(r));
    }
    add_topics(s, out.items);
    return out;
}

void append_entity(std::string& out, std::string_view entity) {
    if (entity == "amp") out += '&';
    else if (entity == "lt") out += '<';
    else if (entity == "gt") out += '>';
    else if (entity == "quot") out += '"';
    else if (entity == "#39" || entity == "apos") out += '\'';
    else if (entity == "nbsp") out += ' ';
    else out += ' ';
}

}  // namespace

std::string content_note_words(std::string_view slug) {
    const auto label = content_note_label(slug);
    std::string out(label.empty() ? slug : label);
    std::replace(out.begin(), out.end(), '-', ' ');
    for (auto& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    return out;
}

std::string plain_text_of_html(std::string_view html) {
    std::string out;
    out.reserve(html.size());
    for (std::size_t i = 0; i < html.size();) {
        const char c = html[i];
        if (c == '<') {
            const auto close = html.find('>', i);
            if (close == std::string_view::npos) break;
            out += ' ';  // a tag ends a word: "</p><p>" must not join two
            i = close + 1;
        } else if (c == '&') {
            const auto semi = html.find(';', i);
            if (semi == std::string_view::npos || semi - i > 10) {
                out += c;
                ++i;
                continue;
            }
            append_entity(out, html.substr(i + 1, semi - i - 1));
            i = semi + 1;
        } else {
            out += c;
            ++i;
        }
    }
    return out;
}

std::optional<ArticleStamp> find_public_stamp(db::Session& s, std::string_view slug) {
    auto rows = s.query(std::string("SELECT a.id, a.version, a.updated_at FROM articles a WHERE a.slug = $1 AND ") +
                            public_article_sql,
                        {std::string(slug)});
    if (rows.empty()) return std::nullopt;
    return ArticleStamp{rows.front().integer(0), rows.front().integer(1), rows.front().integer(2)};
}

std::optional<PublicArticle> find_public_article(db::Session& s, std::string_view slug) {
    auto rows = s.query(std::string("SELECT ") + card_columns +
                            ", a.author_id, a.profile_id, a.version, a.body_html, a.toc, a.key_points, "
                            "a.content_notes, a.adapted_from, a.cover_file IS NOT NULL, a.cover_alt" +
                            card_from + "WHERE a.slug = $1 AND " + public_article_sql,
                        {std::string(slug)});
    if (rows.empty()) return std::nullopt;
    const auto& r = rows.front();
    PublicArticle a;
    a.card = card_from_row(r);
    std::size_t k = card_column_count;
    a.author_id = r.integer(k++);
    a.profile_id = r.integer(k++);
    a.version = r.integer(k++);
    a.body_html = r.text(k++);
    a.toc = toc_of(r.text(k++));
    a.key_points = string_array(r.text(k++));
    a.content_notes = string_array(r.text(k++));
    a.adapted_from = r.text(k++);
    a.has_cover = r.flag(k++);
    a.cover_alt = r.text(k++);
    std::vector<ArticleCard> one{a.card};
    add_topics(s, one);
    a.card.topics = std::move(one.front().topics);
    for (const auto& ref : s.query("SELECT authors, year, title, publisher, url, note FROM article_references "
                                   "WHERE article_id = $1 ORDER BY position",
                                   {a.card.id})) {
        a.references.push_back({ref.text(0), ref.text(1), ref.text(2), ref.text(3), ref.text(4), ref.text(5)});
    }
    return a;
}

PublicArticleList list_public_articles(db::Session& s, const ArticleListQuery& q) {
    return q.words.empty() ? newest_list(s, q) : search_list(s, q);
}

std::vector<ArticleCard> related_articles(db::Session& s, std::int64_t id, std::int64_t limit) {
    std::vector<ArticleCard> out;
    for (const auto& r : s.query(std::string("SELECT ") + card_columns + card_from +
                                     "JOIN article_topics t ON t.article_id = a.id WHERE " + public_article_sql +
                                     " AND a.id <> $1 AND t.topic IN (SELECT topic FROM article_topics WHERE "
                                     "article_id = $1) GROUP BY a.id, p.id ORDER BY COUNT(*) DESC, a.published_at "
                                     "DESC, a.id DESC LIMIT $2",
                                 {id, limit})) {
        out.push_back(card_from_row(r));
    }
    add_topics(s, out);
    return out;
}

PublicArticleList articles_by_profile(db::Session& s, std::int64_t profile_id, std::int64_t limit) {
    PublicArticleList out;
    const std::string where = std::string("WHERE a.profile_id = $1 AND ") + public_article_sql;
    out.total = s.query(std::string("SELECT COUNT(*)") + card_from + where, {profile_id}).front().integer(0);
    if (out.total == 0) return out;
    for (const auto& r : s.query(std::string("SELECT ") + card_columns + card_from + where +
                                     " ORDER BY a.published_at DESC, a.id DESC LIMIT $2",
                                 {profile_id, limit})) {
        out.items.push_back(card_from_row(r));
    }
    add_topics(s, out.items);
    return out;
}

site_search::Source article_search_source() {
    return {"article", "Articles",
            [](db::Session& s, const std::vector<std::string>& words, std::int64_t offset, std::int64_t limit) {
                site_search::Results results;
                if (words.empty()) return results;
                const auto page = search(s, words, "", offset, limit);
                results.total = page.total;
                auto cards = cards_by_ids(s, page.ids);
                add_snippets(s, cards, words);
                for (auto& c : cards) {
                    results.hits.push_back({"article", c.id, c.title, "/articles/" + c.slug, c.snippet_html,
                                            fmt::format("Article by {} · {} min read", c.author_name,
                                                        reading_minutes(c.word_count))});
                }
                return results;
            }};
}

}  // namespace hearth::articles
