// One-line fields (names, headlines, credentials, cities) refuse what could
// disguise them in other people's pages: line breaks, controls and the
// characters that change the direction of text (UTR #36, section 2.1).
#include <gtest/gtest.h>

#include <string>

#include "core/field_checks.hpp"

using namespace std::string_literals;
using hearth::FieldChecks;
using hearth::LineProblem;

TEST(OneLineFields, NamesInEveryScriptAreOneLine) {
    for (const std::string& ok :
         {"Amara Okafor"s, "Zoë Ødegaard-Łukasz"s, "محمد الأحمد"s, "שרה כהן"s, "王芳"s, "Dr. A. O'Neil, MSc"s, ""s}) {
        EXPECT_EQ(hearth::line_problem(ok), LineProblem::none) << ok;
    }
}

TEST(OneLineFields, FindsEachKindOfProblem) {
    EXPECT_EQ(hearth::line_problem("Amara\nOkafor"), LineProblem::line_break);
    EXPECT_EQ(hearth::line_problem("Amara\rOkafor"), LineProblem::line_break);
    EXPECT_EQ(hearth::line_problem("Amara\u2028Okafor"), LineProblem::line_break);
    EXPECT_EQ(hearth::line_problem("Amara\u2029Okafor"), LineProblem::line_break);
    EXPECT_EQ(hearth::line_problem("Amara\tOkafor"), LineProblem::control);
    EXPECT_EQ(hearth::line_problem("Amara\u0085"), LineProblem::control);
    EXPECT_EQ(hearth::line_problem("a\x7f"), LineProblem::control);
    for (const std::string& bidi : {"\u202a"s, "\u202e"s, "\u2066"s, "\u2069"s, "\u200e"s, "\u200f"s, "\u061c"s}) {
        EXPECT_EQ(hearth::line_problem("Amara" + bidi + "Okafor"), LineProblem::direction) << bidi;
    }
    EXPECT_EQ(hearth::line_problem("\xc0\xaf"), LineProblem::malformed);        // overlong "/"
    EXPECT_EQ(hearth::line_problem("\xed\xa0\x80"), LineProblem::malformed);    // a surrogate
    EXPECT_EQ(hearth::line_problem("Amara \xe2\x80"), LineProblem::malformed);  // truncated
}

TEST(OneLineFields, LineTrimsThenRefusesWithTheLabel) {
    FieldChecks check;
    std::string name = "  Amara Okafor \n";
    check.line("full_name", "Full name", name, 80, true);
    EXPECT_TRUE(check.ok());
    EXPECT_EQ(name, "Amara Okafor");

    std::string spoof = "Amara \u202eresu\u202c Okafor";
    check.line("full_name", "Full name", spoof, 80, true);
    std::string two_lines = "Couples therapy\nCall 555-0100 now";
    check.line("headline", "Headline", two_lines, 160);
    std::string required;
    check.line("city", "City", required, 80, true);
    ASSERT_EQ(check.errors().size(), 3u);
    EXPECT_EQ(check.errors()[0].field, "full_name");
    EXPECT_NE(check.errors()[0].message.find("direction of text"), std::string::npos);
    EXPECT_EQ(check.errors()[1].field, "headline");
    EXPECT_EQ(check.errors()[1].message, "Headline must fit on one line. Please remove the line break.");
    EXPECT_EQ(check.errors()[2].message, "City is required.");  // text()'s own problem comes first
}
