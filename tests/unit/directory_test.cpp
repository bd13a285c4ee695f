// The directory's pure parts: reading and checking filters, the search a
// query asks of the index (facets, range, order, page), the fair featured
// draw, and the synthetic specialists of `hearth seed --specialists`.
// How the index answers that search is tested in search_test.cpp.
#include "features/specialists/directory.hpp"

#include <date/tz.h>
#include <gtest/gtest.h>

#include <algorithm>
#include <map>
#include <set>

#include "app/seed_specialists.hpp"
#include "features/specialists/directory_fees.hpp"
#include "features/specialists/directory_pages.hpp"
#include "features/specialists/directory_search.hpp"
#include "features/specialists/places.hpp"
#include "features/specialists/profile_view.hpp"
#include "http/request.hpp"

namespace {

using namespace hearth::specialists;
using hearth::FieldError;
using hearth::vocabularies::Kind;
using hearth::vocabularies::Term;

hearth::http::Request request(const std::string& target) {
    hearth::http::BeastRequest raw{boost::beast::http::verb::get, target, 11};
    return hearth::http::Request(std::move(raw), "127.0.0.1");
}

DirectoryVocabularies vocabularies() {
    DirectoryVocabularies v;
    v.specialties = {{4, Kind::specialty, "attachment", "Attachment"}, {10, Kind::specialty, "anxiety", "Anxiety"}};
    v.modalities = {{16, Kind::modality, "emdr", "EMDR"}};
    v.languages = {{36, Kind::language, "en", "English"}, {47, Kind::language, "de", "German"}};
    return v;
}

// The parameters of a URL's query string, as the page and the API read them.
DirectoryParams params(const std::string& target) { return params_of(request(target)); }

DirectoryQuery read(const std::string& target, std::vector<FieldError>& problems) {
    const auto vocab = vocabularies();
    return read_directory_query(params(target), vocab, problems);
}

std::vector<std::string> fields(const std::vector<FieldError>& problems) {
    std::vector<std::string> out;
    for (const auto& p : problems) out.push_back(p.field);
    return out;
}

TEST(DirectoryQueryTest, ReadsEveryFilter) {
    std::vector<FieldError> problems;
    auto q = read(
        "/specialists?q=Attachment+wounds&specialty=attachment&modality=emdr&language=de&format=online"
        "&country=de&city=%20Frankfurt%20%20am%20Main&fee_max=80&free_consultation=1&sort=fee",
        problems);
    EXPECT_TRUE(problems.empty());
    EXPECT_EQ(q.text, "Attachment wounds");
    EXPECT_EQ(q.words, (std::vector<std::string>{"attachment", "wounds"}));
    ASSERT_TRUE(q.specialty && q.modality && q.language);
    EXPECT_EQ(q.specialty->id, 4);
    EXPECT_EQ(q.modality->id, 16);
    EXPECT_EQ(q.language->id, 47);
    EXPECT_EQ(q.format, SessionFormat::online);
    EXPECT_EQ(q.country, "DE");
    EXPECT_EQ(q.city, "Frankfurt am Main");
    EXPECT_EQ(q.fee_max, 80);
    EXPECT_TRUE(q.free_consultation);
    EXPECT_EQ(q.sort, DirectorySort::fee);
}

TEST(DirectoryQueryTest, EmptyValuesMeanAny) {
    std::vector<FieldError> problems;
    auto q =
        read("/specialists?q=&specialty=&language=&format=&country=&city=&fee_max=&free_consultation=&sort=", problems);
    EXPECT_TRUE(problems.empty());
    EXPECT_FALSE(q.has_text() || q.specialty || q.language || q.fee_max || q.free_consultation);
    EXPECT_EQ(q.format, SessionFormat::any);
    EXPECT_EQ(q.sort, DirectorySort::relevance);
}

TEST(DirectoryQueryTest, BadValuesAreNamedAndLeftOut) {
    std::vector<FieldError> problems;
    auto q = read(
        "/specialists?specialty=astrology&modality=x&language=xx&format=abc&country=XX&fee_max=-1"
        "&free_consultation=maybe&sort=best&city=%5C%5C",
        problems);
    EXPECT_EQ(fields(problems), (std::vector<std::string>{"specialty", "modality", "language", "format", "country",
                                                          "city", "fee_max", "free_consultation", "sort"}));
    EXPECT_FALSE(q.specialty || q.modality || q.language || q.fee_max || q.free_consultation);
    EXPECT_EQ(q.format, SessionFormat::any);
    EXPECT_TRUE(q.country.empty());
    EXPECT_TRUE(q.city.empty());

    for (const char* fee : {"abc", "1.5", "100001", "8O"}) {
        problems.clear();
        read(std::string("/specialists?fee_max=") + fee, problems);
        EXPECT_EQ(fields(problems), std::vector<std::string>{"fee_max"}) << fee;
    }
    problems.clear();
    read("/specialists?q=" + std::string(201, 'a'), problems);
    EXPECT_EQ(fields(problems), std::vector<std::string>{"q"});
    problems.clear();
    read("/specialists?country=DEU", problems);
    EXPECT_EQ(fields(problems), std::vector<std::string>{"country"});
}

TEST(DirectoryQueryTest, KeysDifferWhenResultsMayDiffer) {
    std::vector<FieldError> problems;
    std::set<std::string> keys;
    for (const char* target : {"/s", "/s?q=anxiety", "/s?specialty=anxiety", "/s?language=en", "/s?format=online",
                               "/s?format=in_person", "/s?country=DE", "/s?city=Berlin", "/s?fee_max=80",
                               "/s?free_consultation=1", "/s?sort=newest", "/s?sort=fee", "/s?modality=emdr"}) {
        keys.insert(read(target, problems).key());
    }
    EXPECT_EQ(keys.size(), 13u);
    // Spelling that cannot change the matches gives the same key.
    EXPECT_EQ(read("/s?q=ANXIETY", problems).key(), read("/s?q=anxiety&page=2", problems).key());
    EXPECT_EQ(read("/s?city=berlin", problems).key(), read("/s?city=BERLIN", problems).key());
}

TEST(SearchWordsTest, UserInputIsNeverSearchSyntax) {
    EXPECT_EQ(search_words("attachment\" OR name:* NEAR(a b) ^c -d"),
              (std::vector<std::string>{"attachment", "name", "near", "b", "c", "d"}));
    EXPECT_EQ(search_words("help with the anxiety, and me"), (std::vector<std::string>{"help", "anxiety"}));
    // Accents fold, so "Zurich" finds "Zürich" on both engines.
    EXPECT_EQ(search_words("Zürich   zurich Ökologie"), (std::vector<std::string>{"zurich", "okologie"}));
    EXPECT_EQ(search_words("a b c d e f g h i j k l m n o p q r"),
              (std::vector<std::string>{"b", "c", "d", "e", "f", "g", "h", "j"}));
    EXPECT_TRUE(search_words("' \" ( ) * : ^ & | ! < > \\").empty());
}

TEST(DirectorySearchTest, FiltersBecomeFacetsAndTheFeeARange) {
    std::vector<FieldError> problems;
    auto q = read(
        "/s?q=trust%22+OR+*&specialty=attachment&modality=emdr&language=de&format=in_person&free_consultation=1"
        "&country=gb&city=St%20%20John%22s&fee_max=80",
        problems);
    ASSERT_TRUE(problems.empty());
    const auto asked = search_query(q, 40, 20);
    EXPECT_EQ(asked.words, std::vector<std::string>{"trust"});
    EXPECT_EQ(asked.facets,
              (std::vector<std::string>{"specialty:attachment", "modality:emdr", "language:de", "format:in_person",
                                        "free:1", "country:GB", "city:St John\"s", "currency:GBP"}));
    ASSERT_EQ(asked.ranges.size(), 1u);
    EXPECT_EQ(asked.ranges[0].key, "fee");
    EXPECT_FALSE(asked.ranges[0].min.has_value());
    EXPECT_EQ(asked.ranges[0].max, 80);
    EXPECT_EQ(asked.offset, 40);
    EXPECT_EQ(asked.limit, 20);
    // The same facets as the documents carry (search_index.cpp).
    EXPECT_EQ(city_facet("  St  John\"s "), "city:St John\"s");
    EXPECT_EQ(term_facet({4, Kind::specialty, "attachment", "Attachment"}), "specialty:attachment");
    EXPECT_TRUE(search_query(read("/s", problems), 0, 20).facets.empty());
}

TEST(DirectorySearchTest, EachSortBecomesAnOrderOfTheIndex) {
    using By = hearth::db::SearchOrder::By;
    std::vector<FieldError> problems;
    // Words: boosted relevance.
    auto asked = search_query(read("/s?q=attachment", problems), 0, 20);
    ASSERT_EQ(asked.order.size(), 1u);
    EXPECT_EQ(asked.order[0].by, By::relevance);
    EXPECT_EQ(asked.boost_facet, free_facet);
    EXPECT_DOUBLE_EQ(asked.boost, free_consultation_boost);
    // No words: free consultations first, then the newest (the index's last step).
    asked = search_query(read("/s", problems), 0, 20);
    ASSERT_EQ(asked.order.size(), 1u);
    EXPECT_EQ(asked.order[0].by, By::facet_first);
    EXPECT_EQ(asked.order[0].name, free_facet);
    // Newest: the index's own last step alone.
    EXPECT_TRUE(search_query(read("/s?sort=newest&q=attachment", problems), 0, 20).order.empty());
    // Fee: the query's currency first, then lowest first (unknown last, as every key).
    asked = search_query(read("/s?sort=fee&currency=gbp", problems), 0, 20);
    ASSERT_EQ(asked.order.size(), 2u);
    EXPECT_EQ(asked.order[0].by, By::facet_first);
    EXPECT_EQ(asked.order[0].name, "currency:GBP");
    EXPECT_EQ(asked.order[1].by, By::key_ascending);
    EXPECT_EQ(asked.order[1].name, "fee");
}

TEST(DirectoryFeesTest, AFeeFilterAppliesWithinOneCurrency) {
    std::vector<FieldError> problems;
    auto q = read("/s?fee_min=50&fee_max=150&currency=GBP", problems);
    ASSERT_TRUE(problems.empty());
    EXPECT_EQ(q.currency, "GBP");
    EXPECT_EQ(q.currency_source, CurrencySource::chosen);
    const auto asked = search_query(q, 0, 20);
    EXPECT_EQ(asked.facets, std::vector<std::string>{"currency:GBP"});
    ASSERT_EQ(asked.ranges.size(), 2u);
    // Their lowest fee at most the visitor's highest, their highest at least the visitor's lowest.
    EXPECT_EQ(asked.ranges[0].key, "fee");
    EXPECT_EQ(asked.ranges[0].max, 150);
    EXPECT_FALSE(asked.ranges[0].min);
    EXPECT_EQ(asked.ranges[1].key, "fee_high");
    EXPECT_EQ(asked.ranges[1].min, 50);
    EXPECT_FALSE(asked.ranges[1].max);
    // A currency without a fee filter or the fee order changes nothing.
    EXPECT_TRUE(search_query(read("/s?currency=USD", problems), 0, 20).facets.empty());
    EXPECT_EQ(read("/s?currency=USD", problems).key(), read("/s", problems).key());
    EXPECT_NE(read("/s?fee_max=80&currency=USD", problems).key(), read("/s?fee_max=80", problems).key());
    EXPECT_TRUE(problems.empty());
}

TEST(DirectoryFeesTest, TheDefaultCurrencyComesFromTheCountryThenTheLanguageThenEuro) {
    std::vector<FieldError> problems;
    const auto vocab = vocabularies();
    const auto with_language = [&](const std::string& target, const std::string& header) {
        auto raw = hearth::http::BeastRequest{boost::beast::http::verb::get, target, 11};
        raw.set(boost::beast::http::field::accept_language, header);
        return read_directory_query(params_of(hearth::http::Request(std::move(raw), "127.0.0.1")), vocab, problems);
    };
    auto q = with_language("/s?fee_max=80&country=US", "en-GB,en;q=0.9");
    EXPECT_EQ(q.currency, "USD");
    EXPECT_EQ(q.currency_source, CurrencySource::country);
    q = with_language("/s?fee_max=80&country=AT", "en-GB");
    EXPECT_EQ(q.currency, "EUR");
    q = with_language("/s?fee_max=80", "en-GB,en;q=0.9");
    EXPECT_EQ(q.currency, "GBP");
    EXPECT_EQ(q.currency_source, CurrencySource::language);
    // A country whose currency specialists cannot use falls through to the language.
    q = with_language("/s?fee_max=80&country=KE", "fr-CA");
    EXPECT_EQ(q.currency, "CAD");
    q = with_language("/s?fee_max=80", "en");
    EXPECT_EQ(q.currency, "EUR");
    EXPECT_EQ(q.currency_source, CurrencySource::fallback);
    // The currency asked for wins over both.
    q = with_language("/s?fee_max=80&country=US&currency=cad", "en-GB");
    EXPECT_EQ(q.currency, "CAD");
    EXPECT_TRUE(problems.empty());
}

TEST(DirectoryFeesTest, BadFeesAndCurrenciesAreNamedAndLeftOut) {
    std::vector<FieldError> problems;
    auto q = read("/s?fee_max=80&currency=XYZ&country=GB", problems);
    EXPECT_EQ(fields(problems), std::vector<std::string>{"currency"});
    EXPECT_EQ(q.currency, "GBP");  // the default stands in for it
    EXPECT_EQ(q.fee_max, 80);
    for (const char* currency : {"EURO", "eu", "%C2%A3", "BTC"}) {
        problems.clear();
        read(std::string("/s?fee_max=80&currency=") + currency, problems);
        EXPECT_EQ(fields(problems), std::vector<std::string>{"currency"}) << currency;
    }
    problems.clear();
    q = read("/s?fee_min=200&fee_max=100", problems);
    EXPECT_EQ(fields(problems), std::vector<std::string>{"fee_min"});
    EXPECT_FALSE(q.fee_min);
    problems.clear();
    q = read("/s?fee_min=abc&reduced_fees=perhaps", problems);
    EXPECT_EQ(fields(problems), (std::vector<std::string>{"fee_min", "reduced_fees"}));
    EXPECT_FALSE(q.fee_min || q.reduced_fees);
}

TEST(DirectoryFeesTest, ReducedFeesAreAFacet) {
    std::vector<FieldError> problems;
    const auto q = read("/s?reduced_fees=1", problems);
    EXPECT_TRUE(q.reduced_fees && q.narrowed());
    EXPECT_EQ(search_query(q, 0, 20).facets, std::vector<std::string>{reduced_fees_facet});
    EXPECT_NE(q.key(), read("/s", problems).key());
    EXPECT_FALSE(read("/s?sort=fee&currency=GBP", problems).narrowed());
}

TEST(DirectoryFeesTest, CurrenciesOfCountriesAndLanguages) {
    EXPECT_EQ(currency_of_country("GB"), "GBP");
    EXPECT_EQ(currency_of_country("DE"), "EUR");
    EXPECT_EQ(currency_of_country("IE"), "EUR");
    EXPECT_EQ(currency_of_country("US"), "USD");
    EXPECT_EQ(currency_of_country("CA"), "CAD");
    EXPECT_EQ(currency_of_country("KE"), "");
    EXPECT_EQ(currency_of_accept_language("en-GB,en;q=0.9"), "GBP");
    EXPECT_EQ(currency_of_accept_language("de-at"), "EUR");
    EXPECT_EQ(currency_of_accept_language("zh-Hant-TW, en-US;q=0.8"), "USD");  // TW's is not on the list
    EXPECT_EQ(currency_of_accept_language("en-GB;q=0, fr-CA;q=0.5"), "CAD");   // q=0 refuses en-GB
    EXPECT_EQ(currency_of_accept_language("en, fr"), "");
    EXPECT_EQ(currency_of_accept_language(""), "");
    EXPECT_EQ(currency_of_accept_language("*"), "");
    EXPECT_EQ(currency_of_accept_language("es-419"), "");  // a numeric region
}

TEST(DirectoryFeesTest, FeesNameTheirCurrency) {
    EXPECT_EQ(fee_text(70, 110, "GBP"), "\u00a370\u2013110 (GBP)");
    EXPECT_EQ(fee_text(80, 80, "EUR"), "\u20ac80 (EUR)");
    EXPECT_EQ(fee_text(std::nullopt, 90, "USD"), "$90 (USD)");
    EXPECT_EQ(fee_text(120, 150, "CHF"), "CHF 120\u2013150");
    EXPECT_EQ(fee_text(std::nullopt, std::nullopt, "EUR"), "");
    EXPECT_EQ(reduced_fee_text(true, true), "Sliding scale and reduced fees available");
    EXPECT_EQ(reduced_fee_text(false, true), "Reduced fees available");
    EXPECT_EQ(reduced_fee_text(false, false), "");
}

TEST(FeaturedTest, ThreeOfThoseOfferingAFreeConsultationTheSameOnEveryNode) {
    std::vector<std::int64_t> free;
    for (std::int64_t id = 4; id <= 40; id += 4) free.push_back(id);
    const auto today = featured_ids(free, 20000);
    ASSERT_EQ(today.size(), 3u);
    for (auto id : today) EXPECT_EQ(id % 4, 0);
    EXPECT_EQ(featured_ids(free, 20000), today);
    std::vector<std::int64_t> reversed(free.rbegin(), free.rend());
    EXPECT_EQ(featured_ids(reversed, 20000), today);  // whatever order the index returns them in
    EXPECT_NE(featured_ids(free, 20001), today);
    EXPECT_TRUE(featured_ids({}, 20000).empty());
    EXPECT_EQ(featured_ids({7}, 20000), std::vector<std::int64_t>{7});
}

TEST(FeaturedTest, OverTheDaysEveryoneIsFeaturedAboutAsOften) {
    std::vector<std::int64_t> free;
    for (std::int64_t id = 100; id < 130; ++id) free.push_back(id * 7);
    std::map<std::int64_t, int> shown;
    const int days = 3000;
    for (std::int64_t day = 0; day < days; ++day) {
        for (auto id : featured_ids(free, day)) ++shown[id];
    }
    ASSERT_EQ(shown.size(), free.size());
    const double expected = days * 3.0 / static_cast<double>(free.size());  // 300
    for (const auto& [id, n] : shown) {
        EXPECT_GT(n, expected * 0.75) << id;
        EXPECT_LT(n, expected * 1.25) << id;
    }
}

TEST(InitialsTest, SkipsTitlesAndUsesWholeCharacters) {
    EXPECT_EQ(initials("Dr Amara Okafor"), "AO");
    EXPECT_EQ(initials("Sanne van den Berg"), "SB");
    EXPECT_EQ(initials("Ömer"), "Ö");
    EXPECT_EQ(initials("Łukasz  Żak"), "ŁŻ");
    EXPECT_EQ(initials(""), "");
}

TEST(SyntheticSpecialistsTest, AreDeterministicAndDistinct) {
    const auto a = hearth::app::synthetic_specialist(42);
    const auto b = hearth::app::synthetic_specialist(42);
    EXPECT_EQ(a.email, "specialist-0000042@synthetic.hearth.localhost");
    EXPECT_EQ(a.full_name, b.full_name);
    EXPECT_EQ(a.bio, b.bio);
    EXPECT_EQ(a.specialties, b.specialties);
    EXPECT_EQ(a.created_at, b.created_at);
    EXPECT_NE(hearth::app::synthetic_specialist(43).bio, a.bio);
}

TEST(SyntheticSpecialistsTest, AreValidVariedAndAboutFortyPercentFree) {
    const std::set<std::string> currencies{"EUR", "USD", "GBP", "CAD", "AUD", "NZD", "CHF", "SEK", "NOK", "DKK",
                                           "PLN", "CZK", "HUF", "RON", "INR", "JPY", "ZAR", "BRL", "MXN", "SGD"};
    const int n = 3000;
    int free = 0, online = 0;
    std::set<std::string> countries, names, specialties, languages;
    std::int64_t previous_created = 0;
    for (int i = 1; i <= n; ++i) {
        const auto s = hearth::app::synthetic_specialist(i);
        ASSERT_FALSE(country_name(s.country).empty()) << s.country;
        ASSERT_NO_THROW((void)date::locate_zone(s.timezone)) << s.timezone;
        ASSERT_TRUE(currencies.count(s.currency)) << s.currency;
        ASSERT_TRUE(s.online || s.in_person);
        ASSERT_FALSE(s.city.empty());
        ASSERT_GE(s.specialties.size(), 2u);
        ASSERT_LE(s.specialties.size(), 5u);
        ASSERT_FALSE(s.modalities.empty());
        ASSERT_FALSE(s.languages.empty());
        ASSERT_LE(s.headline.size(), 160u);
        ASSERT_GT(s.created_at, previous_created);  // newer numbers, newer profiles
        if (s.fee_min) {
            ASSERT_TRUE(s.fee_max);
            ASSERT_LE(*s.fee_min, *s.fee_max);
        }
        previous_created = s.created_at;
        free += s.offers_free_consultation;
        online += s.online;
        countries.insert(s.country);
        names.insert(s.full_name);
        specialties.insert(s.specialties.begin(), s.specialties.end());
        languages.insert(s.languages.begin(), s.languages.end());
    }
    EXPECT_NEAR(free / static_cast<double>(n), 0.40, 0.03);
    EXPECT_NEAR(online / static_cast<double>(n), 0.82, 0.03);
    EXPECT_GE(countries.size(), 35u);
    EXPECT_GE(names.size(), n * 3u / 4);  // common names do repeat, as in life
    EXPECT_EQ(specialties.size(), 14u);
    EXPECT_GE(languages.size(), 25u);
}

}  // namespace
