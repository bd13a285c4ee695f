// Keeps `listed` and the search document of a profile in step with its
// data. A listed profile is one document of the "specialists" collection
// (directory_search.hpp): its text in three weighted fields and every
// directory filter as a facet, so one index lookup answers text and
// filters together; unlisted profiles have no document, so a search can
// only ever find listed ones. The store's search index (db/search.hpp)
// decides how each engine keeps it.
#include <map>

#include "db/search.hpp"
#include "features/common/content_version.hpp"
#include "features/specialists/directory_search.hpp"
#include "features/specialists/profile_store.hpp"

namespace hearth::specialists {

namespace {

struct Indexed {
    db::SearchDocument document;
    std::string names;  // specialties and modalities, ", "-separated
};

}  // namespace

void index_profiles(db::Session& s, std::int64_t first_id, std::int64_t last_id) {
    std::map<std::int64_t, Indexed> listed;
    for (const auto& r : s.query(
             "SELECT id, full_name, headline, bio, approach, online, in_person, "
             "offers_free_consultation = 1 AND next_open_at IS NOT NULL, country, city, fee_min, fee_max, currency, "
             "sliding_scale, reduced_fees FROM specialist_profiles WHERE id BETWEEN $1 AND $2 AND listed = 1 "
             "ORDER BY id",
             {first_id, last_id})) {
        auto& d = listed[r.integer(0)].document;
        d.id = r.integer(0);
        d.fields = {r.text(1), r.text(2), r.text(3) + "\n" + r.text(4)};
        if (r.flag(5)) d.facets.push_back(format_facet(SessionFormat::online));
        if (r.flag(6)) d.facets.push_back(format_facet(SessionFormat::in_person));
        if (r.flag(7)) d.facets.emplace_back(free_facet);  // bookable (Profile::bookable), not merely offered
        if (!r.text(8).empty()) d.facets.push_back(country_facet(r.text(8)));
        if (!r.text(9).empty()) d.facets.push_back(city_facet(r.text(9)));
        // A single fee is both ends of the range; the currency names its unit.
        const auto low = r.optional_integer(10), high = r.optional_integer(11);
        d.keys = {low ? low : high, high ? high : low};
        if (low || high) d.facets.push_back(currency_facet(r.text(12)));
        if (r.flag(13) || r.flag(14)) d.facets.emplace_back(reduced_fees_facet);
    }
    for (const auto& r : s.query(
             "SELECT pt.profile_id, v.kind, v.slug, v.name FROM profile_terms pt "
             "JOIN vocabulary_terms v ON v.id = pt.term_id WHERE pt.profile_id BETWEEN $1 AND $2 "
             "ORDER BY pt.profile_id, v.id",
             {first_id, last_id})) {
        const auto it = listed.find(r.integer(0));
        if (it == listed.end()) continue;
        const auto kind = vocabularies::parse_kind(r.text(1));
        if (!kind) continue;
        it->second.document.facets.push_back(term_facet({0, *kind, r.text(2), r.text(3)}));
        if (*kind == vocabularies::Kind::specialty || *kind == vocabularies::Kind::modality) {
            it->second.names += (it->second.names.empty() ? "" : ", ") + r.text(3);
        }
    }
    std::vector<db::SearchDocument> documents;
    documents.reserve(listed.size());
    for (auto& [id, entry] : listed) {
        entry.document.fields[0] += "\n" + entry.names;
        documents.push_back(std::move(entry.document));
    }
    auto& index = db::SearchIndex::of(s);
    index.remove(s, specialist_collection(), first_id, last_id);
    index.put(s, specialist_collection(), documents);
}

void refresh_listing(db::Session& s, std::int64_t profile_id) {
    s.query(
        "UPDATE specialist_profiles SET listed = CASE WHEN publish_requested_at IS NOT NULL AND verified_at IS NOT "
        "NULL AND suspended_at IS NULL AND NOT EXISTS (SELECT 1 FROM users u WHERE u.id = "
        "specialist_profiles.user_id AND u.suspended_at IS NOT NULL) THEN 1 ELSE 0 END WHERE id = $1",
        {profile_id});
    index_profiles(s, profile_id, profile_id);
    content_version::raise(s);
}

void rebuild_search_index_if_stale(db::Database& db) {
    const auto stale = db.read([](db::Session& s) {
        return !db::SearchIndex::of(s).built_by(s, specialist_collection()) &&
               s.query("SELECT 1 FROM specialist_profiles WHERE listed = 1 LIMIT 1").size() > 0;
    });
    if (!stale) return;
    db.write([](db::Session& s) {
        const auto last = s.query("SELECT COALESCE(MAX(id), 0) FROM specialist_profiles").front().integer(0);
        index_profiles(s, 1, last);
        db::SearchIndex::of(s).mark_built(s, specialist_collection());
        content_version::raise(s);
    });
}

}  // namespace hearth::specialists
