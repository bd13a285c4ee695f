// SearchIndex on PostgreSQL: one narrow table for every collection,
// `search_documents(collection, id, document, k0, k1, k2)`, with a GIN
// index on `document`. The document is the folded fields as weights A..D
// (to_tsvector('english')) plus the facets as lexemes added verbatim
// (array_to_tsvector, no parsing), so one GIN lookup intersects words and
// facets. Relevance is ts_rank with the collection's weights; the row
// read to rank a match is the narrow search row, never the feature's own.
// Migration: 0009_search.sql.
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

#include "db/search_query.hpp"
#include "db/search_text.hpp"

namespace hearth::db::detail {

namespace {

// A query computed once per statement, not once per row: in a prepared
// statement's generic plan, to_tsquery('english', $2) or $3::tsquery is an
// expression of a parameter, and PostgreSQL evaluates it again for every
// row it ranks or rechecks (parsing and stemming the words 8,000 times for
// a common pair). A scalar sub-select is an InitPlan, evaluated once, and
// still usable as the GIN index condition.
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
        return answer_with(Scope{s, c, q, plan}, true);
    }

    std::vector<std::int64_t> all_ids(Session& s, const SearchCollection& c, const SearchQuery& q) override {
        const auto plan = plan_query(c, q);
        const Scope scope{s, c, q, plan};
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

        // "FROM ... WHERE ...": $1 the collection's name, $2 the words (when any),
        // then the facets, the excluded facet and the ranges.
        std::string from_where(std::vector<Value>& params, const Part& part) const {
            params.clear();
            params.emplace_back(std::in_place_type<std::string>, c.name);
            std::string sql =
                " FROM search_documents WHERE collection = (SELECT id FROM search_collections WHERE name = $1)";
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
                sql += " AND document @@ " + once(joined);
            }
            if (part.without_facet) {
                params.emplace_back(std::in_place_type<std::string>,
                                    tsquery_of({search_text::facet_token(*part.without_facet)}));
                sql += " AND NOT document @@ " + once(fmt::format("${}::tsquery", params.size()));
            }
            sql += range_conditions(c, q, params, [](int i) { return fmt::format("k{}", i); });
            return sql;
        }

        // ts_rank's weights {D, C, B, A}, each field's weight over the largest.
        std::string rank_weights() const {
            double top = 0;
            for (auto w : c.field_weights) top = std::max(top, w);
            std::array<double, max_search_fields> w{};
            for (std::size_t i = 0; i < c.field_weights.size() && i < max_search_fields; ++i) {
                w[i] = top > 0 ? c.field_weights[i] / top : 0;
            }
            return fmt::format("'{{{}, {}, {}, {}}}'::real[]", w[3], w[2], w[1], w[0]);
        }

        Rows page(const Part& part, std::int64_t offset, std::int64_t limit, bool want_count) const {
            std::vector<Value> params;
            const auto where = from_where(params, part);
            std::string score = "0.0::float8";
            std::string order = "id DESC";
            if (plan.relevance) {
                score = fmt::format("ts_rank({}, document, {})::float8", rank_weights(),
                                    once("to_tsquery('english', $2)"));
                if (part.boost_facet) {
                    // One pass: the boost is read from the document being ranked.
                    params.emplace_back(std::in_place_type<std::string>,
                                        tsquery_of({search_text::facet_token(*part.boost_facet)}));
                    score += fmt::format(" * CASE WHEN document @@ {} THEN {} ELSE 1.0 END",
                                         once(fmt::format("${}::tsquery", params.size())), part.boost);
                }
                order = "2 DESC, id DESC";
            } else if (plan.key_column >= 0) {
                // Unknown last either way, as the indexes of 0022 keep them.
                order = fmt::format("k{} {} NULLS LAST, id DESC", plan.key_column,
                                    plan.key_descending ? "DESC" : "ASC");
            }
            // Ranking sees every match anyway: count them in the same pass.
            // A key order is read from its index instead (see the top).
            const bool counted = want_count && plan.relevance;
            // Counting: the matches are ranked in a subquery that is not
            // flattened (OFFSET 0), so that the window keeps ids and scores,
            // not whole documents (which spilled to disk).
            std::string sql =
                counted ? fmt::format(
                              "SELECT id, score, count(*) OVER () FROM (SELECT id, {} AS score{} OFFSET 0) m "
                              "ORDER BY {}",
                              score, where, order)
                        : fmt::format("SELECT id, {}{} ORDER BY {}", score, where, order);
            return run_page_statement(s, std::move(sql), std::move(params), offset, limit, counted);
        }

        std::vector<std::int64_t> ids() const {
            std::vector<Value> params;
            const auto sql = "SELECT id" + from_where(params, Part{});
            return run_id_statement(s, sql, params);
        }
    };
};

}  // namespace

std::unique_ptr<SearchIndex> make_postgres_search_index() { return std::make_unique<PostgresSearchIndex>(); }

}  // namespace hearth::db::detail
