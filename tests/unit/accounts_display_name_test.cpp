#include <gtest/gtest.h>

#include <string>

#include "features/accounts/display_name.hpp"

namespace ha = hearth::accounts;
using namespace std::string_literals;

TEST(DisplayName, KeepsOrdinaryNames) {
    for (const std::string& ok : {"Robin"s, "Zoë O'Brien"s, "李小龙"s, "محمد علي"s, "Ада Лавлейс"s, "Robin 🌿"s,
                                  "Dr. Amara Okafor-Smith"s, std::string(80, 'A'), "\u00e9"s,
                                  // A zero-width joiner inside an emoji sequence is not a bidi control.
                                  "Family \U0001F468\u200D\U0001F469"s}) {
        EXPECT_EQ(ha::display_name_problem(ok), std::nullopt) << ok;
    }
}

TEST(DisplayName, RefusesEmptyAndTooLong) {
    EXPECT_TRUE(ha::display_name_problem(""));
    EXPECT_TRUE(ha::display_name_problem(std::string(81, 'A')));
    std::string eighty_accents;
    for (int i = 0; i < 80; ++i) eighty_accents += "é";
    EXPECT_EQ(ha::display_name_problem(eighty_accents), std::nullopt) << "80 characters, 160 bytes";
    EXPECT_TRUE(ha::display_name_problem(eighty_accents + "é"));
}

TEST(DisplayName, RefusesLineBreaks) {
    for (const std::string& bad : {"a\nb"s, "a\rb"s, "a\r\nBcc: x@example.org"s, "a\u2028b"s, "a\u2029b"s}) {
        const auto problem = ha::display_name_problem(bad);
        ASSERT_TRUE(problem) << bad;
        EXPECT_NE(problem->find("one line"), std::string::npos) << *problem;
    }
}

TEST(DisplayName, RefusesControlCharacters) {
    for (int c = 0; c < 0x20; ++c) {
        if (c == '\n' || c == '\r') continue;
        EXPECT_TRUE(ha::display_name_problem("a"s + static_cast<char>(c) + "b")) << c;
    }
    EXPECT_TRUE(ha::display_name_problem("a\x7f"));
    for (const std::string& c1 : {"\u0080"s, "\u0085"s, "\u009b"s, "\u009f"s}) {
        EXPECT_TRUE(ha::display_name_problem("a" + c1)) << c1;
    }
    EXPECT_TRUE(ha::display_name_problem("a\0b"s));
}

TEST(DisplayName, RefusesBidirectionalControls) {
    for (const std::string& bad : {"\u202a"s, "\u202b"s, "\u202c"s, "\u202d"s, "\u202e"s, "\u2066"s, "\u2067"s,
                                   "\u2068"s, "\u2069"s, "\u200e"s, "\u200f"s, "\u061c"s}) {
        const auto problem = ha::display_name_problem("Robin" + bad + "Example");
        ASSERT_TRUE(problem) << bad;
        EXPECT_NE(problem->find("direction"), std::string::npos) << *problem;
    }
    // Neighbours of the refused ranges are ordinary characters.
    for (const std::string& ok : {"\u202f"s, "\u2065"s, "\u206a"s, "\u200d"s}) {
        EXPECT_EQ(ha::display_name_problem("Robin" + ok), std::nullopt) << ok;
    }
}

TEST(DisplayName, RefusesMalformedUtf8) {
    for (const std::string& bad : {"\xff"s, "a\xc3"s, "\xc0\xaf"s, "\xe0\x80\xaf"s, "\xed\xa0\x80"s,
                                   "\xf4\x90\x80\x80"s, "\xc3("s, "\x80"s, "\xe2\x80"s}) {
        EXPECT_TRUE(ha::display_name_problem(bad)) << bad.size();
    }
}
