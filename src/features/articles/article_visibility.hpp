#pragma once
// The one rule for which articles the public may read, as SQL over an
// `articles` row aliased `a`: published, not taken down by an admin, and
// written by an account that is not suspended. Every public read (pages,
// lists, related articles, feeds, the sitemap, the search index) uses it.
namespace hearth::articles {

inline constexpr const char* public_article_sql =
    "a.status = 'published' AND a.hidden_at IS NULL AND NOT EXISTS "
    "(SELECT 1 FROM users su WHERE su.id = a.author_id AND su.suspended_at IS NOT NULL)";

}  // namespace hearth::articles
