#include "db/search_query.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <stdexcept>

#include "db/search_text.hpp"

namespace hearth::db::detail {

namespace {

constexpr std::size_t max_query_words = 16;

std::vector<std::int64_t> ids_of(const std::vector<Scored>& rows) {
    std::vector<std::int64_t> out;
    out.reserve(rows.size());
    for (const auto& r : rows) out.push_back(r.id);
    return out;
}

}  // namespace

void check_document(const SearchCollection& c, const SearchDocument& d) {
    if (d.id < 1 || d.id > max_search_document_id) throw std::invalid_argument("search document id out of range");
    if (d.fields.size() > c.field_weights.size() || d.fields.size() > max_search_fields) {
        throw std::invalid_argument("search document has more fields than its collection " + c.name);
    }
    if (d.keys.size() > c.keys.size() || d.keys.size() > max_search_keys) {
        throw std::invalid_argument("search document has more keys than its collection " + c.name);
    }
}

int key_index(const SearchCollection& c, const std::string& key) {
    const auto it = std::find(c.keys.begin(), c.keys.end(), key);
    if (it == c.keys.end() || it - c.keys.begin() >= static_cast<std::ptrdiff_t>(max_search_keys)) {
        throw std::invalid_argument("unknown search key " + key + " in collection " + c.name);
    }
    return static_cast<int>(it - c.keys.begin());
}

std::int64_t ensure_collection(Session& s, const SearchCollection& c) {
    if (auto number = find_collection(s, c)) return *number;
    // Writers of a new collection may race (the seeder writes on two
    // connections): the unique name lets one insert it, and the others,
    // after waiting for it, find it.
    s.query("INSERT INTO search_collections (name, format) VALUES ($1, $2) ON CONFLICT (name) DO NOTHING",
            {c.name, c.format});
    return *find_collection(s, c);
}

std::optional<std::int64_t> find_collection(Session& s, const SearchCollection& c) {
    // One indexed lookup of a tiny table; not cached, so that the same
    // process can serve several databases (tests) without mixing numbers.
    const auto found = s.query("SELECT id FROM search_collections WHERE name = $1", {c.name});
    if (found.empty()) return std::nullopt;
    return found.front().integer(0);
}

bool collection_built_by(Session& s, const SearchCollection& c) {
    const auto found = s.query("SELECT format FROM search_collections WHERE name = $1", {c.name});
    return !found.empty() && found.front().integer(0) == c.format;
}

QueryPlan plan_query(const SearchCollection& c, const SearchQuery& q) {
    if (q.offset < 0 || q.limit < 0) throw std::invalid_argument("search offset and limit must not be negative");
    QueryPlan plan;
    for (const auto& w : q.words) {
        for (auto& folded : search_text::words(w)) {
            if (plan.words.size() < max_query_words &&
                std::find(plan.words.begin(), plan.words.end(), folded) == plan.words.end()) {
                plan.words.push_back(std::move(folded));
            }
        }
    }
    bool ordered = false;  // a relevance or key step has been taken
    for (const auto& step : q.order) {
        if (ordered) throw std::invalid_argument("a search orders by at most one relevance or key step");
        switch (step.by) {
            case SearchOrder::By::facet_first:
                if (plan.first_facet) throw std::invalid_argument("a search orders by at most one facet");
                plan.first_facet = step.name;
                break;
            case SearchOrder::By::relevance:
                plan.relevance = !plan.words.empty();
                ordered = true;
                break;
            case SearchOrder::By::key_ascending:
            case SearchOrder::By::key_descending:
                plan.key_column = key_index(c, step.name);
                plan.key_descending = step.by == SearchOrder::By::key_descending;
                ordered = true;
                break;
        }
    }
    if (plan.first_facet && plan.relevance) {
        throw std::invalid_argument("a search orders by a facet or by relevance, not both");
    }
    return plan;
}

Rows run_page_statement(Session& s, std::string sql, std::vector<Value> params, std::int64_t offset, std::int64_t limit,
                        bool counted) {
    if (limit >= 0) {
        params.emplace_back(std::in_place_type<std::int64_t>, limit);
        params.emplace_back(std::in_place_type<std::int64_t>, offset);
        sql += fmt::format(" LIMIT ${} OFFSET ${}", params.size() - 1, params.size());
    }
    Rows out;
    const auto result = s.query(sql, params);
    out.rows.reserve(result.size());
    for (const auto& r : result) out.rows.push_back({r.integer(0), r.real(1)});
    if (counted && !result.empty()) out.count = result.front().integer(2);
    return out;
}

std::string range_conditions(const SearchCollection& c, const SearchQuery& q, std::vector<Value>& params,
                             const std::function<std::string(int)>& column_of) {
    std::string sql;
    for (const auto& r : q.ranges) {
        const auto column = column_of(key_index(c, r.key));
        sql += " AND " + column + " IS NOT NULL";
        if (r.min) {
            params.emplace_back(std::in_place_type<std::int64_t>, *r.min);
            sql += fmt::format(" AND {} >= ${}", column, params.size());
        }
        if (r.max) {
            params.emplace_back(std::in_place_type<std::int64_t>, *r.max);
            sql += fmt::format(" AND {} <= ${}", column, params.size());
        }
    }
    return sql;
}

std::vector<std::int64_t> run_id_statement(Session& s, const std::string& sql, const std::vector<Value>& params) {
    std::vector<std::int64_t> out;
    for (const auto& r : s.query(sql, params)) out.push_back(r.integer(0));
    return out;
}

std::int64_t run_count_statement(Session& s, const std::string& from_where, const std::vector<Value>& params) {
    return s.query("SELECT count(*)" + from_where, params).front().integer(0);
}

namespace {

// rows[offset, offset + limit) as ids.
std::vector<std::int64_t> slice(const std::vector<Scored>& rows, std::int64_t offset, std::int64_t limit) {
    std::vector<std::int64_t> out;
    for (auto i = offset; i < offset + limit && i < static_cast<std::int64_t>(rows.size()); ++i) {
        out.push_back(rows[static_cast<std::size_t>(i)].id);
    }
    return out;
}

// The part's number of matches: from the page statement when it told, else
// from the page itself when that was short, else counted.
std::int64_t part_total(const Rows& r, std::int64_t offset, std::int64_t limit, const Part& part,
                        const CountFn& count) {
    if (r.count) return *r.count;
    const auto got = static_cast<std::int64_t>(r.rows.size());
    if (limit < 0 || (got < limit && (got > 0 || offset == 0))) return offset + got;
    return count(part);
}

}  // namespace

SearchPage answer_page(const QueryPlan& plan, const SearchQuery& q, const PageFn& page, const CountFn& count,
                       bool boosts_in_statement) {
    SearchPage out;
    bool collected = false;
    if (plan.first_facet) {
        // Those with the facet, then the others: each part in the plan's order.
        const Part first{plan.first_facet, std::nullopt, std::nullopt, 1.0};
        const Part rest{std::nullopt, plan.first_facet, std::nullopt, 1.0};
        std::int64_t in_first = 0;
        if (q.collect_facet == *plan.first_facet) {
            // Every one of the first part is wanted anyway: read them once.
            const auto all = page(first, 0, -1, false).rows;
            in_first = static_cast<std::int64_t>(all.size());
            out.ids = slice(all, q.offset, q.limit);
            out.collected = ids_of(all);
            collected = true;
        } else {
            in_first = count(first);
            if (q.offset < in_first && q.limit > 0) out.ids = ids_of(page(first, q.offset, q.limit, false).rows);
        }
        const auto wanted = q.limit - static_cast<std::int64_t>(out.ids.size());
        const auto rest_offset = std::max<std::int64_t>(0, q.offset - in_first);
        if (wanted > 0) {
            const auto more = page(rest, rest_offset, wanted, true);
            out.total = in_first + part_total(more, rest_offset, wanted, rest, count);
            const auto ids = ids_of(more.rows);
            out.ids.insert(out.ids.end(), ids.begin(), ids.end());
        } else {
            out.total = in_first + count(rest);
        }
    } else if (plan.relevance && !q.boost_facet.empty() && q.boost != 1.0 && boosts_in_statement) {
        Part all;
        all.boost_facet = q.boost_facet;
        all.boost = q.boost;
        const auto r = page(all, q.offset, q.limit, true);
        out.ids = ids_of(r.rows);
        out.total = part_total(r, q.offset, q.limit, Part{}, count);
    } else if (plan.relevance && !q.boost_facet.empty() && q.boost != 1.0) {
        // Ranked separately with and without the boost facet (so that no
        // other row is read to know it), merged by boosted relevance.
        const auto needed = q.offset + q.limit;
        const Part with{q.boost_facet, std::nullopt, std::nullopt, 1.0};
        const Part without{std::nullopt, q.boost_facet, std::nullopt, 1.0};
        Rows boosted;
        if (q.collect_facet == q.boost_facet) {
            boosted = page(with, 0, -1, false);
            boosted.count = static_cast<std::int64_t>(boosted.rows.size());
            out.collected = ids_of(boosted.rows);
            collected = true;
        } else {
            boosted = page(with, 0, needed, true);
        }
        const auto others = page(without, 0, needed, true);
        const auto in_boosted = part_total(boosted, 0, needed, with, count);
        const auto in_others = part_total(others, 0, needed, without, count);
        auto merged = boosted.rows;
        if (static_cast<std::int64_t>(merged.size()) > needed) merged.resize(static_cast<std::size_t>(needed));
        for (auto& b : merged) b.score *= q.boost;
        std::vector<Scored> all;
        all.reserve(merged.size() + others.rows.size());
        std::merge(
            merged.begin(), merged.end(), others.rows.begin(), others.rows.end(), std::back_inserter(all),
            [](const Scored& a, const Scored& b) { return a.score != b.score ? a.score > b.score : a.id > b.id; });
        out.ids = slice(all, q.offset, q.limit);
        out.total = in_boosted + in_others;
    } else {
        const auto r = page(Part{}, q.offset, q.limit, true);
        out.ids = ids_of(r.rows);
        out.total = part_total(r, q.offset, q.limit, Part{}, count);
    }
    if (!q.collect_facet.empty() && !collected) {
        out.collected = ids_of(page(Part{q.collect_facet, std::nullopt, std::nullopt, 1.0}, 0, -1, false).rows);
    }
    return out;
}

}  // namespace hearth::db::detail
