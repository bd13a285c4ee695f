#include "features/specialists/directory_site_search.hpp"

#include <fmt/format.h>

#include "db/search_snippet.hpp"
#include "features/specialists/directory_search.hpp"
#include "features/specialists/places.hpp"
#include "features/specialists/profile_store.hpp"

namespace hearth::specialists {

namespace {

constexpr std::size_t snippet_chars = 200;

// "Psychotherapist (UKCP) · Berlin, Germany · Offers a free consultation"
std::string detail_of(const Profile& p) {
    std::string out = p.fields.credentials.empty() ? std::string("Specialist") : p.fields.credentials;
    const std::string country(country_name(p.fields.country));
    if (!p.fields.city.empty()) out += " · " + p.fields.city + (country.empty() ? "" : ", " + country);
    else if (!country.empty()) out += " · " + country;
    if (p.bookable()) out += " · Offers a free consultation";
    return out;
}

}  // namespace

site_search::Source specialist_search_source() {
    return {"specialist", "Specialists",
            [](db::Session& s, const std::vector<std::string>& words, std::int64_t offset, std::int64_t limit) {
                site_search::Results results;
                if (words.empty()) return results;
                DirectoryQuery q;
                q.words = words;
                const auto page = db::SearchIndex::of(s).find(s, specialist_collection(), search_query(q, offset, limit));
                results.total = page.total;
                for (const auto& p : find_listed_profiles(s, page.ids, ProfileDetail::full)) {
                    const auto& f = p.fields;
                    const std::string text = f.headline + " " + f.bio + " " + f.approach;
                    results.hits.push_back({"specialist", p.id, f.full_name, "/specialists/" + p.slug,
                                            db::search_snippet(text, words, snippet_chars), detail_of(p)});
                }
                return results;
            }};
}

}  // namespace hearth::specialists
