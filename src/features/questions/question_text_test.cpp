// Which characters of a question or an answer count as written.
#include "features/questions/question_text.hpp"

#include <gtest/gtest.h>

namespace q = hearth::questions;

TEST(QuestionText, InvisibleCharactersAndSpacesDoNotCount) {
    EXPECT_EQ(q::visible_characters(""), 0u);
    EXPECT_EQ(q::visible_characters("\u200b\u200c\u200d\u2060\ufeff\u3164\u2800"), 0u);
    EXPECT_FALSE(q::has_visible_character("\u200b \u00a0\u3000\u202e"));
    EXPECT_TRUE(q::has_visible_character("\u200ba"));
}

TEST(QuestionText, LettersEmojiAndSpacesBetweenWordsCount) {
    EXPECT_EQ(q::visible_characters("How do I"), 8u);
    EXPECT_EQ(q::visible_characters("\u05e9\u05dc\u05d5\u05dd"), 4u);
    EXPECT_EQ(q::visible_characters("\U0001F600\u200b\U0001F600"), 2u);
}

TEST(QuestionText, BytesThatAreNotUtf8CountAsNothingAndEnd) {
    EXPECT_EQ(q::visible_characters(std::string_view("a\xff\xfe" "b", 4)), 2u);
    EXPECT_FALSE(q::has_visible_character(std::string_view("\xc3", 1)));
}
