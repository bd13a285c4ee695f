#include "features/specialists/directory_search.hpp"

namespace hearth::specialists {

const db::SearchCollection& specialist_collection() {
    // Format 2: fee keys at both ends of a range, currency and reduced-fee facets.
    // Format 3: "free:1" marks bookable profiles only (an open slot in the coming 14 days).
    static const db::SearchCollection collection{"specialists", {10.0, 4.0, 1.0}, {"fee", "fee_high"}, 3};
    return collection;
}

std::string term_facet(const vocabularies::Term& t) {
    return std::string(vocabularies::kind_name(t.kind)) + ":" + t.slug;
}

std::string format_facet(SessionFormat f) { return "format:" + std::string(format_name(f)); }

std::string country_facet(std::string_view country) { return "country:" + std::string(country); }

std::string currency_facet(std::string_view currency) { return "currency:" + std::string(currency); }

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
    if (q.reduced_fees) out.facets.emplace_back(reduced_fees_facet);
    if (!q.country.empty()) out.facets.push_back(country_facet(q.country));
    if (!q.city.empty()) out.facets.push_back(city_facet(q.city));
    // Ranges that meet: their lowest fee within the visitor's highest, their
    // highest within reach of the visitor's lowest; in one currency only.
    if (q.has_fee_filter()) out.facets.push_back(currency_facet(q.currency));
    if (q.fee_max) out.ranges.push_back({"fee", std::nullopt, *q.fee_max});
    if (q.fee_min) out.ranges.push_back({"fee_high", *q.fee_min, std::nullopt});
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
            // Amounts compare only within a currency: the visitor's first.
            out.order = {{By::facet_first, currency_facet(q.currency)}, {By::key_ascending, "fee"}};
            break;
    }
    out.offset = offset;
    out.limit = limit;
    return out;
}

}  // namespace hearth::specialists
