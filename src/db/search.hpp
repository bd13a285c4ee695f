#pragma once
// Full-text search, one interface over both engines (SQLite FTS5,
// PostgreSQL tsvector + GIN). A feature declares a collection (its weighted
// text fields and its numeric sort keys), puts documents into it inside
// its own write transactions, and asks queries inside read transactions:
// words, required facets, numeric ranges, a sort and a page, answered with
// the ids of that page, best first, and the number of all matches.
//
// Both engines see the same folded text (search_text.hpp: lower case,
// Latin accents removed), so "Malmo" finds "Malmö" on either. Each engine
// stems English words its own way (Porter on SQLite, Snowball on
// PostgreSQL), which agree on ordinary words.
//
// Relevance has no inverse document frequency (every word is required, so
// every match has every word): per word and field, weight * tf / (tf + 1),
// summed. It needs nothing of any other document (no statistics of the
// collection), so each match's score is known from its own counts.
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "db/database.hpp"

namespace hearth::db {

inline constexpr std::size_t max_search_fields = 4;
inline constexpr std::size_t max_search_keys = 3;
// Document ids must be below this (they share one index with other
// collections).
inline constexpr std::int64_t max_search_document_id = (std::int64_t{1} << 40) - 1;

// What a feature searches: a name, the weight of each text field (at most
// four, in the order documents give them; higher weighs more) and the
// names of its numeric sort keys (at most three). A page ordered by the
// first key, highest first (and not by relevance), is read from an index
// on it, stopping after offset + limit documents, so the key a long list
// is browsed by ("newest first") belongs first; other orders by a key
// sort every match.
struct SearchCollection {
    std::string name;
    std::vector<double> field_weights;
    std::vector<std::string> keys;
    // The version of how the feature builds its documents: raise it when
    // that changes, and rebuild them all when built_by() says otherwise.
    std::int64_t format = 1;
};

// One searchable record. `fields` are plain text in the collection's field
// order; `facets` are exact terms ("specialty:trauma", "country:gb",
// "free:1") that queries require, folded like text, never searched as
// words; `keys` are the sort keys in the collection's key order (null:
// unknown, sorted last and outside every range).
struct SearchDocument {
    std::int64_t id = 0;  // 1 .. max_search_document_id
    std::vector<std::string> fields;
    std::vector<std::string> facets;
    std::vector<std::optional<std::int64_t>> keys;
};

// A numeric key within [min, max] (either bound optional, both inclusive).
struct SearchRange {
    std::string key;
    std::optional<std::int64_t> min;
    std::optional<std::int64_t> max;
};

// One step of an order; later steps break ties of earlier ones, and the
// highest id comes first when every step ties.
struct SearchOrder {
    enum class By {
        relevance,    // best text match first (needs words)
        facet_first,  // documents carrying `name` (a facet) first
        key_ascending,   // the key `name`, lowest first, unknown last
        key_descending,  // the key `name`, highest first, unknown last
    };
    By by = By::relevance;
    std::string name;
};

struct SearchQuery {
    // Plain words (letters and digits only; anything else is dropped), all
    // required. Never search syntax.
    std::vector<std::string> words;
    std::vector<std::string> facets;  // all required
    std::vector<SearchRange> ranges;  // all required
    // The relevance of documents carrying `boost_facet` is multiplied by
    // `boost` (e.g. 1.25).
    std::string boost_facet;
    double boost = 1.0;
    std::vector<SearchOrder> order;
    // Also return the ids of every match carrying this facet (e.g. those to
    // draw a featured few from), read in the same pass where it can be.
    std::string collect_facet;
    std::int64_t offset = 0;  // documents skipped, >= 0
    std::int64_t limit = 20;  // documents returned at most, >= 0
};

struct SearchPage {
    std::int64_t total = 0;          // every match, not only this page
    std::vector<std::int64_t> ids;   // the page, in order
    std::vector<std::int64_t> collected;  // see SearchQuery::collect_facet; no particular order
};

// The search index: the same tables in every database, so one stateless
// instance per engine serves every thread and every database.
class SearchIndex {
public:
    virtual ~SearchIndex() = default;

    // The implementation for the engine of `s`.
    static SearchIndex& of(Session& s);

    // Adds or replaces documents, in the caller's write transaction.
    // Throws std::invalid_argument for an id out of range or more fields or
    // keys than the collection declares.
    virtual void put(Session& s, const SearchCollection& c, const std::vector<SearchDocument>& documents) = 0;
    // Removes every document with an id in [first, last] (none if absent).
    virtual void remove(Session& s, const SearchCollection& c, std::int64_t first, std::int64_t last) = 0;

    // One page of the matches of `q`, in its order, and their number.
    // Throws std::invalid_argument for an order it cannot run (more than
    // one facet_first step, or one with relevance; a step after relevance
    // or a key) or an unknown key.
    virtual SearchPage find(Session& s, const SearchCollection& c, const SearchQuery& q) = 0;
    // The ids of every match of `q`, in no particular order (order,
    // offset and limit are ignored): cheap, nothing is ranked.
    virtual std::vector<std::int64_t> all_ids(Session& s, const SearchCollection& c, const SearchQuery& q) = 0;

    // Whether the collection's documents were built by its `format` (see
    // SearchCollection::format); false for a collection never written.
    bool built_by(Session& s, const SearchCollection& c);
    // Records that every document of the collection is now built by its
    // `format` (after a rebuild), inside the rebuild's write.
    void mark_built(Session& s, const SearchCollection& c);
};

}  // namespace hearth::db
