// Keeps `listed` and the full-text document of a profile in step with its
// data. The two engines index differently (FTS5 table vs tsvector column);
// this file is the only place that knows.
#include "core/clock.hpp"
#include "features/specialists/profile_store.hpp"

namespace hearth::specialists {

namespace {

std::string specialty_names(db::Session& s, std::int64_t profile_id) {
    std::string out;
    for (const auto& r : s.query("SELECT v.name FROM profile_terms pt JOIN vocabulary_terms v ON v.id = pt.term_id "
                                 "WHERE pt.profile_id = $1 AND v.kind IN ('specialty', 'modality') ORDER BY v.id",
                                 {profile_id})) {
        if (!out.empty()) out += ", ";
        out += r.text(0);
    }
    return out;
}

}  // namespace

void refresh_listing(db::Session& s, std::int64_t profile_id) {
    auto r = s.query(
        "UPDATE specialist_profiles SET listed = CASE WHEN publish_requested_at IS NOT NULL AND verified_at IS NOT "
        "NULL AND suspended_at IS NULL THEN 1 ELSE 0 END WHERE id = $1 "
        "RETURNING listed, full_name, headline, bio, approach",
        {profile_id});
    if (r.empty()) return;
    const auto& row = r.front();
    const bool listed = row.flag(0);
    if (s.engine() == db::Engine::sqlite) {
        s.query("DELETE FROM specialist_search WHERE rowid = $1", {profile_id});
        if (listed) {
            s.query("INSERT INTO specialist_search (rowid, name, specialties, headline, body) "
                    "VALUES ($1, $2, $3, $4, $5)",
                    {profile_id, row.text(1), specialty_names(s, profile_id), row.text(2),
                     row.text(3) + "\n" + row.text(4)});
        }
    } else if (listed) {
        s.query("UPDATE specialist_profiles SET search_document = "
                "setweight(to_tsvector('english', full_name), 'A') || "
                "setweight(to_tsvector('english', CAST($2 AS text)), 'A') || "
                "setweight(to_tsvector('english', headline), 'B') || "
                "setweight(to_tsvector('english', bio || ' ' || approach), 'C') WHERE id = $1",
                {profile_id, specialty_names(s, profile_id)});
    } else {
        s.query("UPDATE specialist_profiles SET search_document = NULL WHERE id = $1", {profile_id});
    }
}

}  // namespace hearth::specialists
