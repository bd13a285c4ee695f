#include "render/markdown.hpp"

#include <gtest/gtest.h>

#include <string>
#include <thread>
#include <vector>

using hearth::render::markdown_to_html;

namespace {
bool contains(const std::string& haystack, std::string_view needle) {
    return haystack.find(needle) != std::string::npos;
}
}  // namespace

TEST(Markdown, Heading) {
    EXPECT_EQ(markdown_to_html("# Feeling safe again\n"), "<h1>Feeling safe again</h1>\n");
    EXPECT_TRUE(contains(markdown_to_html("## Two\n"), "<h2>Two</h2>"));
}

TEST(Markdown, ParagraphAndEmphasis) {
    const auto html = markdown_to_html("Some *gentle* **words**.\n");
    EXPECT_EQ(html, "<p>Some <em>gentle</em> <strong>words</strong>.</p>\n");
}

TEST(Markdown, SmartPunctuation) {
    const auto html = markdown_to_html("\"Quoted\" -- it's fine...\n");
    EXPECT_TRUE(contains(html, "\u201cQuoted\u201d")) << html;
    EXPECT_TRUE(contains(html, "it\u2019s")) << html;
    EXPECT_TRUE(contains(html, "\u2026")) << html;
}

TEST(Markdown, Table) {
    const auto html = markdown_to_html("| When | What |\n|------|------|\n| Monday | Call |\n");
    EXPECT_TRUE(contains(html, "<table>")) << html;
    EXPECT_TRUE(contains(html, "<th>When</th>")) << html;
    EXPECT_TRUE(contains(html, "<td>Monday</td>")) << html;
}

TEST(Markdown, Strikethrough) {
    EXPECT_TRUE(contains(markdown_to_html("~~old~~ new\n"), "<del>old</del>"));
}

TEST(Markdown, Autolink) {
    const auto html = markdown_to_html("See https://example.org/help for more.\n");
    EXPECT_TRUE(contains(html, "<a href=\"https://example.org/help\">https://example.org/help</a>")) << html;
    const auto www = markdown_to_html("Or www.example.org.\n");
    EXPECT_TRUE(contains(www, "<a href=\"http://www.example.org\">www.example.org</a>")) << www;
}

TEST(Markdown, RawHtmlIsDropped) {
    const auto block = markdown_to_html("<script>alert(1)</script>\n\nText\n");
    EXPECT_FALSE(contains(block, "<script")) << block;
    EXPECT_TRUE(contains(block, "<p>Text</p>")) << block;
    const auto inline_html = markdown_to_html("Hi <img src=x onerror=alert(1)> there <b>bold</b>\n");
    EXPECT_FALSE(contains(inline_html, "<img")) << inline_html;
    EXPECT_FALSE(contains(inline_html, "onerror")) << inline_html;
    EXPECT_FALSE(contains(inline_html, "<b>")) << inline_html;
    const auto iframe = markdown_to_html("<iframe src=\"https://evil.example\"></iframe>\n");
    EXPECT_FALSE(contains(iframe, "<iframe")) << iframe;
}

TEST(Markdown, DangerousLinksAreNeutralised) {
    for (const char* md : {"[x](javascript:alert(1))\n", "[x](JavaScript:alert(1))\n", "[x](vbscript:msgbox)\n",
                           "[x](file:///etc/passwd)\n", "[x](data:text/html;base64,PHNjcmlwdD4=)\n",
                           "![x](javascript:alert(1))\n"}) {
        const auto html = markdown_to_html(md);
        EXPECT_FALSE(contains(html, "javascript:")) << md << " -> " << html;
        EXPECT_FALSE(contains(html, "JavaScript:")) << md << " -> " << html;
        EXPECT_FALSE(contains(html, "vbscript:")) << md << " -> " << html;
        EXPECT_FALSE(contains(html, "file:")) << md << " -> " << html;
        EXPECT_FALSE(contains(html, "data:text")) << md << " -> " << html;
    }
    const auto ok = markdown_to_html("[help](https://example.org/help) [page](/articles/x)\n");
    EXPECT_TRUE(contains(ok, "href=\"https://example.org/help\"")) << ok;
    EXPECT_TRUE(contains(ok, "href=\"/articles/x\"")) << ok;
}

TEST(Markdown, AttributesAreEscaped) {
    const auto html = markdown_to_html("[x](https://example.org/\"onmouseover=\"alert(1))\n");
    EXPECT_FALSE(contains(html, "\"onmouseover")) << html;
    const auto text = markdown_to_html("a < b & c > d\n");
    EXPECT_TRUE(contains(text, "a &lt; b &amp; c &gt; d")) << text;
}

TEST(Markdown, InvalidUtf8DoesNotCrash) {
    const std::string bad = std::string("Hello \xff\xfe world \xc3") + "\x28 and \xe2\x82 end\n";
    std::string html;
    ASSERT_NO_THROW(html = markdown_to_html(bad));
    EXPECT_TRUE(contains(html, "\xef\xbf\xbd")) << "invalid bytes become U+FFFD";
    EXPECT_TRUE(contains(html, "end")) << html;
}

TEST(Markdown, EmptyAndNulInput) {
    EXPECT_EQ(markdown_to_html(""), "");
    const std::string with_nul("a\0b\n", 4);
    EXPECT_NO_THROW(markdown_to_html(with_nul));
}

TEST(Markdown, ConcurrentUse) {
    const std::string md = "# T\n\n| a | b |\n|---|---|\n| 1 | 2 |\n\nhttps://example.org ~~x~~\n";
    const std::string expected = markdown_to_html(md);
    std::vector<std::thread> threads;
    std::vector<int> mismatches(4, 0);
    for (int t = 0; t < 4; ++t) {
        threads.emplace_back([&, t] {
            for (int i = 0; i < 500; ++i) {
                if (markdown_to_html(md) != expected) ++mismatches[t];
            }
        });
    }
    for (auto& th : threads) th.join();
    for (int m : mismatches) EXPECT_EQ(m, 0);
}
