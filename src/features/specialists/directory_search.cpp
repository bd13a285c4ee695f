#include "features/specialists/directory_search.hpp"

namespace hearth::specialists {

const db::SearchCollection& specialist_collection() {
    static const db::SearchCollection collection{"specialists", {10.0, 4.0, 1.0}, {"fee"}, 2};
    return collection;
}

std::string term_facet(const vocabularies::Term& t) {
    return std::string(vocabularies::kind_name(t.kind)) + ":" + t.slug;
}

std::string format_facet(SessionFormat f) { return "format:" + std::string(format_name(f)); }

std::string country_facet(std::string_view country) { return "country:" + std::string(country); }

std::string city_facet(std::string_view city) {
    // Spaces collapsed, as the query reads the city; the index folds case
    // and accents.
    std::string out = "city:";
    bool space = false;
    for (char c : city) {
        if (c == ' ' || c == '\t' || c == '\r' || c == '\n') {
            space = out.size() > 5;
            continue;
        }
        if (space) out.push_back(' ');
        space = false;
        out.push_back(c);
    }
    return out;
}

db::SearchQuery search_query(const DirectoryQuery& q, std::int64_t offset, std::int64_t limit) {
    db::SearchQuery out;
    out.words = q.words;
    for (const auto* term : {&q.specialty, &q.modality, &q.language}) {
        if (*term) out.facets.push_back(term_facet(**term));
    }
    if (q.format != SessionFormat::any) out.facets.push_back(format_facet(q.format));
    if (q.free_consultation) out.facets.emplace_back(free_facet);
    if (!q.country.empty()) out.facets.push_back(country_facet(q.country));
    if (!q.city.empty()) out.facets.push_back(city_facet(q.city));
    if (q.fee_max) out.ranges.push_back({"fee", std::nullopt, *q.fee_max});
    using By = db::SearchOrder::By;
    switch (q.sort) {
        case DirectorySort::relevance:
            if (q.has_text()) {
                out.order = {{By::relevance, ""}};
                out.boost_facet = free_facet;
                out.boost = free_consultation_boost;
            } else {
                out.order = {{By::facet_first, free_facet}};
            }
            break;
        case DirectorySort::newest:
            break;  // the highest id, the newest profile, first
        case DirectorySort::fee:
            out.order = {{By::key_ascending, "fee"}};
            break;
    }
    out.offset = offset;
    out.limit = limit;
    return out;
}

}  // namespace hearth::specialists
