#include "http/redirect.hpp"

#include <gtest/gtest.h>

#include <string>

namespace hh = hearth::http;

namespace {

std::string target(std::string_view candidate) { return hh::safe_local_target(candidate, "/fallback"); }

}  // namespace

TEST(SafeLocalTarget, KeepsLocalPaths) {
    for (std::string_view ok :
         {"/", "/account", "/help?topic=a%20b", "/specialists/dr-x#book", "/search?q=%2F%2Fevil.example", "/a/b/../c",
          "/%09/evil.example", "/login?return_to=%2F%2Fevil", "/~name", "/a:b", "/.//x"}) {
        EXPECT_EQ(target(ok), ok) << ok;
    }
}

TEST(SafeLocalTarget, RefusesOtherOrigins) {
    for (std::string_view bad : {"//evil.example",
                                 "//evil.example/account",
                                 "///evil.example",
                                 "/\\evil.example",
                                 "\\\\evil.example",
                                 "\\/evil.example",
                                 "/a\\b",
                                 "https://evil.example",
                                 "http://evil.example/x",
                                 "HTTPS://evil.example",
                                 "javascript:alert(1)",
                                 "JavaScript:alert(1)",
                                 "data:text/html,x",
                                 "evil.example",
                                 "account",
                                 "?x=1",
                                 "#top",
                                 ".",
                                 "./x",
                                 "../x"}) {
        EXPECT_EQ(target(bad), "/fallback") << bad;
    }
}

TEST(SafeLocalTarget, RefusesWhitespaceAndControlBytes) {
    using namespace std::string_literals;
    for (const std::string& bad : {"/\t/evil.example"s, "/\t\t/evil.example"s, "\t//evil.example"s, "/\n/evil.example"s,
                                   "/\r/evil.example"s, "/account\r\nSet-Cookie: x=1"s, "/account\nLocation: //evil"s,
                                   "/acc\0ount"s, "/\0/evil.example"s, " /account"s, "/account "s, "/a b"s,
                                   "/\x0b/evil.example"s, "/\x0c/evil.example"s, "/\x1f"s, "/\x7f"s, "/\x01"s}) {
        EXPECT_EQ(target(bad), "/fallback") << bad;
    }
}

TEST(SafeLocalTarget, RefusesNonAsciiBytes) {
    for (std::string_view bad : {"/caf\xc3\xa9", "/\xe2\x80\xae/evil.example",
                                 "/\xef\xbc\x8f\xef\xbc\x8f"
                                 "evil",
                                 "/\xc0\xaf/evil", "/\x80", "/\xff", "/\xe3\x80\x80/evil"}) {
        EXPECT_EQ(target(bad), "/fallback") << bad;
    }
}

TEST(SafeLocalTarget, RefusesEmptyAndVeryLong) {
    EXPECT_EQ(target(""), "/fallback");
    const std::string longest = "/" + std::string(hh::max_redirect_target - 1, 'a');
    EXPECT_EQ(target(longest), longest);
    EXPECT_EQ(target(longest + "a"), "/fallback");
    EXPECT_EQ(target("/" + std::string(1 << 20, 'a')), "/fallback");
}

TEST(SafeLocalTarget, EveryAcceptedTargetIsPrintableAsciiStartingWithOneSlash) {
    // Every single byte after "/" and as a second character: whatever is
    // accepted can never reach a Location header as anything but a path.
    for (int b = 0; b < 256; ++b) {
        for (const std::string& candidate :
             {std::string("/") + static_cast<char>(b), std::string("/") + static_cast<char>(b) + "/evil.example"}) {
            const auto out = target(candidate);
            if (out == "/fallback") continue;
            ASSERT_EQ(out, candidate);
            ASSERT_GE(b, 0x21);
            ASSERT_LE(b, 0x7E);
            ASSERT_NE(b, '/');
            ASSERT_NE(b, '\\');
        }
    }
}
