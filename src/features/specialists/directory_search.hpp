#pragma once
// The directory on the store's full-text search (db/search.hpp): the
// "specialists" collection, the facets a profile carries, and the search
// a directory query asks. search_index.cpp builds the documents with the
// same facets; nothing here knows which engine answers.
#include <string>
#include <vector>

#include "db/search.hpp"
#include "features/specialists/directory.hpp"

namespace hearth::specialists {

// Fields: name with specialties and modalities (weight 10), headline (4),
// bio and approach (1). Keys: "fee" (the lowest fee) and "fee_high" (the
// highest), whole units of the profile's currency, which its currency
// facet names; a single fee is both.
const db::SearchCollection& specialist_collection();

// The facets of a filter value, shared by documents and queries:
// "specialty:attachment", "format:online", "free:1", "country:de",
// "city:frankfurt am main" (folded by the index, so case and accents of a
// city do not matter).
std::string term_facet(const vocabularies::Term& t);
std::string format_facet(SessionFormat f);
// "free:1" marks a bookable profile (Profile::bookable: offers a free
// consultation and has an open slot in the coming 14 days); documents of
// collection formats 1 and 2 marked every offer, so format 3 rebuilds them.
inline constexpr const char* free_facet = "free:1";
// Offers a sliding scale or reduced fees.
inline constexpr const char* reduced_fees_facet = "reduced:1";
// "currency:GBP" (folded by the index), on profiles that give a fee.
std::string currency_facet(std::string_view currency);
std::string country_facet(std::string_view country);
std::string city_facet(std::string_view city);

// The search of a directory query: its words, its filters as facets and
// fee ranges (in the query's currency only), its order (boosted relevance
// with words; free consultations first, then newest, without; newest;
// fees in the query's currency first, lowest first, unknown last), and
// the page [offset, offset + limit).
db::SearchQuery search_query(const DirectoryQuery& q, std::int64_t offset, std::int64_t limit);

// Rebuilds every search document of the directory when the index holds
// none built the way index_profiles (profile_store.hpp) builds them now,
// e.g. after an upgrade, in one write; nothing otherwise. The Directory
// calls it once when a node starts. Defined in search_index.cpp.
void rebuild_search_index_if_stale(db::Database& db);

}  // namespace hearth::specialists
