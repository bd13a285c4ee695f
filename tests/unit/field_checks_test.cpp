// The text rules every service applies to its commands: trimmed, no control
// characters, limits in characters rather than bytes, first problem per field.
#include <gtest/gtest.h>

#include "core/field_checks.hpp"

using hearth::FieldChecks;

TEST(FieldChecks, CountsCharactersNotBytes) {
    EXPECT_EQ(hearth::character_count(""), 0u);
    EXPECT_EQ(hearth::character_count("abc"), 3u);
    EXPECT_EQ(hearth::character_count("Zoë"), 3u);       // 4 bytes
    EXPECT_EQ(hearth::character_count("日本語"), 3u);     // 9 bytes
    EXPECT_EQ(hearth::character_count("🙂"), 1u);         // 4 bytes
}

TEST(FieldChecks, TrimsAndChecksLength) {
    FieldChecks check;
    std::string name = " \t Zoë \r\n";
    check.text("name", "Name", name, 3, true);
    EXPECT_TRUE(check.ok());
    EXPECT_EQ(name, "Zoë");

    std::string long_text = "éééé";
    check.text("bio", "About you", long_text, 3);
    ASSERT_EQ(check.errors().size(), 1u);
    EXPECT_EQ(check.errors()[0].field, "bio");
    EXPECT_EQ(check.errors()[0].message, "About you can be at most 3 characters.");
}

TEST(FieldChecks, RequiredMeansSomethingBesidesSpaces) {
    FieldChecks check;
    std::string blank = "   \n";
    check.text("headline", "The headline", blank, 10, true);
    ASSERT_FALSE(check.ok());
    EXPECT_EQ(check.errors()[0].message, "The headline is required.");
    std::string optional = "  ";
    check.text("intro", "The introduction", optional, 10);
    EXPECT_EQ(check.errors().size(), 1u);
    EXPECT_EQ(optional, "");
}

TEST(FieldChecks, ControlCharactersAreRefusedButLineBreaksAndTabsAreNot) {
    for (const std::string& bad : {std::string("a\0b", 3), std::string("\x1b[31mred"), std::string("bell\a"),
                                  std::string("del\x7f")}) {
        FieldChecks check;
        auto value = bad;
        check.text("note", "Note", value, 100);
        ASSERT_FALSE(check.ok());
        EXPECT_EQ(check.errors()[0].field, "note");
    }
    FieldChecks check;
    std::string fine = "line one\n\tline two\r\nline three";
    check.text("note", "Note", fine, 100);
    EXPECT_TRUE(check.ok());
}

TEST(FieldChecks, TheFirstProblemOfAFieldWins) {
    FieldChecks check;
    check.fail("fee_max", "first");
    check.fail("fee_max", "second");
    check.fail("fee_min", "other");
    ASSERT_EQ(check.errors().size(), 2u);
    EXPECT_EQ(check.errors()[0].message, "first");
    EXPECT_TRUE(check.failed("fee_min"));
    EXPECT_FALSE(check.failed("city"));
    auto taken = std::move(check).take();
    EXPECT_EQ(taken.size(), 2u);
}
