#include "features/specialists/directory.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <charconv>
#include <tuple>

#include "core/clock.hpp"
#include "features/specialists/directory_search.hpp"
#include "features/specialists/places.hpp"
#include "features/specialists/profile_store.hpp"
#include "http/input.hpp"

namespace hearth::specialists {

namespace {

constexpr std::size_t max_words = 8;
constexpr std::size_t max_word_bytes = 60;
// Results kept per cached search: 50 pages of 20. Deeper pages are
// computed each time (and are rarely asked for).
constexpr std::size_t max_cached_ids = 1000;
constexpr std::size_t max_cached_searches = 256;

// PostgreSQL's English stop words (which to_tsquery drops), removed for
// both engines so that "help with anxiety" finds the same on each.
constexpr std::array<std::string_view, 127> stop_words = {
    "a",       "about",  "above",   "after",  "again",  "against",    "all",       "am",        "an",    "and",
    "any",     "are",    "as",      "at",     "be",     "because",    "been",      "before",    "being", "below",
    "between", "both",   "but",     "by",     "can",    "did",        "do",        "does",      "doing", "don",
    "down",    "during", "each",    "few",    "for",    "from",       "further",   "had",       "has",   "have",
    "having",  "he",     "her",     "here",   "hers",   "herself",    "him",       "himself",   "his",   "how",
    "i",       "if",     "in",      "into",   "is",     "it",         "its",       "itself",    "just",  "me",
    "more",    "most",   "my",      "myself", "no",     "nor",        "not",       "now",       "of",    "off",
    "on",      "once",   "only",    "or",     "other",  "our",        "ours",      "ourselves", "out",   "over",
    "own",     "s",      "same",    "she",    "should", "so",         "some",      "such",      "t",     "than",
    "that",    "the",    "their",   "theirs", "them",   "themselves", "then",      "there",     "these", "they",
    "this",    "those",  "through", "to",     "too",    "under",      "until",     "up",        "very",  "was",
    "we",      "were",   "what",    "when",   "where",  "which",      "while",     "who",       "whom",  "why",
    "will",    "with",   "you",     "your",   "yours",  "yourself",   "yourselves"};

bool is_word_byte(unsigned char c) { return std::isalnum(c) || c >= 0x80; }

bool is_stop_word(std::string_view w) { return std::find(stop_words.begin(), stop_words.end(), w) != stop_words.end(); }

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

std::string ascii_lower(std::string s) {
    for (char& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    return s;
}

void read_term(const http::Request& req, const DirectoryVocabularies& vocab, vocabularies::Kind kind,
               std::string_view field, std::string_view noun, std::optional<vocabularies::Term>& out,
               std::vector<FieldError>& problems) {
    const auto slug = trimmed(req.query_param(field));
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
    return fmt::format("{}|{}|{}|{}|{}|{}|{}|{}|{}|{}", words_key, id(specialty), id(modality), id(language),
                       format_name(format), country, ascii_lower(city), fee_max ? *fee_max : -1,
                       free_consultation ? 1 : 0, sort_name(sort));
}

std::vector<std::string> search_words(std::string_view q) {
    std::vector<std::string> words;
    for (std::size_t i = 0; i < q.size() && words.size() < max_words;) {
        while (i < q.size() && !is_word_byte(static_cast<unsigned char>(q[i]))) ++i;
        const auto start = i;
        while (i < q.size() && is_word_byte(static_cast<unsigned char>(q[i]))) ++i;
        if (i == start || i - start > max_word_bytes) continue;
        auto word = ascii_lower(std::string(q.substr(start, i - start)));
        if (is_stop_word(word) || std::find(words.begin(), words.end(), word) != words.end()) continue;
        words.push_back(std::move(word));
    }
    return words;
}

DirectoryQuery read_directory_query(const http::Request& req, const DirectoryVocabularies& vocab,
                                    std::vector<FieldError>& problems) {
    using vocabularies::Kind;
    DirectoryQuery q;

    auto text = trimmed(req.query_param("q"));
    if (http::utf8_length(text) > max_query_chars) {
        problems.push_back({"q", fmt::format("Please search with at most {} characters.", max_query_chars)});
    } else if (has_control_character(text)) {
        problems.push_back({"q", "Please search with ordinary text."});
    } else {
        q.words = search_words(text);
        q.text = std::move(text);
    }

    read_term(req, vocab, Kind::specialty, "specialty", "specialty", q.specialty, problems);
    read_term(req, vocab, Kind::modality, "modality", "approach", q.modality, problems);
    read_term(req, vocab, Kind::language, "language", "language", q.language, problems);

    const auto format = trimmed(req.query_param("format"));
    if (format == "online") {
        q.format = SessionFormat::online;
    } else if (format == "in_person") {
        q.format = SessionFormat::in_person;
    } else if (!format.empty()) {
        problems.push_back({"format", "Sessions can only be online or in person (format=online or format=in_person)."});
    }

    auto country = trimmed(req.query_param("country"));
    for (char& c : country) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
    if (!country.empty()) {
        if (country_name(country).empty()) {
            problems.push_back({"country", "Use a two-letter country code, for example DE, GB or US."});
        } else {
            q.country = std::move(country);
        }
    }

    auto city = collapse_spaces(req.query_param("city"));
    if (!city.empty()) {
        const bool has_letter =
            std::any_of(city.begin(), city.end(), [](char c) { return is_word_byte(static_cast<unsigned char>(c)); });
        if (http::utf8_length(city) > max_city_chars || has_control_character(city) || !has_letter ||
            city.find('\\') != std::string::npos) {
            problems.push_back({"city", "Please type the name of a city, for example Berlin."});
        } else {
            q.city = std::move(city);
        }
    }

    const auto fee = trimmed(req.query_param("fee_max"));
    if (!fee.empty()) {
        const auto v = whole_number(fee);
        if (!v || *v < 0 || *v > max_fee_filter) {
            problems.push_back({"fee_max", "Please give the highest fee as a whole number, for example 80."});
        } else {
            q.fee_max = *v;
        }
    }

    const auto free = trimmed(req.query_param("free_consultation"));
    if (free == "1" || free == "true" || free == "on") {
        q.free_consultation = true;
    } else if (!free.empty() && free != "0" && free != "false") {
        problems.push_back({"free_consultation", "Use free_consultation=1 to see only free first consultations."});
    }

    const auto sort = trimmed(req.query_param("sort"));
    if (sort == "newest") {
        q.sort = DirectorySort::newest;
    } else if (sort == "fee") {
        q.sort = DirectorySort::fee;
    } else if (!sort.empty() && sort != "relevance") {
        problems.push_back({"sort", "Sort by relevance, newest or fee."});
    }
    return q;
}

void order_matches(std::vector<Match>& matches, const DirectoryQuery& q) {
    const auto newest_first = [](const Match& a, const Match& b) { return a.id > b.id; };
    switch (q.sort) {
        case DirectorySort::relevance:
            if (q.has_text()) {
                const auto score = [](const Match& m) {
                    return m.relevance * (m.free_consultation ? free_consultation_boost : 1.0);
                };
                std::sort(matches.begin(), matches.end(), [&](const Match& a, const Match& b) {
                    const auto sa = score(a), sb = score(b);
                    return sa != sb ? sa > sb : a.id > b.id;
                });
            } else {
                std::sort(matches.begin(), matches.end(), [&](const Match& a, const Match& b) {
                    return a.free_consultation != b.free_consultation ? a.free_consultation : newest_first(a, b);
                });
            }
            break;
        case DirectorySort::newest:
            std::sort(matches.begin(), matches.end(), newest_first);
            break;
        case DirectorySort::fee:
            std::sort(matches.begin(), matches.end(), [&](const Match& a, const Match& b) {
                if (a.fee_min.has_value() != b.fee_min.has_value()) return a.fee_min.has_value();
                if (a.fee_min != b.fee_min) return *a.fee_min < *b.fee_min;
                return newest_first(a, b);
            });
            break;
    }
}

std::vector<std::int64_t> featured_ids(const std::vector<Match>& matches, std::int64_t day) {
    const auto day_seed = mix(static_cast<std::uint64_t>(day));
    std::vector<std::pair<std::uint64_t, std::int64_t>> draw;
    for (const auto& m : matches) {
        if (m.free_consultation) draw.emplace_back(mix(static_cast<std::uint64_t>(m.id) ^ day_seed), m.id);
    }
    const auto n = std::min(featured_count, draw.size());
    std::partial_sort(draw.begin(), draw.begin() + static_cast<std::ptrdiff_t>(n), draw.end());
    std::vector<std::int64_t> out;
    for (std::size_t i = 0; i < n; ++i) out.push_back(draw[i].second);
    return out;
}

// ------------------------------------------------------------ Directory --

namespace {

const std::shared_ptr<const DirectoryListing> nothing_listed = std::make_shared<const DirectoryListing>();

std::string listing_key(const DirectoryQuery& q, const paging::Page& page, bool featured, ProfileDetail detail) {
    return fmt::format("{}|{}|{}|{}|{}", q.key(), page.page, page.per_page, featured ? 1 : 0,
                       detail == ProfileDetail::card ? "card" : "full");
}

}  // namespace

DirectoryResult Directory::search(const http::Request& req, const paging::Page& page, Options options) {
    if (cache_enabled_ && !options.own_writes) {
        if (const auto pushed = watch_.pushed()) {
            if (auto answered = search_in_memory(req, page, options, *pushed)) return std::move(*answered);
        }
    }
    return db_.read([&](db::Session& s) {
        DirectoryResult out;
        const auto version = content_version::read(s);
        out.vocabularies = vocabularies(s, version);
        out.query = read_directory_query(req, *out.vocabularies, out.problems);
        out.listing = options.strict && !out.problems.empty() ? nothing_listed
                                                              : find_listing(s, out.query, page, options, version);
        return out;
    });
}

// A search asked before at the current version, answered without the
// database; nothing when anything it needs is not in memory.
std::optional<DirectoryResult> Directory::search_in_memory(const http::Request& req, const paging::Page& page,
                                                           const Options& options, std::int64_t version) {
    DirectoryResult out;
    out.vocabularies = kept_vocabularies(version);
    if (!out.vocabularies) return std::nullopt;
    out.query = read_directory_query(req, *out.vocabularies, out.problems);
    if (options.strict && !out.problems.empty()) {
        out.listing = nothing_listed;
        return out;
    }
    out.listing = kept_listing(listing_key(out.query, page, options.featured, options.detail), version, utc_day());
    if (!out.listing) return std::nullopt;
    return out;
}

std::shared_ptr<const DirectoryListing> Directory::find_listing(db::Session& s, const DirectoryQuery& q,
                                                                const paging::Page& page, const Options& options,
                                                                std::int64_t version) {
    const auto day = utc_day();
    const auto key = cache_enabled_ ? listing_key(q, page, options.featured, options.detail) : std::string();
    if (cache_enabled_) {
        if (auto kept = kept_listing(key, version, day)) return kept;
    }
    const auto needed = static_cast<std::size_t>(page.offset() + page.per_page);
    const auto found = hits(s, q, version, day, needed);
    auto listing = std::make_shared<DirectoryListing>();
    listing->total = found.total;

    // One load for the page and the featured profiles together.
    const auto first = std::min(found.ids.size(), static_cast<std::size_t>(page.offset()));
    const auto last = std::min(found.ids.size(), needed);
    std::vector<std::int64_t> ids(found.ids.begin() + static_cast<std::ptrdiff_t>(first),
                                  found.ids.begin() + static_cast<std::ptrdiff_t>(last));
    const std::vector<std::int64_t> page_ids = ids;
    if (options.featured) {
        for (auto id : found.featured) {
            if (std::find(ids.begin(), ids.end(), id) == ids.end()) ids.push_back(id);
        }
    }
    std::unordered_map<std::int64_t, Profile> loaded;
    for (auto& p : find_listed_profiles(s, ids, options.detail)) loaded.emplace(p.id, std::move(p));
    // The featured are copied (they may be on the page too), the page moved.
    if (options.featured) {
        for (auto id : found.featured) {
            if (auto it = loaded.find(id); it != loaded.end()) listing->featured.push_back(it->second);
        }
    }
    for (auto id : page_ids) {
        if (auto it = loaded.find(id); it != loaded.end()) listing->profiles.push_back(std::move(it->second));
    }
    if (cache_enabled_) keep_listing(key, KeptListing{version, day, listing, 0});
    return listing;
}

std::shared_ptr<const DirectoryVocabularies> Directory::kept_vocabularies(std::int64_t version) {
    std::lock_guard lock(mutex_);
    if (vocabularies_ && vocabularies_version_ == version) return vocabularies_;
    return nullptr;
}

std::shared_ptr<const DirectoryListing> Directory::kept_listing(const std::string& key, std::int64_t version,
                                                                std::int64_t day) {
    std::lock_guard lock(mutex_);
    auto it = listings_.find(key);
    if (it == listings_.end() || it->second.version != version || it->second.day != day) return nullptr;
    it->second.last_used = ++clock_;
    return it->second.listing;
}

void Directory::keep_listing(const std::string& key, KeptListing kept) {
    std::lock_guard lock(mutex_);
    if (auto it = listings_.find(key); it != listings_.end() && it->second.version > kept.version) return;
    if (listings_.size() >= max_cached_searches && !listings_.contains(key)) {
        // Pages of an older version go first, then the least recently used.
        auto oldest = std::min_element(listings_.begin(), listings_.end(), [](const auto& a, const auto& b) {
            return std::tie(a.second.version, a.second.last_used) < std::tie(b.second.version, b.second.last_used);
        });
        listings_.erase(oldest);
    }
    kept.last_used = ++clock_;
    listings_.insert_or_assign(key, std::move(kept));
}

std::shared_ptr<const DirectoryVocabularies> Directory::vocabularies(db::Session& s, std::int64_t version) {
    if (cache_enabled_) {
        if (auto kept = kept_vocabularies(version)) return kept;
    }
    auto fresh = DirectoryVocabularies::load(s);
    fresh.version = version;
    auto loaded = std::make_shared<const DirectoryVocabularies>(std::move(fresh));
    if (cache_enabled_) {
        std::lock_guard lock(mutex_);
        // A slower request may bring an older version: keep the newest.
        if (version >= vocabularies_version_) {
            vocabularies_ = loaded;
            vocabularies_version_ = version;
        }
    }
    return loaded;
}

Directory::Hits Directory::hits(db::Session& s, const DirectoryQuery& q, std::int64_t version, std::int64_t day,
                                std::size_t needed) {
    const auto key = cache_enabled_ ? q.key() : std::string();
    if (cache_enabled_) {
        if (auto h = cached(key, version, day, needed)) return std::move(*h);
    }
    auto matches = find_matches(s, q);
    order_matches(matches, q);

    Hits h;
    h.version = version;
    h.day = day;
    h.total = static_cast<std::int64_t>(matches.size());
    h.featured = featured_ids(matches, day);
    const auto keep = std::min(matches.size(), std::max(needed, cache_enabled_ ? max_cached_ids : 0));
    h.complete = keep == matches.size();
    h.ids.reserve(keep);
    for (std::size_t i = 0; i < keep; ++i) h.ids.push_back(matches[i].id);
    if (cache_enabled_ && h.ids.size() <= max_cached_ids) remember(key, h);
    return h;
}

std::optional<Directory::Hits> Directory::cached(const std::string& key, std::int64_t version, std::int64_t day,
                                                 std::size_t needed) {
    std::lock_guard lock(mutex_);
    auto it = hits_.find(key);
    if (it == hits_.end()) return std::nullopt;
    auto& h = it->second;
    if (h.version != version || h.day != day) return std::nullopt;
    if (!h.complete && h.ids.size() < needed) return std::nullopt;
    h.last_used = ++clock_;
    return h;
}

void Directory::remember(const std::string& key, Hits h) {
    std::lock_guard lock(mutex_);
    if (hits_.size() >= max_cached_searches && !hits_.contains(key)) {
        // Evict the least recently used; a linear scan over 256 entries
        // only happens when a new search is computed anyway.
        auto oldest = std::min_element(hits_.begin(), hits_.end(), [](const auto& a, const auto& b) {
            return a.second.last_used < b.second.last_used;
        });
        hits_.erase(oldest);
    }
    h.last_used = ++clock_;
    hits_.insert_or_assign(key, std::move(h));
}

}  // namespace hearth::specialists
