#include "features/specialists/directory_pages.hpp"

#include <fmt/format.h>

#include <boost/json/array.hpp>

#include "features/common/page_query.hpp"
#include "core/time_format.hpp"
#include "features/consultations/local_calendar.hpp"
#include "features/consultations/slots.hpp"
#include "features/specialists/directory_fees.hpp"
#include "features/specialists/places.hpp"
#include "features/specialists/profile_view.hpp"
#include "features/specialists/profiles.hpp"
#include "http/form.hpp"

namespace hearth::specialists {

namespace {

constexpr std::string_view directory_path = "/specialists";

// The filters of a search as query-string pairs, in a fixed order; the
// field `without` is left out (the "remove this filter" links).
std::vector<std::pair<std::string, std::string>> filter_pairs(const DirectoryQuery& q, std::string_view without = "") {
    std::vector<std::pair<std::string, std::string>> out;
    const auto add = [&](std::string name, std::string value) {
        // "fee" names the whole fee filter: both bounds and their currency.
        const bool fee_part = name == "fee_min" || name == "fee_max" || name == "currency";
        if (!value.empty() && name != without && !(fee_part && without == "fee")) {
            out.emplace_back(std::move(name), std::move(value));
        }
    };
    if (q.has_text()) add("q", q.text);
    if (q.specialty) add("specialty", q.specialty->slug);
    if (q.modality) add("modality", q.modality->slug);
    if (q.language) add("language", q.language->slug);
    add("format", std::string(format_name(q.format)));
    add("country", q.country);
    add("city", q.city);
    if (q.fee_min) add("fee_min", std::to_string(*q.fee_min));
    if (q.fee_max) add("fee_max", std::to_string(*q.fee_max));
    // A currency the visitor chose stays with the fee filter it belongs to.
    if (q.uses_currency() && q.currency_source == CurrencySource::chosen) add("currency", q.currency);
    if (q.free_consultation) add("free_consultation", "1");
    if (q.reduced_fees) add("reduced_fees", "1");
    return out;
}

// "/specialists?q=...&language=de" for the filters, sort and page size.
std::string search_url(const DirectoryQuery& q, std::int64_t per_page, std::string_view without = "") {
    auto pairs = filter_pairs(q, without);
    if (q.sort != DirectorySort::relevance) pairs.emplace_back("sort", std::string(sort_name(q.sort)));
    if (per_page != paging::default_per_page) pairs.emplace_back("per_page", std::to_string(per_page));
    std::string url(directory_path);
    for (std::size_t i = 0; i < pairs.size(); ++i) {
        url += (i == 0 ? "?" : "&") + pairs[i].first + "=" + http::url_encode(pairs[i].second);
    }
    return url;
}

std::string with_thousands(std::int64_t n) {
    auto digits = std::to_string(n);
    for (auto at = static_cast<std::ptrdiff_t>(digits.size()) - 3; at > 0; at -= 3)
        digits.insert(static_cast<std::size_t>(at), ",");
    return digits;
}

// "Next free time: Tue 1 Dec, 10:00 (Europe/Berlin)": a card's next open
// slot in the viewer's zone, saying which zone it is.
boost::json::object next_free_json(std::int64_t start, const std::string& zone) {
    return {{"text", consultations::local_time(start, zone).brief},
            {"datetime", rfc3339(start)},
            {"zone", consultations::zone_label(zone)}};
}

boost::json::array cards_json(const std::vector<Profile>& profiles, const std::string& zone) {
    boost::json::array out;
    for (const auto& p : profiles) {
        auto card = public_card_json(p);
        if (p.bookable()) card["next_free"] = next_free_json(*p.next_open_at, zone);
        out.push_back(std::move(card));
    }
    return out;
}

// The zone a viewer reads times in: ?tz=, else the one the booking pages
// remembered (ConsultationPages::zone_of's cookie), else UTC.
std::string viewer_zone(const http::Request& req) {
    if (const auto asked = req.query_param("tz"); consultations::valid_timezone(asked)) return asked;
    for (const char* cookie : {"__Host-hearth_tz", "hearth_tz"}) {
        if (auto kept = req.cookie(cookie); kept && consultations::valid_timezone(*kept)) return *kept;
    }
    return "UTC";
}

boost::json::array term_options(const std::vector<vocabularies::Term>& terms,
                                const std::optional<vocabularies::Term>& selected) {
    boost::json::array out;
    for (const auto& t : terms) {
        out.push_back({{"value", t.slug}, {"label", t.name}, {"selected", selected && selected->id == t.id}});
    }
    return out;
}

boost::json::array country_options(std::string_view selected) {
    boost::json::array out;
    for (const auto& c : countries()) {
        out.push_back({{"value", c.code}, {"label", c.name}, {"selected", c.code == selected}});
    }
    return out;
}

boost::json::array choice_options(std::initializer_list<std::pair<std::string_view, std::string_view>> choices,
                                  std::string_view selected) {
    boost::json::array out;
    for (auto [value, label] : choices) {
        out.push_back({{"value", value}, {"label", label}, {"selected", value == selected}});
    }
    return out;
}

// For an empty result: one link per active filter, to the same search
// without it, so loosening a search is one click.
boost::json::array loosening_links(const DirectoryQuery& q, std::int64_t per_page) {
    boost::json::array out;
    const auto link = [&](std::string_view field, std::string label) {
        out.push_back({{"url", search_url(q, per_page, field)}, {"label", std::move(label)}});
    };
    if (q.has_text()) link("q", fmt::format("Search without the words \u201c{}\u201d", q.text));
    if (q.specialty) link("specialty", fmt::format("Any specialty, not only {}", q.specialty->name));
    if (q.modality) link("modality", fmt::format("Any approach, not only {}", q.modality->name));
    if (q.language) link("language", fmt::format("Any language, not only {}", q.language->name));
    if (q.format == SessionFormat::online) link("format", "In person as well as online");
    if (q.format == SessionFormat::in_person) link("format", "Online as well as in person");
    if (!q.country.empty()) link("country", fmt::format("Any country, not only {}", country_name(q.country)));
    if (!q.city.empty()) link("city", fmt::format("Any city, not only {}", q.city));
    if (q.has_fee_filter()) link("fee", "Any fee, in any currency");
    if (q.free_consultation) link("free_consultation", "Also those who do not offer a free consultation");
    if (q.reduced_fees) link("reduced_fees", "Also those without reduced fees or a sliding scale");
    return out;
}

boost::json::array problems_json(const std::vector<FieldError>& problems) {
    boost::json::array out;
    for (const auto& p : problems) out.push_back({{"field", p.field}, {"message", p.message}});
    return out;
}

ResultPage result_page(const paging::Page& page) { return {page.page, page.per_page}; }

// The filters set inside the folded panel (all but the words), for its
// "Filters (2 set)" label.
std::int64_t filters_set(const DirectoryQuery& q) {
    return (q.specialty ? 1 : 0) + (q.modality ? 1 : 0) + (q.language ? 1 : 0) +
           (q.format != SessionFormat::any ? 1 : 0) + (q.country.empty() ? 0 : 1) + (q.city.empty() ? 0 : 1) +
           (q.has_fee_filter() ? 1 : 0) + (q.free_consultation ? 1 : 0) + (q.reduced_fees ? 1 : 0);
}

// Which currency the fee filter uses, and why, for the form's hint.
std::string currency_hint(const DirectoryQuery& q) {
    switch (q.currency_source) {
        case CurrencySource::chosen:
            return fmt::format("Fees are compared in {}, the currency you chose.", q.currency);
        case CurrencySource::country:
            return fmt::format("Fees are compared in {}, the currency of {}.", q.currency, country_name(q.country));
        case CurrencySource::language:
            return fmt::format("Fees are compared in {}, going by your browser\u2019s language settings.", q.currency);
        case CurrencySource::fallback:
            break;
    }
    return fmt::format("Fees are compared in {}.", q.currency);
}

// The currency select: "automatic" (the default just described) first,
// then every currency specialists can use.
boost::json::array currency_options(const DirectoryQuery& q) {
    const bool chosen = q.currency_source == CurrencySource::chosen;
    boost::json::array out;
    out.push_back({{"value", ""},
                   {"label", chosen ? std::string("Automatic") : fmt::format("Automatic ({})", q.currency)},
                   {"selected", !chosen}});
    for (const auto c : currencies)
        out.push_back({{"value", c}, {"label", c}, {"selected", chosen && c == q.currency}});
    return out;
}

// Both answers depend on the visitor's Accept-Language (the default
// currency of a fee filter), so shared caches must keep them apart.
void vary_with_language(http::Response& res) {
    res.set(boost::beast::http::field::vary, "Cookie, Authorization, Accept-Language");
}

std::string summary(std::int64_t total) {
    if (total == 0) return "No specialists match this search.";
    if (total == 1) return "1 specialist matches this search.";
    return with_thousands(total) + " specialists match this search.";
}

}  // namespace

DirectoryParams params_of(const http::Request& req) {
    DirectoryParams p;
    p.q = req.query_param("q");
    p.specialty = req.query_param("specialty");
    p.modality = req.query_param("modality");
    p.language = req.query_param("language");
    p.format = req.query_param("format");
    p.country = req.query_param("country");
    p.city = req.query_param("city");
    p.fee_min = req.query_param("fee_min");
    p.fee_max = req.query_param("fee_max");
    p.currency = req.query_param("currency");
    p.free_consultation = req.query_param("free_consultation");
    p.reduced_fees = req.query_param("reduced_fees");
    p.sort = req.query_param("sort");
    p.language_currency = std::string(currency_of_accept_language(req.header("Accept-Language")));
    return p;
}

std::shared_ptr<const DirectoryListing::Html> DirectoryPages::cards_html(const DirectoryListing& listing,
                                                                        const std::string& zone) const {
    return listing.html_in(zone, [&] {
        const auto render = [&](const std::vector<Profile>& profiles) {
            return view_.templates().render("specialists/cards",
                                            boost::json::object{{"cards", cards_json(profiles, zone)}});
        };
        return DirectoryListing::Html{render(listing.profiles), render(listing.featured)};
    });
}

http::Response DirectoryPages::page(http::Request& req) {
    // A bad page number is treated like any bad filter on the page: noted
    // calmly and ignored.
    std::vector<FieldError> paging_problems;
    paging::Page page;
    try {
        page = paging::from_query(req);
    } catch (const Error& e) {
        paging_problems.push_back({e.field().value_or("page"), e.message()});
        page = paging::Page{};
    }
    auto r = directory_.search(
        params_of(req), result_page(page),
        {.featured = page.page == 1, .detail = ProfileDetail::card, .own_writes = req.principal.signed_in()});
    const auto& found = *r.listing;
    const auto cards_kept = cards_html(found, viewer_zone(req));
    const auto& cards = *cards_kept;
    r.problems.insert(r.problems.end(), paging_problems.begin(), paging_problems.end());

    const auto base = search_url(r.query, page.per_page);
    boost::json::object view{
        {"form", form_json(r, page.per_page)},
        {"problems", problems_json(r.problems)},
        {"summary", summary(found.total)},
        {"results_html", cards.results},
        {"has_results", !found.profiles.empty()},
        {"featured_html", cards.featured},
        {"has_featured", found.total > 0 && !found.featured.empty()},
        {"has_filters", r.query.narrowed()},
        {"filter_count", filters_set(r.query) > 0 ? std::to_string(filters_set(r.query)) : std::string()},
        {"no_results", found.total == 0},
        {"past_the_end", found.total > 0 && found.profiles.empty()},
        {"first_page_url", base},
        {"loosen", found.total == 0 ? loosening_links(r.query, page.per_page) : boost::json::array{}},
    };
    paging::add_links(view, page, found.total, base);

    render::PageMeta meta;
    meta.title = "Find a specialist";
    meta.description =
        "Search verified therapists and counsellors who understand trauma in relationships, by concern, approach, "
        "language, place and fee. Many offer a free first conversation.";
    meta.canonical_path = std::string(directory_path);
    meta.nav_section = "specialists";
    auto res = http::html(200, view_.page(req, "specialists/directory", std::move(view), meta));
    vary_with_language(res);
    return res;
}

boost::json::object DirectoryPages::form_json(const DirectoryResult& r, std::int64_t per_page) {
    const auto& q = r.query;
    const auto& v = *r.vocabularies;
    // Vocabulary lists are memoised only while the directory cache is on
    // (off measures everything computed per request).
    const auto version = directory_.caching() ? v.version : -1;
    const auto terms = [&](std::string_view list, const std::vector<vocabularies::Term>& all,
                           const std::optional<vocabularies::Term>& selected) {
        return options_html(version, fmt::format("{}|{}", list, selected ? selected->slug : ""),
                            [&] { return term_options(all, selected); });
    };
    return {
        {"q", q.text},
        {"city", q.city},
        {"fee_min", q.fee_min ? std::to_string(*q.fee_min) : std::string()},
        {"fee_max", q.fee_max ? std::to_string(*q.fee_max) : std::string()},
        {"currency_options",
         options_html(directory_.caching() ? 0 : -1,
                      fmt::format("currency|{}|{}", q.currency_source == CurrencySource::chosen ? 1 : 0, q.currency),
                      [&] { return currency_options(q); })},
        {"currency_hint", currency_hint(q)},
        {"free_consultation", q.free_consultation},
        {"reduced_fees", q.reduced_fees},
        {"per_page", per_page != paging::default_per_page ? std::to_string(per_page) : std::string()},
        {"specialties", terms("specialty", v.specialties, q.specialty)},
        {"modalities", terms("modality", v.modalities, q.modality)},
        {"languages", terms("language", v.languages, q.language)},
        {"country_options", options_html(0, "country|" + q.country, [&] { return country_options(q.country); })},
        {"formats", choice_options({{"", "Online or in person"}, {"online", "Online"}, {"in_person", "In person"}},
                                   format_name(q.format))},
        {"sorts",
         choice_options({{"relevance", "Best match"}, {"newest", "Newest"}, {"fee", "Lowest fee"}}, sort_name(q.sort))},
        // The less used filters sit in a <details> that opens when one is set.
        {"more_open", q.modality || !q.country.empty() || !q.city.empty() || q.sort != DirectorySort::relevance},
    };
}

std::string DirectoryPages::options_html(std::int64_t version, const std::string& key,
                                         const std::function<boost::json::array()>& build) {
    const auto render = [&] {
        return view_.templates().render("specialists/options", boost::json::object{{"options", build()}});
    };
    if (version < 0) return render();
    if (auto kept = options_.get(key, version)) return *kept;
    auto html = std::make_shared<const std::string>(render());
    options_.put(key, version, html);
    return *html;
}

http::Response DirectoryPages::api(http::Request& req) {
    const auto page = paging::from_query(req);
    auto r =
        directory_.search(params_of(req), result_page(page), {.strict = true, .own_writes = req.principal.signed_in()});
    if (!r.problems.empty()) throw Error::invalid_fields(std::move(r.problems));
    boost::json::array items;
    for (const auto& p : r.listing->profiles) items.push_back(public_profile_json(p));
    auto res = http::json(200, paging::list_json(std::move(items), r.listing->total, page));
    vary_with_language(res);
    return res;
}

}  // namespace hearth::specialists
