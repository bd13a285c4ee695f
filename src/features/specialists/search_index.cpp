// Keeps `listed` and the full-text document of a profile in step with its
// data. The two engines index differently (FTS5 table vs tsvector column);
// this file and directory_search.cpp are the only places that know.
//
// Besides the text, each document carries the directory's filters as
// "facets" (one token per specialty, modality and language, the formats,
// free consultation, country and city), so that one index lookup answers
// text and filters together and counts stay cheap on 100,000 profiles.
// directory_search.cpp builds its queries against exactly these tokens.
#include "core/clock.hpp"
#include "features/common/content_version.hpp"
#include "features/specialists/profile_store.hpp"

namespace hearth::specialists {

namespace {

// SQLite: the facets column holds "flisted t12 t40 fonline ffree cDE
// ybegin Berlin yend"; the FTS5 tokenizer folds case and diacritics, and
// the city phrase is fenced so a filter matches the whole city name only.
// Kept identical to migrations/sqlite/0003_directory_search.sql.
constexpr const char* sqlite_index_sql =
    "INSERT INTO specialist_search (rowid, name, specialties, headline, body, facets) "
    "SELECT p.id, p.full_name, "
    "COALESCE((SELECT group_concat(v.name, ', ') FROM profile_terms pt JOIN vocabulary_terms v ON v.id = pt.term_id "
    "WHERE pt.profile_id = p.id AND v.kind IN ('specialty', 'modality')), ''), "
    "p.headline, p.bio || char(10) || p.approach, "
    "'flisted' || COALESCE((SELECT group_concat(' t' || pt.term_id, '') FROM profile_terms pt "
    "WHERE pt.profile_id = p.id), '') "
    "|| CASE WHEN p.online = 1 THEN ' fonline' ELSE '' END "
    "|| CASE WHEN p.in_person = 1 THEN ' finperson' ELSE '' END "
    "|| CASE WHEN p.offers_free_consultation = 1 THEN ' ffree' ELSE '' END "
    "|| CASE WHEN p.country <> '' THEN ' c' || p.country ELSE '' END "
    "|| CASE WHEN p.city <> '' THEN ' ybegin ' || p.city || ' yend' ELSE '' END "
    "FROM specialist_profiles p WHERE p.id BETWEEN $1 AND $2 AND p.listed = 1";

// PostgreSQL: weights A (name, specialties and modalities), B (headline),
// C (bio and approach); the facets are lexemes such as '#t12', '#online',
// '#c:de', '#y:berlin', added verbatim (array_to_tsvector does not parse),
// so no word a person types can ever equal one. Unlisted profiles get
// NULL, so `search_document @@ ...` alone implies `listed`.
// Kept identical to migrations/postgresql/0003_directory_search.sql.
constexpr const char* postgres_index_sql =
    "UPDATE specialist_profiles p SET search_document = CASE WHEN p.listed = 1 THEN "
    "setweight(to_tsvector('english', p.full_name), 'A') || "
    "setweight(to_tsvector('english', COALESCE((SELECT string_agg(v.name, ', ' ORDER BY v.id) "
    "FROM profile_terms pt JOIN vocabulary_terms v ON v.id = pt.term_id "
    "WHERE pt.profile_id = p.id AND v.kind IN ('specialty', 'modality')), '')), 'A') || "
    "setweight(to_tsvector('english', p.headline), 'B') || "
    "setweight(to_tsvector('english', p.bio || ' ' || p.approach), 'C') || "
    "array_to_tsvector(ARRAY(SELECT '#t' || pt.term_id FROM profile_terms pt WHERE pt.profile_id = p.id) || "
    "array_remove(ARRAY['#listed', "
    "CASE WHEN p.online = 1 THEN '#online' END, "
    "CASE WHEN p.in_person = 1 THEN '#in_person' END, "
    "CASE WHEN p.offers_free_consultation = 1 THEN '#free' END, "
    "CASE WHEN p.country <> '' THEN '#c:' || lower(p.country) END, "
    "CASE WHEN p.city <> '' THEN '#y:' || lower(p.city) END], NULL)) "
    "ELSE NULL END "
    "WHERE p.id BETWEEN $1 AND $2";

}  // namespace

void index_profiles(db::Session& s, std::int64_t first_id, std::int64_t last_id) {
    if (s.engine() == db::Engine::sqlite) {
        s.query("DELETE FROM specialist_search WHERE rowid BETWEEN $1 AND $2", {first_id, last_id});
        s.query(sqlite_index_sql, {first_id, last_id});
    } else {
        s.query(postgres_index_sql, {first_id, last_id});
    }
}

void refresh_listing(db::Session& s, std::int64_t profile_id) {
    s.query(
        "UPDATE specialist_profiles SET listed = CASE WHEN publish_requested_at IS NOT NULL AND verified_at IS NOT "
        "NULL AND suspended_at IS NULL THEN 1 ELSE 0 END WHERE id = $1",
        {profile_id});
    index_profiles(s, profile_id, profile_id);
    content_version::raise(s);
}

}  // namespace hearth::specialists
