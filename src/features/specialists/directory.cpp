#include "features/specialists/directory.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <charconv>
#include <unordered_map>

#include "core/clock.hpp"
#include "db/search_text.hpp"
#include "features/specialists/directory_search.hpp"
#include "features/specialists/places.hpp"
#include "features/specialists/profile_store.hpp"

namespace hearth::specialists {

namespace {

constexpr std::size_t max_words = 8;
// Pages of recent searches kept per node.
constexpr std::size_t max_cached_listings = 256;

bool is_word_byte(unsigned char c) { return std::isalnum(c) || c >= 0x80; }

std::string trimmed(std::string_view s) {
    const auto b = s.find_first_not_of(" \t\r\n");
    if (b == std::string_view::npos) return {};
    const auto e = s.find_last_not_of(" \t\r\n");
    return std::string(s.substr(b, e - b + 1));
}

// "  New   York " -> "New York".
std::string collapse_spaces(std::string_view s) {
    std::string out;
    bool space = false;
    for (char c : s) {
        const bool blank = c == ' ' || c == '\t' || c == '\r' || c == '\n';
        if (blank) {
            space = !out.empty();
            continue;
        }
        if (space) out.push_back(' ');
        space = false;
        out.push_back(c);
    }
    return out;
}

bool has_control_character(std::string_view s) {
    return std::any_of(s.begin(), s.end(), [](char c) { return static_cast<unsigned char>(c) < 0x20 || c == 0x7f; });
}

// Characters of UTF-8 text (bytes that do not continue a character).
std::size_t characters(std::string_view s) {
    return static_cast<std::size_t>(
        std::count_if(s.begin(), s.end(), [](char c) { return (static_cast<unsigned char>(c) & 0xC0) != 0x80; }));
}

void read_term(std::string_view value, const DirectoryVocabularies& vocab, vocabularies::Kind kind,
               std::string_view field, std::string_view noun, std::optional<vocabularies::Term>& out,
               std::vector<FieldError>& problems) {
    const auto slug = trimmed(value);
    if (slug.empty()) return;
    if (const auto* term = vocab.find(kind, slug)) {
        out = *term;
    } else {
        problems.push_back({std::string(field), fmt::format("We don't know the {} \u201c{}\u201d, so we left it out.",
                                                            noun, slug.substr(0, 60))});
    }
}

std::optional<std::int64_t> whole_number(std::string_view text) {
    std::int64_t v = 0;
    auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), v);
    if (ec != std::errc{} || end != text.data() + text.size()) return std::nullopt;
    return v;
}

// An optional fee bound: a whole number in 0..max_fee_filter.
std::optional<std::int64_t> read_fee(std::string_view value, std::string_view field, std::string_view which,
                                     std::vector<FieldError>& problems) {
    const auto fee = trimmed(value);
    if (fee.empty()) return std::nullopt;
    const auto v = whole_number(fee);
    if (!v || *v < 0 || *v > max_fee_filter) {
        problems.push_back(
            {std::string(field), fmt::format("Please give the {} fee as a whole number, for example 80.", which)});
        return std::nullopt;
    }
    return v;
}

// "1" | "true" | "on" yes, "" | "0" | "false" no, anything else a problem.
void read_yes_no(std::string_view value, std::string_view field, std::string_view message, bool& out,
                 std::vector<FieldError>& problems) {
    const auto v = trimmed(value);
    if (v == "1" || v == "true" || v == "on") {
        out = true;
    } else if (!v.empty() && v != "0" && v != "false") {
        problems.push_back({std::string(field), std::string(message)});
    }
}

// The currency asked for, else the country filter's, else the visitor's
// language region's, else the fallback. Reads q.country, so it runs after
// the country is checked.
void read_currency(const DirectoryParams& params, DirectoryQuery& q, std::vector<FieldError>& problems) {
    auto asked = trimmed(params.currency);
    for (char& c : asked) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
    if (!asked.empty()) {
        if (known_currency(asked)) {
            q.currency = std::move(asked);
            q.currency_source = CurrencySource::chosen;
            return;
        }
        // Echoed only when it is short and plain, so the message stays readable.
        const bool plain = asked.size() <= 12 && std::all_of(asked.begin(), asked.end(), [](char c) {
                               return std::isalnum(static_cast<unsigned char>(c));
                           });
        problems.push_back({"currency", fmt::format("We don\u2019t compare fees in {}. Use a three-letter currency "
                                                    "code such as EUR, GBP or USD.",
                                                    plain ? "\u201c" + asked + "\u201d" : "that currency")});
    }
    if (const auto of_country = currency_of_country(q.country); !of_country.empty()) {
        q.currency = std::string(of_country);
        q.currency_source = CurrencySource::country;
    } else if (known_currency(params.language_currency)) {
        q.currency = params.language_currency;
        q.currency_source = CurrencySource::language;
    } else {
        q.currency = std::string(fallback_currency);
        q.currency_source = CurrencySource::fallback;
    }
}

// splitmix64: a well-mixed 64-bit hash, the same on every platform.
std::uint64_t mix(std::uint64_t x) {
    x += 0x9E3779B97F4A7C15ULL;
    x = (x ^ (x >> 30)) * 0xBF58476D1CE4E5B9ULL;
    x = (x ^ (x >> 27)) * 0x94D049BB133111EBULL;
    return x ^ (x >> 31);
}

std::int64_t utc_day() { return now_seconds() / 86400; }

}  // namespace

std::string_view sort_name(DirectorySort s) {
    switch (s) {
        case DirectorySort::relevance:
            return "relevance";
        case DirectorySort::newest:
            return "newest";
        case DirectorySort::fee:
            return "fee";
    }
    return "relevance";
}

std::string_view format_name(SessionFormat f) {
    switch (f) {
        case SessionFormat::any:
            return "";
        case SessionFormat::online:
            return "online";
        case SessionFormat::in_person:
            return "in_person";
    }
    return "";
}

DirectoryVocabularies DirectoryVocabularies::load(db::Session& s) {
    DirectoryVocabularies v;
    for (const auto& r : s.query("SELECT id, kind, slug, name FROM vocabulary_terms "
                                 "WHERE kind IN ('specialty', 'modality', 'language') ORDER BY kind, position, name")) {
        const auto kind = vocabularies::parse_kind(r.text(1));
        if (!kind) continue;
        vocabularies::Term t{r.integer(0), *kind, r.text(2), r.text(3)};
        if (*kind == vocabularies::Kind::specialty) v.specialties.push_back(std::move(t));
        if (*kind == vocabularies::Kind::modality) v.modalities.push_back(std::move(t));
        if (*kind == vocabularies::Kind::language) v.languages.push_back(std::move(t));
    }
    return v;
}

const vocabularies::Term* DirectoryVocabularies::find(vocabularies::Kind kind, std::string_view slug) const {
    const auto& list = kind == vocabularies::Kind::specialty  ? specialties
                       : kind == vocabularies::Kind::modality ? modalities
                                                              : languages;
    for (const auto& t : list) {
        if (t.slug == slug) return &t;
    }
    return nullptr;
}

std::string DirectoryQuery::key() const {
    std::string words_key;
    for (const auto& w : words) words_key += w + ' ';
    const auto id = [](const std::optional<vocabularies::Term>& t) { return t ? t->id : 0; };
    // The currency only where it changes the matches, so visitors whose
    // languages suggest different currencies share the same pages.
    return fmt::format("{}|{}|{}|{}|{}|{}|{}|{}|{}|{}|{}|{}|{}", words_key, id(specialty), id(modality), id(language),
                       format_name(format), country, db::search_text::fold(city), fee_min ? *fee_min : -1,
                       fee_max ? *fee_max : -1, uses_currency() ? currency : "", free_consultation ? 1 : 0,
                       reduced_fees ? 1 : 0, sort_name(sort));
}

bool DirectoryQuery::narrowed() const noexcept {
    return has_text() || specialty || modality || language || format != SessionFormat::any || !country.empty() ||
           !city.empty() || has_fee_filter() || free_consultation || reduced_fees;
}

std::vector<std::string> search_words(std::string_view q) { return db::search_text::words(q, max_words); }

DirectoryQuery read_directory_query(const DirectoryParams& params, const DirectoryVocabularies& vocab,
                                    std::vector<FieldError>& problems) {
    using vocabularies::Kind;
    DirectoryQuery q;

    auto text = trimmed(params.q);
    if (characters(text) > max_query_chars) {
        problems.push_back({"q", fmt::format("Please search with at most {} characters.", max_query_chars)});
    } else if (has_control_character(text)) {
        problems.push_back({"q", "Please search with ordinary text."});
    } else {
        q.words = search_words(text);
        q.text = std::move(text);
    }

    read_term(params.specialty, vocab, Kind::specialty, "specialty", "specialty", q.specialty, problems);
    read_term(params.modality, vocab, Kind::modality, "modality", "approach", q.modality, problems);
    read_term(params.language, vocab, Kind::language, "language", "language", q.language, problems);

    const auto format = trimmed(params.format);
    if (format == "online") {
        q.format = SessionFormat::online;
    } else if (format == "in_person") {
        q.format = SessionFormat::in_person;
    } else if (!format.empty()) {
        problems.push_back({"format", "Sessions can only be online or in person (format=online or format=in_person)."});
    }

    auto country = trimmed(params.country);
    for (char& c : country) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
    if (!country.empty()) {
        if (country_name(country).empty()) {
            problems.push_back({"country", "Use a two-letter country code, for example DE, GB or US."});
        } else {
            q.country = std::move(country);
        }
    }

    auto city = collapse_spaces(params.city);
    if (!city.empty()) {
        const bool has_letter =
            std::any_of(city.begin(), city.end(), [](char c) { return is_word_byte(static_cast<unsigned char>(c)); });
        if (characters(city) > max_city_chars || has_control_character(city) || !has_letter ||
            city.find('\\') != std::string::npos) {
            problems.push_back({"city", "Please type the name of a city, for example Berlin."});
        } else {
            q.city = std::move(city);
        }
    }

    q.fee_min = read_fee(params.fee_min, "fee_min", "lowest", problems);
    q.fee_max = read_fee(params.fee_max, "fee_max", "highest", problems);
    if (q.fee_min && q.fee_max && *q.fee_min > *q.fee_max) {
        problems.push_back({"fee_min", "The lowest fee must not be above the highest fee."});
        q.fee_min.reset();
    }
    read_currency(params, q, problems);

    read_yes_no(params.free_consultation, "free_consultation",
                "Use free_consultation=1 to see only free first consultations.", q.free_consultation, problems);
    read_yes_no(params.reduced_fees, "reduced_fees",
                "Use reduced_fees=1 to see only those who offer reduced fees or a sliding scale.", q.reduced_fees,
                problems);

    const auto sort = trimmed(params.sort);
    if (sort == "newest") {
        q.sort = DirectorySort::newest;
    } else if (sort == "fee") {
        q.sort = DirectorySort::fee;
    } else if (!sort.empty() && sort != "relevance") {
        problems.push_back({"sort", "Sort by relevance, newest or fee."});
    }
    return q;
}

std::vector<std::int64_t> featured_ids(const std::vector<std::int64_t>& free_ids, std::int64_t day) {
    const auto day_seed = mix(static_cast<std::uint64_t>(day));
    std::vector<std::pair<std::uint64_t, std::int64_t>> draw;
    draw.reserve(free_ids.size());
    for (auto id : free_ids) draw.emplace_back(mix(static_cast<std::uint64_t>(id) ^ day_seed), id);
    const auto n = std::min(featured_count, draw.size());
    std::partial_sort(draw.begin(), draw.begin() + static_cast<std::ptrdiff_t>(n), draw.end());
    std::vector<std::int64_t> out;
    for (std::size_t i = 0; i < n; ++i) out.push_back(draw[i].second);
    return out;
}

std::shared_ptr<const DirectoryListing::Html> DirectoryListing::html_in(const std::string& zone,
                                                                      const std::function<Html()>& render) const {
    {
        std::lock_guard lock(html_mutex_);
        for (const auto& [kept_zone, html] : html_by_zone_) {
            if (kept_zone == zone) return html;
        }
    }
    // Rendered outside the lock; two first viewers may both render, once.
    auto html = std::make_shared<const Html>(render());
    std::lock_guard lock(html_mutex_);
    if (html_by_zone_.size() < max_html_zones) html_by_zone_.emplace_back(zone, html);
    return html;
}

// ------------------------------------------------------------ Directory --

namespace {

const std::shared_ptr<const DirectoryListing> nothing_listed = std::make_shared<const DirectoryListing>();

// The page's key; the day is part of it, as the featured draw changes daily.
std::string listing_key(const DirectoryQuery& q, const ResultPage& page, const Directory::Options& options,
                        std::int64_t day) {
    const bool featured = options.featured && !q.narrowed();
    return fmt::format("{}|{}|{}|{}|{}|{}", q.key(), page.number, page.size, featured ? 1 : 0,
                       options.detail == ProfileDetail::card ? "card" : "full", day);
}

const std::string vocabularies_key = "vocabularies";

}  // namespace

Directory::Directory(db::Database& db, bool cache, const content_version::Watch& watch)
    : db_(db), cache_enabled_(cache), watch_(watch), listings_(max_cached_listings) {
    rebuild_search_index_if_stale(db_);
}

DirectoryResult Directory::search(const DirectoryParams& params, const ResultPage& page, Options options) {
    if (cache_enabled_ && !options.own_writes) {
        if (const auto pushed = watch_.pushed()) {
            if (auto answered = search_in_memory(params, page, options, *pushed)) return std::move(*answered);
        }
    }
    return db_.read([&](db::Session& s) {
        DirectoryResult out;
        const auto version = content_version::read(s);
        out.vocabularies = vocabularies(s, version);
        out.query = read_directory_query(params, *out.vocabularies, out.problems);
        out.listing = options.strict && !out.problems.empty() ? nothing_listed
                                                              : find_listing(s, out.query, page, options, version);
        return out;
    });
}

// A search asked before at the current version, answered without the
// database; nothing when anything it needs is not in memory.
std::optional<DirectoryResult> Directory::search_in_memory(const DirectoryParams& params, const ResultPage& page,
                                                           const Options& options, std::int64_t version) {
    DirectoryResult out;
    out.vocabularies = vocabularies_.get(vocabularies_key, version);
    if (!out.vocabularies) return std::nullopt;
    out.query = read_directory_query(params, *out.vocabularies, out.problems);
    if (options.strict && !out.problems.empty()) {
        out.listing = nothing_listed;
        return out;
    }
    out.listing = listings_.get(listing_key(out.query, page, options, utc_day()), version);
    if (!out.listing) return std::nullopt;
    return out;
}

std::shared_ptr<const DirectoryListing> Directory::find_listing(db::Session& s, const DirectoryQuery& q,
                                                                const ResultPage& page, const Options& options,
                                                                std::int64_t version) {
    const auto day = utc_day();
    const auto key = cache_enabled_ ? listing_key(q, page, options, day) : std::string();
    if (cache_enabled_) {
        if (auto kept = listings_.get(key, version)) return kept;
    }
    auto& index = db::SearchIndex::of(s);
    const auto& collection = specialist_collection();
    auto asked = search_query(q, page.offset(), page.size);
    // The featured are drawn from every match that offers a free
    // consultation, which the index reads in the same pass as the page.
    const bool with_featured = options.featured && !q.narrowed();
    if (with_featured) asked.collect_facet = free_facet;
    const auto found = index.find(s, collection, asked);
    auto listing = std::make_shared<DirectoryListing>();
    listing->total = found.total;

    // One load for the page and the featured profiles together; nobody on
    // the page is featured as well, so no card shows twice.
    auto ids = found.ids;
    std::vector<std::int64_t> featured;
    if (with_featured) {
        auto candidates = found.collected;
        std::erase_if(candidates, [&](std::int64_t id) { return std::find(ids.begin(), ids.end(), id) != ids.end(); });
        featured = featured_ids(candidates, day);
        ids.insert(ids.end(), featured.begin(), featured.end());
    }
    std::unordered_map<std::int64_t, Profile> loaded;
    for (auto& p : find_listed_profiles(s, ids, options.detail)) loaded.emplace(p.id, std::move(p));
    for (auto id : featured) {
        if (auto it = loaded.find(id); it != loaded.end()) listing->featured.push_back(std::move(it->second));
    }
    for (auto id : found.ids) {
        if (auto it = loaded.find(id); it != loaded.end()) listing->profiles.push_back(std::move(it->second));
    }
    if (cache_enabled_) listings_.put(key, version, listing);
    return listing;
}

std::shared_ptr<const DirectoryVocabularies> Directory::vocabularies(db::Session& s, std::int64_t version) {
    if (cache_enabled_) {
        if (auto kept = vocabularies_.get(vocabularies_key, version)) return kept;
    }
    auto fresh = DirectoryVocabularies::load(s);
    fresh.version = version;
    auto loaded = std::make_shared<const DirectoryVocabularies>(std::move(fresh));
    // A slower request may bring an older version: the cache keeps the newest.
    if (cache_enabled_) vocabularies_.put(vocabularies_key, version, loaded);
    return loaded;
}

}  // namespace hearth::specialists
