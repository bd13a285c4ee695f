// One document of the "articles" collection for each published article not
// taken down whose author's account is not suspended; drafts and hidden ones have none, so a search finds only what
// the public may read. Called in the same unit of work as every change.
#include <map>

#include <boost/json/parse.hpp>

#include "db/search.hpp"
#include "features/articles/article_visibility.hpp"
#include "features/articles/article_search.hpp"
#include "features/articles/article_search_index.hpp"
#include "features/common/content_version.hpp"

namespace hearth::articles {

namespace {

// The text of rendered HTML for the index: tags dropped (each as a space),
// the few entities the renderer writes turned back into characters.
std::string plain_text(std::string_view html) {
    std::string out;
    out.reserve(html.size());
    bool in_tag = false;
    for (char ch : html) {
        if (ch == '<') {
            in_tag = true;
        } else if (ch == '>') {
            in_tag = false;
            out += ' ';
        } else if (!in_tag) {
            out += ch;
        }
    }
    static const std::pair<std::string_view, std::string_view> entities[] = {
        {"&quot;", "\""}, {"&#x27;", "'"}, {"&lt;", "<"}, {"&gt;", ">"}, {"&amp;", "&"}};
    for (const auto& [entity, text] : entities) {
        for (auto p = out.find(entity); p != std::string::npos; p = out.find(entity, p + text.size())) {
            out.replace(p, entity.size(), text);
        }
    }
    return out;
}

// The key points column: a JSON array of strings.
std::vector<std::string> key_points_of(const std::string& json) {
    std::vector<std::string> out;
    boost::system::error_code ec;
    const auto v = boost::json::parse(json, ec);
    if (ec || !v.is_array()) return out;
    for (const auto& item : v.as_array()) {
        if (item.is_string()) out.emplace_back(item.as_string());
    }
    return out;
}

}  // namespace

void index_articles(db::Session& s, std::int64_t first_id, std::int64_t last_id) {
    std::map<std::int64_t, db::SearchDocument> visible;
    for (const auto& r : s.query(
             "SELECT a.id, a.title, a.summary, a.key_points, p.full_name, a.body_html, a.published_at "
             "FROM articles a JOIN specialist_profiles p ON p.id = a.profile_id "
             "WHERE a.id BETWEEN $1 AND $2 AND " + std::string(public_article_sql) + " ORDER BY a.id",
             {first_id, last_id})) {
        auto& d = visible[r.integer(0)];
        d.id = r.integer(0);
        std::string summary = r.text(2);
        for (const auto& point : key_points_of(r.text(3))) summary += "\n" + point;
        d.fields = {r.text(1), std::move(summary), r.text(4), plain_text(r.text(5))};
        d.keys = {r.optional_integer(6)};
    }
    for (const auto& r : s.query("SELECT t.article_id, t.topic, COALESCE(v.name, t.topic) FROM article_topics t "
                                 "LEFT JOIN vocabulary_terms v ON v.kind = 'topic' AND v.slug = t.topic "
                                 "WHERE t.article_id BETWEEN $1 AND $2 ORDER BY t.article_id, t.topic",
                                 {first_id, last_id})) {
        const auto it = visible.find(r.integer(0));
        if (it == visible.end()) continue;
        it->second.facets.push_back(topic_facet(r.text(1)));
        it->second.fields[2] += "\n" + r.text(2);
    }
    std::vector<db::SearchDocument> documents;
    documents.reserve(visible.size());
    for (auto& [id, d] : visible) documents.push_back(std::move(d));
    auto& index = db::SearchIndex::of(s);
    index.remove(s, article_collection(), first_id, last_id);
    index.put(s, article_collection(), documents);
}

void refresh_articles_of_user(db::Session& s, std::int64_t user_id) {
    bool any_public = false;
    for (const auto& r : s.query("SELECT id FROM articles WHERE author_id = $1 AND status = 'published' "
                                 "AND hidden_at IS NULL ORDER BY id",
                                 {user_id})) {
        index_articles(s, r.integer(0), r.integer(0));
        any_public = true;
    }
    if (any_public) content_version::raise(s);
}

void rebuild_article_index_if_stale(db::Database& db) {
    const auto stale = db.read([](db::Session& s) {
        return !db::SearchIndex::of(s).built_by(s, article_collection()) &&
               !s.query("SELECT 1 FROM articles WHERE status = 'published' LIMIT 1").empty();
    });
    if (!stale) return;
    db.write([](db::Session& s) {
        const auto last = s.query("SELECT COALESCE(MAX(id), 0) FROM articles").front().integer(0);
        index_articles(s, 1, last);
        db::SearchIndex::of(s).mark_built(s, article_collection());
        content_version::raise(s);
    });
}

}  // namespace hearth::articles
