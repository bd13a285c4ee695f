// SearchIndex on PostgreSQL: one narrow table for every collection,
// `search_documents(collection, id, document, k0, k1, k2)`, with a GIN
// index on `document`. The document is the folded fields as weights A..D
// (to_tsvector('english')) plus the facets as lexemes added verbatim
// (array_to_tsvector, no parsing), so one GIN lookup intersects words and
// facets. Migration: 0009_search.sql.
//
// A ranked query reads `search_terms` instead (migration 0028): for each
// document and lexeme, tf / (tf + 1) in each field, kept by a trigger on
// search_documents, so it follows every write whichever node made it. The
// words' lists are joined on the id from the table's key alone
// (index-only), and relevance is search.hpp's sum with the collection's
// weights, as on SQLite; no document's vector is read, so a pair of common
// words over 10,000 articles costs under half of what ts_rank did.
//
// A query ordered by a key and not by relevance is written in the order
// of the indexes on (collection, k0 NULLS LAST, id DESC) (migration 0022)
// and is not counted in the same statement: a descending or ascending page
// of k0 is then read from the index, stopping after the page, and the
// total is a separate count(*) that sorts nothing.
#include "db/search_postgres.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <functional>

#include "db/search_query.hpp"
#include "db/search_text.hpp"

namespace hearth::db::detail {

namespace {

// A query computed once per statement, not once per row: in a prepared
// statement's generic plan, to_tsquery('english', $2) or $3::tsquery is an
// expression of a parameter, and PostgreSQL evaluates it again for every
// row it filters or rechecks (when it ranked with ts_rank, parsing and
// stemming the words 8,800 times for a common pair). A scalar sub-select is
// an InitPlan, evaluated once, and still usable as the GIN index condition.
std::string once(const std::string& tsquery_expression) { return "(SELECT " + tsquery_expression + ")"; }

// "'a' & 'b'" for tokens of [0-9a-z] and other word bytes only (see
// search_text): quoting makes each one a plain operand.
std::string tsquery_of(const std::vector<std::string>& tokens) {
    std::string out;
    for (const auto& t : tokens) out += (out.empty() ? "'" : " & '") + t + "'";
    return out;
}

class PostgresSearchIndex final : public SearchIndex {
public:
    void put(Session& s, const SearchCollection& c, const std::vector<SearchDocument>& documents) override {
        for (const auto& d : documents) check_document(c, d);
        const auto number = ensure_collection(s, c);
        for (const auto& d : documents) put_one(s, number, d);
    }

    void remove(Session& s, const SearchCollection& c, std::int64_t first, std::int64_t last) override {
        s.query(
            "DELETE FROM search_documents WHERE collection = (SELECT id FROM search_collections WHERE name = $1) "
            "AND id BETWEEN $2 AND $3",
            {c.name, first, last});
    }

    SearchPage find(Session& s, const SearchCollection& c, const SearchQuery& q) override {
        const auto plan = plan_query(c, q);
        return answer_with(Scope{s, c, q, plan, {}}, true);
    }

    std::vector<std::int64_t> all_ids(Session& s, const SearchCollection& c, const SearchQuery& q) override {
        const auto plan = plan_query(c, q);
        const Scope scope{s, c, q, plan, {}};
        return scope.ids();
    }

private:
    static void put_one(Session& s, std::int64_t number, const SearchDocument& d) {
        std::array<std::string, max_search_fields> fields;
        for (std::size_t i = 0; i < d.fields.size(); ++i) fields[i] = search_text::fold(d.fields[i]);
        std::string facets = search_text::facet_token(all_facet);
        for (const auto& f : d.facets) facets += ' ' + search_text::facet_token(f);
        std::array<Value, max_search_keys> keys{nullptr, nullptr, nullptr};
        for (std::size_t i = 0; i < d.keys.size(); ++i) {
            if (d.keys[i]) keys[i] = *d.keys[i];
        }
        s.query(
            "INSERT INTO search_documents (collection, id, document, k0, k1, k2) VALUES ($1, $2, "
            "setweight(to_tsvector('english', $3), 'A') || setweight(to_tsvector('english', $4), 'B') || "
            "setweight(to_tsvector('english', $5), 'C') || setweight(to_tsvector('english', $6), 'D') || "
            "array_to_tsvector(string_to_array($7, ' ')), $8::bigint, $9::bigint, $10::bigint) "
            "ON CONFLICT (collection, id) DO UPDATE SET document = EXCLUDED.document, k0 = EXCLUDED.k0, "
            "k1 = EXCLUDED.k1, k2 = EXCLUDED.k2",
            {number, d.id, fields[0], fields[1], fields[2], fields[3], facets, keys[0], keys[1], keys[2]});
    }

    struct Scope {
        Session& s;
        const SearchCollection& c;
        const SearchQuery& q;
        const QueryPlan& plan;

        // "FROM search_documents d ... WHERE ...": $1 the collection's name,
        // $2 the words (when any), then the facets, the excluded facet and
        // the ranges. `joins`, called once those are in `params`, may add
        // joins to d (and parameters of their own).
        // `collection_by_index` false: the collection is checked on each row
        // the text index gives, never ANDed from the primary key, which
        // reads the whole collection's ids (20,000 for the directory) when
        // the words and facets leave a few hundred.
        std::string from_where(std::vector<Value>& params, const Part& part,
                               const std::function<std::string()>& joins = {},
                               bool collection_by_index = true) const {
            params.clear();
            params.emplace_back(std::in_place_type<std::string>, c.name);
            std::string where = fmt::format(" WHERE d.collection{} = (SELECT id FROM search_collections WHERE name = $1)",
                                            collection_by_index ? "" : " + 0");
            std::vector<std::string> match;
            if (!plan.words.empty()) {
                params.emplace_back(std::in_place_type<std::string>, tsquery_of(plan.words));
                match.push_back("to_tsquery('english', $2)");
            }
            std::vector<std::string> facets;
            for (const auto& f : q.facets) facets.push_back(search_text::facet_token(f));
            if (part.with_facet) facets.push_back(search_text::facet_token(*part.with_facet));
            if (!facets.empty()) {
                params.emplace_back(std::in_place_type<std::string>, tsquery_of(facets));
                match.push_back(fmt::format("${}::tsquery", params.size()));
            }
            if (!match.empty()) {
                std::string joined;
                for (const auto& m : match) joined += (joined.empty() ? "" : " && ") + m;
                where += " AND d.document @@ " + once(joined);
            }
            if (part.without_facet) {
                params.emplace_back(std::in_place_type<std::string>,
                                    tsquery_of({search_text::facet_token(*part.without_facet)}));
                where += " AND NOT d.document @@ " + once(fmt::format("${}::tsquery", params.size()));
            }
            where += range_conditions(c, q, params, [](int i) { return fmt::format("d.k{}", i); });
            return " FROM search_documents d" + (joins ? joins() : std::string()) + where;
        }

        // The words' lexemes, as to_tsquery('english') makes them (the same
        // parser and dictionaries): stemmed, stop words gone, each once.
        const std::vector<std::string>& lexemes() const {
            if (!lexemes_cache) {
                std::string text;
                for (const auto& w : plan.words) text += (text.empty() ? "" : " ") + w;
                lexemes_cache.emplace();
                for (const auto& r : s.query("SELECT lexeme FROM unnest(to_tsvector('english', $1))", {text})) {
                    lexemes_cache->push_back(r.text(0));
                }
            }
            return *lexemes_cache;
        }
        mutable std::optional<std::vector<std::string>> lexemes_cache;

        // The part's matches ranked from search_terms (migration 0028).
        // Relevance is search.hpp's sum, as SQLite's search_rank computes
        // it: per word and field, weight * s, where s = tf / (tf + 1) is
        // kept per field; times the part's boost. Two ways to find the
        // matches, by what the query holds:
        // - words only: the words' lists, joined on the id, each read in id
        //   order from the table's key alone. Common words match most of a
        //   collection, and this reads no document (3.2 ms for a pair
        //   matching 8,800 of 10,000 articles, where the GIN index and the
        //   documents took 9.7 ms);
        // - with facets (filters a person chose: a language, a topic): the
        //   GIN index intersects words and facets first, and each match's
        //   scores are looked up by key. The facets' lists are long (every
        //   online specialist) while the matches are few (1.5 ms, where the
        //   lists took 2.7 ms, for the directory's usual search).
        Rows ranked(const Part& part, std::int64_t offset, std::int64_t limit, bool want_count) const {
            const auto& words = lexemes();
            if (words.empty()) return want_count ? Rows{{}, 0} : Rows{};  // stop words only: nothing matches
            const bool filtered = !q.facets.empty() || part.with_facet;
            std::vector<Value> params;
            const std::string base = filtered ? "d" : "t0";  // the row the words' postings join
            // "<alias> is the posting of <lexeme> for the base row's document"
            const auto posting = [&](const std::string& alias, const std::string& lexeme) {
                params.emplace_back(std::in_place_type<std::string>, lexeme);
                return fmt::format("{0}.collection = {2}.collection AND {0}.lexeme = ${1} AND {0}.id = {2}.id", alias,
                                   params.size(), base);
            };
            std::string score;
            const auto joins = [&]() {
                std::string out;
                for (std::size_t i = filtered ? 0 : 1; i < words.size(); ++i) {
                    const auto alias = fmt::format("t{}", i);
                    out += " JOIN search_terms " + alias + " ON " + posting(alias, words[i]);
                }
                if (part.boost_facet && !filtered) {
                    out += " LEFT JOIN search_terms b ON " + posting("b", search_text::facet_token(*part.boost_facet));
                }
                return out;
            };
            for (std::size_t i = 0; i < words.size(); ++i) {
                for (std::size_t f = 0; f < c.field_weights.size() && f < max_search_fields; ++f) {
                    if (c.field_weights[f] == 0) continue;
                    // float8 constants: a bare 2.5 would be numeric, far slower.
                    score += fmt::format("{}{}::float8 * t{}.s{}", score.empty() ? "" : " + ", c.field_weights[f], i, f);
                }
            }
            if (score.empty()) score = "0::float8";
            score = "(" + score + ")";
            std::string from_where_sql;
            if (filtered) {
                from_where_sql = from_where(params, part, joins, false);
                if (part.boost_facet) {
                    // The row is read anyway: the boost facet is looked up in it.
                    params.emplace_back(std::in_place_type<std::string>,
                                        tsquery_of({search_text::facet_token(*part.boost_facet)}));
                    score += fmt::format(" * CASE WHEN d.document @@ {} THEN {}::float8 ELSE 1::float8 END",
                                         once(fmt::format("${}::tsquery", params.size())), part.boost);
                }
            } else {
                if (part.boost_facet) {
                    score += fmt::format(" * CASE WHEN b.id IS NULL THEN 1::float8 ELSE {}::float8 END", part.boost);
                }
                params.emplace_back(std::in_place_type<std::string>, c.name);
                params.emplace_back(std::in_place_type<std::string>, words.front());
                from_where_sql = " FROM search_terms t0" + joins();
                std::string where =
                    " WHERE t0.collection = (SELECT id FROM search_collections WHERE name = $1) AND t0.lexeme = $2";
                if (part.without_facet) {
                    where += " AND NOT EXISTS (SELECT 1 FROM search_terms x WHERE " +
                             posting("x", search_text::facet_token(*part.without_facet)) + ")";
                }
                if (!q.ranges.empty()) {
                    from_where_sql += " JOIN search_documents d ON d.collection = t0.collection AND d.id = t0.id";
                    where += range_conditions(c, q, params, [](int i) { return fmt::format("d.k{}", i); });
                }
                from_where_sql += where;
            }
            // With documents in the FROM, the scores are made in a subquery that
            // is not flattened (OFFSET 0), so the window keeps ids and scores,
            // not whole documents.
            auto sql = filtered ? fmt::format("SELECT id, score{} FROM (SELECT d.id, {} AS score{} OFFSET 0) m "
                                              "ORDER BY 2 DESC, 1 DESC",
                                              want_count ? ", count(*) OVER ()" : "", score, from_where_sql)
                                : fmt::format("SELECT t0.id, {}{}{} ORDER BY 2 DESC, 1 DESC", score,
                                              want_count ? ", count(*) OVER ()" : "", from_where_sql);
            return run_page_statement(s, std::move(sql), std::move(params), offset, limit, want_count);
        }

        Rows page(const Part& part, std::int64_t offset, std::int64_t limit, bool want_count) const {
            if (plan.relevance) return ranked(part, offset, limit, want_count);
            // Not ranked: newest first, or by a key, read from an index (see
            // the top) and counted apart when the page cannot tell.
            std::vector<Value> params;
            const auto where = from_where(params, part);
            std::string order = "d.id DESC";
            if (plan.key_column >= 0) {
                // Unknown last either way, as the indexes of 0022 keep them.
                order = fmt::format("d.k{} {} NULLS LAST, d.id DESC", plan.key_column,
                                    plan.key_descending ? "DESC" : "ASC");
            }
            auto sql = fmt::format("SELECT d.id, 0.0::float8{} ORDER BY {}", where, order);
            return run_page_statement(s, std::move(sql), std::move(params), offset, limit, false);
        }

        std::vector<std::int64_t> ids() const {
            std::vector<Value> params;
            const auto sql = "SELECT d.id" + from_where(params, Part{});
            return run_id_statement(s, sql, params);
        }
    };
};

}  // namespace

std::unique_ptr<SearchIndex> make_postgres_search_index() { return std::make_unique<PostgresSearchIndex>(); }

}  // namespace hearth::db::detail
