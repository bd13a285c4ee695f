#include "db/search_query.hpp"

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
    return s.query("INSERT INTO search_collections (name, format) VALUES ($1, $2) RETURNING id", {c.name, c.format})
        .front()
        .integer(0);
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

SearchPage answer_page(const QueryPlan& plan, const SearchQuery& q, const PageFn& page, const CountFn& count) {
    SearchPage out;
    if (plan.first_facet) {
        // Those with the facet, then the others: each part in the plan's order.
        const Part first{plan.first_facet, std::nullopt};
        const Part rest{std::nullopt, plan.first_facet};
        const auto in_first = count(first);
        out.total = in_first + count(rest);
        if (q.limit == 0) return out;
        if (q.offset < in_first) out.ids = ids_of(page(first, q.offset, q.limit));
        const auto wanted = q.limit - static_cast<std::int64_t>(out.ids.size());
        if (wanted > 0 && q.offset + q.limit > in_first) {
            const auto more = ids_of(page(rest, std::max<std::int64_t>(0, q.offset - in_first), wanted));
            out.ids.insert(out.ids.end(), more.begin(), more.end());
        }
        return out;
    }
    if (plan.relevance && !q.boost_facet.empty() && q.boost != 1.0) {
        // Ranked separately with and without the boost facet (so that no
        // other row is read to know it), merged by boosted relevance.
        const auto needed = q.offset + q.limit;
        auto boosted = page(Part{q.boost_facet, std::nullopt}, 0, needed);
        const auto others = page(Part{std::nullopt, q.boost_facet}, 0, needed);
        for (auto& b : boosted) b.score *= q.boost;
        std::vector<Scored> all;
        all.reserve(boosted.size() + others.size());
        std::merge(boosted.begin(), boosted.end(), others.begin(), others.end(), std::back_inserter(all),
                   [](const Scored& a, const Scored& b) { return a.score != b.score ? a.score > b.score : a.id > b.id; });
        for (auto i = q.offset; i < needed && i < static_cast<std::int64_t>(all.size()); ++i) {
            out.ids.push_back(all[static_cast<std::size_t>(i)].id);
        }
        // Fewer than asked for from both parts: these are all of them.
        const auto complete = [&](const std::vector<Scored>& part) {
            return static_cast<std::int64_t>(part.size()) < needed;
        };
        out.total = complete(boosted) && complete(others)
                        ? static_cast<std::int64_t>(all.size())
                        : count(Part{});
        return out;
    }
    out.ids = ids_of(page(Part{}, q.offset, q.limit));
    const auto got = static_cast<std::int64_t>(out.ids.size());
    out.total = (got < q.limit && (got > 0 || q.offset == 0)) ? q.offset + got : count(Part{});
    return out;
}

}  // namespace hearth::db::detail
