// A title must show something: text made only of invisible characters is
// refused (articles::shows_something), visible text in any script passes.
#include <gtest/gtest.h>

#include "features/articles/article_refusals.hpp"

using hearth::articles::shows_something;

TEST(ArticleVisibleText, InvisibleOnlyTextShowsNothing) {
    EXPECT_FALSE(shows_something(""));
    EXPECT_FALSE(shows_something("\u200b\u200b"));            // zero-width spaces
    EXPECT_FALSE(shows_something("\u00a0\u3000\u2003"));      // no-break, ideographic, em spaces
    EXPECT_FALSE(shows_something("\ufeff\u2060\u00ad"));      // BOM, word joiner, soft hyphen
    EXPECT_FALSE(shows_something("\u3164\u2800\ufe0f"));      // Hangul filler, blank Braille, selector
    EXPECT_FALSE(shows_something("\u200d\u200c \u180e"));
}

TEST(ArticleVisibleText, AnyVisibleCharacterCounts) {
    EXPECT_TRUE(shows_something("a"));
    EXPECT_TRUE(shows_something("\u200b.\u200b"));
    EXPECT_TRUE(shows_something("\u05e9\u05dc\u05d5\u05dd"));  // Hebrew
    EXPECT_TRUE(shows_something("\U0001F331"));                // an emoji
    EXPECT_TRUE(shows_something("\u4e2d"));
}
