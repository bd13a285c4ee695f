#pragma once
// What the two SearchIndex implementations share: checking documents and
// turning a SearchQuery into the parts each engine answers with one
// statement. Internal to src/db.
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "db/search.hpp"

namespace hearth::db::detail {

// Every document carries this facet, so a query with neither words nor
// facets still has something to match.
inline constexpr std::string_view all_facet = "*";

// Throws std::invalid_argument for an id out of range or more fields or
// keys than the collection declares.
void check_document(const SearchCollection& c, const SearchDocument& d);
// The position of `key` in the collection's keys; throws
// std::invalid_argument for an unknown key.
int key_index(const SearchCollection& c, const std::string& key);

// Makes sure the collection has its row in search_collections (number
// and format), inside a write; returns its number.
std::int64_t ensure_collection(Session& s, const SearchCollection& c);
// The collection's number, or nothing when it was never written.
std::optional<std::int64_t> find_collection(Session& s, const SearchCollection& c);
bool collection_built_by(Session& s, const SearchCollection& c);

// The order of a query reduced to what the engines run.
struct QueryPlan {
    std::vector<std::string> words;  // folded plain words
    std::optional<std::string> first_facet;  // facet_first step
    bool relevance = false;          // ranked (search_rank; search_terms)
    int key_column = -1;             // sorted by this key (when not relevance)
    bool key_descending = false;
};
QueryPlan plan_query(const SearchCollection& c, const SearchQuery& q);

// A subset of the matches: those with, or without, one more facet. With
// `boost_facet`, the relevance of those carrying it is multiplied by
// `boost` in the statement itself (engines that can, see answer_page).
struct Part {
    std::optional<std::string> with_facet;
    std::optional<std::string> without_facet;
    std::optional<std::string> boost_facet;
    double boost = 1.0;
};

struct Scored {
    std::int64_t id = 0;
    double score = 0;
};

// What an engine's page statement returns.
struct Rows {
    std::vector<Scored> rows;
    // The number of all the part's matches, when asked for and known.
    std::optional<std::int64_t> count;
};

// Runs an engine's page statement `sql` (columns: id, score, and with
// `counted` the window count of all matches) after appending
// " LIMIT $n OFFSET $m" when `limit` >= 0, and reads its rows.
Rows run_page_statement(Session& s, std::string sql, std::vector<Value> params, std::int64_t offset,
                        std::int64_t limit, bool counted);
// " AND <column> IS NOT NULL AND <column> >= $n AND <column> <= $m" for
// each of the query's ranges, the key columns named by `column_of(index)`
// ("k0", "k.k0"), the bounds appended to `params`.
std::string range_conditions(const SearchCollection& c, const SearchQuery& q, std::vector<Value>& params,
                             const std::function<std::string(int)>& column_of);
// The first column of every row of `sql`: the ids a statement selects.
std::vector<std::int64_t> run_id_statement(Session& s, const std::string& sql, const std::vector<Value>& params);
// SELECT count(*) over `from_where` (" FROM ... WHERE ...", with its params).
std::int64_t run_count_statement(Session& s, const std::string& from_where, const std::vector<Value>& params);

// SELECT count(*) of one part of a query, for an engine's Scope (its
// Session `s` and its from_where(params, part), " FROM ... WHERE ...").
template <class Scope>
std::int64_t count_part(const Scope& scope, const Part& part) {
    std::vector<Value> params;
    const auto where = scope.from_where(params, part);
    return run_count_statement(scope.s, where, params);
}

// Answers a query from an engine's two statements: `page` (the part's
// matches in the plan's order from `offset`, at most `limit`, every one
// when `limit` < 0; with `count`, also their number when the statement can
// tell it) and `count`. Every match is read at most about once.
using PageFn = std::function<Rows(const Part&, std::int64_t offset, std::int64_t limit, bool count)>;
using CountFn = std::function<std::int64_t(const Part&)>;
// `boosts_in_statement`: the engine's page statement applies a Part's boost
// (one pass over the matches); otherwise the matches with and without the
// boost facet are ranked apart and merged.
SearchPage answer_page(const QueryPlan& plan, const SearchQuery& q, const PageFn& page, const CountFn& count,
                       bool boosts_in_statement = false);

// answer_page for an engine's Scope: its plan and query, its page(part,
// offset, limit, count) statement and its from_where for counting.
template <class Scope>
SearchPage answer_with(const Scope& scope, bool boosts_in_statement = false) {
    return answer_page(
        scope.plan, scope.q,
        [&](const Part& part, std::int64_t offset, std::int64_t limit, bool count) {
            return scope.page(part, offset, limit, count);
        },
        [&](const Part& part) { return count_part(scope, part); }, boosts_in_statement);
}

}  // namespace hearth::db::detail
