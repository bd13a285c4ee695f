// Conditional GET (http/conditional.hpp, RFC 9110 section 13.1): HTTP
// dates both ways, If-None-Match lists and weak tags, If-Modified-Since,
// and which of the two wins.
#include "http/conditional.hpp"

#include <gtest/gtest.h>

namespace {

using namespace hearth::http;

Request get(std::initializer_list<std::pair<const char*, const char*>> headers) {
    BeastRequest raw{boost::beast::http::verb::get, "/articles/one", 11};
    for (const auto& [name, value] : headers) raw.set(name, value);
    return Request(std::move(raw), "127.0.0.1");
}

TEST(HttpDate, WritesAndReadsImfFixdate) {
    EXPECT_EQ(http_date(784111777), "Sun, 06 Nov 1994 08:49:37 GMT");
    EXPECT_EQ(http_date(0), "Thu, 01 Jan 1970 00:00:00 GMT");
    EXPECT_EQ(parse_http_date("Sun, 06 Nov 1994 08:49:37 GMT"), 784111777);
    EXPECT_EQ(parse_http_date(http_date(1795990000)), 1795990000);
    for (const char* bad : {"", "Sunday, 06-Nov-94 08:49:37 GMT", "Sun Nov  6 08:49:37 1994",
                            "Sun, 06 Nov 1994 08:49:37 UTC", "Sun, 31 Feb 1994 08:49:37 GMT",
                            "Sun, 06 Nox 1994 08:49:37 GMT", "Sun, 06 Nov 1994 25:49:37 GMT"}) {
        EXPECT_FALSE(parse_http_date(bad).has_value()) << bad;
    }
}

TEST(ConditionalGet, IfNoneMatchComparesTagsWeaklyInAList) {
    const Validators v{"\"a1-v2\"", 784111777};
    EXPECT_TRUE(client_has_current(get({{"If-None-Match", "\"a1-v2\""}}), v));
    EXPECT_TRUE(client_has_current(get({{"If-None-Match", "\"x\", W/\"a1-v2\""}}), v));
    EXPECT_TRUE(client_has_current(get({{"If-None-Match", "*"}}), v));
    EXPECT_FALSE(client_has_current(get({{"If-None-Match", "\"a1-v3\""}}), v));
    EXPECT_FALSE(client_has_current(get({{"If-None-Match", "a1-v2"}}), v));  // unquoted is another tag
    EXPECT_FALSE(client_has_current(get({}), v));
}

TEST(ConditionalGet, IfModifiedSinceOnlyWithoutIfNoneMatch) {
    const Validators v{"\"a1-v2\"", 784111777};
    EXPECT_TRUE(client_has_current(get({{"If-Modified-Since", "Sun, 06 Nov 1994 08:49:37 GMT"}}), v));
    EXPECT_TRUE(client_has_current(get({{"If-Modified-Since", "Mon, 07 Nov 1994 08:49:37 GMT"}}), v));
    EXPECT_FALSE(client_has_current(get({{"If-Modified-Since", "Sun, 06 Nov 1994 08:49:36 GMT"}}), v));
    EXPECT_FALSE(client_has_current(get({{"If-Modified-Since", "yesterday"}}), v));
    // A tag that does not match decides, whatever the date says.
    EXPECT_FALSE(client_has_current(
        get({{"If-None-Match", "\"other\""}, {"If-Modified-Since", "Mon, 07 Nov 1994 08:49:37 GMT"}}), v));
}

TEST(ConditionalGet, NotModifiedCarriesTheValidatorsAndNoBody) {
    const auto res = not_modified({"\"a1-v2\"", 784111777});
    EXPECT_EQ(res.result_int(), 304);
    EXPECT_EQ(res[boost::beast::http::field::etag], "\"a1-v2\"");
    EXPECT_EQ(res[boost::beast::http::field::last_modified], "Sun, 06 Nov 1994 08:49:37 GMT");
    EXPECT_TRUE(res.body().empty());
}

}  // namespace
