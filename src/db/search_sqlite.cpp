// SearchIndex on SQLite: one FTS5 table for every collection,
// `search_text(f0, f1, f2, f3, facets)`, whose rowid is the collection's
// number times 2^40 plus the document id, so a collection is a rowid range
// that FTS5 restricts itself, and "newest first" is its own rowid order.
// Sort keys and ranges live in `search_keys` (same rowid), joined only by
// queries that need them. Relevance is `search_rank`, an FTS5 auxiliary
// function registered on every connection (register_search_functions):
// unlike bm25 it reads no statistics of other rows, so ranking a match
// costs only its own position lists. Migration: 0009_search.sql.
//
// A query ordered by a key and not by relevance is read the other way
// round: from `search_keys` in key order (index `search_keys_k0` on the
// collection and k0, migration 0022), with the words and facets, when
// there are any, as the set of rowids FTS5 matches. A descending page of
// k0 then reads only offset + limit index entries, and no document's text
// at all when nothing but the collection is asked for.
#include "db/search_sqlite.hpp"

#include <fmt/format.h>
#include <sqlite3.h>

#include <algorithm>
#include <array>
#include <optional>
#include <stdexcept>

#include "db/search_query.hpp"
#include "db/search_text.hpp"

namespace hearth::db::detail {

namespace {

constexpr std::int64_t collection_shift = 40;
constexpr int columns = 5;  // f0..f3 and facets

// search_rank(search_text, n, w0, w1, w2, w3, w4): for each of the first
// n phrases (the words; the facets come after them) and each column,
// weight * tf / (tf + 1), summed. Reading only the words' positions keeps
// the facets' position lists unread.
void search_rank(const Fts5ExtensionApi* api, Fts5Context* ctx, sqlite3_context* out, int n_values,
                 sqlite3_value** values) {
    if (n_values < 1) {
        sqlite3_result_error(out, "search_rank: the number of word phrases is missing", -1);
        return;
    }
    const int words = std::min(sqlite3_value_int(values[0]), api->xPhraseCount(ctx));
    std::array<double, columns> weights{};
    for (int c = 0; c < columns && c + 1 < n_values; ++c) {
        weights[static_cast<std::size_t>(c)] = sqlite3_value_double(values[c + 1]);
    }
    double score = 0;
    for (int phrase = 0; phrase < words; ++phrase) {
        std::array<int, columns> tf{};
        Fts5PhraseIter iter;
        int column = 0, offset = 0;
        if (api->xPhraseFirst(ctx, phrase, &iter, &column, &offset) != SQLITE_OK) continue;
        for (; column >= 0; api->xPhraseNext(ctx, &iter, &column, &offset)) {
            if (column < columns) ++tf[static_cast<std::size_t>(column)];
        }
        for (std::size_t c = 0; c < columns; ++c) {
            if (tf[c] > 0) score += weights[c] * tf[c] / (tf[c] + 1.0);
        }
    }
    sqlite3_result_double(out, score);
}

// A string in FTS5 syntax: inside double quotes only '"' is special.
std::string fts5_string(std::string_view s) {
    std::string out = "\"";
    for (char c : s) {
        if (c == '"') out += '"';
        out += c;
    }
    return out + '"';
}

// The rowids of a collection: its number times 2^40, plus the id.
constexpr std::int64_t id_mask = max_search_document_id;
constexpr const char* collection_base = "((SELECT id FROM search_collections WHERE name = $2) << 40)";

class SqliteSearchIndex final : public SearchIndex {
public:
    void put(Session& s, const SearchCollection& c, const std::vector<SearchDocument>& documents) override {
        for (const auto& d : documents) check_document(c, d);
        const auto base = ensure_collection(s, c) << collection_shift;
        for (const auto& d : documents) {
            const auto rowid = base + d.id;
            s.query("DELETE FROM search_text WHERE rowid = $1", {rowid});
            std::array<std::string, max_search_fields> fields;
            for (std::size_t i = 0; i < d.fields.size(); ++i) fields[i] = search_text::fold(d.fields[i]);
            std::string facets = search_text::facet_token(all_facet);
            for (const auto& f : d.facets) facets += ' ' + search_text::facet_token(f);
            s.query("INSERT INTO search_text (rowid, f0, f1, f2, f3, facets) VALUES ($1, $2, $3, $4, $5, $6)",
                    {rowid, fields[0], fields[1], fields[2], fields[3], facets});
            std::array<Value, max_search_keys> keys{nullptr, nullptr, nullptr};
            for (std::size_t i = 0; i < d.keys.size(); ++i) {
                if (d.keys[i]) keys[i] = *d.keys[i];
            }
            s.query("INSERT OR REPLACE INTO search_keys (rowid, k0, k1, k2) VALUES ($1, $2, $3, $4)",
                    {rowid, keys[0], keys[1], keys[2]});
        }
    }

    void remove(Session& s, const SearchCollection& c, std::int64_t first, std::int64_t last) override {
        const auto number = find_collection(s, c);
        if (!number) return;
        const auto base = *number << collection_shift;
        const auto lo = base + std::clamp<std::int64_t>(first, 0, max_search_document_id);
        const auto hi = base + std::clamp<std::int64_t>(last, 0, max_search_document_id);
        s.query("DELETE FROM search_text WHERE rowid BETWEEN $1 AND $2", {lo, hi});
        s.query("DELETE FROM search_keys WHERE rowid BETWEEN $1 AND $2", {lo, hi});
    }

    SearchPage find(Session& s, const SearchCollection& c, const SearchQuery& q) override {
        const auto plan = plan_query(c, q);
        return answer_with(Scope{s, c, q, plan, keyed_number(s, c, plan)});
    }

    std::vector<std::int64_t> all_ids(Session& s, const SearchCollection& c, const SearchQuery& q) override {
        const auto plan = plan_query(c, q);
        const Scope scope{s, c, q, plan, keyed_number(s, c, plan)};
        return scope.ids();
    }

private:
    // For a query read in key order (see the top of this file): the
    // collection's number, bound as a value so that SQLite matches it with
    // the index expression (a subquery in its place is not matched), or
    // -1, which no rowid has, for a collection never written. Nothing for
    // every other query.
    static std::optional<std::int64_t> keyed_number(Session& s, const SearchCollection& c, const QueryPlan& plan) {
        if (plan.relevance || plan.key_column < 0) return std::nullopt;
        return find_collection(s, c).value_or(-1);
    }

    // One query's SQL over one collection.
    struct Scope {
        Session& s;
        const SearchCollection& c;
        const SearchQuery& q;
        const QueryPlan& plan;
        std::optional<std::int64_t> keyed;  // see keyed_number

        // Whether the match asks for more than "every document".
        bool filters_text(const Part& part) const {
            return !plan.words.empty() || !q.facets.empty() || part.with_facet || part.without_facet;
        }

        std::string match(const Part& part) const {
            std::string out;
            const auto add = [&](const std::string& piece) { out += (out.empty() ? "" : " AND ") + piece; };
            // No column filters: they make FTS5 read every position list,
            // and none is needed. Words are letters and digits that no
            // facet token ("z" + hex + "9") is a real word of, and facet
            // tokens are only in the facets column.
            for (const auto& w : plan.words) add(fts5_string(w));
            for (const auto& f : q.facets) add(fts5_string(search_text::facet_token(f)));
            if (part.with_facet) add(fts5_string(search_text::facet_token(*part.with_facet)));
            if (out.empty()) add(fts5_string(search_text::facet_token(all_facet)));
            if (part.without_facet) {
                out = "(" + out + ") NOT " + fts5_string(search_text::facet_token(*part.without_facet));
            }
            return out;
        }

        // "FROM ... WHERE ...": $1 the match expression, $2 the collection,
        // then the bounds of the ranges.
        // Whether from_where starts from search_keys (columns k.*) rather
        // than from search_text (t.*, and k.* when joined): for a keyed
        // query, unless FTS5 alone can tell the matches (text filters and
        // no ranges), which counts them ten times faster than the keys'
        // index probing FTS5's rowids.
        bool keys_first(const Part& part) const {
            return keyed && (!q.ranges.empty() || !filters_text(part));
        }

        bool needs_keys() const { return !q.ranges.empty() || (plan.key_column >= 0 && !keyed); }

        std::string from_where(std::vector<Value>& params, const Part& part) const {
            if (keys_first(part)) return keyed_from_where(params, part);
            params.clear();
            params.emplace_back(std::in_place_type<std::string>, match(part));
            params.emplace_back(std::in_place_type<std::string>, c.name);
            std::string sql = needs_keys() ? " FROM search_text t CROSS JOIN search_keys k ON k.rowid = t.rowid"
                                           : " FROM search_text t";
            sql += fmt::format(" WHERE search_text MATCH $1 AND t.rowid BETWEEN {0} + 1 AND {0} + {1}", collection_base,
                               id_mask);
            sql += range_conditions(c, q, params, [](int i) { return fmt::format("k.k{}", i); });
            return sql;
        }

        // The keyed form of from_where: $1 the collection's number, $2 the
        // match expression (only when it filters), then the bounds of the
        // ranges. Columns: k.rowid and k.k0..k2.
        std::string keyed_from_where(std::vector<Value>& params, const Part& part) const {
            params.clear();
            params.emplace_back(std::in_place_type<std::int64_t>, *keyed);
            std::string sql = " FROM search_keys k WHERE (k.rowid >> 40) = $1";
            if (filters_text(part)) {
                params.emplace_back(std::in_place_type<std::string>, match(part));
                sql += fmt::format(
                    " AND k.rowid IN (SELECT rowid FROM search_text WHERE search_text MATCH $2"
                    " AND rowid BETWEEN ($1 << 40) + 1 AND ($1 << 40) + {})",
                    id_mask);
            }
            sql += range_conditions(c, q, params, [](int i) { return fmt::format("k.k{}", i); });
            return sql;
        }

        // A page in key order from search_keys (keyed queries). Not counted
        // here: the count is a separate count(*) over the same rows, which
        // reads the index but sorts nothing, and only when the page is full.
        // Descending, SQLite's NULLs (smallest) come last as the order
        // wants, and the index serves the order; ascending puts them last
        // explicitly.
        Rows keyed_page(const Part& part, std::int64_t offset, std::int64_t limit) const {
            std::vector<Value> params;
            const auto where = keyed_from_where(params, part);
            const auto key = fmt::format("k.k{}", plan.key_column);
            const auto order = plan.key_descending ? fmt::format("{} DESC, k.rowid DESC", key)
                                                   : fmt::format("{0} IS NULL, {0} ASC, k.rowid DESC", key);
            auto sql = fmt::format("SELECT k.rowid & {}, 0.0{} ORDER BY {}", id_mask, where, order);
            return run_page_statement(s, std::move(sql), std::move(params), offset, limit, false);
        }

        Rows page(const Part& part, std::int64_t offset, std::int64_t limit, bool want_count) const {
            if (keyed) return keyed_page(part, offset, limit);
            std::vector<Value> params;
            const auto where = from_where(params, part);
            std::string score = "0.0";
            std::string order = "t.rowid DESC";
            if (plan.relevance) {
                score = fmt::format("search_rank(search_text, {}", plan.words.size());
                for (std::size_t i = 0; i < max_search_fields; ++i) {
                    score += fmt::format(", {}", i < c.field_weights.size() ? c.field_weights[i] : 0.0);
                }
                score += ", 0.0)";
                order = "2 DESC, 1 DESC";
            }
            // Ranking sees every match anyway: count them in the same
            // pass. FTS5 functions cannot sit beside a window function, so
            // the matches are a subquery then. (Key orders are keyed_page.)
            const bool counted = want_count && plan.relevance;
            const auto sql =
                counted ? fmt::format("SELECT id, score, count(*) OVER () FROM (SELECT t.rowid & {} AS id, {} AS score{}) "
                                      "ORDER BY {}",
                                      id_mask, score, where, order)
                        : fmt::format("SELECT t.rowid & {}, {}{} ORDER BY {}", id_mask, score, where, order);
            return run_page_statement(s, std::move(sql), std::move(params), offset, limit, counted);
        }

        std::vector<std::int64_t> ids() const {
            std::vector<Value> params;
            const auto sql =
                fmt::format("SELECT {}.rowid & {}{}", keys_first(Part{}) ? "k" : "t", id_mask, from_where(params, Part{}));
            return run_id_statement(s, sql, params);
        }
    };
};

}  // namespace

void register_search_functions(sqlite3* db) {
    fts5_api* api = nullptr;
    sqlite3_stmt* statement = nullptr;
    if (sqlite3_prepare_v2(db, "SELECT fts5(?1)", -1, &statement, nullptr) != SQLITE_OK) {
        throw DatabaseError("sqlite: this SQLite has no FTS5");
    }
    sqlite3_bind_pointer(statement, 1, static_cast<void*>(&api), "fts5_api_ptr", nullptr);
    sqlite3_step(statement);
    sqlite3_finalize(statement);
    if (api == nullptr || api->iVersion < 2 ||
        api->xCreateFunction(api, "search_rank", nullptr, &search_rank, nullptr) != SQLITE_OK) {
        throw DatabaseError("sqlite: cannot register search_rank");
    }
}

std::unique_ptr<SearchIndex> make_sqlite_search_index() { return std::make_unique<SqliteSearchIndex>(); }

}  // namespace hearth::db::detail
