#pragma once
// Articles for the demo and for load tests: `hearth seed --demo` loads
// templates/demo/articles.json when it exists; `hearth seed --articles N`
// makes N synthetic published articles.
#include <cstdint>
#include <filesystem>

#include "db/database.hpp"

namespace hearth::app {

struct ArticleSeedReport {
    std::int64_t created = 0;
    std::int64_t existing = 0;  // already there from an earlier run
    std::int64_t skipped = 0;   // demo entries whose author is not a verified specialist, or whose content breaks a rule
};

// Loads `file` (a JSON array of {"author_slug","title","summary",
// "key_points","topics","content_notes","adapted_from","references":[{
// "authors","year","title","publisher","url","note"}],"body",
// "published_days_ago"}) and publishes each article under its author's
// profile, checked by the same rules as the editor. An article whose author
// already has one with the same title is left as it is, so a second run
// adds nothing. A missing file seeds nothing; a malformed one throws
// hearth::Error.
ArticleSeedReport seed_demo_articles(db::Database& db, const std::filesystem::path& file);

// Makes sure synthetic articles #1..#count exist, published, spread over
// the verified specialists (in profile order) and the topics, 800-1,500
// words each with references; the same article for the same number on every
// machine and run. Inserts 500 per transaction; throws hearth::Error when
// there is no verified specialist to write them.
ArticleSeedReport seed_articles(db::Database& db, std::int64_t count);

}  // namespace hearth::app
