// The crisis phrase list (templates/safety/crisis_phrases.txt) as the
// messages service uses it: whole words, any case, accents and punctuation
// ignored, a few exceptions; and the file's own format.
#include "features/common/crisis_phrases.hpp"

#include <gtest/gtest.h>

#include <stdexcept>

namespace crisis = hearth::crisis;

namespace {

const crisis::CrisisPhrases& phrases() {
    static const auto list = crisis::CrisisPhrases::load(crisis::phrases_file(HEARTH_SOURCE_DIR));
    return list;
}

}  // namespace

TEST(CrisisPhrases, FindsTheCryForHelp) {
    for (const char* text : {
             "I want to die.",
             "Sometimes I think about suicide",
             "i've been feeling SUICIDAL lately",
             "I could just kill myself",
             "I want to end my life",
             "I keep hurting myself when it gets bad",
             "history of self-harm",
             "Self harm, again.",
             "I don't want to live like this",
             "I don’t want to live any more",  // a typographic apostrophe
             "everyone would be better off without me",
             "kill\nmyself",
             "Suicídio? no: SUÏCIDE",  // accents taken off: "suicide"
             "I... want   to—die",
         }) {
        EXPECT_TRUE(phrases().matches(text)) << text;
    }
}

TEST(CrisisPhrases, LeavesOrdinaryWordsAlone) {
    for (const char* text : {
             "",
             "I want to talk about my relationship.",
             "This dinner will be the death of me, ha",
             "I was dying to see you",  // not "want to die"
             "He killed my plants.",
             "I work on a suicide prevention hotline.",
             "Please share the suicide helpline number for my friend's poster.",
             "my selfie harmed no one",
             "skill myself up in cooking",  // "kill" inside a word
         }) {
        EXPECT_FALSE(phrases().matches(text)) << text;
    }
}

TEST(CrisisPhrases, AnExceptionDoesNotHideAPhraseElsewhere) {
    EXPECT_TRUE(phrases().matches("I called the suicide prevention line because I want to die"));
    EXPECT_TRUE(phrases().matches("suicide prevention did not help; I think about suicide"));
}

TEST(CrisisPhrases, Normalises) {
    EXPECT_EQ(crisis::normalise("Ça va, É-lan!"), " ca va e lan ");
    EXPECT_EQ(crisis::normalise(""), " ");
    EXPECT_EQ(crisis::normalise("Straße ŒUVRE"), " strasse oeuvre ");
    EXPECT_EQ(crisis::normalise("e\xCC\x81t\xC3\xA9"), " ete ");  // combining acute, then precomposed
    EXPECT_EQ(crisis::normalise("bad \xFF byte"), " bad byte ");
}

TEST(CrisisPhrases, ReadsTheFileFormat) {
    auto p = crisis::CrisisPhrases::parse("# comment\n\n  Hurt Myself  \n! hurt myself badly\n");
    EXPECT_EQ(p.size(), 1u);
    EXPECT_TRUE(p.matches("I hurt myself"));
    EXPECT_FALSE(p.matches("I hurt myself badly"));  // the exception, taken out
    EXPECT_THROW(crisis::CrisisPhrases::parse("# only comments\n! and exceptions\n"), std::invalid_argument);
    EXPECT_THROW(crisis::CrisisPhrases::load("/nonexistent/crisis_phrases.txt"), std::runtime_error);
    EXPECT_GT(phrases().size(), 20u);
}

TEST(CrisisPhrases, TheProcessListMustBeLoaded) {
    crisis::use_phrases(crisis::CrisisPhrases::parse("want to die\n"));
    EXPECT_TRUE(crisis::speaks_of_self_harm("I want to die"));
    EXPECT_FALSE(crisis::speaks_of_self_harm("I want to dine"));
}
