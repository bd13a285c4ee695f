#pragma once
// The specialist directory: what a search asks for (read and checked from
// plain parameters), which matches are featured, and the Directory service
// that answers a search in one read transaction.
#include <cstdint>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/error.hpp"
#include "core/versioned_cache.hpp"
#include "db/database.hpp"
#include "features/common/content_version.hpp"
#include "features/specialists/directory_fees.hpp"
#include "features/specialists/profile.hpp"
#include "features/specialists/profile_store.hpp"
#include "features/vocabularies/vocabulary.hpp"

namespace hearth::specialists {

enum class DirectorySort { relevance, newest, fee };
enum class SessionFormat { any, online, in_person };

std::string_view sort_name(DirectorySort s);
std::string_view format_name(SessionFormat f);

// The curated lists the directory filters by, read together.
struct DirectoryVocabularies {
    std::int64_t version = 0;  // directory_state.version they were read at
    std::vector<vocabularies::Term> specialties;
    std::vector<vocabularies::Term> modalities;
    std::vector<vocabularies::Term> languages;

    static DirectoryVocabularies load(db::Session& s);
    const vocabularies::Term* find(vocabularies::Kind kind, std::string_view slug) const;
};

// A search as asked, every value a string as typed ("" for not given):
// the page and the API fill it from the query string.
struct DirectoryParams {
    std::string q;
    std::string specialty;
    std::string modality;
    std::string language;
    std::string format;  // "online" | "in_person"
    std::string country;
    std::string city;
    std::string fee_min;
    std::string fee_max;
    std::string currency;           // ISO 4217, the currency fee_min and fee_max are in
    std::string free_consultation;  // "1" | "true" | "on" | "0" | "false"
    std::string reduced_fees;       // the same values: only sliding scales or reduced fees
    std::string sort;               // "relevance" | "newest" | "fee"
    // Not typed by the visitor: the currency their Accept-Language region
    // suggests (currency_of_accept_language), "" for none. Used only when
    // neither `currency` nor `country` says which one to compare fees in.
    std::string language_currency;
};

// Where the currency of a fee filter came from (the page says so).
enum class CurrencySource { chosen, country, language, fallback };

// The page of results asked for: 1-based, `size` of them (the caller
// checks both, see paging::parse).
struct ResultPage {
    std::int64_t number = 1;
    std::int64_t size = 20;
    std::int64_t offset() const noexcept { return (number - 1) * size; }
};

struct DirectoryQuery {
    std::string text;                // q as typed (trimmed): the form shows it again
    std::vector<std::string> words;  // what is searched (see search_words)
    std::optional<vocabularies::Term> specialty;
    std::optional<vocabularies::Term> modality;
    std::optional<vocabularies::Term> language;
    SessionFormat format = SessionFormat::any;
    std::string country;  // ISO 3166-1 alpha-2, upper case; "" for any
    std::string city;     // as typed, spaces collapsed; "" for any
    // The visitor's fee range, in whole units of `currency`: a specialist
    // matches when their own range meets it (lowest fee <= fee_max, highest
    // fee >= fee_min) and their fees are in `currency`.
    std::optional<std::int64_t> fee_min;
    std::optional<std::int64_t> fee_max;
    // The currency fees are filtered and ordered in: always set (see
    // read_directory_query), but it changes the matches only with a fee
    // filter or the fee order.
    std::string currency{fallback_currency};
    CurrencySource currency_source = CurrencySource::fallback;
    bool free_consultation = false;
    bool reduced_fees = false;  // sliding scale or reduced fees offered
    DirectorySort sort = DirectorySort::relevance;

    bool has_text() const noexcept { return !words.empty(); }
    bool has_fee_filter() const noexcept { return fee_min || fee_max; }
    // Whether the currency decides anything: a fee filter or the fee order.
    bool uses_currency() const noexcept { return has_fee_filter() || sort == DirectorySort::fee; }
    // Whether the visitor narrowed the directory at all (words or any
    // filter; the order and the page do not count).
    bool narrowed() const noexcept;
    // Equal keys mean equal matches in equal order (the cache's key).
    std::string key() const;
};

inline constexpr std::size_t max_query_chars = 200;
inline constexpr std::size_t max_city_chars = 100;
inline constexpr std::int64_t max_fee_filter = 100000;

// Checks q, specialty, modality, language, format, country, city, fee_min,
// fee_max, currency, free_consultation, reduced_fees and sort. Empty values
// mean "any". A bad value is left out of the query and reported in
// `problems` (its field and a message for a person): the API answers 422
// naming the field, the page says so calmly and searches without it.
// The currency is the one asked for, else the country filter's
// (currency_of_country), else `language_currency`, else EUR.
DirectoryQuery read_directory_query(const DirectoryParams& params, const DirectoryVocabularies& vocab,
                                    std::vector<FieldError>& problems);

// The words of q that are searched (db::search_text::words): runs of
// letters and digits (any byte of a multi-byte UTF-8 character counts as a
// letter), lower-cased with Latin accents folded, without common English
// stop words or repeats, at most eight. Everything else, quotes and
// operators included, only separates words: user input is never search
// syntax in either engine.
std::vector<std::string> search_words(std::string_view q);

// Relevance of those who offer a free consultation is multiplied by this:
// enough to lift them among similar matches, never above a clearly better
// one (a specialty match weighs ten times a mention in a bio).
inline constexpr double free_consultation_boost = 1.25;
inline constexpr std::size_t featured_count = 3;

// Up to three of `free_ids` (matches that offer a free consultation), a
// different fair draw every day: ordered by a hash of (id, day), so every
// node picks the same ones and over the days each is featured about as
// often as any other. `day`: days since 1970-01-01 UTC.
std::vector<std::int64_t> featured_ids(const std::vector<std::int64_t>& free_ids, std::int64_t day);

// One page of a search: the same for everyone who asks it at one version
// of the directory, so it can be kept and shared.
struct DirectoryListing {
    std::int64_t total = 0;
    std::vector<Profile> profiles;  // the requested page, in order
    std::vector<Profile> featured;  // only when asked for

    // The cards as HTML, which are the same for every viewer in one time
    // zone (cards show the next free time in the viewer's zone): the page
    // renders them the first time it shows this listing in a zone, and a
    // listing kept in memory is then shown without rendering them again.
    struct Html {
        std::string results;
        std::string featured;
    };
    // The cards in `zone`, rendered by `render` the first time; kept for up
    // to max_html_zones zones (viewers in more are rendered each time).
    std::shared_ptr<const Html> html_in(const std::string& zone, const std::function<Html()>& render) const;
    static constexpr std::size_t max_html_zones = 8;

private:
    mutable std::mutex html_mutex_;
    mutable std::vector<std::pair<std::string, std::shared_ptr<const Html>>> html_by_zone_;
};

struct DirectoryResult {
    DirectoryQuery query;
    std::vector<FieldError> problems;  // bad filters that were left out
    std::shared_ptr<const DirectoryVocabularies> vocabularies;
    std::shared_ptr<const DirectoryListing> listing;  // never null
};

// Answers directory searches. With `cache` on, each node keeps the
// vocabularies and the pages of recent searches in VersionedCaches at the
// content version they were read at, and uses only what was read at the
// current version, whichever node changed the data. The current version
// comes from `watch` when it has one (no query at all: a repeated search
// is answered from memory), else from the database. Without the cache
// every search asks the store's search index (db/search.hpp), which ranks,
// sorts and cuts the page inside the engine.
class Directory {
public:
    // Rebuilds the search documents first if they are missing or were built
    // another way (rebuild_search_index_if_stale).
    Directory(db::Database& db, bool cache, const content_version::Watch& watch);

    struct Options {
        // Also draw the featured strip, from matches not on this page, but
        // only when nobody narrowed the directory (DirectoryQuery::narrowed):
        // someone who searched or filtered has said what they need, the
        // free-consultation boost already lifts those matches, and a strip
        // would only push their results down or show them twice.
        bool featured = false;
        bool strict = false;                         // do not search at all when a filter is bad (the API's 422)
        ProfileDetail detail = ProfileDetail::full;  // cards need less
        // Read the version from the database rather than trust the pushed
        // one, which trails a commit by a moment: for signed-in people,
        // who may have just changed what they are about to look at.
        bool own_writes = false;
    };
    // One page of the search `params` asks for; bad parameters are left out
    // and named in the result's `problems`.
    DirectoryResult search(const DirectoryParams& params, const ResultPage& page, Options options);
    bool caching() const noexcept { return cache_enabled_; }

private:
    std::optional<DirectoryResult> search_in_memory(const DirectoryParams& params, const ResultPage& page,
                                                    const Options& options, std::int64_t version);
    std::shared_ptr<const DirectoryListing> find_listing(db::Session& s, const DirectoryQuery& q,
                                                         const ResultPage& page, const Options& options,
                                                         std::int64_t version);
    std::shared_ptr<const DirectoryVocabularies> vocabularies(db::Session& s, std::int64_t version);

    db::Database& db_;
    const bool cache_enabled_;
    const content_version::Watch& watch_;
    VersionedCache<DirectoryVocabularies> vocabularies_{1};
    VersionedCache<DirectoryListing> listings_;
};

}  // namespace hearth::specialists
