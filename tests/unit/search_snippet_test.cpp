// db::search_snippet: marks folded like the index (accents, case, word
// starts), escapes everything else, survives broken UTF-8, cuts long
// texts at word boundaries around the first match.
#include "db/search_snippet.hpp"

#include <gtest/gtest.h>

#include <string>

#include "core/utf8.hpp"

namespace {

using hearth::db::search_snippet;

std::size_t count(const std::string& s, std::string_view what) {
    std::size_t n = 0;
    for (auto at = s.find(what); at != std::string::npos; at = s.find(what, at + what.size())) ++n;
    return n;
}

TEST(SearchSnippetTest, MarksWordsWhateverTheirAccentsAndCase) {
    EXPECT_EQ(search_snippet("We met in Malmö last spring.", {"malmo"}), "We met in <mark>Malmö</mark> last spring.");
    EXPECT_EQ(search_snippet("MALMO and malmö", {"Malmö"}), "<mark>MALMO</mark> and <mark>malmö</mark>");
}

TEST(SearchSnippetTest, MarksWordsThatStartWithAQueryWord) {
    EXPECT_EQ(search_snippet("Healing takes time; heal slowly, not unhealthily.", {"heal"}),
              "<mark>Healing</mark> takes time; <mark>heal</mark> slowly, not unhealthily.");
}

TEST(SearchSnippetTest, EscapesTheTextAroundTheMarks) {
    const auto s = search_snippet("Trust <script>alert(1)</script> & \"repair\" isn't easy", {"repair"});
    EXPECT_EQ(s, "Trust &lt;script&gt;alert(1)&lt;/script&gt; &amp; &quot;<mark>repair</mark>&quot; isn&#39;t easy");
    EXPECT_EQ(s.find("<script"), std::string::npos);
    // A query word cannot smuggle markup either: only letters are ever marked.
    EXPECT_EQ(search_snippet("a <b> c", {"<b>"}), "a &lt;b&gt; c");
}

TEST(SearchSnippetTest, ReplacesInvalidUtf8AndNeverThrows) {
    const std::string broken = std::string("boundaries \xC3\x28 and \xFF\xFE trust ") + "\xE2\x82";
    std::string s;
    EXPECT_NO_THROW(s = search_snippet(broken, {"trust"}));
    EXPECT_TRUE(hearth::valid_utf8(s));
    EXPECT_NE(s.find("<mark>trust</mark>"), std::string::npos);
    EXPECT_NE(s.find("\xEF\xBF\xBD"), std::string::npos);
}

TEST(SearchSnippetTest, CutsLongTextsAroundTheFirstMatchAtWordBoundaries) {
    std::string text;
    for (int i = 0; i < 200; ++i) text += "filler" + std::to_string(i) + " ";
    text += "the attachment part ";
    for (int i = 0; i < 200; ++i) text += "after" + std::to_string(i) + " ";
    const auto s = search_snippet(text, {"attachment"}, 120);
    EXPECT_TRUE(s.starts_with("\xE2\x80\xA6" "filler")) << s;
    EXPECT_TRUE(s.ends_with("\xE2\x80\xA6")) << s;
    EXPECT_EQ(count(s, "<mark>"), 1u);
    EXPECT_NE(s.find("<mark>attachment</mark>"), std::string::npos);
    // About max_chars of text besides the marks and the two ellipses.
    EXPECT_LE(hearth::character_count(s), 120u + 2 + 13);
    // Never half a word: every piece between spaces is whole.
    EXPECT_EQ(s.find("ller1 "), std::string::npos);
}

TEST(SearchSnippetTest, WithoutAMatchGivesTheStartOfTheText) {
    EXPECT_EQ(search_snippet("Short and calm.", {"anxiety"}), "Short and calm.");
    std::string text;
    for (int i = 0; i < 100; ++i) text += "word ";
    const auto s = search_snippet(text, {"anxiety"}, 30);
    EXPECT_TRUE(s.starts_with("word word")) << s;
    EXPECT_TRUE(s.ends_with("word\xE2\x80\xA6")) << s;
    EXPECT_EQ(s.find("<mark>"), std::string::npos);
    EXPECT_EQ(search_snippet("", {"x"}), "");
    EXPECT_EQ(search_snippet("Just text", {}), "Just text");
}

TEST(SearchSnippetTest, CollapsesWhiteSpaceAndCutsAnOverlongWord) {
    EXPECT_EQ(search_snippet("one\n\n  two\tthree", {"two"}), "one <mark>two</mark> three");
    const std::string long_word(500, 'x');
    const auto s = search_snippet(long_word, {"xx"}, 50);
    EXPECT_EQ(s, "<mark>" + std::string(50, 'x') + "</mark>\xE2\x80\xA6");
}

}  // namespace
