// Text that arrives percent-encoded or in a form must be well-formed UTF-8
// before a handler sees it: PostgreSQL refuses anything else (a 500), and
// pages would echo it; ill-formed text is refused where it enters. Found by fuzz/form_fuzz.cpp and http_request_fuzz.cpp.
#include <gtest/gtest.h>

#include "http/form.hpp"
#include "http/request.hpp"
#include "http/text.hpp"
#include "core/utf8.hpp"

using namespace hearth::http;

namespace {

Request get(std::string target) {
    BeastRequest raw{beast_http::verb::get, target, 11};
    return Request(std::move(raw), "127.0.0.1");
}

}  // namespace

TEST(ValidUtf8, AcceptsEveryWellFormedRange) {
    EXPECT_TRUE(valid_utf8(""));
    EXPECT_TRUE(valid_utf8("plain ASCII"));
    EXPECT_TRUE(valid_utf8("Zürich 東京 🙂"));
    EXPECT_TRUE(valid_utf8("\xED\x9F\xBF"));      // U+D7FF, just below the surrogates
    EXPECT_TRUE(valid_utf8("\xEE\x80\x80"));      // U+E000, just above them
    EXPECT_TRUE(valid_utf8("\xF4\x8F\xBF\xBF"));  // U+10FFFF, the last code point
}

TEST(ValidUtf8, RefusesWhatPostgresqlRefuses) {
    EXPECT_FALSE(valid_utf8("\xC0\xAF"));          // overlong '/', two bytes
    EXPECT_FALSE(valid_utf8("\xE0\x80\xAF"));      // overlong '/', three bytes
    EXPECT_FALSE(valid_utf8("\xF0\x80\x80\xAF"));  // overlong '/', four bytes
    EXPECT_FALSE(valid_utf8("\xED\xA0\x80"));      // U+D800, a surrogate
    EXPECT_FALSE(valid_utf8("\xED\xBF\xBF"));      // U+DFFF
    EXPECT_FALSE(valid_utf8("\xF4\x90\x80\x80"));  // above U+10FFFF
    EXPECT_FALSE(valid_utf8("\xF5\x80\x80\x80"));  // a lead byte that never occurs
    EXPECT_FALSE(valid_utf8("\xE6\x9D"));          // truncated
    EXPECT_FALSE(valid_utf8("\x80"));              // a lone continuation byte
}

TEST(WithReplacementCharacters, KeepsWellFormedTextAndReplacesEachBadByte) {
    EXPECT_EQ(hearth::with_replacement_characters("caf\xC3\xA9 \xF0\x9F\x8C\xBF"), "caf\xC3\xA9 \xF0\x9F\x8C\xBF");
    EXPECT_EQ(hearth::with_replacement_characters("a\xEF]"), "a\xEF\xBF\xBD]");
    EXPECT_EQ(hearth::with_replacement_characters("\xC0\xAF"), "\xEF\xBF\xBD\xEF\xBF\xBD");   // overlong
    EXPECT_EQ(hearth::with_replacement_characters("\xED\xA0\x80x"), "\xEF\xBF\xBD\xEF\xBF\xBD\xEF\xBF\xBDx");  // surrogate
    EXPECT_TRUE(hearth::valid_utf8(hearth::with_replacement_characters("\xF4\x90\x80\x80\xFF")));
}

TEST(ParseForm, RefusesASurrogateInAField) {
    EXPECT_FALSE(parse_form("email=a%ED%A0%80%40b.org").has_value());
    EXPECT_TRUE(parse_form("city=M%C3%BCnchen").has_value());
}

TEST(RequestTarget, IllFormedUtf8InThePathIsNotFound) {
    auto req = get("/api/v1/specialists/%FF?city=M%C3%BCnchen");
    ASSERT_TRUE(req.boundary_error().has_value());
    EXPECT_EQ(req.boundary_error()->status(), 404);
    EXPECT_EQ(req.target(), "/api/v1/specialists/%FF?city=M%C3%BCnchen");  // as sent
}

TEST(RequestTarget, IllFormedUtf8InAQueryValueIsRefused) {
    for (const char* target : {"/api/v1/specialists?q=%ED%A0%80", "/api/v1/specialists?q=%FF%FE",
                               "/specialists?city=Ber%C0%80lin"}) {
        auto req = get(target);
        ASSERT_TRUE(req.boundary_error().has_value()) << target;
        EXPECT_EQ(req.boundary_error()->status(), 400) << target;
    }
    EXPECT_FALSE(get("/specialists?city=M%C3%BCnchen").boundary_error().has_value());
}

TEST(RequestTarget, ARawTargetThatIsNoUrlIsRefused) {
    auto req = get("/specialists/\xFF\xFE?x");
    EXPECT_TRUE(req.boundary_error().has_value());
}
