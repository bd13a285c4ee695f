#include "features/articles/article_store.hpp"

#include <algorithm>
#include <set>

#include <boost/json/array.hpp>
#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>

#include "features/specialists/profile_store.hpp"

namespace hearth::articles {

namespace {

constexpr const char* columns =
    "a.id, a.author_id, a.profile_id, a.slug, a.status, a.title, a.summary, a.body_markdown, a.body_html, a.toc, "
    "a.key_points, a.content_notes, a.adapted_from, a.cover_file, a.cover_alt, a.word_count, a.version, "
    "a.created_at, a.updated_at, a.published_at, a.revised_at, a.hidden_at, a.hidden_reason, p.full_name, p.slug, "
    "a.cover_type, CASE WHEN u.suspended_at IS NULL THEN 0 ELSE 1 END "
    "FROM articles a JOIN specialist_profiles p ON p.id = a.profile_id JOIN users u ON u.id = a.author_id";

// JSON arrays of strings, as the schema keeps key points and content notes.
std::string string_array_json(const std::vector<std::string>& items) {
    boost::json::array a;
    for (const auto& item : items) a.emplace_back(item);
    return boost::json::serialize(a);
}

std::vector<std::string> parse_string_array(const std::string& text) {
    std::vector<std::string> out;
    boost::system::error_code ec;
    const auto v = boost::json::parse(text, ec);
    if (ec || !v.is_array()) return out;
    for (const auto& item : v.as_array()) {
        if (item.is_string()) out.emplace_back(item.as_string());
    }
    return out;
}

Article from_row(const db::Row& r) {
    Article a;
    a.id = r.integer(0);
    a.author_id = r.integer(1);
    a.profile_id = r.integer(2);
    a.slug = r.text(3);
    a.status = r.text(4);
    a.content.title = r.text(5);
    a.content.summary = r.text(6);
    a.content.body = r.text(7);
    a.rendered.html = r.text(8);
    a.rendered.toc_json = r.text(9);
    a.content.key_points = parse_string_array(r.text(10));
    a.content.content_notes = parse_string_array(r.text(11));
    a.content.adapted_from = r.text(12);
    a.cover_file = r.optional_text(13);
    a.content.cover_alt = r.text(14);
    a.rendered.word_count = r.integer(15);
    a.version = r.integer(16);
    a.created_at = r.integer(17);
    a.updated_at = r.integer(18);
    a.published_at = r.optional_integer(19);
    a.revised_at = r.optional_integer(20);
    a.hidden_at = r.optional_integer(21);
    a.hidden_reason = r.text(22);
    a.author_name = r.text(23);
    a.author_slug = r.text(24);
    a.cover_type = r.optional_text(25);
    a.author_suspended = r.integer(26) != 0;
    return a;
}

void load_parts(db::Session& s, Article& a) {
    for (const auto& r : s.query("SELECT topic FROM article_topics WHERE article_id = $1 ORDER BY topic", {a.id})) {
        a.content.topics.push_back(r.text(0));
    }
    for (const auto& r : s.query("SELECT authors, year, title, publisher, url, note FROM article_references "
                                 "WHERE article_id = $1 ORDER BY position",
                                 {a.id})) {
        a.content.references.push_back({r.text(0), r.text(1), r.text(2), r.text(3), r.text(4), r.text(5)});
    }
}

std::optional<Article> first_with_parts(db::Session& s, const db::Result& rows) {
    if (rows.empty()) return std::nullopt;
    auto a = from_row(rows.front());
    load_parts(s, a);
    return a;
}

void write_parts(db::Session& s, std::int64_t id, const ArticleContent& c) {
    s.query("DELETE FROM article_topics WHERE article_id = $1", {id});
    s.query("DELETE FROM article_references WHERE article_id = $1", {id});
    auto topics = c.topics;
    std::sort(topics.begin(), topics.end());
    topics.erase(std::unique(topics.begin(), topics.end()), topics.end());
    for (const auto& t : topics) s.query("INSERT INTO article_topics (article_id, topic) VALUES ($1, $2)", {id, t});
    std::int64_t position = 0;
    for (const auto& r : c.references) {
        s.query("INSERT INTO article_references (article_id, position, authors, year, title, publisher, url, note) "
                "VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
                {id, ++position, r.authors, r.year, r.title, r.publisher, r.url, r.note});
    }
}

}  // namespace

std::optional<Article> find_article(db::Session& s, std::string_view slug) {
    return first_with_parts(s, s.query(std::string("SELECT ") + columns + " WHERE a.slug = $1", {std::string(slug)}));
}

std::optional<Article> find_article_by_id(db::Session& s, std::int64_t id) {
    return first_with_parts(s, s.query(std::string("SELECT ") + columns + " WHERE a.id = $1", {id}));
}

std::string unique_slug(db::Session& s, std::string_view title) {
    auto base = specialists::slugify(title);
    if (base.size() > 80) base.resize(80);
    while (!base.empty() && base.back() == '-') base.pop_back();
    if (base.empty()) base = "article";
    if (std::find(std::begin(reserved_slugs), std::end(reserved_slugs), base) != std::end(reserved_slugs)) {
        base += "-article";
    }
    // One query for every slug already made from this base ("base",
    // "base-2", ...), not one per candidate: the thousandth article with a
    // common title would otherwise cost a thousand queries. Slugs are
    // [a-z0-9-] only, so the base holds no LIKE wildcard.
    std::set<std::string> taken;
    for (const auto& r : s.query("SELECT slug FROM articles WHERE slug = $1 OR slug LIKE $2", {base, base + "-%"})) {
        taken.insert(r.text(0));
    }
    for (int n = 1;; ++n) {
        auto candidate = n == 1 ? base : base + "-" + std::to_string(n);
        if (!taken.contains(candidate)) return candidate;
    }
}

std::int64_t insert_article(db::Session& s, std::int64_t author_id, std::int64_t profile_id, std::string_view slug,
                            const ArticleContent& c, const RenderedBody& r, std::int64_t now) {
    const auto id = s.query("INSERT INTO articles (author_id, profile_id, slug, status, title, summary, body_markdown, "
                            "body_html, toc, key_points, content_notes, adapted_from, cover_alt, word_count, version, "
                            "created_at, updated_at) VALUES ($1, $2, $3, 'draft', $4, $5, $6, $7, $8, $9, $10, $11, "
                            "$12, $13, 1, $14, $14) RETURNING id",
                            {author_id, profile_id, std::string(slug), c.title, c.summary, c.body, r.html, r.toc_json,
                             string_array_json(c.key_points), string_array_json(c.content_notes), c.adapted_from,
                             c.cover_alt, r.word_count, now})
                        .front()
                        .integer(0);
    write_parts(s, id, c);
    return id;
}

void update_article(db::Session& s, std::int64_t id, const ArticleContent& c, const RenderedBody& r, bool revised,
                    std::int64_t now) {
    s.query("UPDATE articles SET title = $2, summary = $3, body_markdown = $4, body_html = $5, toc = $6, "
            "key_points = $7, content_notes = $8, adapted_from = $9, cover_alt = $10, word_count = $11, "
            "version = version + 1, updated_at = $12, revised_at = CASE WHEN $13 = 1 THEN $12 ELSE revised_at END "
            "WHERE id = $1",
            {id, c.title, c.summary, c.body, r.html, r.toc_json, string_array_json(c.key_points),
             string_array_json(c.content_notes), c.adapted_from, c.cover_alt, r.word_count, now,
             std::int64_t{revised ? 1 : 0}});
    write_parts(s, id, c);
}

void set_status(db::Session& s, std::int64_t id, bool published, std::int64_t now) {
    s.query("UPDATE articles SET status = $2, version = version + 1, updated_at = $3, "
            "published_at = CASE WHEN $2 = 'published' THEN COALESCE(published_at, $3) ELSE published_at END "
            "WHERE id = $1",
            {id, std::string(published ? "published" : "draft"), now});
}

void set_hidden(db::Session& s, std::int64_t id, std::int64_t admin_id, std::string_view reason, std::int64_t now) {
    s.query("UPDATE articles SET hidden_at = $2, hidden_by = $3, hidden_reason = $4, version = version + 1, "
            "updated_at = $2 WHERE id = $1",
            {id, now, admin_id, std::string(reason)});
}

void clear_hidden(db::Session& s, std::int64_t id, std::int64_t now) {
    s.query("UPDATE articles SET hidden_at = NULL, hidden_by = NULL, hidden_reason = '', version = version + 1, "
            "updated_at = $2 WHERE id = $1",
            {id, now});
}

void set_cover(db::Session& s, std::int64_t id, const std::optional<std::string>& file,
               const std::optional<std::string>& content_type, std::string_view alt, std::int64_t now) {
    s.query("UPDATE articles SET cover_file = $2, cover_type = $3, cover_alt = $4, version = version + 1, "
            "updated_at = $5 WHERE id = $1",
            {id, file ? db::Value(*file) : db::Value(nullptr), content_type ? db::Value(*content_type) : db::Value(nullptr),
             std::string(alt), now});
}

void delete_article(db::Session& s, std::int64_t id) { s.query("DELETE FROM articles WHERE id = $1", {id}); }

ArticleList list_by_author(db::Session& s, std::int64_t author_id, const paging::Page& page) {
    ArticleList out;
    for (const auto& r : s.query(std::string("SELECT ") + columns +
                                     " WHERE a.author_id = $1 ORDER BY a.updated_at DESC, a.id DESC LIMIT $2 OFFSET $3",
                                 {author_id, page.per_page, page.offset()})) {
        out.items.push_back(from_row(r));
    }
    out.total = s.query("SELECT COUNT(*) FROM articles WHERE author_id = $1", {author_id}).front().integer(0);
    return out;
}

}  // namespace hearth::articles
