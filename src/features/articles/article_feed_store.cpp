#include "features/articles/article_feed_store.hpp"
#include "features/articles/article_visibility.hpp"

#include <algorithm>
#include <map>

namespace hearth::articles {

namespace {


void add_topics(db::Session& s, std::vector<FeedEntry>& entries) {
    if (entries.empty()) return;
    std::string sql = "SELECT article_id, topic FROM article_topics WHERE article_id IN (";
    std::vector<db::Value> params;
    std::map<std::int64_t, FeedEntry*> by_id;
    for (auto& e : entries) {
        if (!params.empty()) sql += ", ";
        params.emplace_back(e.id);
        sql += "$" + std::to_string(params.size());
        by_id[e.id] = &e;
    }
    sql += ") ORDER BY article_id, topic";
    for (const auto& r : s.query(sql, params)) by_id.at(r.integer(0))->topics.push_back(r.text(1));
}

}  // namespace

std::vector<FeedEntry> latest_feed_entries(db::Session& s, const FeedFilter& filter, int limit) {
    std::string sql =
        "SELECT a.id, a.slug, a.title, a.summary, a.body_html, a.published_at, "
        "COALESCE(a.revised_at, a.published_at), p.full_name, p.slug, p.listed "
        "FROM articles a JOIN specialist_profiles p ON p.id = a.profile_id WHERE ";
    sql += public_article_sql;
    std::vector<db::Value> params;
    if (!filter.topic.empty()) {
        params.emplace_back(filter.topic);
        sql += " AND EXISTS (SELECT 1 FROM article_topics t WHERE t.article_id = a.id AND t.topic = $" +
               std::to_string(params.size()) + ")";
    }
    if (filter.profile_id != 0) {
        params.emplace_back(filter.profile_id);
        sql += " AND a.profile_id = $" + std::to_string(params.size());
    }
    params.emplace_back(static_cast<std::int64_t>(limit));
    sql += " ORDER BY a.published_at DESC, a.id DESC LIMIT $" + std::to_string(params.size());

    std::vector<FeedEntry> out;
    for (const auto& r : s.query(sql, params)) {
        FeedEntry e;
        e.id = r.integer(0);
        e.slug = r.text(1);
        e.title = r.text(2);
        e.summary = r.text(3);
        e.body_html = r.text(4);
        e.published_at = r.integer(5);
        e.updated_at = std::max(r.integer(6), e.published_at);
        e.author_name = r.text(7);
        e.author_slug = r.text(8);
        e.author_listed = r.flag(9);
        out.push_back(std::move(e));
    }
    add_topics(s, out);
    return out;
}

sitemap::Source article_sitemap_source() {
    return {"articles", [](db::Session& s, const std::function<void(const sitemap::Url&)>& emit) {
                const std::string sql =
                    std::string("SELECT a.slug, COALESCE(a.revised_at, a.published_at) FROM articles a WHERE ") +
                    public_article_sql + " ORDER BY a.id";
                for (const auto& r : s.query(sql)) emit({"/articles/" + r.text(0), r.integer(1)});
            }};
}

}  // namespace hearth::articles
